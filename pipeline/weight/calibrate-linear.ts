import type { Calibration, CalibrationMargin, Design } from '../../schemas/design.js';
import type { CalibrationResult, MarginTarget } from './calibrate.js';
import { marginError } from './calibrate.js';

/** The distance functions of R's `calibrate(calfun = ...)`. */
export type CalFun = 'linear' | 'raking' | 'logit';

/** Bounds on the g-weights (calibrated weight / design weight). */
export interface GBounds {
  lower: number;
  upper: number;
}

/** R survey's calfun objects: g - 1 = Fm1(u) and its derivative dF(u) (cal.linear, cal.raking, cal.logit). */
function calfun(kind: CalFun, { lower: L, upper: U }: GBounds): { Fm1: (u: number) => number; dF: (u: number) => number } {
  switch (kind) {
    case 'linear':
      return { Fm1: (u) => Math.min(Math.max(u + 1, L), U) - 1, dF: (u) => (u < U - 1 && u > L - 1 ? 1 : 0) };
    case 'raking':
      return { Fm1: (u) => Math.min(Math.max(Math.exp(u), L), U) - 1, dF: (u) => (u < U - 1 && u > L - 1 ? Math.exp(u) : 0) };
    case 'logit': {
      const A = (U - L) / ((U - 1) * (1 - L));
      return {
        Fm1: (u) => {
          const e = Math.exp(A * u);
          return (L * (U - 1) + U * (1 - L) * e) / (U - 1 + (1 - L) * e) - 1;
        },
        dF: (u) => {
          const e = Math.exp(A * u);
          const den = U - 1 + (1 - L) * e;
          return (U * (1 - L) * e * A) / den - ((L * (U - 1) + U * (1 - L) * e) * ((1 - L) * e * A)) / (den * den);
        },
      };
    }
  }
}

/** Solves the symmetric q x q system T x = b by Gaussian elimination with partial pivoting (T is copied). */
function solveSystem(T: Float64Array, b: Float64Array, q: number): Float64Array {
  const a = Float64Array.from(T);
  const x = Float64Array.from(b);
  for (let c = 0; c < q; c++) {
    let pivot = c;
    for (let r = c + 1; r < q; r++) if (Math.abs(a[r * q + c]!) > Math.abs(a[pivot * q + c]!)) pivot = r;
    if (pivot !== c) {
      for (let k = 0; k < q; k++) [a[c * q + k], a[pivot * q + k]] = [a[pivot * q + k]!, a[c * q + k]!];
      [x[c], x[pivot]] = [x[pivot]!, x[c]!];
    }
    const d = a[c * q + c]!;
    if (d === 0) continue;
    for (let r = c + 1; r < q; r++) {
      const f = a[r * q + c]! / d;
      if (f === 0) continue;
      for (let k = c; k < q; k++) a[r * q + k]! -= f * a[c * q + k]!;
      x[r]! -= f * x[c]!;
    }
  }
  for (let c = q - 1; c >= 0; c--) {
    let s = x[c]!;
    for (let k = c + 1; k < q; k++) s -= a[c * q + k]! * x[k]!;
    const d = a[c * q + c]!;
    x[c] = d === 0 ? 0 : s / d;
  }
  return x;
}

/**
 * The calibration model matrix as R's `model.matrix(~v1 + v2 + ...)`: an intercept, then for each margin an
 * indicator of every level but the first (treatment contrasts). `basis[k]` lists, per column k, the (margin,
 * level) pairs it sums: the intercept all levels of margin 0, the others one level each.
 */
