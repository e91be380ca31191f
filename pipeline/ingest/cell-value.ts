/**
 * Explicit, named conversions of spreadsheet cell values (STYLE.md: schemas reject, conversions are functions).
 * Cell kinds are small integers so a column of them fits a Uint8Array.
 */
import type { RawColumn } from '../../schemas/raw-table.js';
import { escapeControl } from '../messages.js';

/** What a raw cell held: empty, a number, text, a date (value: ms since 1970 UTC), a boolean (1/0), an error text. */
export const CellKind = { empty: 0, number: 1, text: 2, date: 3, boolean: 4, error: 5 } as const;
export type CellKind = (typeof CellKind)[keyof typeof CellKind];

/** A raw cell value: a number (also dates as ms UTC, booleans as 1/0), a text, or null when empty. */
export type RawValue = string | number | null;

const MS_PER_DAY = 86_400_000;
/** Days from Excel's day 0 (1899-12-30, accounting for its fictitious 1900-02-29) to 1970-01-01. */
const EXCEL_EPOCH_OFFSET = 25_569;

/**
 * Converts an Excel date serial (days, fractional part = time of day) to ms since 1970-01-01 UTC.
 * Serials below 61 are corrected for Excel's fictitious 1900-02-29 (serial 60 maps to 1900-02-28).
 * `date1904` selects the Mac 1904 date system. Returns NaN for non-finite serials.
 */
export function excelSerialToMs(serial: number, date1904 = false): number {
  if (!Number.isFinite(serial)) return Number.NaN;
  let days: number;
  if (date1904) days = serial + 1462 - EXCEL_EPOCH_OFFSET;
  else if (serial >= 61) days = serial - EXCEL_EPOCH_OFFSET;
  else if (serial >= 60) days = serial - 1 - (EXCEL_EPOCH_OFFSET - 1);
  else days = serial - (EXCEL_EPOCH_OFFSET - 1);
  return Math.round(days * MS_PER_DAY);
}

const NUMBER_TEXT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/**
 * Parses a number written as text: trims, accepts full-width digits, `,` thousands separators (groups of 3),
 * a leading `+`, exponents. Returns null for anything else, including `NaN`, `Infinity`, `1e309` (overflows)
 * and the empty string. `-0` becomes 0.
 */
export function parseNumberText(text: string): number | null {
  let s = text.trim();
  if (s === '') return null;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(s)) s = s.normalize('NFKC').replace(/[\u2212\uFE63\uFF0D]/g, '-').trim();
  if (!NUMBER_TEXT.test(s) || !/\d/.test(s)) return null;
  const value = Number(s.replace(/,/g, ''));
  if (!Number.isFinite(value)) return null;
  return value === 0 ? 0 : value;
}

const DATE_TEXT =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:Z)?$/;

/**
 * Parses a calendar date written as text (`2026-03-15`, `2026/3/15`, `2026.3.15`, `2026年3月15日`, optionally
 * with `hh:mm[:ss]`) to ms since 1970-01-01 UTC. Returns null when the text is not such a date or the day does not
 * exist (2026-02-30).
 */
export function parseDateText(text: string): number | null {
  const m = DATE_TEXT.exec(text.trim().normalize('NFKC'));
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return ms;
}

/** Formats ms since 1970 UTC as `YYYY-MM-DD`, with `Thh:mm:ss` when the time of day is not midnight. */
export function formatDateMs(ms: number): string {
  // past ±8.64e15 ms (±273,790 years) a Date is invalid and toISOString throws
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return String(ms);
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** The raw value of cell i of a column: its text for a text or error cell, its number otherwise, null when empty. */
export function rawValueAt(column: RawColumn, i: number): RawValue {
  const kind = column.kinds[i]!;
  if (kind === CellKind.empty) return null;
  const value = column.values[i]!;
  return kind === CellKind.text || kind === CellKind.error ? column.texts[value]! : value;
}

/** Cell i of a column shown as the analyst typed it (formatRawCell); '' when empty. */
export function formatRawCellAt(column: RawColumn, i: number): string {
  return formatRawCell(column.kinds[i]!, rawValueAt(column, i));
}

/** Shows a raw cell as the analyst typed it: text as is, numbers in shortest form, dates as ISO, booleans TRUE/FALSE. */
export function formatRawCell(kind: number, value: RawValue): string {
  switch (kind) {
    case CellKind.empty:
      return '';
    case CellKind.date:
      return formatDateMs(value as number);
    case CellKind.boolean:
      return value ? 'TRUE' : 'FALSE';
    default:
      return String(value ?? '');
  }
}

/** Whether a text is blank: empty or only white space (including full-width and no-break spaces). */
export function isBlankText(text: string): boolean {
  return /^[\s\u3000\u00a0\ufeff]*$/.test(text);
}

/** Spreadsheet column letters of a 1-based column number (1 -> A, 27 -> AA). */
export function columnLetters(col: number): string {
  let n = col;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The 1-based column number of spreadsheet column letters (A -> 1, AA -> 27); NaN when not letters. */
export function columnNumber(letters: string): number {
  if (!/^[A-Z]{1,3}$/i.test(letters)) return Number.NaN;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * A cell reference pasteable into Excel's Go To box: `'Sheet 1'!D14` (sheet quoted, `'` doubled), or `D14` when
 * there is no sheet (CSV).
 */
export function cellReference(sheet: string | null, col: number | string, row: number): string {
  const letters = typeof col === 'number' ? columnLetters(col) : col;
  // control characters escaped: a newline in a sheet name would split a message line
  return sheet === null ? `${letters}${row}` : `'${escapeControl(sheet).replace(/'/g, "''")}'!${letters}${row}`;
}
