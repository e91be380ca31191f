import type { Design } from '../../schemas/design.js';
import { criticalValue } from './confidence-interval.js';
import { degreesOfFreedom, psuVariance, residualizePsuTotals, strataPresent } from './design-variance.js';
import { chooseDf, type DfRule } from './estimate-interval.js';
import { estimateMean } from './linear-estimates.js';

/** Options of the quantile estimators: the level, and which df the interval uses (default: the rows' own). */
export interface QuantileOptions {
  level: number;
  /** "domain" (default): degf of the rows used, as svyquantile; "design": `designDf`; "inf": normal */
  dfRule?: DfRule;
  designDf?: number;
}

/**
 * A quantile with its Woodruff interval and the SE derived from it. An end is NaN where R gives NaN: the
 * share's interval leaves [0, 1], or there are no degrees of freedom (then the SE is NaN too).
 */
export interface QuantileEstimate {
  estimate: number;
  se: number;
  low: number;
  high: number;
  df: number;
  n: number;
}

/** Sorted values and cumulative weights of the rows that count (weight > 0). */
interface SortedSample {
  x: Float64Array;
  cumw: Float64Array;
  total: number;
}

function sortSample(design: Design, x: Float64Array, ok: Uint8Array): SortedSample {
  const idx: number[] = [];
  const w = design.weights;
  for (let i = 0; i < x.length; i++) if (ok[i] && w[i]! > 0) idx.push(i);
  idx.sort((a, b) => x[a]! - x[b]! || a - b);
  return sampleOf(design, x, Int32Array.from(idx), idx.length);
}

/**
 * R's `qrule="math"` (svyquantile's default in survey 4.x): the smallest x whose weighted distribution
 * function reaches p, i.e. with `pos` the last index whose cumulative weight is <= p x total, x[pos] when that
 * cumulative weight equals p x total exactly, else x[pos + 1]. When p x total is below the first weight,
 * R's code takes pos = 1 (its `last()` of no index) and so returns the second value, not the first as the
 * definition would: kept, so that results agree with R (it only matters in tiny samples or extreme p).
 */
function quantileMath(s: SortedSample, p: number): number {
  const m = s.x.length;
  if (m === 0) return Number.NaN;
  const target = p * s.total;
  let lo = 0;
  let hi = m; // first index with cumw > target
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.cumw[mid]! <= target) lo = mid + 1;
    else hi = mid;
  }
  // R's `last()` of no index is the first index, so a p below the first share still looks at x[0] and x[1]
  const pos = Math.max(lo - 1, 0);
  if (p - s.cumw[pos]! / s.total === 0) return s.x[pos]!;
  return s.x[Math.min(pos + 1, m - 1)]!;
}

/**
 * The quantile p of x over rows in `mask` with a value, as `svyquantile(na.rm=TRUE)` in survey 4.x with its
 * defaults: `qrule="math"` and Woodruff's interval (`interval.type="mean"`): the proportion below the
 * estimate, its linearised SE, its interval m +/- t_df se with df = degf of the rows used, mapped back through
 * the quantile function; SE = interval width / (2 t_df). When the proportion's interval leaves [0, 1], R gives
 * NaN for that end, and so do we (never clamped); with no df (the rows lie within one PSU) both ends are NaN.
 */
export function estimateQuantile(
  design: Design,
  x: Float64Array,
  p: number,
  mask: Uint8Array | null,
  options: QuantileOptions,
): QuantileEstimate {
  const ok = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) ok[i] = x[i] === x[i] && (!mask || mask[i]) ? 1 : 0;
  const sample = sortSample(design, x, ok);
  const estimate = quantileMath(sample, p);
  const df = chooseDf(options.dfRule ?? 'domain', degreesOfFreedom(design, ok), options.designDf ?? Number.NaN);
  if (Number.isNaN(estimate)) return { estimate, se: Number.NaN, low: Number.NaN, high: Number.NaN, df, n: 0 };
  const below = new Float64Array(x.length).fill(Number.NaN);
  for (let i = 0; i < x.length; i++) if (ok[i]) below[i] = x[i]! <= estimate ? 1 : 0;
  const m = estimateMean(design, below);
  return woodruffInterval(sample, estimate, m, df, options);
}

