import { qbeta, qnorm, qt } from './distributions.js';

/** A two-sided interval. */
export interface Interval {
  low: number;
  high: number;
}

/** The two-sided critical value for `level`: Student t with `df` degrees of freedom (Infinity: normal). */
export function criticalValue(level: number, df: number): number {
  const p = 1 - (1 - level) / 2;
  return df === Infinity ? qnorm(p) : qt(p, df);
}

/** estimate +/- critical value x se: R's `confint()` on svymean/svytotal (df = Infinity there). */
export function waldInterval(estimate: number, se: number, level: number, df = Infinity): Interval {
  const c = criticalValue(level, df);
  return { low: estimate - c * se, high: estimate + c * se };
}

/**
 * The logit interval of `svyciprop(method="logit")`: expit(logit(p) +/- t_df x se / (p (1 - p))), the Wald
 * interval of the intercept of a quasibinomial svyglm. A proportion of exactly 0 or 1 (or an SE of 0) gives
 * the point itself. Non-positive df gives NaN, as in R.
 */
export function logitInterval(p: number, se: number, level: number, df: number): Interval {
  if (!(df > 0)) return { low: Number.NaN, high: Number.NaN };
  if (p <= 0 || p >= 1 || se === 0) return { low: p, high: p };
  const c = criticalValue(level, df);
  const eta = Math.log(p / (1 - p));
  const seEta = se / (p * (1 - p));
  const expit = (v: number) => 1 / (1 + Math.exp(-v));
  return { low: expit(eta - c * seEta), high: expit(eta + c * seEta) };
}

/**
 * The Wilson score interval with the design's effective sample size n_eff = p (1 - p) / se^2 and the t_df
 * critical value (the design-based Wilson interval of Kott & Carr 1997): an option, not R's default.
 */
export function wilsonInterval(p: number, se: number, level: number, df: number): Interval {
  if (!(df > 0)) return { low: Number.NaN, high: Number.NaN };
  if (se === 0 || p <= 0 || p >= 1) return { low: p, high: p };
  const c = criticalValue(level, df);
  const nEff = (p * (1 - p)) / (se * se);
  const c2n = (c * c) / nEff;
  const centre = (p + c2n / 2) / (1 + c2n);
  const half = (c / (1 + c2n)) * Math.sqrt((p * (1 - p)) / nEff + (c * c) / (4 * nEff * nEff));
  return { low: centre - half, high: centre + half };
}

/**
 * An SE below 1e-8 of the estimate is reported as 0: it is rounding noise or the raking tolerance, not sampling
 * error (a stratum's share with fpc, a calibrated margin's share).
 */
export function cleanSe(se: number, estimate: number): number {
  return se <= 1e-8 * Math.abs(estimate) ? 0 : se;
}

/**
 * The Korn-Graubard interval of `svyciprop(method="beta")` (Korn & Graubard 1998; the interval of the NCHS
 * presentation standard): the Clopper-Pearson interval on the effective sample size n_eff = p (1 - p) / se^2,
 * scaled by (t_{rows - 1} / t_df)^2 as R does (`rows` is R's `nrow(design)`: the rows of the domain), so
 * [qbeta(a/2, n_eff p, n_eff (1 - p) + 1), qbeta(1 - a/2, n_eff p + 1, n_eff (1 - p))]. As in R, a proportion of
 * 0 or 1 or an SE of 0 (n_eff undefined) and df <= 0 give NaN.
 */
export function betaInterval(p: number, se: number, level: number, df: number, rows: number): Interval {
  if (!(df > 0) || !(se > 0) || !(p > 0 && p < 1)) return { low: Number.NaN, high: Number.NaN };
  const alpha = 1 - level;
  const ratio = rows > 1 ? qt(alpha / 2, rows - 1) / qt(alpha / 2, df) : Number.NaN;
  const nEff = ((p * (1 - p)) / (se * se)) * ratio * ratio;
  return { low: qbeta(alpha / 2, nEff * p, nEff * (1 - p) + 1), high: qbeta(1 - alpha / 2, nEff * p + 1, nEff * (1 - p)) };
}
