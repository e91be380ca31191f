import type { Design } from '../../schemas/design.js';
import { psuCovariance, psuVariance, residualizePsuTotals } from './design-variance.js';

/** Domain membership: `codes[i]` in 0..count-1, or -1 for a row in no domain (it still counts in the whole). */
export interface DomainColumn {
  codes: Int32Array;
  count: number;
}

/**
 * Means and totals of K numeric items (NaN is missing) for every domain and the whole sample, with
 * linearised SEs. Arrays are indexed `d * K + k`; d = `domains` is the whole sample.
 */
export interface DomainMeans {
  domains: number;
  items: number;
  mean: Float64Array;
  meanSe: Float64Array;
  total: Float64Array;
  totalSe: Float64Array;
  weightSum: Float64Array;
  /** unweighted base: rows with a value and a non-zero weight */
  n: Float64Array;
  /** R's deff=TRUE for the mean (null unless requested) */
  deff: Float64Array | null;
  deffReplace: Float64Array | null;
  totalDeff: Float64Array | null;
  /** the accumulators, for contrasts between domains (domainMeanContrast) */
  state: KernelState;
}

/** Sums per (domain, PSU) cell and per (domain, calibration group); internal to this file and its contrasts. */
export interface KernelState {
  P: number;
  K: number;
  /** real domains; index D is "no domain" */
  D: number;
  cellDomain: Int32Array;
  cellPsu: Int32Array;
  /** cells of each domain index 0..D (CSR) */
  domainCellStart: Int32Array;
  domainCells: Int32Array;
  /** per (cell, item): [sum w, sum w x, count] */
  acc: Float64Array;
  /** per calibration margin, per (domain 0..D, group, item): [sum w f, sum w f x] */
  calib: Float64Array[];
  /** per (domain 0..D, item): [sum w, sum w x, count] */
  dom: Float64Array;
}

const SLOTS = 3;

/**
 * One pass over the rows accumulates, for every (domain, PSU) cell and every item, the weight and weighted
 * sum of the rows with a value; the domain means, their influence functions' PSU totals and hence the
 * variances follow from these sums alone (influence is zero outside a domain, so domains keep the full
 * design). Calibrated designs add one pass per margin for the group sums the calibration residuals need.
 * `deff` adds a pass for R's design effects (the weighted variance is taken about the domain mean).
 */
