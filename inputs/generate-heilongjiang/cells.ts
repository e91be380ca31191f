import type { Codebook, Variable } from '../../schemas/codebook.js';
import type { FileStyle } from './file-styles.js';
import type { Answer, Respondent } from './simulate.js';

/** What one spreadsheet cell holds as written: a number, text, a date, or nothing. */
export type CellValue = number | string | Date | null;

const DAY_MS = 86_400_000;
/** Days from Excel's day 0 (1899-12-30, 1900 system) to 1970-01-01. */
const EXCEL_EPOCH_OFFSET = 25_569;

/** The Excel serial number (1900 date system) of a UTC date. */
export function toExcelSerial(date: Date): number {
  return EXCEL_EPOCH_OFFSET + date.getTime() / DAY_MS;
}

/** A number as a field office types it with thousands separators: 12345.6 -> "12,345.6". */
export function formatThousands(x: number): string {
  const [whole = '0', fraction] = String(Math.abs(x)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${x < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** The spreadsheet column letters of a 0-based column index: 0 -> A, 26 -> AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** The header text this office writes for a variable: its own variant, a short Likert item text, or the Chinese label. */
export function headerOf(variable: Variable, style: FileStyle): string {
  const short = variable.group && style.shortLikertHeaders.includes(variable.group) ? variable.aliases?.[0] : undefined;
  return style.headers[variable.name] ?? short ?? variable.label.zh;
}

function cellOf(variable: Variable, answer: Answer, style: FileStyle): CellValue {
  if (answer === null) return null;
  if (Array.isArray(answer)) {
    if (answer.length === 0) return null;
    return answer.length === 1 ? (answer[0] ?? null) : answer.join(style.multiSeparator);
  }
  if (answer instanceof Date) return style.dates === 'serial' ? toExcelSerial(answer) : answer;
  if (variable.name === 'prefecture') return Number(answer);
  if (variable.name === 'county') return style.countyAsNumber ? Number(answer) : String(answer);
  if (typeof answer === 'number' && style.numbersAsText.includes(variable.name)) return formatThousands(answer);
  return answer;
}

/** One respondent as the row of cells its office writes, in codebook column order. */
export function toCells(respondent: Respondent, codebook: Codebook, style: FileStyle): CellValue[] {
  return codebook.map((variable) => cellOf(variable, respondent.values[variable.name] ?? null, style));
}
