import type { Estimate } from '../../schemas/estimates.js';
import { isLowBase } from './chart-input.js';

/**
 * How a chart draws one estimate under the presentation standard (NCHS Data Presentation Standards for
 * Proportions, Parker et al. 2017, Vital Health Stat 2(175)): `suppressed` draws no mark, only "—";
 * `flagged` (low base or flagged for review) draws faded with a dashed outline; `interval` is null when it is
 * not estimable (R gives NA), then no whisker is drawn. Intervals are drawn as estimated, never clipped: a
 * lower bound below the variable's range (a Wald interval of a skewed mean) is drawn below it and the axis
 * extends to show it, so the reader sees how uncertain the estimate is.
 */
export interface EstimateMarks {
  suppressed: boolean;
  flagged: boolean;
  interval: { low: number; high: number } | null;
}

/** The marks of `e` (see `EstimateMarks`); `minBase` is the low-base rule of estimates without flags. */
export function estimateMarks(e: Estimate, minBase: number): EstimateMarks {
  const { ci_low: low, ci_high: high, flags } = e;
  const finite = low !== null && high !== null && Number.isFinite(low) && Number.isFinite(high);
  return {
    suppressed: flags.includes('suppressed'),
    flagged: isLowBase(e, minBase),
    interval: finite ? { low, high } : null,
  };
}
