import type { Calibration, Design } from '../../schemas/design.js';
import { firstStageView, multistageCovariance } from './multistage-variance.js';
import { replicateDf } from './replicate-variance.js';

/**
 * Covariance of two linearised estimates from their PSU totals (influence functions summed within PSUs, after
 * calibration residuals): sum over strata of (1 - f_h) n_h / (n_h - 1) sum_i (a_hi - mean_h a)(b_hi - mean_h b),
 * as R's `svyrecvar` for one stage. Strata with one PSU follow `design.lonelyPsu` as R's `survey.lonely.psu`
 * (with `survey.adjust.domain.lonely = FALSE`): "adjust" centres that PSU at zero (the population mean of an
 * influence function), "remove" and "certainty" give it no variance, "average" scales the other strata's sum
 * by H / H_ok. Strata with f_h = 1 (every PSU sampled) contribute nothing. `present` (used by "average" only)
 * lists the strata R would see: for an uncalibrated design R drops the rows outside a domain or with a missing
 * value, and then counts only the strata left (see `strataPresent`).
 */
export function psuCovariance(design: Design, a: Float64Array, b: Float64Array = a, present?: Uint8Array | null): number {
  if (design.stages) return multistageCovariance(design, a, b, (view, x, y) => psuCovariance(view, x, y, present));
  const { psuStart, popSize, lonelyPsu } = design;
  const H = design.strata.length;
  let total = 0;
  let okStrata = 0;
  let counted = 0;
  for (let h = 0; h < H; h++) {
    if (present && !present[h]) continue;
    counted++;
    const start = psuStart[h]!;
    const end = psuStart[h + 1]!;
    const n = end - start;
    const N = popSize[h]!;
    const f = N === Infinity ? 1 : (N - n) / N;
    if (n === 1) {
      if (f < 1e-7) {
        okStrata++;
        continue;
      }
      if (lonelyPsu === 'average') continue;
      okStrata++;
      if (lonelyPsu === 'adjust') total += f * a[start]! * b[start]!;
      continue;
    }
    okStrata++;
    if (f < 1e-7 || n === 0) continue;
    let ma = 0;
    let mb = 0;
    for (let p = start; p < end; p++) {
      ma += a[p]!;
      mb += b[p]!;
    }
    ma /= n;
    mb /= n;
    let s = 0;
    if (a === b) {
      for (let p = start; p < end; p++) {
        const d = a[p]! - ma;
        s += d * d;
      }
    } else {
      for (let p = start; p < end; p++) s += (a[p]! - ma) * (b[p]! - mb);
    }
    total += (s * f * n) / (n - 1);
  }
  if (lonelyPsu === 'average') return okStrata === 0 ? Number.NaN : (total * counted) / okStrata;
  return total;
}

/**
 * The covariance matrix (q x q, row-major) of q linearised estimates from their PSU totals `columns[a][p]`,
 * by the same rule as psuCovariance (without `present`), accumulated stratum by stratum in one pass.
 */
export function psuCovarianceMatrix(design: Design, columns: Float64Array[]): Float64Array {
  const q = columns.length;
  const out = new Float64Array(q * q);
  if (design.stages) {
    for (let a = 0; a < q; a++) for (let b = a; b < q; b++) out[a * q + b] = out[b * q + a] = psuCovariance(design, columns[a]!, columns[b]!);
    return out;
  }
  const { psuStart, popSize, lonelyPsu } = design;
  const H = design.strata.length;
  const mean = new Float64Array(q);
  const dev = new Float64Array(q);
  let okStrata = 0;
  for (let h = 0; h < H; h++) {
    const start = psuStart[h]!;
    const end = psuStart[h + 1]!;
    const n = end - start;
    const N = popSize[h]!;
    const f = N === Infinity ? 1 : (N - n) / N;
    if (n === 1 && f >= 1e-7 && lonelyPsu === 'average') continue;
    okStrata++;
    if (f < 1e-7 || n === 0) continue;
    if (n === 1 && lonelyPsu !== 'adjust') continue;
    // n = 1 with "adjust": centred at zero, scale f
    const scale = n === 1 ? f : (f * n) / (n - 1);
    for (let a = 0; a < q; a++) {
      let s = 0;
      if (n > 1) for (let p = start; p < end; p++) s += columns[a]![p]!;
      mean[a] = n > 1 ? s / n : 0;
    }
    for (let p = start; p < end; p++) {
      for (let a = 0; a < q; a++) dev[a] = columns[a]![p]! - mean[a]!;
      for (let a = 0; a < q; a++) {
        const da = dev[a]! * scale;
        if (da === 0) continue;
        const row = a * q;
        for (let b = 0; b < q; b++) out[row + b]! += da * dev[b]!;
      }
    }
  }
  if (lonelyPsu === 'average') {
    const factor = okStrata === 0 ? Number.NaN : H / okStrata;
    for (let i = 0; i < out.length; i++) out[i]! *= factor;
  }
  return out;
}

