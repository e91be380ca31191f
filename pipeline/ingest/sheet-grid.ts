import { CellKind, type RawValue } from './cell-value.js';

/** A rectangle of cells, 1-based inclusive (a merged range). */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** One sheet column as read: a kind (CellKind) and a raw value per stored row. */
export interface GridColumn {
  kinds: Uint8Array;
  values: RawValue[];
}

/**
 * A sheet as read, before any header is known: only its non-blank rows, columnar (no per-cell objects).
 * `rows[i]` is the 1-based sheet row of stored row i; `columns[c]` is sheet column c + 1 (A = 0).
 */
export interface SheetGrid {
  file: string;
  sheet: string | null;
  rows: number[];
  columns: GridColumn[];
  merges: CellRange[];
  /** The last sheet row the file holds (blank or not), for counting blank rows. */
  lastRow: number;
}

/**
 * Thrown by a grid builder or reader when a sheet exceeds a limit; readers turn it into an InputError naming the
 * file, and the cell when `at` says which (1-based row and column).
 */
export class GridLimitError extends Error {
  override readonly name = 'GridLimitError';
  constructor(
    message: string,
    readonly at: { row: number; col: number } | null = null,
  ) {
    super(message);
  }
}

/**
 * Builds a SheetGrid row by row: `startRow`, `set` each non-empty cell, `endRow`. A row with no non-empty
 * cell is dropped (it is blank). `maxCells` bounds the non-empty cells kept.
 */
export class GridBuilder {
  readonly rows: number[] = [];
  readonly columns: GridColumn[] = [];
  private current = 0;
  private filled = false;
  private cells = 0;
  lastRow = 0;

  constructor(private readonly maxCells: number) {}

  /** Begins sheet row `row` (1-based). */
  startRow(row: number): void {
    this.current = row;
    this.filled = false;
    if (row > this.lastRow) this.lastRow = row;
  }

  /** Sets a non-empty cell of the current row; `col` is 1-based. Empty cells are ignored. */
  set(col: number, kind: number, value: RawValue): void {
    if (kind === CellKind.empty) return;
    const index = this.rows.length;
    while (this.columns.length < col) this.columns.push({ kinds: new Uint8Array(64), values: [] });
    const column = this.columns[col - 1]!;
    const values = column.values;
    // kinds stay 0 (empty) where nothing was set, so only the values need padding
    while (values.length < index) values.push(null);
    if (index >= column.kinds.length) {
      const grown = new Uint8Array(Math.max(64, column.kinds.length * 2, index + 1));
      grown.set(column.kinds);
      column.kinds = grown;
    }
    column.kinds[index] = kind;
    if (values.length > index) {
      // the same cell twice in one row (a malformed file): the last one wins
      values[index] = value;
      return;
    }
    values.push(value);
    this.filled = true;
    if (++this.cells > this.maxCells) throw new GridLimitError(`more than ${this.maxCells} non-empty cells`);
  }

  /** Ends the current row; keeps it when it had a non-empty cell. */
  endRow(): void {
    if (this.filled) this.rows.push(this.current);
  }

  /** The finished grid, every column as long as the row list. */
  finish(file: string, sheet: string | null, merges: CellRange[]): SheetGrid {
    const n = this.rows.length;
    const columns = this.columns.map((column) => {
      while (column.values.length < n) column.values.push(null);
      const kinds = new Uint8Array(n);
      kinds.set(column.kinds.subarray(0, Math.min(n, column.kinds.length)));
      return { kinds, values: column.values };
    });
    return { file, sheet, rows: this.rows, columns, merges, lastRow: this.lastRow };
  }
}
