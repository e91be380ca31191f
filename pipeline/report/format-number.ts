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

/** Writes a table cell's value in its column's format; null is a dash. */
export function formatCell(value: CellValue, format: NumberFormat): FormattedCell {
  if (value === null) return { main: '–', interval: null };
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