/** Variance of a linearised estimate from its PSU totals (see psuCovariance). */
export function psuVariance(design: Design, totals: Float64Array, present?: Uint8Array | null): number {
  return psuCovariance(design, totals, totals, present);
}

/**
 * For lonely_psu "average" on an uncalibrated design: the strata that have a row in the estimate's rows
 * (`ok`), as R's subsetting leaves them; null when every stratum counts (other modes, calibrated designs).
 */
export function strataPresent(design: Design, ok: Uint8Array): Uint8Array | null {
  if (design.lonelyPsu !== 'average' || design.calibration) return null;
  const present = new Uint8Array(design.strata.length);
  for (let i = 0; i < design.rowCount; i++) if (ok[i]) present[design.stratum[i]!] = 1;
  return present;
}

/** The backfitting of R's residuals on group sums: the coefficients C (per margin, per group) for sums B. */
function backfit(calibration: Calibration, groupSums: Float64Array[]): Float64Array[] {
  const { margins, cross, iterations } = calibration;
  const J = margins.length;
  const coef = margins.map((m) => new Float64Array(m.levels.length));
  for (let it = 0; it < iterations; it++) {
    for (let j = 0; j < J; j++) {
      const margin = margins[j]!;
      const G = margin.levels.length;
      const sums = groupSums[j]!;
      const c = coef[j]!;
      const update = new Float64Array(G);
      for (let g = 0; g < G; g++) {
        let s = sums[g]!;
        for (let k = 0; k < J; k++) {
          const Gk = margins[k]!.levels.length;
          const A = cross[j * J + k]!;
          const ck = coef[k]!;
          for (let m = 0; m < Gk; m++) s -= A[g * Gk + m]! * ck[m]!;
        }
        const div = margin.divisor[g]!;
        update[g] = div === 0 ? 0 : s / div;
      }
      for (let g = 0; g < G; g++) c[g]! += update[g]!;
    }
  }
  return coef;
}

/**
 * The calibration's projection as one P x S matrix Q (S = all groups of all margins), row-major: the PSU
 * totals' correction is Q times the stacked group sums. Backfitting is linear in the group sums, so Q is
 * found once per calibration (from unit vectors) and cached.
 */
const projections = new WeakMap<Calibration, { Q: Float64Array; S: number; P: number }>();
function projectionOf(calibration: Calibration, P: number): { Q: Float64Array; S: number; P: number } {
  const cached = projections.get(calibration);
  if (cached && cached.P === P) return cached;
  const sizes = calibration.margins.map((m) => m.levels.length);
  const S = sizes.reduce((a, b) => a + b, 0);
  // calibrate()'s exact projection comes ready-made (pipeline/weight/calibrate-linear.ts)
  if (calibration.projection) return { Q: calibration.projection, S, P };
  const Q = new Float64Array(P * S);
  let col = 0;
  sizes.forEach((G, j) => {
    for (let g = 0; g < G; g++, col++) {
      const unit = sizes.map((size) => new Float64Array(size));
      unit[j]![g] = 1;
      const coef = backfit(calibration, unit);
      // correction at PSU p = sum over margins k of sum_m coef_k[m] psuWeight_k[p, m]
      calibration.margins.forEach((margin, k) => {
        const Gk = sizes[k]!;
        const c = coef[k]!;
        const psuWeight = margin.psuWeight;
        for (let p = 0; p < P; p++) {
          let v = 0;
          for (let m = 0; m < Gk; m++) v += c[m]! * psuWeight[p * Gk + m]!;
          Q[p * S + col]! += v;
        }
      });
    }
  });
  const projection = { Q, S, P };
  projections.set(calibration, projection);
  return projection;
}

/**
 * Subtracts the calibration's projection from PSU totals, in place, as R's `svyrecvar` does with
 * `design$postStrata`: `groupSums[j][g]` is the sum over rows in group g of margin j of influence x factor.
 * Post-stratification: x - psw * (sum_g x oldw / psw) / (sum_g oldw); raking: R's 10 backfitting sweeps of
 * x - psw * ave(x / psw, margin), carried out on the group sums (exact, without revisiting rows; the sweeps
 * are linear, so they are applied as one cached matrix).
 */
