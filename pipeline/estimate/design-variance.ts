import type { Calibration, Design } from '../../schemas/design.js';

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

/**
 * Subtracts the calibration's projection from PSU totals, in place, as R's `svyrecvar` does with
 * `design$postStrata`: `groupSums[j][g]` is the sum over rows in group g of margin j of influence x factor.
 * Post-stratification: x - psw * (sum_g x oldw / psw) / (sum_g oldw); raking: R's 10 backfitting sweeps of
 * x - psw * ave(x / psw, margin), carried out on the group sums (exact, without revisiting rows).
 */
export function residualizePsuTotals(calibration: Calibration, psuTotals: Float64Array, groupSums: Float64Array[]): Float64Array {
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
  const P = psuTotals.length;
  for (let j = 0; j < J; j++) {
    const G = margins[j]!.levels.length;
    const psuWeight = margins[j]!.psuWeight;
    const c = coef[j]!;
    for (let p = 0; p < P; p++) {
      let s = 0;
      for (let g = 0; g < G; g++) s += c[g]! * psuWeight[p * G + g]!;
      psuTotals[p]! -= s;
    }
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
 * set (all rows without a mask).
 */
export function degreesOfFreedom(design: Design, mask?: Uint8Array | null): number {
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
