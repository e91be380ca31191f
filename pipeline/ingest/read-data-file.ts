import { InputError } from '../errors.js';
import { msg } from '../messages.js';
import { CellKind, columnLetters, formatDateMs, parseNumberText, rawValueAt } from './cell-value.js';
import { findHeader } from './find-header.js';
import { clearSkipMarkers, isPlatformExport } from './platform-export.js';
import { readGrids } from './read-grids.js';
import type { ReadLimits } from './read-limits.js';

/** A data file read without a codebook: its header names and its rows of plain values. */
export interface DataFile {
  file: string;
  /** The sheet read (null for CSV). */
  sheet: string | null;
  /** Column names (the lowest header text; an unnamed column is named by its letter; repeats get `.1`, `.2`). */
  headers: string[];
  /** Spreadsheet column letters of each header. */
  columns: string[];
  /** One array per data row, aligned with `headers`: numbers as numbers, empty as null, dates as ISO text. */
  rows: (string | number | null)[][];
  /** 1-based sheet row of each data row. */
  rowNumbers: number[];
  /** 1-based sheet row of the header. */
  headerRow: number;
  /** Fully blank rows skipped between the header and the last data row. */
  blankRows: number;
  /**
   * Cells that hold no value but an error (`#DIV/0!`, `#N/A`) or a formula never calculated (`=A1/0`), which
   * `rows` holds as null: by index into `rows` and `headers`, with the cell's text.
   */
  errors: { row: number; col: number; text: string }[];
  /** Per header, its value labels (value -> label), for .sav files; null where the file has none. */
  valueLabels: (Map<number | string, string> | null)[];
}

/**
 * Reads a .csv (UTF-8 with or without BOM, GB18030 detected) or .xlsx file (the named sheet, else the first
 * visible one) without a codebook: finds the header row under title and blank rows, converts numbers written
 * as text (`"1,234"`, but not codes with leading zeros like `"007"`), empties to null, dates to ISO text,
 * booleans to `TRUE`/`FALSE`, error cells to null (listed in `errors`). Fully blank rows are skipped and
 * counted. `headerRow` (1-based) is where the header is, instead of guessing it. InputError when the file
 * cannot be read or has no header.
 */
export async function readDataFile(
  file: string,
  options: { sheet?: string; encoding?: 'auto' | 'utf-8' | 'gb18030'; limits?: ReadLimits; headerRow?: number } = {},
): Promise<DataFile> {
  const { headerRow, ...read } = options;
  const [grid] = await readGrids(file, read);
  if (!grid) throw new InputError(msg.noSheets(file));
  if (grid.rows.length === 0) throw new InputError(msg.emptySheet(file, grid.sheet));
  const header = findHeader(grid, undefined, headerRow);
  if (!header) throw new InputError(headerRow !== undefined ? msg.noHeaderAt(file, grid.sheet, headerRow) : msg.noHeader(file, grid.sheet));

  if (isPlatformExport(header)) clearSkipMarkers(grid, header);
  const keep: number[] = [];
  for (let c = 0; c < grid.columns.length; c++) {
    const hasHeader = header.texts[c]!.length > 0;
    const kinds = grid.columns[c]!.kinds;
    let hasData = false;
    for (let i = header.dataStart; i < kinds.length && !hasData; i++) hasData = kinds[i] !== CellKind.empty;
    if (hasHeader || hasData) keep.push(c);
  }
  const used = new Map<string, number>();
  const headers = keep.map((c) => {
    const texts = header.texts[c]!;
    const base = texts[texts.length - 1] ?? columnLetters(c + 1);
    const seen = used.get(base);
    used.set(base, (seen ?? 0) + 1);
    return seen === undefined ? base : `${base}.${seen}`;
  });

  const rows: (string | number | null)[][] = [];
  const rowNumbers: number[] = [];
  const errors: DataFile['errors'] = [];
  for (let i = header.dataStart; i < grid.rows.length; i++) {
    const row: (string | number | null)[] = [];
    for (const c of keep) {
      const column = grid.columns[c]!;
      const kind = column.kinds[i]!;
      if (kind === CellKind.error) errors.push({ row: rows.length, col: row.length, text: String(rawValueAt(column, i)) });
      row.push(plainValue(kind, rawValueAt(column, i)));
    }
    rows.push(row);
    rowNumbers.push(grid.rows[i]!);
  }
  const lastRow = rowNumbers[rowNumbers.length - 1] ?? header.headerEnd;
  return {
    file,
    sheet: grid.sheet,
    headers,
    columns: keep.map((c) => columnLetters(c + 1)),
    rows,
    rowNumbers,
    headerRow: header.headerRow,
    blankRows: lastRow - header.headerEnd - rows.length,
    errors,
    valueLabels: keep.map((c) => grid.meta?.[c]?.valueLabels ?? null),
  };
}

/** A raw cell as a plain value: see readDataFile. */
function plainValue(kind: number, value: string | number | null): string | number | null {
  switch (kind) {
    case CellKind.number:
      return value;
    case CellKind.text: {
      const text = String(value).trim();
      if (/^[+-]?0\d/.test(text)) return text;
      return parseNumberText(text) ?? text;
    }
    case CellKind.date:
      return formatDateMs(value as number);
    case CellKind.boolean:
      return value ? 'TRUE' : 'FALSE';
    default:
      return null;
  }
}
