import type { Lang } from '../../schemas/common.js';
import type { CellValue, NumberFormat } from '../../schemas/report-model.js';

/** The minus sign of the reports: U+2212, as wide as a digit, so negative numbers align. */
const minus = '\u2212';

/** Rounds half away from zero at `digits` decimals (toFixed rounds the binary value, 0.125 -> "0.12"). */
export function roundHalfUp(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(Math.abs(x) * f + 1e-9) / f;
  return x < 0 ? -r : r;
}

/** A number with thousands separators and `digits` decimals: 1204 -> "1,204", -0.5 -> "−0.5". */
export function formatNumber(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return '–';
  const r = roundHalfUp(x, digits);
  const [int = '0', frac] = Math.abs(r).toFixed(digits).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = r < 0 ? minus : '';
  return frac === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${frac}`;
}

/** An integer count: 1204 -> "1,204". */
export function formatInteger(n: number): string {
  return formatNumber(n, 0);
}

/** A proportion as percent digits without the sign: 0.6234 -> "62" (digits 0). */
export function formatPercentDigits(p: number, digits = 0): string {
  return formatNumber(p * 100, digits);
}

/** A proportion as a percentage: 0.6234 -> "62%". */
export function formatPercent(p: number, digits = 0): string {
  return `${formatPercentDigits(p, digits)}%`;
}

/**
 * Margin of error of a share in percentage points: half the width of its confidence interval, as written
 * after "±": whole points, or one decimal below one point (0.006 -> "0.6").
 */
export function formatMoePoints(low: number, high: number): string {
  const half = ((high - low) / 2) * 100;
  return half < 0.95 ? formatNumber(half, 1) : formatNumber(half, 0);
}

/** A date written as a cover shows it: "2026年3月15日" / "15 March 2026". */
export function formatDate(isoDate: string, lang: Lang): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  if (lang === 'zh') return `${y}年${m}月${d}日`;
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${d} ${months[m - 1] ?? ''} ${y}`;
}

/** A formatted table cell: the main text and, for intervals, the bracketed interval set after it. */
export interface FormattedCell {
  main: string;
  interval: string | null;
}

/**
 * The format a cell is written in: its row's, when the row has one and the column holds estimates (interval or
 * decimal columns; a text or count column keeps its own).
 */
export function cellFormat(column: NumberFormat, row: NumberFormat | undefined): NumberFormat {
  return row !== undefined && (column.style === 'interval' || column.style === 'decimal') ? row : column;
}

/** What a suppressed value prints as (NCHS: a value that may not be shown is replaced by a dash, with a note). */
export const suppressedMark = '—';

/** Writes a table cell's value in its column's format; null (suppressed) is an em dash. */
export function formatCell(value: CellValue, format: NumberFormat): FormattedCell {
  if (value === null) return { main: suppressedMark, interval: null };
  if (typeof value === 'string') return { main: value, interval: null };
  if (typeof value === 'number') {
    switch (format.style) {
      case 'integer':
        return { main: formatInteger(value), interval: null };
      case 'decimal':
        return { main: formatNumber(value, format.digits), interval: null };
      case 'percent':
        return { main: formatPercentDigits(value, format.digits), interval: null };
      case 'interval':
        return { main: format.percent ? formatPercentDigits(value, format.digits) : formatNumber(value, format.digits), interval: null };
      case 'text':
        return { main: formatNumber(value, 0), interval: null };
    }
  }
  const digits = format.style === 'interval' || format.style === 'percent' || format.style === 'decimal' ? format.digits : 0;
  const asPercent = format.style === 'percent' || (format.style === 'interval' && format.percent);
  const write = (x: number) => (asPercent ? formatPercentDigits(x, digits) : formatNumber(x, digits));
  // not estimable: the estimate alone (layout adds the `not_estimable` label)
  if (value.low === null || value.high === null) return { main: write(value.estimate), interval: null };
  // A dash between a negative bound and the other would read as a minus: then the bounds take a comma.
  const separator = value.low < 0 || value.high < 0 ? ', ' : '–';
  return { main: write(value.estimate), interval: `(${write(value.low)}${separator}${write(value.high)})` };
}