/**
 * Woodruff's interval for a quantile (svyquantile's default): the interval of the share below the estimate,
 * `m`, mapped back through the sample's quantile function; the SE is the interval's width over 2 x the
 * critical value.
 */
function woodruffInterval(
  sample: Parameters<typeof quantileMath>[0],
  estimate: number,
  m: { estimate: number; se: number; n: number },
  df: number,
  options: QuantileOptions,
): QuantileEstimate {
  const c = criticalValue(options.level, df);
  const pLow = m.estimate - c * m.se;
  const pHigh = m.estimate + c * m.se;
  const low = Number.isNaN(pLow) || pLow < 0 ? Number.NaN : quantileMath(sample, pLow);
  const high = Number.isNaN(pHigh) || pHigh > 1 ? Number.NaN : quantileMath(sample, pHigh);
  return { estimate, se: (high - low) / (2 * c), low, high, df, n: m.n };
}

/**
 * The rows `rows` (ascending) sorted by (x, row), as sortSample's comparator orders them: the distinct values
 * sorted natively (-0 and 0 are one value there too), then a stable counting sort of the rows by value rank.
 */
function orderByValue(x: Float64Array, rows: Int32Array): Int32Array {
  const m = rows.length;
  const values = new Float64Array(m);
  for (let k = 0; k < m; k++) values[k] = x[rows[k]!]!;
  values.sort();
  let u = 0;
  for (let k = 0; k < m; k++) if (u === 0 || values[k] !== values[u - 1]) values[u++] = values[k]!;
  const distinct = values.subarray(0, u);
  const rank = new Int32Array(m);
  const start = new Int32Array(u + 1);
  for (let k = 0; k < m; k++) {
    const v = x[rows[k]!]!;
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    rank[k] = lo;
    start[lo + 1]!++;
  }
  for (let r = 0; r < u; r++) start[r + 1]! += start[r]!;
  const order = new Int32Array(m);
  for (let k = 0; k < m; k++) order[start[rank[k]!]!++] = rows[k]!;
  return order;
}

/**
 * Values and cumulative weights of the first `m` rows of `order` (rows sorted by value). The running sums are
 * compensated (Neumaier): R's cumsum and sum accumulate in extended precision, and the quantile rule tests
 * cumulative weights for exact equality with p x total (ties of equal weights).
 */
function sampleOf(design: Design, x: Float64Array, order: Int32Array, m: number): SortedSample {
  const w = design.weights;
  const xs = new Float64Array(m);
  const cumw = new Float64Array(m);
  let s = 0;
  let comp = 0;
  for (let k = 0; k < m; k++) {
    const i = order[k]!;
    xs[k] = x[i]!;
    const v = w[i]!;
    const t = s + v;
    comp += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
    cumw[k] = s + comp;
  }
  return { x: xs, cumw, total: s + comp };
}

/**
 * estimateMean of the indicator x <= cut over the rows `rows` (ascending), with the same arithmetic in the same
 * order as estimateMean over a NaN-padded column (rows outside carry no influence): mean, SE and base.
 */
function shareBelow(design: Design, x: Float64Array, rows: Int32Array, m: number, cut: number): { estimate: number; se: number; n: number } {
  const { weights: w, psu } = design;
  let W = 0;
  let S = 0;
  let n = 0;
  for (let k = 0; k < m; k++) {
    const i = rows[k]!;
    const b = x[i]! <= cut ? 1 : 0;
    W += w[i]!;
    S += w[i]! * b;
    if (w[i] !== 0) n++;
  }
  const mean = S / W;
  const P = design.psuStart[design.strata.length]!;
  const totals = new Float64Array(P);
  const z = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const i = rows[k]!;
    z[k] = (w[i]! * ((x[i]! <= cut ? 1 : 0) - mean)) / W;
    totals[psu[i]!]! += z[k]!;
  }
  const cal = design.calibration;
  if (cal) {
    const sums = cal.margins.map((margin) => {
      const g = new Float64Array(margin.levels.length);
      for (let k = 0; k < m; k++) if (z[k] !== 0) g[margin.group[rows[k]!]!]! += z[k]! * margin.factor[rows[k]!]!;
      return g;
    });
    residualizePsuTotals(cal, totals, sums);
  }
  let present: Uint8Array | null = null;
  if (design.lonelyPsu === 'average' && !cal) {
    const ok = new Uint8Array(design.rowCount);
    for (let k = 0; k < m; k++) ok[rows[k]!] = 1;
    present = strataPresent(design, ok);
  }
  const variance = psuVariance(design, totals, present);
  return { estimate: mean, se: W > 0 ? Math.sqrt(variance) : Number.NaN, n };
}

