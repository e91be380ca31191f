import type { Estimate, EstimateFlag, Statistic } from '../../schemas/estimates.js';
import type { PresentationRules } from '../../schemas/survey.js';
import type { RowInterval } from './estimate-interval.js';
import { estimateMessages as msg } from './messages.js';

/** What the presentation rules read from an estimate. */
export interface FlagInput {
  statistic: Statistic;
  estimate: number;
  se: number | null;
  n: number;
  /** R's design effect (deff=TRUE), for means and totals; null when unknown */
  deff: number | null;
  interval: RowInterval;
}

/** An estimate's presentation fields: effective sample size, relative standard error, flags and reasons. */
export interface FlagOutput {
  n_eff: number | null;
  rse: number | null;
  flags: EstimateFlag[];
  reasons: string[];
}

/**
 * The effective sample size: for a proportion p (1 - p) / se^2, set to n when p is 0 or 1 or the SE is 0
 * (NCHS); for other statistics n / deff. Capped at n (NCHS: a design effect below 1 counts as 1).
 */
function effectiveN(e: FlagInput): number | null {
  if (e.statistic === 'prop') {
    if (e.se === null) return null;
    if (e.estimate <= 0 || e.estimate >= 1 || !(e.se > 0)) return e.n;
    return Math.min(e.n, (e.estimate * (1 - e.estimate)) / (e.se * e.se));
  }
  if (e.deff === null || !(e.deff > 0)) return null;
  return Math.min(e.n, e.n / e.deff);
}

/**
 * Flags one estimate by the NCHS Data Presentation Standards for Proportions (Parker JD, Talih M, Malec DJ, et
 * al. National Center for Health Statistics Data Presentation Standards for Proportions. Vital Health Stat
 * 2(175), 2017; the steps as CDC's own implementation, surveytable's `.present_prop`, orders them):
 * 1. effective sample size < `min_n_eff`: suppressed;
 * 2. absolute interval width <= `small_ci_width`: presented;
 * 3. else width >= `max_ci_width`: suppressed;
 * 4. else width / p > `max_relative_ci_width`: suppressed;
 * then a presented proportion is flagged for review when its complement's relative width exceeds the limit,
 * df < `min_df`, or it is 0 or 1 (width taken as 0 there, as NCHS does: there is no interval to measure).
 * A proportion with no interval for any other reason (no df) is suppressed. Means, totals, ratios and
 * quantiles (the standard has no rule for them; its RSE rule of thumb): suppressed when not estimable, review
 * when the RSE exceeds `max_rse` or df < `min_df`. Any presented estimate with n < `min_base` is low_base.
 * Each flag appears once, with one reason (several joined by "; ").
 */
export function flagEstimate(e: FlagInput, rules: PresentationRules, minBase: number): FlagOutput {
  const nEff = effectiveN(e);
  const rse = e.se !== null && e.estimate !== 0 && Number.isFinite(e.se) ? e.se / Math.abs(e.estimate) : null;
  const suppress: string[] = [];
  const review: string[] = [];
  const { interval } = e;
  const df = interval.df;
  if (e.statistic === 'prop') {
    const zeroOne = interval.missing === 'zero_one';
    const noVariance = interval.missing === 'variance';
    const width = zeroOne || noVariance ? 0 : interval.ci_low !== null && interval.ci_high !== null ? interval.ci_high - interval.ci_low : null;
    if (width === null) suppress.push(msg.reasonNotEstimable(interval.note ?? msg.notEstimable()));
    else if (nEff !== null && nEff < rules.min_n_eff) suppress.push(msg.reasonNEff(nEff, rules.min_n_eff));
    else if (width > rules.small_ci_width) {
      if (width >= rules.max_ci_width) suppress.push(msg.reasonWidth(width, rules.max_ci_width));
      else if (width / e.estimate > rules.max_relative_ci_width) suppress.push(msg.reasonRelativeWidth(width / e.estimate, rules.max_relative_ci_width));
      else if (width / (1 - e.estimate) > rules.max_relative_ci_width) review.push(msg.reasonComplement(width / (1 - e.estimate), rules.max_relative_ci_width));
    }
    if (zeroOne) review.push(msg.reasonZeroOne());
  } else {
    if (interval.ci_low === null && interval.missing !== 'variance') suppress.push(msg.reasonNotEstimable(interval.note ?? msg.notEstimable()));
    else if (rse !== null && rse > rules.max_rse) review.push(msg.reasonRse(rse, rules.max_rse));
  }
  if (df !== null && df > 0 && df < rules.min_df) review.push(msg.reasonDf(df, rules.min_df));
  const flags: EstimateFlag[] = [];
  const reasons: string[] = [];
  if (suppress.length > 0) {
    flags.push('suppressed');
    reasons.push(suppress.join('; '));
  } else {
    if (review.length > 0) {
      flags.push('review');
      reasons.push(review.join('; '));
    }
    if (e.n < minBase) {
      flags.push('low_base');
      reasons.push(msg.reasonLowBase(e.n, minBase));
    }
  }
  return { n_eff: nEff, rse, flags, reasons };
}

/** An estimate before its interval and presentation fields are known. */
export type EstimateBase = Omit<Estimate, 'ci_low' | 'ci_high' | 'df' | 'n_eff' | 'rse' | 'flags' | 'reasons' | 'note'>;

/**
 * The estimate row: its values, the interval and df, the presentation fields (flagEstimate), the note when not
 * estimable, then the optional fields, in the order the JSON shows them.
 */
export function presentEstimate(e: EstimateBase, interval: RowInterval, rules: PresentationRules, minBase: number): Estimate {
  const { n_eff, rse, flags, reasons } = flagEstimate({ statistic: e.statistic, estimate: e.estimate, se: e.se, n: e.n, deff: e.deff ?? null, interval }, rules, minBase);
  return {
    statistic: e.statistic,
    variable: e.variable,
    level: e.level,
    domain: e.domain,
    estimate: e.estimate,
    se: e.se,
    ci_low: interval.ci_low,
    ci_high: interval.ci_high,
    df: interval.df,
    n: e.n,
    n_eff,
    rse,
    flags,
    reasons,
    ...(interval.note !== undefined ? { note: interval.note } : {}),
    ...(e.p !== undefined ? { p: e.p } : {}),
    ...(e.denominator !== undefined ? { denominator: e.denominator } : {}),
    ...(e.deff !== undefined ? { deff: e.deff } : {}),
  };
}
