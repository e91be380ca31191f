import type { Design } from '../../schemas/design.js';
import { InputError } from '../errors.js';
import { degreesOfFreedom, linearize, psuCovarianceMatrix } from './design-variance.js';
import { designMessages as msg } from './design-messages.js';
import { replicateVariance } from './replicate-variance.js';

/** The families thinktank fits: R's `gaussian()` and `quasibinomial()` (logit link). */
export type GlmFamily = 'gaussian' | 'quasibinomial';

/** A fitted design-based regression: coefficients with SEs on R's residual df. */
export interface GlmFit {
  names: string[];
  coef: Float64Array;
  se: Float64Array;
  /** R's `df.residual` of an svyglm: degf of the design on the rows used + 1 - number of coefficients */
  df: number;
  /** rows used (complete, non-zero weight) */
  n: number;
  iterations: number;
}

const MAX_ITERATIONS = 100;

/** Solves the p x p symmetric positive definite system A x = b (Cholesky); null when A is singular. */
function solve(A: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j]!;
    for (let k = 0; k < j; k++) d -= L[j * p + k]! * L[j * p + k]!;
    if (!(d > 1e-10 * Math.abs(A[j * p + j]!)) || !(A[j * p + j]! > 0)) return null;
    const root = Math.sqrt(d);
    L[j * p + j] = root;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j]!;
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      L[i * p + j] = s / root;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * p + k]! * z[k]!;
    z[i] = s / L[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * x[k]!;
    x[i] = s / L[i * p + i]!;
  }
  return x;
}

/** The inverse of A (p x p) column by column; null when singular. */
function invert(A: Float64Array, p: number): Float64Array | null {
  const out = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const e = new Float64Array(p);
    e[j] = 1;
    const x = solve(A, e, p);
    if (!x) return null;
    for (let i = 0; i < p; i++) out[i * p + j] = x[i]!;
  }
  return out;
}

const expit = (eta: number) => 1 / (1 + Math.exp(-eta));

/**
 * The weighted (quasi-)likelihood fit, as R's `glm(..., weights = w)` inside svyglm: weighted least squares
 * for gaussian; iteratively reweighted least squares with the logit link for quasibinomial, run to full
 * convergence (|change| <= 1e-13 relative), from `start` when given (R's replicate refits start at the full
 * fit). Returns the coefficients and A = sum w v x x' (v = mu (1 - mu) for quasibinomial, 1 for gaussian).
 */
function fit(X: Float64Array[], y: Float64Array, w: Float64Array, rows: Int32Array, family: GlmFamily, start: Float64Array | null): { beta: Float64Array; A: Float64Array; iterations: number } {
  const p = X.length;
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  const x = new Float64Array(p);
  let beta: Float64Array | null = start ? Float64Array.from(start) : null;
  for (let it = 1; it <= MAX_ITERATIONS; it++) {
    A.fill(0);
    b.fill(0);
    for (const i of rows) {
      for (let j = 0; j < p; j++) x[j] = X[j]![i]!;
      let v = 1;
      let z = y[i]!;
      if (family === 'quasibinomial') {
        let eta = 0;
        if (beta) for (let j = 0; j < p; j++) eta += beta[j]! * x[j]!;
        else eta = Math.log((y[i]! + 0.5) / (1.5 - y[i]!));
        const mu = expit(eta);
        v = mu * (1 - mu);
        z = eta + (y[i]! - mu) / v;
      }
      const wv = w[i]! * v;
      if (wv === 0) continue;
      for (let j = 0; j < p; j++) {
        const xj = wv * x[j]!;
        b[j]! += xj * z;
        for (let k = 0; k <= j; k++) A[j * p + k]! += xj * x[k]!;
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[k * p + j] = A[j * p + k]!;
    const next = solve(A, b, p);
    if (!next) throw new InputError(msg.singularModel(`${p} columns`));
    if (family === 'gaussian') return { beta: next, A, iterations: 1 };
    let change = 0;
    if (beta) for (let j = 0; j < p; j++) change = Math.max(change, Math.abs(next[j]! - beta[j]!) / (1 + Math.abs(next[j]!)));
    const done = beta !== null && change <= 1e-13;
    beta = next;
    // A at the converged coefficients
    if (done) return { beta: next, A: information(X, w, rows, next), iterations: it };
  }
  throw new InputError(msg.notConverged(MAX_ITERATIONS));
}

/** sum w mu (1 - mu) x x' at beta (logit link). */
function information(X: Float64Array[], w: Float64Array, rows: Int32Array, beta: Float64Array): Float64Array {
  const p = X.length;
  const A = new Float64Array(p * p);
  for (const i of rows) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += beta[j]! * X[j]![i]!;
    const mu = expit(eta);
    const wv = w[i]! * mu * (1 - mu);
    for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) A[j * p + k]! += wv * X[j]![i]! * X[k]![i]!;
  }
  return A;
}

/**
 * Design-based regression as R's `svyglm` (survey 4.1) with `summary()`: coefficients from the weighted fit;
 * for a linearised design (strata, clusters, stages, calibration) the sandwich variance of `svy.varcoef`, the
 * design variance of the influence functions w_i (y_i - mu_i) A^-1 x_i; for replicate weights the fit under
 * every replicate's weights (from the full fit, as R) and their replicate variance. df = degf + 1 - p on the
 * rows used (R: `degf(design) + 1 - length(coef)`). Rows outside `complete` are dropped (na.omit); R drops
 * them from the design, so they carry no influence and do not count in degf.
 */
export function fitSvyglm(design: Design, X: Float64Array[], names: string[], y: Float64Array, complete: Uint8Array, family: GlmFamily): GlmFit {
  const rowList: number[] = [];
  let n = 0;
  for (let i = 0; i < design.rowCount; i++) {
    if (!complete[i]) continue;
    rowList.push(i);
    if (design.weights[i] !== 0) n++;
  }
  const rows = Int32Array.from(rowList);
  const p = X.length;
  const { beta, A, iterations } = fit(X, y, design.weights, rows, family, null);
  const se = new Float64Array(p);
  if (design.replicates) {
    const rep = design.replicates;
    const thetas = X.map(() => new Float64Array(rep.weights.length));
    rep.weights.forEach((w, r) => {
      const b = fit(X, y, w, rows, family, beta).beta;
      for (let j = 0; j < p; j++) thetas[j]![r] = b[j]!;
    });
    for (let j = 0; j < p; j++) se[j] = Math.sqrt(replicateVariance(rep, thetas[j]!, beta[j]!));
  } else {
    const Ainv = invert(A, p);
    if (!Ainv) throw new InputError(msg.singularModel(names.join(', ')));
    const influence = X.map(() => new Float64Array(design.rowCount));
    for (const i of rows) {
      let eta = 0;
      for (let j = 0; j < p; j++) eta += beta[j]! * X[j]![i]!;
      const mu = family === 'quasibinomial' ? expit(eta) : eta;
      const r = design.weights[i]! * (y[i]! - mu);
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let k = 0; k < p; k++) s += Ainv[j * p + k]! * X[k]![i]!;
        influence[j]![i] = r * s;
      }
    }
    const V = psuCovarianceMatrix(design, influence.map((h) => linearize(design, h)));
    for (let j = 0; j < p; j++) se[j] = Math.sqrt(V[j * p + j]!);
  }
  const df = degreesOfFreedom(design, complete) + 1 - p;
  return { names, coef: beta, se, df, n, iterations };
}