function modelColumns(margins: MarginTarget[]): { q: number; of: (i: number, out: Float64Array) => void; target: Float64Array; basis: [number, number][][] } {
  const basis: [number, number][][] = [margins[0]!.levels.map((_, l) => [0, l] as [number, number])];
  const target = [margins[0]!.targets.reduce((a, b) => a + b, 0)];
  const colOf = margins.map((m) => new Int32Array(m.levels.length).fill(-1));
  margins.forEach((m, j) => {
    for (let l = 1; l < m.levels.length; l++) {
      colOf[j]![l] = basis.length;
      basis.push([[j, l]]);
      target.push(m.targets[l]!);
    }
  });
  const q = basis.length;
  return {
    q,
    of: (i, out) => {
      out.fill(0);
      out[0] = 1;
      margins.forEach((m, j) => {
        const c = colOf[j]![m.group[i]!]!;
        if (c > 0) out[c] = 1;
      });
    },
    target: Float64Array.from(target),
    basis,
  };
}

/**
 * Calibrates `design.weights` to the margins' population counts as R's `calibrate(design, ~v1 + v2, population,
 * calfun, bounds)` (survey 4.1, `grake`): Newton steps on the calibration equations with g = 1 + Fm1(x'eta),
 * until every |misfit| / (1 + |population|) < tolerance or maxIterations; with no bounds, "linear" is the GREG
 * estimator in one step (R `regcalibrate`). For the SEs, the calibration is recorded as R's
 * `greg_calibration`: influence functions lose their weighted regression on the model matrix,
 * x - g w m' B^-1 sum_j m_j x_j / g_j with B = sum w m m' (design weights w), applied to PSU totals as one
 * P x S matrix (`projection`) times the group sums of x / g.
 */
export function calibrateGreg(
  design: Design,
  method: CalFun,
  margins: MarginTarget[],
  options: { bounds?: GBounds | undefined; maxIterations: number; tolerance: number },
): CalibrationResult {
  const n = design.rowCount;
  const w0 = design.weights;
  const bounds = options.bounds ?? { lower: -Infinity, upper: Infinity };
  const { Fm1, dF } = calfun(method, bounds);
  const cols = modelColumns(margins);
  const q = cols.q;
  const m = new Float64Array(q);
  const X = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    cols.of(i, m);
    X.set(m, i * q);
  }
  const sampleTotal = new Float64Array(q);
  for (let i = 0; i < n; i++) for (let k = 0; k < q; k++) sampleTotal[k]! += X[i * q + k]! * w0[i]!;
  // R rescales the weights when every population total is over 20 times the sample's
  let scale = 1;
  const scales = cols.target.map((t, k) => t / sampleTotal[k]!);
  if (Math.min(...scales) > 20) scale = scales.reduce((a, b) => a + b, 0) / q;
  const ww = Float64Array.from(w0, (w) => w * scale);
  const st = sampleTotal.map((t) => t * scale);
  const eta = new Float64Array(q);
  const xeta = new Float64Array(n);
  const misfitOf = () => {
    const out = Float64Array.from(cols.target, (t, k) => t - st[k]!);
    for (let i = 0; i < n; i++) {
      const f = ww[i]! * Fm1(xeta[i]!);
      for (let k = 0; k < q; k++) out[k]! -= X[i * q + k]! * f;
    }
    return out;
  };
  const update = () => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < q; k++) s += X[i * q + k]! * eta[k]!;
      xeta[i] = s;
    }
  };
  let iterations = 1;
  let converged = false;
  let worst = Infinity;
  for (;;) {
    const T = new Float64Array(q * q);
    for (let i = 0; i < n; i++) {
      const d = ww[i]! * dF(xeta[i]!);
      if (d === 0) continue;
      for (let a = 0; a < q; a++) {
        const xa = X[i * q + a]! * d;
        if (xa === 0) continue;
        for (let b = 0; b < q; b++) T[a * q + b]! += xa * X[i * q + b]!;
      }
    }
    const deta = solveSystem(T, misfitOf(), q);
    for (let k = 0; k < q; k++) eta[k]! += deta[k]!;
    update();
    // step halving while g is not finite (R)
    while (iterations < options.maxIterations && xeta.some((u) => !Number.isFinite(Fm1(u)) || !Number.isFinite(dF(u)))) {
      iterations++;
      for (let k = 0; k < q; k++) {
        deta[k]! /= 2;
        eta[k]! -= deta[k]!;
      }
      update();
    }
    const misfit = misfitOf();
    worst = Math.max(...misfit.map((v, k) => Math.abs(v) / (1 + Math.abs(cols.target[k]!))));
    if (worst < options.tolerance) {
      converged = true;
      break;
    }
    iterations++;
    if (iterations > options.maxIterations) break;
  }
  const g = Float64Array.from(xeta, (u) => (1 + Fm1(u)) * scale);
  const weights = Float64Array.from(g, (gi, i) => gi * w0[i]!);
  return {
    weights,
    calibration: gregCalibration(design, margins, X, q, g, cols.basis, method),
    converged,
    iterations,
    maxMarginError: marginError(weights, margins),
  };
}

