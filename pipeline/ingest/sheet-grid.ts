import type { RawColumn } from '../../schemas/raw-table.js';
import { CellKind, type RawValue } from './cell-value.js';

/** A rectangle of cells, 1-based inclusive (a merged range). */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** One sheet column as read: the RawColumn shape (kinds, values, a pool of its distinct texts), one entry per stored row. */
export type GridColumn = RawColumn;

/** What a data file says about a column beyond its cells (an SPSS variable): its label and its value labels. */
export interface ColumnMeta {
  label: string | null;
  /** Value -> label (numbers for numeric variables), as SPSS and R's haven keep them. */
  valueLabels: Map<number | string, string> | null;
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
  /** Per column (index 0 = A), what the file says about it: only .sav files say anything. */
  meta?: (ColumnMeta | null)[];
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

/** The non-empty cells of one file so far: shared by the grid builders of its sheets, so the limit is per file. */
export interface CellCount {
  cells: number;
}

/**
 * Builds a SheetGrid row by row: `startRow`, `setNumber`/`setText` (or `set`) each non-empty cell, `endRow`. A
 * row with no non-empty cell is dropped (it is blank). `maxCells` bounds the non-empty cells kept (counted in
 * `count`, shared by the sheets of one file) and `maxColumns` the column of any cell, both checked as each
 * cell arrives, before its memory is spent.
 */
export class GridBuilder {
  readonly rows: number[] = [];
  private readonly columns: ColumnBuilder[] = [];
  private current = 0;
  private filled = false;
  lastRow = 0;

  constructor(
    private readonly maxCells: number,
    private readonly maxColumns = 16_384,
    private readonly count: CellCount = { cells: 0 },
  ) {}

  /** Begins sheet row `row` (1-based). */
  startRow(row: number): void {
    this.current = row;
    this.filled = false;
    if (row > this.lastRow) this.lastRow = row;
  }

  /** Sets a non-empty cell of the current row; `col` is 1-based. Empty cells are ignored. */
  set(col: number, kind: number, value: RawValue): void {
    if (kind === CellKind.empty || value === null) return;
    if (typeof value === 'string') this.setText(col, kind, value);
    else this.setNumber(col, kind, value);
  }

  /** Sets a number, date (ms) or boolean (1/0) cell of the current row; `col` is 1-based. */
  setNumber(col: number, kind: number, value: number): void {
    this.cell(col, kind).values[this.rows.length] = value;
  }

  /** Sets a text or error cell of the current row; `col` is 1-based. */
  setText(col: number, kind: number, text: string): void {
    const column = this.cell(col, kind);
    column.values[this.rows.length] = column.textIndex(text);
  }

  /** Sets a text cell of the current row that is the workbook's shared string number `index`; `col` is 1-based. */
  setShared(col: number, index: number, text: string): void {
    const column = this.cell(col, CellKind.text);
    column.values[this.rows.length] = column.sharedIndex(index, text);
  }

  /** The column of a cell of the current row, its kind set and room made for its value. */
  private cell(col: number, kind: number): ColumnBuilder {
    const index = this.rows.length;
    if (col > this.maxColumns) {
      throw new GridLimitError(`more than ${this.maxColumns.toLocaleString('en-US')} columns (limits.max_columns)`, { row: this.current, col });
    }
    while (this.columns.length < col) this.columns.push(new ColumnBuilder());
    const column = this.columns[col - 1]!;
    if (index >= column.kinds.length) column.grow(index + 1);
    column.kinds[index] = kind;
    // the same cell twice in one row (a malformed file): the last one wins, and counts once
    if (column.filled > index) return column;
    column.filled = index + 1;
    this.filled = true;
    if (++this.count.cells > this.maxCells) {
      throw new GridLimitError(`more than ${this.maxCells.toLocaleString('en-US')} non-empty cells (limits.max_cells)`);
    }
    return column;
  }

  /** Ends the current row; keeps it when it had a non-empty cell. */
  endRow(): void {
    if (this.filled) this.rows.push(this.current);
  }

  /**
   * The finished grid, every column as long as the row list, each column's arrays on buffers of their own (to
   * transfer between threads): views of the builder's arrays when they are nearly full, else exact copies (a
   * grid may be kept a while: its arrays should not be up to half unused).
   */
  finish(file: string, sheet: string | null, merges: CellRange[]): SheetGrid {
    const n = this.rows.length;
    const columns = this.columns.map((column): GridColumn => {
      if (column.kinds.length < n || column.kinds.length - n > n >> 3) column.resize(n);
      return { kinds: column.kinds.subarray(0, n), values: column.values.subarray(0, n), texts: column.texts };
    });
    return { file, sheet, rows: this.rows, columns, merges, lastRow: this.lastRow };
  }
}

/** The distinct texts a column's pool looks up before it stops (see ColumnBuilder.textIndex). */
const MAX_POOLED = 4096;

/** A column being built: kinds and values grow by doubling (unset cells stay 0: empty), texts are pooled. */
class ColumnBuilder {
  kinds = new Uint8Array(64);
  values = new Float64Array(64);
  readonly texts: string[] = [];
  private indexOf: Map<string, number> | null = new Map<string, number>();
  /** The pool index of each shared string number met in this column (null once the pool stops looking up). */
  private shared: Map<number, number> | null = new Map<number, number>();
  /** One past the last stored row with a cell in this column. */
  filled = 0;

  /** Makes room for at least `min` rows, doubling. */
  grow(min: number): void {
    this.resize(Math.max(this.kinds.length * 2, min));
  }

  /** Moves the cells into arrays of exactly `size` rows (cells past it are dropped). */
  resize(size: number): void {
    const kept = Math.min(size, this.kinds.length);
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds.subarray(0, kept));
    this.kinds = kinds;
    const values = new Float64Array(size);
    values.set(this.values.subarray(0, kept));
    this.values = values;
  }

  /** The index of shared string number `index` (whose text is `text`) in the pool: found by number, not by text. */
  sharedIndex(index: number, text: string): number {
    const known = this.shared?.get(index);
    if (known !== undefined) return known;
    const k = this.textIndex(text);
    if (this.indexOf === null) this.shared = null;
    else this.shared?.set(index, k);
    return k;
  }

  /**
   * The index of a text in the pool, added when new. Past MAX_POOLED distinct texts the column holds ids or free
   * text, which rarely repeat: each text is then added without looking (hashing a million ids costs a second).
   */
  textIndex(text: string): number {
    const indexOf = this.indexOf;
    let k = indexOf?.get(text);
    if (k === undefined) {
      k = this.texts.length;
      this.texts.push(text);
      if (k >= MAX_POOLED) this.indexOf = null;
      else indexOf?.set(text, k);
    }
    return k;
  }
}
