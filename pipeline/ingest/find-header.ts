import { CellKind, formatRawCellAt } from './cell-value.js';
import type { SheetGrid } from './sheet-grid.js';

/** Where a sheet's header is and what each column is called. */
export interface HeaderInfo {
  /** 1-based sheet row of the (top) header row. */
  headerRow: number;
  /** 1-based sheet row of the last header row (below it: data); more than headerRow for two-level headers. */
  headerEnd: number;
  /** Index into `grid.rows` of the first data row. */
  dataStart: number;
  /**
   * For each sheet column (index 0 = A): the header texts from top to bottom (merged cells filled, repeated
   * texts once), empty when the column has no header.
   */
  texts: string[][];
}

/** Scores a candidate header row (its cell texts, index 0 = column A); higher is better, 0 = not a header. */
export type HeaderScore = (texts: (string | null)[]) => number;

const SCAN_ROWS = 30;

/**
 * Finds the header row of a sheet below any title and blank rows. With `score` (the codebook matcher), the
 * row among the first 30 non-blank rows with the best positive score wins (the first on ties); without it, or
 * when no row scores, the first row whose non-empty cells are mostly text and which is at least half as wide
 * as the widest of those rows. Two-level headers (cells merged down from the header row) extend the header.
 * Returns null when no row qualifies.
 */
export function findHeader(grid: SheetGrid, score?: HeaderScore): HeaderInfo | null {
  const scan = Math.min(SCAN_ROWS, grid.rows.length);
  const rowTexts: (string | null)[][] = [];
  for (let i = 0; i < scan; i++) rowTexts.push(headerTexts(grid, i));

  let best = -1;
  if (score) {
    let bestScore = 0;
    for (let i = 0; i < scan; i++) {
      const s = score(rowTexts[i]!);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
  }
  if (best < 0) best = heuristicHeader(grid, rowTexts);
  if (best < 0) return null;

  const headerRow = grid.rows[best]!;
  let headerEnd = headerRow;
  for (const m of grid.merges) if (m.top === headerRow && m.bottom > headerEnd) headerEnd = m.bottom;
  let dataStart = best;
  while (dataStart < grid.rows.length && grid.rows[dataStart]! <= headerEnd) dataStart++;

  const texts: string[][] = [];
  for (let c = 0; c < grid.columns.length; c++) texts.push([]);
  for (let i = best; i < dataStart; i++) {
    const r = grid.rows[i]!;
    const own = i < scan ? rowTexts[i]! : headerTexts(grid, i);
    for (let c = 0; c < grid.columns.length; c++) {
      let text = own[c] ?? null;
      if (text === null) text = mergedText(grid, r, c + 1, headerEnd, rowTexts, best);
      const list = texts[c]!;
      if (text !== null && list[list.length - 1] !== text) list.push(text);
    }
  }
  return { headerRow, headerEnd, dataStart, texts };
}

/** The text a header cell shows through a merged range covering it (null when none applies). */
function mergedText(
  grid: SheetGrid,
  row: number,
  col: number,
  headerEnd: number,
  rowTexts: (string | null)[][],
  best: number,
): string | null {
  for (const m of grid.merges) {
    if (row < m.top || row > m.bottom || col < m.left || col > m.right) continue;
    if (m.top === row && m.left === col) return null;
    // a range merged only across the lowest header row is a wide cell, not one name for several columns
    if (m.top === m.bottom && row === headerEnd) return null;
    const index = grid.rows.indexOf(m.top, best);
    if (index < 0) return null;
    return (rowTexts[index] ?? headerTexts(grid, index))[m.left - 1] ?? null;
  }
  return null;
}

/** The texts of stored row i as header candidates: every non-empty cell shown as text, trimmed. */
function headerTexts(grid: SheetGrid, i: number): (string | null)[] {
  const out: (string | null)[] = [];
  for (const column of grid.columns) {
    const kind = column.kinds[i]!;
    if (kind === CellKind.empty) out.push(null);
    else out.push(formatRawCellAt(column, i).replace(/\s+/g, ' ').trim() || null);
  }
  return out;
}

function heuristicHeader(grid: SheetGrid, rowTexts: (string | null)[][]): number {
  let widest = 0;
  const counts = rowTexts.map((_, i) => {
    let nonEmpty = 0;
    let text = 0;
    for (const column of grid.columns) {
      const kind = column.kinds[i]!;
      if (kind === CellKind.empty) continue;
      nonEmpty++;
      if (kind === CellKind.text && !/^[\s\d.,+-]+$/.test(column.texts[column.values[i]!]!)) text++;
    }
    if (nonEmpty > widest) widest = nonEmpty;
    return { nonEmpty, text };
  });
  for (let i = 0; i < counts.length; i++) {
    const { nonEmpty, text } = counts[i]!;
    if (text === 0 || text * 2 < nonEmpty) continue;
    if (widest > 1 && text < 2) continue;
    if (text * 2 < widest) continue;
    return i;
  }
  return -1;
}