export function residualizePsuTotals(calibration: Calibration, psuTotals: Float64Array, groupSums: Float64Array[]): Float64Array {
  const P = psuTotals.length;
  const { Q, S } = projectionOf(calibration, P);
  const b = new Float64Array(S);
  let at = 0;
  for (const sums of groupSums) for (let g = 0; g < sums.length; g++) b[at++] = sums[g]!;
  for (let p = 0; p < P; p++) {
    let v = 0;
    const row = p * S;
    for (let s = 0; s < S; s++) v += Q[row + s]! * b[s]!;
    psuTotals[p]! -= v;
  }
  return psuTotals;
}

/**
 * The PSU totals of a row-level influence function, residualised for calibration: what `psuVariance` needs.
 * Rows outside the estimate's domain simply carry zero influence (domain estimation keeps the full design).
 */
export function linearize(design: Design, influence: Float64Array): Float64Array {
  const P = design.psuStart[design.strata.length]!;
  const totals = new Float64Array(P);
  const { psu } = design;
  const n = design.rowCount;
  for (let i = 0; i < n; i++) totals[psu[i]!]! += influence[i]!;
  const cal = design.calibration;
  if (!cal) return totals;
  const sums = cal.margins.map((m) => {
    const s = new Float64Array(m.levels.length);
    const { group, factor } = m;
    for (let i = 0; i < n; i++) {
      const z = influence[i]!;
      if (z !== 0) s[group[i]!]! += z * factor[i]!;
    }
    return s;
  });
  return residualizePsuTotals(cal, totals, sums);
}

/**
 * Design degrees of freedom as R's `degf`: PSUs minus strata among rows with a non-zero weight and `mask`
 * set (all rows without a mask); first-stage PSUs of a multistage design; for replicate weights, the rank of
 * the replicate weights of those rows minus one (R's `degf.svyrep.design` of the subset).
 */
export function degreesOfFreedom(design: Design, mask?: Uint8Array | null): number {
  if (design.replicates) return replicateDf(design, mask);
  if (design.stages) return degreesOfFreedom(firstStageView(design), mask);
  const { weights, psu, stratum } = design;
  const P = design.psuStart[design.strata.length]!;
  const seenPsu = new Uint8Array(P);
  const seenStratum = new Uint8Array(design.strata.length);
  let psus = 0;
  let strata = 0;
  for (let i = 0; i < design.rowCount; i++) {
    if (weights[i] === 0 || (mask && !mask[i])) continue;
    const p = psu[i]!;
    if (!seenPsu[p]) {
      seenPsu[p] = 1;
      psus++;
    }
    const h = stratum[i]!;
    if (!seenStratum[h]) {
      seenStratum[h] = 1;
      strata++;
    }
  }
  return psus - strata;
}

/**
 * degreesOfFreedom for every domain of `codes` (0..count-1; rows coded < 0 are in none) in one pass over the
 * rows: the same numbers as calling it with each domain's mask, in time linear in rows + domains instead of
 * their product (`--by` with 100k groups took 106 s).
 */
export function degreesOfFreedomByDomain(design: Design, codes: Int32Array, count: number): Float64Array {
  if (design.replicates) {
    // a replicate design's df comes from its replicate weights (R degf for svyrep.design), one domain at a time
    const mask = new Uint8Array(design.rowCount);
    return Float64Array.from({ length: count }, (_, d) => {
      for (let i = 0; i < design.rowCount; i++) mask[i] = codes[i] === d ? 1 : 0;
      return degreesOfFreedom(design, mask);
    });
  }
  if (design.stages) return degreesOfFreedomByDomain(firstStageView(design), codes, count);
  const { weights, psu, stratum } = design;
  const P = design.psuStart[design.strata.length]!;
  const H = design.strata.length;
  const seenPsu = new Set<number>();
  const seenStratum = new Set<number>();
  const df = new Float64Array(count);
  for (let i = 0; i < design.rowCount; i++) {
    const d = codes[i]!;
    if (weights[i] === 0 || d < 0) continue;
    const pk = d * P + psu[i]!;
    if (!seenPsu.has(pk)) {
      seenPsu.add(pk);
      df[d] = df[d]! + 1;
    }
    const hk = d * H + stratum[i]!;
    if (!seenStratum.has(hk)) {
      seenStratum.add(hk);
      df[d] = df[d]! - 1;
    }
  }
  return df;
}
