import type { Codebook } from '../../schemas/codebook.js';
import type { RawTable } from '../../schemas/raw-table.js';
import { CellKind, type RawValue } from '../../pipeline/ingest/cell-value.js';
import { RawTableBuilder } from '../../pipeline/ingest/raw-table-builder.js';
import { GridBuilder } from '../../pipeline/ingest/sheet-grid.js';

/** A test cell: a number, a text, null (empty), or a date cell. */
export type TestCell = number | string | null | { date: string };

/** One in-memory sheet: a header row (row 1) and data rows (from row 2; an all-null row is blank). */
export interface TestSheet {
  file?: string;
  sheet?: string | null;
  header: string[];
  rows: TestCell[][];
}

/** Builds a RawTable from in-memory sheets, through the same builder ingest uses. */
export function rawFromRows(codebook: Codebook, sheets: TestSheet[]): RawTable {
  const builder = new RawTableBuilder(codebook);
  for (const s of sheets) {
    const grid = new GridBuilder(1e9);
    const all: TestCell[][] = [s.header, ...s.rows];
    all.forEach((cells, r) => {
      grid.startRow(r + 1);
      cells.forEach((cell, c) => {
        const [kind, value] = toRaw(cell);
        grid.set(c + 1, kind, value);
      });
      grid.endRow();
    });
    const file = s.file ?? 'data.xlsx';
    builder.addFile(file, [grid.finish(file, s.sheet === undefined ? 'data' : s.sheet, [])], 'named');
  }
  return builder.finish();
}

function toRaw(cell: TestCell): [number, RawValue] {
  if (cell === null) return [CellKind.empty, null];
  if (typeof cell === 'number') return [CellKind.number, cell];
  if (typeof cell === 'string') return cell.trim() === '' ? [CellKind.empty, null] : [CellKind.text, cell];
  return [CellKind.date, Date.parse(`${cell.date}T00:00:00Z`)];
}
