import { meanDigits as styleMeanDigits } from '../report/format-number.js';

/**
 * Number formats shared by chart text (titles, notes, alt text) and Vega format strings (d3-format), by the
 * report's style sheet (`report/format-number.ts`).
 */

/** An integer with thousands separators: 2911 -> "2,911". */
export function formatCount(n: number): string {
  const rounded = Math.round(n);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/** A proportion as a percentage: 0.623 -> "62%" (`digits` decimals). */
export function formatPercent(p: number, digits = 0): string {
  return `${(p * 100).toFixed(digits)}%`;
}

/** Decimals the means of one chart are shown with: the style sheet's rule for the largest of them. */
export function meanDigits(values: readonly number[]): number {
  return styleMeanDigits(values.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
}

/**
 * A number with `digits` decimals and thousands separators: 12345.6 -> "12,345.6"; `grouping` false writes no
 * separators (calendar years: 2013, never 2,013).
 */
export function formatNumber(x: number, digits: number, grouping = true): string {
  const fixed = Math.abs(x).toFixed(digits);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  // U+2212, as the report's tables and d3's axis labels write a minus
  const sign = x < 0 && Number(fixed) !== 0 ? '\u2212' : '';
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}

/** A signed difference in percentage points: 0.052 -> "+5", -0.031 -> "-3". */
export function formatPoints(d: number): string {
  const points = Math.round(d * 100);
  return points > 0 ? `+${points}` : String(points);
}

/** The d3-format string for `digits` decimals, with thousands separators unless `grouping` is false. */
export function d3NumberFormat(digits: number, grouping = true): string {
  return `${grouping ? ',' : ''}.${digits}f`;
}

/** The d3-format string for whole percentages. */
export const d3PercentFormat = '.0%';
