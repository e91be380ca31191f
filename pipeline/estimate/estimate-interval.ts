import { betaInterval, logitInterval, waldInterval, wilsonInterval } from './confidence-interval.js';
import { estimateMessages as msg } from './messages.js';

/** The interval methods for proportions: R's svyciprop "logit" and "beta" (Korn-Graubard), or Wilson. */
export type PropInterval = 'logit' | 'wilson' | 'beta';

/** Which degrees of freedom an interval uses: the domain's own (R `degf(subset(...))`), the design's, or none. */
export type DfRule = 'domain' | 'design' | 'inf';

/** An interval as an estimate row records it: null ends when not estimable, with the reason in `note`. */
export interface RowInterval {
  ci_low: number | null;
  ci_high: number | null;
  /** the df the interval used; null for a normal interval (`--df inf`) */
  df: number | null;
  note?: string;
  /** why there is no interval: no df, no sampling variance, a proportion of 0 or 1, or another NaN */
  missing?: 'df' | 'variance' | 'zero_one' | 'nan';
}

/** The df an interval uses under `rule`: the domain's, the design's, or Infinity (normal). */
export function chooseDf(rule: DfRule, domainDf: number, designDf: number): number {
  return rule === 'inf' ? Infinity : rule === 'design' ? designDf : domainDf;
}

/**
 * The interval of one estimate on `df` (Infinity: normal, recorded as null): Wald (t) for means, totals and
 * ratios (R `confint(x, df = ...)`), `method` for proportions. Where R gives NA/NaN the ends are null and
 * `note` says why: no degrees of freedom (R: qt(., 0) is NaN), a proportion of exactly 0 or 1 (R's beta
 * interval is NaN there, its logit interval a degenerate point from a glm that did not converge), or no
 * sampling variance (an SE of 0: a zero-width interval is never printed).
 */
export function estimateInterval(
  kind: 'wald' | 'prop',
  estimate: number,
  se: number,
  level: number,
  df: number,
  options: { method?: PropInterval; rows?: number } = {},
): RowInterval {
  const dfOut = df === Infinity ? null : df;
  const none = (missing: RowInterval['missing'], note: string): RowInterval => ({ ci_low: null, ci_high: null, df: dfOut, note, missing });
  if (!(df > 0)) return none('df', msg.noDf());
  if (kind === 'prop' && (estimate <= 0 || estimate >= 1)) return none('zero_one', msg.zeroOne());
  if (!(se > 0)) return none('variance', msg.noVariance());
  const method = options.method ?? 'logit';
  const ci =
    kind === 'wald'
      ? waldInterval(estimate, se, level, df)
      : method === 'beta'
        ? betaInterval(estimate, se, level, df, options.rows ?? Number.NaN)
        : method === 'wilson'
          ? wilsonInterval(estimate, se, level, df)
          : logitInterval(estimate, se, level, df);
  if (!Number.isFinite(ci.low) || !Number.isFinite(ci.high)) return none('nan', msg.notEstimable());
  return { ci_low: ci.low, ci_high: ci.high, df: dfOut };
}