export function estimateDomainMeans(
  design: Design,
  items: Float64Array[],
  domain: DomainColumn | null,
  options: { deff?: boolean } = {},
): DomainMeans {
  const n = design.rowCount;
  const K = items.length;
  const D = domain ? domain.count : 0;
  const P = design.psuStart[design.strata.length]!;
  const { weights, psu } = design;
  const domCodes = domain?.codes ?? null;

  // 1. cell of each row: (domain or "none", PSU), numbered compactly
  const cell = new Int32Array(n);
  const denseSize = (D + 1) * P;
  const dense = denseSize <= 1 << 24 ? new Int32Array(denseSize).fill(-1) : null;
  const sparse = dense ? null : new Map<number, number>();
  const cellDomainList: number[] = [];
  const cellPsuList: number[] = [];
  for (let i = 0; i < n; i++) {
    const code = domCodes ? domCodes[i]! : 0;
    const d = code < 0 ? D : code;
    const p = psu[i]!;
    const key = d * P + p;
    let c = dense ? dense[key]! : (sparse!.get(key) ?? -1);
    if (c < 0) {
      c = cellDomainList.length;
      cellDomainList.push(d);
      cellPsuList.push(p);
      if (dense) dense[key] = c;
      else sparse!.set(key, c);
    }
    cell[i] = c;
  }
  const C = cellDomainList.length;
  const cellDomain = Int32Array.from(cellDomainList);
  const cellPsu = Int32Array.from(cellPsuList);

  // 2. the hot loop: one pass, every item of the row into its cell
  const KS = K * SLOTS;
  const acc = new Float64Array(C * KS);
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const base = cell[i]! * KS;
    for (let k = 0; k < K; k++) {
      const x = items[k]![i]!;
      if (x === x) {
        const o = base + k * SLOTS;
        acc[o]! += w;
        acc[o + 1]! += w * x;
        acc[o + 2]! += 1;
      }
    }
  }

  // 3. calibration group sums (one pass per margin)
  const cal = design.calibration;
  const calib: Float64Array[] = [];
  if (cal) {
    for (const margin of cal.margins) {
      const G = margin.levels.length;
      const sums = new Float64Array((D + 1) * G * K * 2);
      const { group, factor } = margin;
      for (let i = 0; i < n; i++) {
        const wf = weights[i]! * factor[i]!;
        if (wf === 0) continue;
        const code = domCodes ? domCodes[i]! : 0;
        const d = code < 0 ? D : code;
        const base = (d * G + group[i]!) * K * 2;
        for (let k = 0; k < K; k++) {
          const x = items[k]![i]!;
          if (x === x) {
            sums[base + 2 * k]! += wf;
            sums[base + 2 * k + 1]! += wf * x;
          }
        }
      }
      calib.push(sums);
    }
  }

  // 4. per-domain sums and the cells of each domain
  const dom = new Float64Array((D + 1) * KS);
  const domainCellStart = new Int32Array(D + 2);
  for (let c = 0; c < C; c++) {
    const d = cellDomain[c]!;
    domainCellStart[d + 1]!++;
    for (let j = 0; j < KS; j++) dom[d * KS + j]! += acc[c * KS + j]!;
  }
  for (let d = 0; d <= D; d++) domainCellStart[d + 1]! += domainCellStart[d]!;
  const domainCells = new Int32Array(C);
  const fill = domainCellStart.slice(0, D + 1);
  for (let c = 0; c < C; c++) domainCells[fill[cellDomain[c]!]!++] = c;

  const state: KernelState = { P, K, D, cellDomain, cellPsu, domainCellStart, domainCells, acc, calib, dom };
  const R = (D + 1) * K;
  const out: DomainMeans = {
    domains: D,
    items: K,
    mean: new Float64Array(R),
    meanSe: new Float64Array(R),
    total: new Float64Array(R),
    totalSe: new Float64Array(R),
    weightSum: new Float64Array(R),
    n: new Float64Array(R),
    deff: options.deff ? new Float64Array(R) : null,
    deffReplace: options.deff ? new Float64Array(R) : null,
    totalDeff: options.deff ? new Float64Array(R) : null,
    state,
  };
  const meanTotals = new Float64Array(P);
  const totalTotals = new Float64Array(P);
  for (let d = 0; d <= D; d++) {
    for (let k = 0; k < K; k++) {
      const { weight, sum, count } = domainSums(state, d, k);
      const r = d * K + k;
      const mean = sum / weight;
      out.mean[r] = mean;
      out.total[r] = sum;
      out.weightSum[r] = weight;
      out.n[r] = count;
      influenceTotals(design, state, d, k, mean, weight, meanTotals);
      influenceTotals(design, state, d, k, 0, 1, totalTotals);
      const present = averagePresent(design, state, d, k);
      out.meanSe[r] = weight > 0 ? Math.sqrt(psuVariance(design, meanTotals, present)) : Number.NaN;
      out.totalSe[r] = Math.sqrt(psuVariance(design, totalTotals, present));
    }
  }
  if (options.deff) addDesignEffects(design, items, domCodes, out);
  return out;
}

/** Weight, weighted sum and count of item k in domain d (d = D: the whole sample). */
function domainSums(state: KernelState, d: number, k: number): { weight: number; sum: number; count: number } {
  const { D, K, dom } = state;
  const KS = K * SLOTS;
  let weight = 0;
  let sum = 0;
  let count = 0;
  const from = d === D ? 0 : d;
  const to = d === D ? D : d;
  for (let e = from; e <= to; e++) {
    const o = e * KS + k * SLOTS;
    weight += dom[o]!;
    sum += dom[o + 1]!;
    count += dom[o + 2]!;
  }
  return { weight, sum, count };
}

/**
 * Residualised PSU totals of the influence function (x - centre) w / scale over the rows of domain d with a
 * value of item k (d = D: every row): a mean is (centre = mean, scale = weight), a total (0, 1).
 */
