import { CellKind, formatRawCellAt, parseDateText, parseNumberText } from './cell-value.js';
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
/** Rows below a candidate header looked at for data. */
const BELOW_ROWS = 5;

/**
 * Finds the header row of a sheet below any title, note and blank rows. `headerRow` (a 1-based sheet row, from
 * `--header-row` or survey.json `header_row`) says where it is: null when that row is blank or absent.
 * Otherwise each of the first 30 non-blank rows is scored: with `score` (the codebook matcher) by how many
 * codebook variables it names, rows naming none left out; without it, or when no row names any, rows that
 * are mostly text and at least half as wide as the widest such row are candidates. Ties go to the header
 * cells with data below them, each worth more when that data is typed (numbers, dates, booleans): a note row
 * above the real header has the header's texts below it, the header has the data. Then the first row wins.
 * Two-level headers (cells merged down from the header row) extend the header. Returns null when no row
 * qualifies.
 */
export function findHeader(grid: SheetGrid, score?: HeaderScore, headerRow?: number): HeaderInfo | null {
  const scan = Math.min(SCAN_ROWS, grid.rows.length);
  const rowTexts: (string | null)[][] = [];
  for (let i = 0; i < scan; i++) rowTexts.push(headerTexts(grid, i));
  const best = headerRow !== undefined ? grid.rows.indexOf(headerRow) : bestHeader(grid, rowTexts, score);
  if (best < 0) return null;

  const top = grid.rows[best]!;
  let headerEnd = top;
  for (const m of grid.merges) if (m.top === top && m.bottom > headerEnd) headerEnd = m.bottom;
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
  return { headerRow: top, headerEnd, dataStart, texts };
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

/** The stored index of the best candidate header row (see findHeader), -1 when none qualifies. */
function bestHeader(grid: SheetGrid, rowTexts: (string | null)[][], score?: HeaderScore): number {
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
  const matches = score ? rowTexts.map((texts) => score(texts)) : null;
  const byCodebook = matches !== null && matches.some((m) => m > 0);
  let best = -1;
  let bestMatches = 0;
  let bestBelow = 0;
  for (let i = 0; i < counts.length; i++) {
    const { nonEmpty, text } = counts[i]!;
    const m = matches?.[i] ?? 0;
    if (byCodebook ? m <= 0 : text === 0 || text * 2 < nonEmpty || (widest > 1 && text < 2) || text * 2 < widest) continue;
    if (best >= 0 && m < bestMatches) continue;
    const below = dataBelow(grid, i);
    if (best < 0 || m > bestMatches || below > bestBelow) {
      best = i;
      bestMatches = m;
      bestBelow = below;
    }
  }
  return best;
}

/**
 * How well the rows below stored row i read as data under it: for each column with a text at row i, the share
 * of the next rows that have a value there, plus the share that is typed (a number or a date, also when
 * written as text, or a boolean).
 */
function dataBelow(grid: SheetGrid, i: number): number {
  const end = Math.min(grid.rows.length, i + 1 + BELOW_ROWS);
  if (end <= i + 1) return 0;
  let total = 0;
  const typedText = (t: string) => parseNumberText(t) !== null || parseDateText(t) !== null;
  for (const column of grid.columns) {
    // a header cell is text that is not a number or a date (CSV cells are all text)
    if (column.kinds[i] !== CellKind.text || typedText(column.texts[column.values[i]!]!)) continue;
    let filled = 0;
    let typed = 0;
    for (let j = i + 1; j < end; j++) {
      const kind = column.kinds[j]!;
      if (kind === CellKind.empty) continue;
      filled++;
      if (kind === CellKind.number || kind === CellKind.date || kind === CellKind.boolean) typed++;
      else if (kind === CellKind.text) {
        if (typedText(column.texts[column.values[j]!]!)) typed++;
      }
    }
    total += (filled + typed) / (end - i - 1);
  }
  return total;
}
