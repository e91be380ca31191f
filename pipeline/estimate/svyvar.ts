import type { Design } from '../../schemas/design.js';
import { estimateMean } from './linear-estimates.js';
import { replicateVariance } from './replicate-variance.js';

/** A population variance estimate and its SE (R `svyvar`). */
export interface VarianceEstimate {
  estimate: number;
  se: number;
  /** rows with a value and a non-zero weight */
  n: number;
}

/**
 * The population variance of x (NaN is missing) as R's `svyvar(~x, design, na.rm = TRUE)` (survey 4.1). For a
 * linearised design: with n the rows of non-zero weight in the whole design (R counts them before removing
 * missing values) and m the weighted mean, the estimate is the weighted mean of (x - m)^2 n / (n - 1) and its SE
 * that mean's SE (m held fixed, as R). For replicate weights: n is the rows with a value, and each replicate
 * recomputes its own mean (R's `svyvar.svyrep.design`).
 */
export function estimateVariance(design: Design, x: Float64Array): VarianceEstimate {
  if (design.replicates) return replicateSvyvar(design, x);
  const w = design.weights;
  let nAll = 0;
  for (let i = 0; i < design.rowCount; i++) if (w[i] !== 0) nAll++;
  const mean = estimateMean(design, x).estimate;
  const factor = nAll / (nAll - 1);
  const z = Float64Array.from(x, (v) => (v - mean) * (v - mean) * factor);
  const r = estimateMean(design, z);
  return { estimate: r.estimate, se: r.se, n: r.n };
}

function replicateSvyvar(design: Design, x: Float64Array): VarianceEstimate {
  const rep = design.replicates!;
  let m = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== x[i]) continue;
    m++;
    if (design.weights[i] !== 0) n++;
  }
  const factor = m / (m - 1);
  const evaluate = (w: Float64Array) => {
    let sw = 0;
    let swx = 0;
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== x[i]) continue;
      sw += w[i]!;
      swx += w[i]! * x[i]!;
    }
    const mean = swx / sw;
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== x[i]) continue;
      const d = x[i]! - mean;
      s += w[i]! * d * d;
    }
    return (factor * s) / sw;
  };
  const estimate = evaluate(design.weights);
  const thetas = Float64Array.from(rep.weights, evaluate);
  return { estimate, se: Math.sqrt(replicateVariance(rep, thetas, estimate)), n };
}
