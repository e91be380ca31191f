/**
 * The corpus test: third-party test workbooks (tidyverse/readxl's .xlsx test files, MIT, in
 * test/fixtures/corpus/readxl/) read with our reader and compared cell by cell with what R readxl reads from
 * them (test/fixtures/corpus/dump-readxl.R wrote readxl.json.gz). Error cells and formulas never calculated,
 * which readxl reads as NA, are the only cells we may have that readxl lacks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readGrids } from '../../pipeline/ingest/read-grids.js';
import { listCells } from '../../pipeline/inspect/list-cells.js';
import type { InspectCell } from '../../schemas/inspect.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/corpus');
type RefCell = [string, 'd' | 'b' | 'n' | 't', string | number | boolean];
const reference: { files: Record<string, Record<string, { cells?: RefCell[]; error?: string }>> } = JSON.parse(
  gunzipSync(readFileSync(path.join(dir, 'readxl.json.gz'))).toString('utf8'),
);

/**
 * Where we read differently from readxl, on purpose, by file: sheet -> cell -> why. Every other cell agrees.
 */
const KNOWN: Record<string, Record<string, Record<string, string>>> = {
  // serial 60.33 is Excel's fictitious 1900-02-29 08:00: readxl gives NA, we give 1900-02-28 08:00 as Excel's
  // own DATEVALUE arithmetic implies (cell-value.ts excelSerialToMs), so the cell is not lost
  'dates-leap-year-1900-xlsx.xlsx': {
    for_testing: { A5: 'fictitious 1900-02-29' },
    for_human_eyes: { A8: 'fictitious 1900-02-29' },
  },
  // the text holds `_x000D_` before each line end written CR LF: XML reads CR LF as LF (XML 1.0 section 2.11),
  // so the cell is "…\r\n…" (as exceljs and openpyxl read it); readxl's parser keeps the raw CR, "…\r\r\n…"
  'new_line_errors.xlsx': { Blad1: { A2: 'XML line-end normalisation' } },
};

/** The disagreements between our cells and readxl's for one sheet, as readable lines. */
function compare(ours: InspectCell[], theirs: RefCell[]): string[] {
  const byCell = new Map(ours.map((c) => [c.cell, c]));
  const out: string[] = [];
  for (const [cell, kind, value] of theirs) {
    const mine = byCell.get(cell);
    byCell.delete(cell);
    if (kind === 't' && typeof value === 'string' && /^[\s\u3000\u00a0]*$/.test(value)) {
      // a blank text is an empty cell to us
      if (mine !== undefined) out.push(`${cell}: readxl blank text, ours ${JSON.stringify(mine)}`);
      continue;
    }
    if (mine === undefined) {
      out.push(`${cell}: readxl ${kind} ${JSON.stringify(value)}, ours empty`);
      continue;
    }
    let same = false;
    if (kind === 'n') same = mine.kind === 'number' && Math.abs((mine.value as number) - (value as number)) <= 1e-12 * Math.max(1, Math.abs(value as number));
    else if (kind === 't') same = mine.kind === 'text' && mine.value === value;
    else if (kind === 'b') same = mine.kind === 'bool' && mine.value === value;
    else if (kind === 'd') same = mine.kind === 'date' && Math.abs(Date.parse(`${mine.value as string}Z`) - Date.parse(`${value as string}Z`)) < 1000;
    if (!same) out.push(`${cell}: readxl ${kind} ${JSON.stringify(value)}, ours ${mine.kind} ${JSON.stringify(mine.value)}`);
  }
  for (const [cell, mine] of byCell) {
    if (mine.kind === 'error' || mine.kind === 'formula') continue;
    out.push(`${cell}: readxl empty, ours ${mine.kind} ${JSON.stringify(mine.value)}`);
  }
  return out;
}

describe('the readxl test workbooks, cell by cell against R readxl', () => {
  const files = Object.keys(reference.files).sort();
  it('covers every workbook of the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });
  it.each(files)('%s', async (file) => {
    const problems: string[] = [];
    for (const [sheet, ref] of Object.entries(reference.files[file]!)) {
      if (ref.error !== undefined) continue;
      const [grid] = await readGrids(path.join(dir, 'readxl', file), { sheet });
      const diff = compare([...listCells(grid!)], ref.cells ?? []).filter((line) => KNOWN[file]?.[sheet]?.[line.split(':')[0]!] === undefined);
      problems.push(...diff.map((line) => `'${sheet}'!${line}`));
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});