/** The linearisation record of a calibrate() result (see calibrateGreg). */
function gregCalibration(design: Design, margins: MarginTarget[], X: Float64Array, q: number, g: Float64Array, basis: [number, number][][], method: CalFun): Calibration {
  const n = design.rowCount;
  const w = design.weights;
  const P = design.psuStart[design.strata.length]!;
  const B = new Float64Array(q * q);
  const C = new Float64Array(P * q);
  for (let i = 0; i < n; i++) {
    const p = design.psu[i]!;
    const gw = g[i]! * w[i]!;
    for (let a = 0; a < q; a++) {
      const xa = X[i * q + a]!;
      if (xa === 0) continue;
      C[p * q + a]! += gw * xa;
      for (let b = 0; b < q; b++) B[a * q + b]! += w[i]! * xa * X[i * q + b]!;
    }
  }
  // Binv T': column s (a margin's level) of T' is the model columns that level enters
  const sizes = margins.map((mg) => mg.levels.length);
  const offsets = sizes.map((_, j) => sizes.slice(0, j).reduce((a, b) => a + b, 0));
  const S = sizes.reduce((a, b) => a + b, 0);
  const BinvT = new Float64Array(q * S);
  for (let s = 0; s < S; s++) {
    const col = new Float64Array(q);
    basis.forEach((pairs, k) => {
      for (const [j, l] of pairs) if (offsets[j]! + l === s) col[k] = 1;
    });
    const x = solveSystem(B, col, q);
    for (let k = 0; k < q; k++) BinvT[k * S + s] = x[k]!;
  }
  const projection = new Float64Array(P * S);
  for (let p = 0; p < P; p++) {
    for (let k = 0; k < q; k++) {
      const c = C[p * q + k]!;
      if (c === 0) continue;
      for (let s = 0; s < S; s++) projection[p * S + s]! += c * BinvT[k * S + s]!;
    }
  }
  const inverse = Float64Array.from(g, (gi) => (gi === 0 ? 0 : 1 / gi));
  const out: CalibrationMargin[] = margins.map((mg) => ({
    variables: mg.variables,
    levels: mg.levels,
    group: mg.group,
    factor: inverse,
    psuWeight: new Float64Array(0),
    divisor: new Float64Array(mg.levels.length),
  }));
  return { method, margins: out, cross: [], iterations: 1, projection };
}

/**
 * R's `trimWeights(design, lower, upper)` (strict = FALSE): weights outside [lower, upper] are set to the
 * bound, and what was cut (or added) is shared equally among the weights that were inside. Returns the new
 * weights and how many were trimmed.
 */
export function trimWeights(weights: Float64Array, lower = -Infinity, upper = Infinity): { weights: Float64Array; trimmed: number } {
  const out = Float64Array.from(weights, (w) => Math.max(lower, Math.min(w, upper)));
  let cut = 0;
  let inside = 0;
  let trimmed = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i]! < lower || weights[i]! > upper) {
      cut += weights[i]! - out[i]!;
      trimmed++;
    } else inside++;
  }
  if (trimmed === 0) return { weights: Float64Array.from(weights), trimmed };
  const share = cut / inside;
  for (let i = 0; i < weights.length; i++) if (!(weights[i]! < lower || weights[i]! > upper)) out[i]! += share;
  return { weights: out, trimmed };
}
