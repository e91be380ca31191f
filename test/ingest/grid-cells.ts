import type { RawColumn } from '../../schemas/raw-table.js';
import { CellKind, rawValueAt, type RawValue } from '../../pipeline/ingest/cell-value.js';
import type { SheetGrid } from '../../pipeline/ingest/sheet-grid.js';

/** A grid's non-empty cells as a map from `row:col` (1-based) to [kind, value], for comparing readers. */
export function gridCells(grid: SheetGrid): Map<string, [number, RawValue]> {
  const cells = new Map<string, [number, RawValue]>();
  grid.columns.forEach((column, c) => {
    for (let i = 0; i < grid.rows.length; i++) {
      if (column.kinds[i] !== CellKind.empty) cells.set(`${grid.rows[i]}:${c + 1}`, [column.kinds[i]!, rawValueAt(column, i)]);
    }
  });
  return cells;
}

/** A column's raw values, one a row (texts, numbers, null when empty), for asserting on. */
export function columnValues(column: RawColumn): RawValue[] {
  return Array.from(column.kinds, (_, i) => rawValueAt(column, i));
}
