import { CellKind, type RawValue } from '../../pipeline/ingest/cell-value.js';
import type { SheetGrid } from '../../pipeline/ingest/sheet-grid.js';

/** A grid's non-empty cells as a map from `row:col` (1-based) to [kind, value], for comparing readers. */
export function gridCells(grid: SheetGrid): Map<string, [number, RawValue]> {
  const cells = new Map<string, [number, RawValue]>();
  grid.columns.forEach((column, c) => {
    for (let i = 0; i < grid.rows.length; i++) {
      if (column.kinds[i] !== CellKind.empty) cells.set(`${grid.rows[i]}:${c + 1}`, [column.kinds[i]!, column.values[i]!]);
    }
  });
  return cells;
}
