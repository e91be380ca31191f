import { CellKind, type RawValue } from './cell-value.js';
import type { CellRange, SheetGrid } from './sheet-grid.js';

/** One grid column in a form that crosses threads cheaply: kinds, then the numbers and the texts in row order. */
export interface PackedColumn {
  kinds: Uint8Array;
  /** The values of number, date and boolean cells, in row order. */
  numbers: Float64Array;
  /** The values of text and error cells, in row order. */
  texts: string[];
}

/** A SheetGrid packed for postMessage: typed arrays (transferred, not copied) and one string list per column. */
export interface PackedGrid {
  file: string;
  sheet: string | null;
  rows: Int32Array;
  lastRow: number;
  merges: CellRange[];
  columns: PackedColumn[];
}

/** Packs a grid for sending to another thread (the grid is left as it was). */
export function packGrid(grid: SheetGrid): PackedGrid {
  const columns = grid.columns.map((column): PackedColumn => {
    const { kinds, values } = column;
    let count = 0;
    for (let i = 0; i < kinds.length; i++) if (isNumeric(kinds[i]!)) count++;
    const numbers = new Float64Array(count);
    const texts: string[] = [];
    let k = 0;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i]!;
      if (kind === CellKind.empty) continue;
      if (isNumeric(kind)) numbers[k++] = values[i] as number;
      else texts.push(values[i] as string);
    }
    return { kinds: kinds.slice(), numbers, texts };
  });
  return { file: grid.file, sheet: grid.sheet, rows: Int32Array.from(grid.rows), lastRow: grid.lastRow, merges: grid.merges, columns };
}

/** The typed-array buffers of packed grids, to pass as postMessage's transfer list. */
export function transferList(grids: PackedGrid[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const grid of grids) {
    out.push(grid.rows.buffer as ArrayBuffer);
    for (const column of grid.columns) out.push(column.kinds.buffer as ArrayBuffer, column.numbers.buffer as ArrayBuffer);
  }
  return out;
}

/** Rebuilds the SheetGrid a packed grid came from. */
export function unpackGrid(packed: PackedGrid): SheetGrid {
  const n = packed.rows.length;
  const columns = packed.columns.map(({ kinds, numbers, texts }) => {
    const values: RawValue[] = [];
    let number = 0;
    let text = 0;
    for (let i = 0; i < n; i++) {
      const kind = kinds[i]!;
      values.push(kind === CellKind.empty ? null : isNumeric(kind) ? numbers[number++]! : texts[text++]!);
    }
    return { kinds, values };
  });
  return { file: packed.file, sheet: packed.sheet, rows: Array.from(packed.rows), columns, merges: packed.merges, lastRow: packed.lastRow };
}

function isNumeric(kind: number): boolean {
  return kind === CellKind.number || kind === CellKind.date || kind === CellKind.boolean;
}