function influenceTotals(design: Design, state: KernelState, d: number, k: number, centre: number, scale: number, out: Float64Array): Float64Array {
  const { D, K, acc, cellPsu, domainCellStart, domainCells, calib } = state;
  out.fill(0);
  const from = d === D ? domainCellStart[0]! : domainCellStart[d]!;
  const to = d === D ? domainCellStart[D + 1]! : domainCellStart[d + 1]!;
  const KS = K * SLOTS;
  for (let j = from; j < to; j++) {
    const c = domainCells[j]!;
    const o = c * KS + k * SLOTS;
    out[cellPsu[c]!]! += (acc[o + 1]! - centre * acc[o]!) / scale;
  }
  const cal = design.calibration;
  if (!cal) return out;
  const groupSums = cal.margins.map((margin, m) => {
    const G = margin.levels.length;
    const sums = new Float64Array(G);
    const s = calib[m]!;
    const dFrom = d === D ? 0 : d;
    const dTo = d === D ? D : d;
    for (let e = dFrom; e <= dTo; e++) {
      for (let g = 0; g < G; g++) {
        const o = ((e * G + g) * K + k) * 2;
        sums[g]! += (s[o + 1]! - centre * s[o]!) / scale;
      }
    }
    return sums;
  });
  return residualizePsuTotals(cal, out, groupSums);
}

/** For lonely_psu "average" on uncalibrated designs: strata with a row of domain d that has item k. */
function averagePresent(design: Design, state: KernelState, d: number, k: number): Uint8Array | null {
  if (design.lonelyPsu !== 'average' || design.calibration) return null;
  const { D, K, acc, cellPsu, domainCellStart, domainCells } = state;
  const present = new Uint8Array(design.strata.length);
  const psuStratum = new Int32Array(state.P);
  for (let h = 0; h < design.strata.length; h++) for (let p = design.psuStart[h]!; p < design.psuStart[h + 1]!; p++) psuStratum[p] = h;
  const from = d === D ? domainCellStart[0]! : domainCellStart[d]!;
  const to = d === D ? domainCellStart[D + 1]! : domainCellStart[d + 1]!;
  for (let j = from; j < to; j++) {
    const c = domainCells[j]!;
    if (acc[(c * K + k) * SLOTS + 2]! > 0) present[psuStratum[cellPsu[c]!]!] = 1;
  }
  return present;
}

/** R's design effects (svymean/svytotal deff=TRUE and "replace"), from a second pass about the domain means. */
function addDesignEffects(design: Design, items: Float64Array[], domCodes: Int32Array | null, out: DomainMeans): void {
  const { weights } = design;
  const D = out.domains;
  const K = out.items;
  const ss = new Float64Array((D + 1) * K); // about the domain mean, per domain index 0..D ("none" at D)
  const ssAll = new Float64Array(K); // about the overall mean
  const allBase = D * K;
  for (let i = 0; i < design.rowCount; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const code = domCodes ? domCodes[i]! : -1;
    for (let k = 0; k < K; k++) {
      const x = items[k]![i]!;
      if (x !== x) continue;
      const a = x - out.mean[allBase + k]!;
      ssAll[k]! += w * a * a;
      if (code >= 0) {
        const b = x - out.mean[code * K + k]!;
        ss[code * K + k]! += w * b * b;
      }
    }
  }
  for (let d = 0; d <= D; d++) {
    for (let k = 0; k < K; k++) {
      const r = d * K + k;
      const W = out.weightSum[r]!;
      const nobs = out.n[r]!;
      const svyvar = ((d === D ? ssAll[k]! : ss[r]!) / W) * (nobs / (nobs - 1));
      const v = out.meanSe[r]! ** 2;
      const vt = out.totalSe[r]! ** 2;
      out.deff![r] = W < nobs ? Number.NaN : v / ((svyvar * (W - nobs)) / (W * nobs));
      out.deffReplace![r] = v / (svyvar / nobs);
      out.totalDeff![r] = vt / ((svyvar * W * (W - nobs)) / nobs);
    }
  }
}

/**
 * The difference of item k's mean between domain d and `versus` (another domain, or the whole sample) with
 * its SE from the full covariance of the two estimates (both influence functions on the same PSUs), as
 * `svycontrast` on the totals gives it.
 */
export function domainMeanContrast(design: Design, result: DomainMeans, k: number, d: number, versus: number | 'all'): { difference: number; se: number } {
  const { state } = result;
  const e = versus === 'all' ? result.domains : versus;
  const K = result.items;
  const a = influenceTotals(design, state, d, k, result.mean[d * K + k]!, result.weightSum[d * K + k]!, new Float64Array(state.P));
  const b = influenceTotals(design, state, e, k, result.mean[e * K + k]!, result.weightSum[e * K + k]!, new Float64Array(state.P));
  for (let p = 0; p < state.P; p++) a[p]! -= b[p]!;
  return { difference: result.mean[d * K + k]! - result.mean[e * K + k]!, se: Math.sqrt(psuCovariance(design, a, a)) };
}