/** degreesOfFreedom over the rows `rows` with a non-zero weight. */
function rowsDf(design: Design, rows: Int32Array, m: number): number {
  const { weights, psu, stratum } = design;
  const seenPsu = new Uint8Array(design.psuStart[design.strata.length]!);
  const seenStratum = new Uint8Array(design.strata.length);
  let psus = 0;
  let strata = 0;
  for (let k = 0; k < m; k++) {
    const i = rows[k]!;
    if (weights[i] === 0) continue;
    if (!seenPsu[psu[i]!]) {
      seenPsu[psu[i]!] = 1;
      psus++;
    }
    if (!seenStratum[stratum[i]!]) {
      seenStratum[stratum[i]!] = 1;
      strata++;
    }
  }
  return psus - strata;
}

/**
 * estimateQuantile for the whole sample and for every domain of `domain` (codes 0..count-1; -1 in none) at once,
 * with the same results: x is sorted once, and each domain's sample is its subsequence of that order.
 * Returns the whole sample's estimate first, then domain 0..count-1.
 */
export function estimateDomainQuantiles(
  design: Design,
  x: Float64Array,
  p: number,
  domain: { codes: Int32Array; count: number } | null,
  options: QuantileOptions,
): QuantileEstimate[] {
  const n = x.length;
  const w = design.weights;
  // rows with a value (ascending) and, among them, those with a weight, sorted by (x, row)
  const D = domain ? domain.count : 0;
  const codes = domain?.codes ?? null;
  let valuedCount = 0;
  let weightedCount = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] !== x[i]) continue;
    valuedCount++;
    if (w[i]! > 0) weightedCount++;
  }
  const rowsAll = new Int32Array(valuedCount);
  const weighted = new Int32Array(weightedCount);
  for (let i = 0, v = 0, u = 0; i < n; i++) {
    if (x[i] !== x[i]) continue;
    rowsAll[v++] = i;
    if (w[i]! > 0) weighted[u++] = i;
  }
  const order = orderByValue(x, weighted);
  // per domain: its rows (ascending) and its sorted subsequence
  const count = new Int32Array(D + 1);
  const sortedCount = new Int32Array(D + 1);
  if (codes) {
    for (let k = 0; k < rowsAll.length; k++) if (codes[rowsAll[k]!]! >= 0) count[codes[rowsAll[k]!]!]!++;
    for (let k = 0; k < weighted.length; k++) if (codes[weighted[k]!]! >= 0) sortedCount[codes[weighted[k]!]!]!++;
  }
  const rows = Array.from({ length: D }, (_, d) => new Int32Array(count[d]!));
  const sorted = Array.from({ length: D }, (_, d) => new Int32Array(sortedCount[d]!));
  if (codes) {
    const at = new Int32Array(D);
    for (let k = 0; k < rowsAll.length; k++) {
      const i = rowsAll[k]!;
      const d = codes[i]!;
      if (d >= 0) rows[d]![at[d]!++] = i;
    }
    at.fill(0);
    for (let k = 0; k < order.length; k++) {
      const d = codes[order[k]!]!;
      if (d >= 0) sorted[d]![at[d]!++] = order[k]!;
    }
  }
  const one = (r: Int32Array, o: Int32Array): QuantileEstimate => {
    const sample = sampleOf(design, x, o, o.length);
    const estimate = quantileMath(sample, p);
    const df = chooseDf(options.dfRule ?? 'domain', rowsDf(design, r, r.length), options.designDf ?? Number.NaN);
    if (Number.isNaN(estimate)) return { estimate, se: Number.NaN, low: Number.NaN, high: Number.NaN, df, n: 0 };
    return woodruffInterval(sample, estimate, shareBelow(design, x, r, r.length, estimate), df, options);
  };
  return [one(rowsAll, order), ...rows.map((r, d) => one(r, sorted[d]!))];
}
