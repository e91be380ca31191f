import type { ColumnProfile, InferredType, SheetProfile, TopValue } from '../../schemas/inspect.js';
import { columnLetters } from '../ingest/cell-value.js';
import { findHeader } from '../ingest/find-header.js';
import { clearSkipMarkers, isPlatformExport } from '../ingest/platform-export.js';
import type { SheetGrid } from '../ingest/sheet-grid.js';
import { classifyCells, type CellValue } from './classify-cells.js';
import { isoLocal } from './list-cells.js';

const TOP = 5;

/**
 * What thinktank reads from a sheet, without a codebook: the header row (found as ingest finds it, or
 * `headerRow`), and per column with a header or data its profile (see ColumnProfile). A sheet without a header
 * has header_row null and no columns.
 */
export function profileSheet(grid: SheetGrid, headerRow?: number): SheetProfile {
  const header = findHeader(grid, undefined, headerRow);
  if (!header) return { sheet: grid.sheet, header_row: null, rows: grid.rows.length, columns: [] };
  if (isPlatformExport(header)) clearSkipMarkers(grid, header);
  const columns: ColumnProfile[] = [];
  grid.columns.forEach((column, c) => {
    const texts = header.texts[c]!;
    const cells = classifyCells(column, header.dataStart, grid.rows.length);
    if (texts.length === 0 && cells.every((x) => x.t === 'empty')) return;
    columns.push(profileColumn(columnLetters(c + 1), texts.length > 0 ? texts.join(' ') : null, cells));
  });
  return { sheet: grid.sheet, header_row: header.headerRow, rows: grid.rows.length - header.dataStart, columns };
}

/** The profile of one column's data cells. */
export function profileColumn(column: string, header: string | null, cells: CellValue[]): ColumnProfile {
  let missing = 0;
  let errors = 0;
  const kinds = new Set<string>();
  let allIntegers = true;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const counts = new Map<string, { value: TopValue['value']; count: number }>();
  for (const cell of cells) {
    if (cell.t === 'empty') {
      missing++;
      continue;
    }
    if (cell.t === 'error') {
      errors++;
      continue;
    }
    kinds.add(cell.t);
    if (cell.t === 'number' || cell.t === 'date') {
      if (cell.v < min) min = cell.v;
      if (cell.v > max) max = cell.v;
      if (!Number.isInteger(cell.v)) allIntegers = false;
    }
    const value = cell.t === 'date' ? isoLocal(cell.v) : cell.v;
    const key = `${cell.t}:${String(value)}`;
    const seen = counts.get(key);
    if (seen) seen.count++;
    else counts.set(key, { value, count: 1 });
  }
  const type = inferType(kinds, allIntegers);
  const ranged = type === 'integer' || type === 'number' || type === 'date';
  const top = [...counts.values()]
    .map((entry, order) => ({ ...entry, order }))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, TOP)
    .map(({ value, count }) => ({ value, count }));
  return {
    column,
    header,
    type,
    values: cells.length - missing - errors,
    missing,
    errors,
    distinct: counts.size,
    min: ranged ? (type === 'date' ? isoLocal(min) : min) : null,
    max: ranged ? (type === 'date' ? isoLocal(max) : max) : null,
    top,
  };
}

/** One type when every value has it (integers among numbers), else text; empty when there are no values. */
function inferType(kinds: Set<string>, allIntegers: boolean): InferredType {
  if (kinds.size === 0) return 'empty';
  if (kinds.size > 1) return 'text';
  const only = [...kinds][0]!;
  if (only === 'number') return allIntegers ? 'integer' : 'number';
  return only as InferredType;
}
