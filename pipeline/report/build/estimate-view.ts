import type { Comparison, Estimate } from '../../../schemas/estimates.js';

/**
 * How the report reads an estimate under issue 13's presentation standard (NCHS Data Presentation Standards
 * for Proportions, Parker et al. 2017): `flags` (`suppressed`, `review`, `low_base`), a null interval when
 * not estimable, the df the interval used. Written against the fields' shape, so rows without them (older
 * estimates files) read as unflagged with their n-based low-base rule.
 */
type Flag = 'suppressed' | 'review' | 'low_base';

interface Issue13Fields {
  flags?: readonly string[];
  df?: number | null;
  n_eff?: number | null;
  note?: string;
  ci_low: number | null;
  ci_high: number | null;
  low_base?: boolean;
}

function fields(e: Estimate): Issue13Fields {
  return e as unknown as Issue13Fields;
}

/** The estimate's flags; rows without `flags` get `low_base` from n below `minBase` (the old rule). */
export function flagsOf(e: Estimate, minBase: number): Flag[] {
  const f = fields(e);
  if (Array.isArray(f.flags)) return f.flags.filter((x): x is Flag => x === 'suppressed' || x === 'review' || x === 'low_base');
  return f.low_base === true || e.n < minBase ? ['low_base'] : [];
}

/** Must print as "—". */
export function isSuppressed(e: Estimate, minBase: number): boolean {
  return flagsOf(e, minBase).includes('suppressed');
}

/** Printed, but with a caution mark. */
export function isFlagged(e: Estimate, minBase: number): boolean {
  const flags = flagsOf(e, minBase);
  return !flags.includes('suppressed') && flags.length > 0;
}

/** The confidence interval, or null when not estimable (or degenerate: a zero-width interval is not one). */
export function intervalOf(e: Estimate): { low: number; high: number } | null {
  const { ci_low: low, ci_high: high } = fields(e);
  if (low === null || high === null || !Number.isFinite(low) || !Number.isFinite(high) || !(high > low)) return null;
  return { low, high };
}

/** The degrees of freedom of the estimate's interval, when the estimates record it. */
export function dfOf(e: Estimate): number | null {
  const df = fields(e).df;
  return typeof df === 'number' && Number.isFinite(df) ? df : null;
}

/** The interval of a region-minus-province difference: recorded (on the region's df), else difference ± 1.96 se. */
export function differenceInterval(c: Comparison): { low: number; high: number } | null {
  const f = c as unknown as { ci_low?: number | null; ci_high?: number | null };
  if (f.ci_low !== undefined || f.ci_high !== undefined) {
    return typeof f.ci_low === 'number' && typeof f.ci_high === 'number' ? { low: f.ci_low, high: f.ci_high } : null;
  }
  return c.se > 0 ? { low: c.difference - 1.959964 * c.se, high: c.difference + 1.959964 * c.se } : null;
}

/**
 * Whether a comparison may carry a significance mark: the test says so and the printed difference interval
 * excludes zero, so no mark contradicts the numbers beside it.
 */
export function isSignificant(c: Comparison | undefined): boolean {
  if (c === undefined || !c.significant) return false;
  const d = differenceInterval(c);
  return d === null || d.low > 0 || d.high < 0;
}
