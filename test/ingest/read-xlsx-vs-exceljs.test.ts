import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CellKind, type RawValue } from '../../pipeline/ingest/cell-value.js';
import { readXlsx } from '../../pipeline/ingest/read-xlsx.js';
import { readWithExceljs } from './exceljs-reference.js';
import { gridCells } from './grid-cells.js';

const fixtures = path.join(import.meta.dirname, '../fixtures/ingest');
const responses = path.join(import.meta.dirname, '../../inputs/heilongjiang-2026/responses');

/** Workbooks exceljs cannot read either (their errors are tested in ingest-file.test.ts). */
const unreadable = new Set(['bad-not-a-spreadsheet.xlsx', 'bad-encrypted.xlsx', 'bad-truncated.xlsx']);

/**
 * Where our reader deliberately differs from exceljs: a formula whose cached result is an error keeps the
 * error (exceljs drops it, so the old path showed the formula).
 */
const differences: Record<string, Record<string, [number, RawValue]>> = {
  'bad-formula-error.xlsx': { 'data!2:3': [CellKind.error, '#DIV/0!'] },
};

const workbooks = [
  ...readdirSync(fixtures)
    .filter((f) => f.endsWith('.xlsx') && !unreadable.has(f))
    .map((f) => path.join(fixtures, f)),
  ...readdirSync(responses)
    .filter((f) => f.endsWith('.xlsx'))
    .map((f) => path.join(responses, f)),
];

describe('our xlsx reader agrees with exceljs cell for cell', () => {
  let repaired = 0;
  it('covers every fixture workbook and the 13 example workbooks', () => {
    expect(workbooks.filter((f) => f.startsWith(responses))).toHaveLength(13);
    expect(workbooks.length).toBeGreaterThanOrEqual(29);
  });

  for (const file of workbooks) {
    const name = path.basename(file);
    it(`${name}: the same sheets, rows, cells and merged ranges`, async () => {
      const reference = await readWithExceljs(file);
      const seen: { name: string; hidden: boolean }[] = [];
      const ours = await readXlsx(file, (sheet, hidden) => {
        seen.push({ name: sheet, hidden });
        return true;
      });
      expect(ours.sheetNames).toEqual(reference.map((s) => s.name));
      expect(seen).toEqual(reference.map((s) => ({ name: s.name, hidden: s.hidden })));
      expect(ours.grids.map((g) => g.sheet)).toEqual(reference.map((s) => s.name));
      const expectedDifferences = Object.entries(differences[name] ?? {});
      let differing = 0;
      ours.grids.forEach((grid, k) => {
        const ref = reference[k]!;
        const cells = gridCells(grid);
        for (const [key, cell] of expectedDifferences) {
          const [sheet, at] = key.split('!') as [string, string];
          if (sheet !== ref.name) continue;
          expect(cells.get(at), key).toEqual(cell);
          expect(ref.cells.get(at), key).not.toEqual(cell);
          cells.delete(at);
          ref.cells.delete(at);
          differing++;
        }
        expect(grid.rows, ref.name).toEqual(ref.rows);
        expect(cells.size, ref.name).toBe(ref.cells.size);
        for (const [at, cell] of ref.cells) expect(cells.get(at), `${ref.name}!${at}`).toEqual(cell);
        expect(grid.merges, ref.name).toEqual(ref.merges);
      });
      expect(differing).toBe(expectedDifferences.length);
      repaired += reference.reduce((n, s) => n + s.repaired, 0);
    });
  }

  it("reads the Chinese texts exceljs's streaming reader garbles at chunk boundaries", () => {
    // the example workbooks have a few such cells; our reader only decodes whole strings, so it never splits one
    expect(repaired).toBeGreaterThan(0);
  });
}, 60_000);