/**
 * Decimals a mean or total is written with, by magnitude, for 2-3 significant digits: none from 100 on
 * ("4,698"), one from 1 ("18.1", "3.3"), two below 1 ("0.43"). One rule for a whole table or chart: give it the
 * largest absolute value shown.
 */
export function meanDigits(largest: number): number {
  const x = Math.abs(largest);
  return x >= 100 ? 0 : x >= 1 ? 1 : 2;
}

/** A mean or total by `meanDigits`, with its unit when there is one: "4,698 元", "18.1 employees", "3.3". */
export function formatMean(x: number, unit: string | null = null, lang: Lang = 'en'): string {
  const number = formatNumber(x, meanDigits(x));
  if (unit === null || unit === '') return number;
  // Chinese sets a unit of ideographs straight after the number; a Latin unit takes a space in either language.
  return lang === 'zh' && /^[\u4e00-\u9fff]/u.test(unit) ? `${number}${unit}` : `${number} ${unit}`;
}

/**
 * An unweighted base, one spelling a language: "n = 2,978" in English (no-break spaces), "n=2,978" in Chinese,
 * where spaces inside a run of full-width text read as gaps. A string is a range already written ("49–716").
 */
export function formatBase(n: number | string, lang: Lang): string {
  const count = typeof n === 'number' ? formatInteger(n) : n;
  return lang === 'zh' ? `n=${count}` : `n\u00a0=\u00a0${count}`;
}

/**
 * A margin of error in words, always with its unit: shares in percentage points ("±3个百分点" / "plus or minus
 * 3 points"), means in the variable's unit ("±1.7万元" / "plus or minus 1.7 ten-thousand yuan").
 */
export function formatMargin(low: number, high: number, lang: Lang, unit: { share: true } | { share: false; unit: string | null }): string {
  if (unit.share) {
    const points = formatMoePoints(low, high);
    return lang === 'zh' ? `±${points}个百分点` : `plus or minus ${points} ${points === '1' ? 'point' : 'points'}`;
  }
  const half = (high - low) / 2;
  const value = formatMean(half, unit.unit, lang);
  return lang === 'zh' ? `±${value}` : `plus or minus ${value}`;
}

/** A quotation: “text” in both languages (GB/T 15834 uses the same curly marks in Chinese). */
export function quote(text: string): string {
  return `\u201c${text}\u201d`;
}

/** Names with one spelling everywhere (an en dash joins two people's names, as in "Benjamini–Hochberg"). */
export const spelling = {
  benjaminiHochberg: 'Benjamini\u2013Hochberg',
  bonferroni: 'Bonferroni',
  kornGraubard: 'Korn\u2013Graubard',
  rSurvey: 'R survey',
} as const;

const fullWidth: Record<string, string> = { '(': '（', ')': '）', ',': '，', ':': '：', ';': '；', '?': '？', '!': '！' };

/**
 * Chinese punctuation made full-width where it touches Chinese text (GB/T 15834-2011): "(人)" -> "（人）",
 * "企业,其中" -> "企业，其中". Punctuation between Latin letters or digits ("1,204", "(95% CI)") is left alone.
 */
export function zhPunctuation(text: string): string {
  const han = /[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]/u;
  const chars = [...text];
  // A bracket pair becomes full-width when either side of it or its content touches Chinese.
  const out = [...chars];
  const stack: number[] = [];
  chars.forEach((c, i) => {
    if (c === '(') stack.push(i);
    else if (c === ')' && stack.length > 0) {
      const open = stack.pop() as number;
      const inner = chars.slice(open + 1, i).join('');
      if (han.test(inner) || han.test(chars[open - 1] ?? '') || han.test(chars[i + 1] ?? '')) {
        out[open] = '（';
        out[i] = '）';
      }
    } else if (c in fullWidth && c !== '(' && c !== ')' && han.test(chars[i - 1] ?? '')) out[i] = fullWidth[c] as string;
  });
  return out.join('');
}
