import type { Design } from '../../schemas/design.js';
import { linearize, psuVariance, strataPresent } from './design-variance.js';
import { replicateMean, replicateRatio, replicateTotal } from './replicate-estimates.js';

/** A linearised estimate: value, standard error, base, design effects and PSU totals for contrasts. */
export interface LinearEstimate {
  estimate: number;
  se: number;
  variance: number;
  /** unweighted base: rows in the domain with a value and a non-zero weight */
  n: number;
  weightSum: number;
  /** R's `deff=TRUE`: against simple random sampling without replacement of n from N = the weight sum; NaN if N < n */
  deff: number;
  /** R's `deff="replace"`: against simple random sampling with replacement */
  deffReplace: number;
  /** residualised PSU totals of the influence function (see design-variance.ts) */
  psuTotals: Float64Array;
}

/** Whether row i counts: in the domain mask (if any) with a value. */
function rowMask(x: Float64Array, mask: Uint8Array | null | undefined): Uint8Array {
  const n = x.length;
  const ok = new Uint8Array(n);
  for (let i = 0; i < n; i++) ok[i] = x[i] === x[i] && (!mask || mask[i]) ? 1 : 0;
  return ok;
}

/** The weighted variance R's `svyvar` gives (divisor n - 1 on the weighted scale) of x over ok rows. */
function weightedVariance(design: Design, x: Float64Array, ok: Uint8Array, mean: number, weightSum: number, n: number): number {
  const w = design.weights;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (!ok[i]) continue;
    const d = x[i]! - mean;
    s += w[i]! * d * d;
  }
  return (s / weightSum) * (n / (n - 1));
}

/**
 * The design-based mean of x over rows in `mask` (all rows without one) with a value (NaN is missing, as
 * `svymean(na.rm=TRUE)`): influence w_i (x_i - mean) / sum(w) inside, zero outside, so a domain keeps the
 * full design. An empty domain (no weight) gives NaN for the mean and its SE.
 */
export function estimateMean(design: Design, x: Float64Array, mask?: Uint8Array | null): LinearEstimate {
  if (design.replicates) return replicateMean(design, x, mask);
  const ok = rowMask(x, mask);
  const w = design.weights;
  let W = 0;
  let S = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    if (!ok[i]) continue;
    W += w[i]!;
    S += w[i]! * x[i]!;
    if (w[i] !== 0) n++;
  }
  const mean = S / W;
  const z = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) if (ok[i]) z[i] = (w[i]! * (x[i]! - mean)) / W;
  const psuTotals = linearize(design, z);
  const variance = psuVariance(design, psuTotals, strataPresent(design, ok));
  const svyvar = weightedVariance(design, x, ok, mean, W, n);
  const vsrs = W < n ? Number.NaN : (svyvar * (W - n)) / (W * n);
  return {
    estimate: mean,
    se: W > 0 ? Math.sqrt(variance) : Number.NaN,
    variance,
    n,
    weightSum: W,
    deff: variance / vsrs,
    deffReplace: variance / (svyvar / n),
    psuTotals,
  };
}

/** The design-based total of x over rows in `mask` with a value (as `svytotal(na.rm=TRUE)`), with R's deffs. */
export function estimateTotal(design: Design, x: Float64Array, mask?: Uint8Array | null): LinearEstimate {
  if (design.replicates) return replicateTotal(design, x, mask);
  const ok = rowMask(x, mask);
  const w = design.weights;
  let W = 0;
  let S = 0;
  let n = 0;
  const z = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    if (!ok[i]) continue;
    W += w[i]!;
    S += w[i]! * x[i]!;
    z[i] = w[i]! * x[i]!;
    if (w[i] !== 0) n++;
  }
  const psuTotals = linearize(design, z);
  const variance = psuVariance(design, psuTotals, strataPresent(design, ok));
  const svyvar = weightedVariance(design, x, ok, S / W, W, n);
  return {
    estimate: S,
    se: Math.sqrt(variance),
    variance,
    n,
    weightSum: W,
    deff: variance / ((svyvar * W * (W - n)) / n),
    deffReplace: variance / ((svyvar * W * W) / n),
    psuTotals,
  };
}

/**
 * The ratio of totals sum(w y) / sum(w x) over rows in `mask` where both are present (as `svyratio`):
 * influence w_i (y_i - R x_i) / sum(w x).
 */
export function estimateRatio(design: Design, y: Float64Array, x: Float64Array, mask?: Uint8Array | null): LinearEstimate {
  if (design.replicates) return replicateRatio(design, y, x, mask);
  const n = y.length;
  const w = design.weights;
  let Y = 0;
  let X = 0;
  let W = 0;
  let count = 0;
  const ok = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (y[i] !== y[i] || x[i] !== x[i] || (mask && !mask[i])) continue;
    ok[i] = 1;
    Y += w[i]! * y[i]!;
    X += w[i]! * x[i]!;
    W += w[i]!;
    if (w[i] !== 0) count++;
  }
  const ratio = Y / X;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) if (ok[i]) z[i] = (w[i]! * (y[i]! - ratio * x[i]!)) / X;
  const psuTotals = linearize(design, z);
  const variance = psuVariance(design, psuTotals, strataPresent(design, ok));
  return {
    estimate: ratio,
    se: Math.sqrt(variance),
    variance,
    n: count,
    weightSum: W,
    deff: Number.NaN,
    deffReplace: Number.NaN,
    psuTotals,
  };
}
