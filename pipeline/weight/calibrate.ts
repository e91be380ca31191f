import type { Calibration, CalibrationMargin, Design } from '../../schemas/design.js';

/** One calibration margin: each row's group (index into `levels`) and each group's population total. */
export interface MarginTarget {
  variables: string[];
  levels: string[];
  group: Int32Array;
  targets: Float64Array;
}

/** What calibration produced. */
export interface CalibrationResult {
  weights: Float64Array;
  calibration: Calibration;
  converged: boolean;
  iterations: number;
  /** largest |weighted total - population total| / population total over every group of every margin */
  maxMarginError: number;
}

/** Sum of weights per group. */
function groupTotals(weights: Float64Array, group: Int32Array, G: number): Float64Array {
  const t = new Float64Array(G);
  for (let i = 0; i < weights.length; i++) t[group[i]!]! += weights[i]!;
  return t;
}

/** Post-stratifies weights in place on one margin: w_i * target_g / current total_g (R's `postStratify`). */
function applyMargin(weights: Float64Array, margin: MarginTarget): void {
  const G = margin.levels.length;
  const totals = groupTotals(weights, margin.group, G);
  const factor = new Float64Array(G);
  for (let g = 0; g < G; g++) factor[g] = totals[g]! > 0 ? margin.targets[g]! / totals[g]! : 0;
  for (let i = 0; i < weights.length; i++) weights[i]! *= factor[margin.group[i]!]!;
}

/** Largest relative error of the weighted totals against the targets (targets of 0 compare absolutely). */
export function marginError(weights: Float64Array, margins: MarginTarget[]): number {
  let worst = 0;
  for (const m of margins) {
    const totals = groupTotals(weights, m.group, m.levels.length);
    for (let g = 0; g < m.levels.length; g++) {
      const target = m.targets[g]!;
      const err = Math.abs(totals[g]! - target) / (target > 0 ? target : 1);
      if (err > worst) worst = err;
    }
  }
  return worst;
}

/** Builds what linearisation needs from the margins and the weights right after each margin's step. */
function calibrationInfo(
  design: Design,
  method: 'rake' | 'poststratify',
  margins: MarginTarget[],
  stepWeights: Float64Array[],
  oldWeights: Float64Array,
): Calibration {
  const n = design.rowCount;
  const P = design.psuStart[design.strata.length]!;
  const J = margins.length;
  const out: CalibrationMargin[] = margins.map((m, j) => {
    const G = m.levels.length;
    const psw = stepWeights[j]!;
    const factor = new Float64Array(n);
    const psuWeight = new Float64Array(P * G);
    const divisor = new Float64Array(G);
    for (let i = 0; i < n; i++) {
      const g = m.group[i]!;
      const w = psw[i]!;
      if (method === 'poststratify') {
        factor[i] = w === 0 ? 0 : oldWeights[i]! / w;
        divisor[g]! += oldWeights[i]!;
      } else {
        factor[i] = w === 0 ? 0 : 1 / w;
        divisor[g]! += 1;
      }
      psuWeight[design.psu[i]! * G + g]! += w;
    }
    return { variables: m.variables, levels: m.levels, group: m.group, factor, psuWeight, divisor };
  });
  const cross: Float64Array[] = [];
  for (let j = 0; j < J; j++) {
    for (let k = 0; k < J; k++) {
      const Gj = margins[j]!.levels.length;
      const Gk = margins[k]!.levels.length;
      const A = new Float64Array(Gj * Gk);
      const gj = margins[j]!.group;
      const gk = margins[k]!.group;
      const fj = out[j]!.factor;
      const pswK = stepWeights[k]!;
      for (let i = 0; i < n; i++) A[gj[i]! * Gk + gk[i]!]! += pswK[i]! * fj[i]!;
      cross.push(A);
    }
  }
  return { method, margins: out, cross, iterations: method === 'rake' ? 10 : 1 };
}

/**
 * Calibrates `design.weights` (left unchanged) to population totals. "poststratify": one margin of joint
 * cells, each cell's weights scaled to its count (R's `postStratify`). "rake": iterative proportional fitting,
 * post-stratifying on each margin in turn (R's `rake`), until every margin is within `tolerance` (relative) or
 * `maxIterations` sweeps. Returns the weights and, for the SEs, the calibration as R's `design$postStrata`
 * records it (the weights after each margin's step in the last sweep).
 */
export function calibrate(
  design: Design,
  method: 'rake' | 'poststratify',
  margins: MarginTarget[],
  options: { maxIterations: number; tolerance: number },
): CalibrationResult {
  const oldWeights = design.weights;
  const weights = Float64Array.from(oldWeights);
  let stepWeights: Float64Array[] = [];
  let iterations = 0;
  let error = Number.POSITIVE_INFINITY;
  if (method === 'poststratify') {
    applyMargin(weights, margins[0]!);
    stepWeights = [Float64Array.from(weights)];
    iterations = 1;
    error = marginError(weights, margins);
  } else {
    while (iterations < options.maxIterations) {
      iterations++;
      stepWeights = margins.map((m) => {
        applyMargin(weights, m);
        return Float64Array.from(weights);
      });
      error = marginError(weights, margins);
      if (error < options.tolerance) break;
    }
  }
  return {
    weights,
    calibration: calibrationInfo(design, method, margins, stepWeights, oldWeights),
    converged: error < options.tolerance,
    iterations,
    maxMarginError: error,
  };
}
