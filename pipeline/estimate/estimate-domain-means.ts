import type { Design } from '../../schemas/design.js';
import { psuCovariance, psuVariance, residualizePsuTotals } from './design-variance.js';
import { replicateDomainMeans, replicateThetas } from './replicate-estimates.js';
import { replicateVariance } from './replicate-variance.js';

/** Domain membership: `codes[i]` in 0..count-1, or -1 for a row in no domain (it still counts in the whole). */
export interface DomainColumn {
  codes: Int32Array;
  count: number;
}

/**
 * An item given as the indicator of one code of a coded column: NaN where the code is missing (< 0), 1 where it
 * is `level`, else 0. The kernel handles indicators of one column together, in O(1) per row whatever the number
 * of levels, with exactly the same sums as the explicit 0/1 arrays.
 */
export interface IndicatorItem {
  codes: Int32Array;
  level: number;
}

/**
 * An item given as numbers looked up by the code of a coded column: `values[code]` (NaN is missing; so are codes
 * past the end), NaN where the code is missing (< 0). Same sums as the explicit array, without building it.
 */
export interface CodedItem {
  codes: Int32Array;
  values: Float64Array;
}

/** An item of the domain kernel: numbers (NaN is missing), a code's indicator, or numbers by code. */
export type DomainItem = Float64Array | IndicatorItem | CodedItem;

/**
 * The items of one coded column, handled in one pass: indicators (their items by code in `itemOf`, -1: no item)
 * and numbers by code (item `coded[a]` has value `table[a * width + code]`).
 */
interface CodeGroup {
  codes: Int32Array;
  itemOf: Int32Array;
  members: number[];
  coded: Int32Array;
  table: Float64Array;
  width: number;
}

/** The explicit array of an indicator or coded item: NaN where the code is missing. */
function materialize(item: IndicatorItem | CodedItem): Float64Array {
  const { codes } = item;
  const out = new Float64Array(codes.length);
  if ('level' in item) {
    const { level } = item;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      out[i] = c < 0 ? Number.NaN : c === level ? 1 : 0;
    }
  } else {
    const { values } = item;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      out[i] = c < 0 || c >= values.length ? Number.NaN : values[c]!;
    }
  }
  return out;
}

/**
 * The items as plain arrays (`numeric`: positions and arrays) and groups by coded column. With non-finite weights
 * (w x 0 is NaN there, so an indicator's zeros count) every item goes the explicit way.
 */
function groupItems(items: DomainItem[], finite: boolean): { numeric: Int32Array; arrays: Float64Array[]; groups: CodeGroup[] } {
  const numeric: number[] = [];
  const arrays: Float64Array[] = [];
  const byCodes = new Map<Int32Array, { levels: Map<number, number>; members: number[]; coded: number[]; values: Float64Array[] }>();
  items.forEach((item, k) => {
    if (item instanceof Float64Array || !finite) {
      numeric.push(k);
      arrays.push(item instanceof Float64Array ? item : materialize(item));
      return;
    }
    let g = byCodes.get(item.codes);
    if (!g) {
      g = { levels: new Map(), members: [], coded: [], values: [] };
      byCodes.set(item.codes, g);
    }
    if (!('level' in item)) {
      g.coded.push(k);
      g.values.push(item.values);
      return;
    }
    // a level listed twice: the second copy is handled as a plain array
    if (g.levels.has(item.level) || item.level < 0) {
      numeric.push(k);
      arrays.push(materialize(item));
      return;
    }
    g.levels.set(item.level, k);
    g.members.push(k);
  });
  const groups = [...byCodes].map(([codes, g]): CodeGroup => {
    const top = Math.max(-1, ...g.levels.keys());
    const itemOf = new Int32Array(top + 1).fill(-1);
    for (const [level, k] of g.levels) itemOf[level] = k;
    const width = Math.max(0, ...g.values.map((v) => v.length));
    const table = new Float64Array(g.values.length * width).fill(Number.NaN);
    g.values.forEach((v, a) => table.set(v, a * width));
    return { codes, itemOf, members: g.members, coded: Int32Array.from(g.coded), table, width };
  });
  return { numeric: Int32Array.from(numeric), arrays, groups };
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

/** Each row's (domain, PSU) cell and the cells' domain and PSU. */
interface CellIndex {
  cell: Int32Array;
  cellDomain: Int32Array;
  cellPsu: Int32Array;
}

/** Cell indices by design and domain codes (the codes must not change after a call). */
const cellCache = new WeakMap<Design, { whole?: CellIndex; byDomain: WeakMap<Int32Array, Map<number, CellIndex>> }>();

function cellsOf(design: Design, domain: DomainColumn | null): CellIndex {
  let entry = cellCache.get(design);
  if (!entry) {
    entry = { byDomain: new WeakMap() };
    cellCache.set(design, entry);
  }
  if (!domain) return (entry.whole ??= buildCells(design, null));
  let byCount = entry.byDomain.get(domain.codes);
  if (!byCount) {
    byCount = new Map();
    entry.byDomain.set(domain.codes, byCount);
  }
  let index = byCount.get(domain.count);
  if (!index) {
    index = buildCells(design, domain);
    byCount.set(domain.count, index);
  }
  return index;
}

function buildCells(design: Design, domain: DomainColumn | null): CellIndex {
  const n = design.rowCount;
  const D = domain ? domain.count : 0;
  const P = design.psuStart[design.strata.length]!;
  const { psu } = design;
  const domCodes = domain?.codes ?? null;
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
  return { cell, cellDomain: Int32Array.from(cellDomainList), cellPsu: Int32Array.from(cellPsuList) };
}

/**
 * One pass over the rows accumulates, for every (domain, PSU) cell and every item, the weight and weighted
 * sum of the rows with a value; the domain means, their influence functions' PSU totals and hence the
 * variances follow from these sums alone (influence is zero outside a domain, so domains keep the full
 * design). Calibrated designs add one pass per margin for the group sums the calibration residuals need.
 * `deff` adds a pass for R's design effects (the weighted variance is taken about the domain mean).
 */
export function estimateDomainMeans(
  design: Design,
  items: DomainItem[],
  domain: DomainColumn | null,
  options: { deff?: boolean } = {},
): DomainMeans {
  if (design.replicates) return replicateDomainMeans(design, items, domain, options);
  const n = design.rowCount;
  const K = items.length;
  const D = domain ? domain.count : 0;
  const P = design.psuStart[design.strata.length]!;
  const { weights } = design;
  const domCodes = domain?.codes ?? null;

  // 1. cell of each row: (domain or "none", PSU), numbered compactly (shared by every call on this design and domain)
  const { cell, cellDomain, cellPsu } = cellsOf(design, domain);
  const C = cellDomain.length;

  // 2. the hot loop: one pass, every item of the row into its cell, and into the calibration groups' sums
  const KS = K * SLOTS;
  const { acc, calib } = accumulate(design, items, domCodes, D, cell, C);

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
  // many domains of a design without calibration or "average": each domain's variance from the PSUs it touches
  // (time linear in rows + domains; the full pass per domain made `--by` with 100k groups take 106 s)
  const sparse = D > SPARSE_DOMAINS && !design.calibration && design.lonelyPsu !== 'average' ? new SparseVariance(design) : null;
  for (let d = 0; d <= D; d++) {
    for (let k = 0; k < K; k++) {
      const { weight, sum, count } = domainSums(state, d, k);
      const r = d * K + k;
      const mean = sum / weight;
      out.mean[r] = mean;
      out.total[r] = sum;
      out.weightSum[r] = weight;
      out.n[r] = count;
      if (sparse !== null && d < D) {
        out.meanSe[r] = weight > 0 ? Math.sqrt(sparse.variance(state, d, k, mean, weight)) : Number.NaN;
        out.totalSe[r] = Math.sqrt(sparse.variance(state, d, k, 0, 1));
        continue;
      }
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

const finiteCache = new WeakMap<Float64Array, boolean>();

/** Whether every weight is finite (then w x 0 = 0 and the indicators' shortcuts hold); cached per array. */
function allFinite(weights: Float64Array): boolean {
  let finite = finiteCache.get(weights);
  if (finite === undefined) {
    finite = true;
    for (let i = 0; i < weights.length; i++) if (weights[i]! - weights[i]! !== 0) finite = false;
    finiteCache.set(weights, finite);
  }
  return finite;
}

/**
 * The calibration margins as the passes read them, with their sums: per margin, per (domain 0..D, group, item)
 * [sum w f, sum w f x] in `sums`.
 */
interface CalibPass {
  M: number;
  factors: Float64Array[];
  groups: Int32Array[];
  sizes: Int32Array;
  sums: Float64Array[];
}

/**
 * One pass for the plain arrays: per (cell, item) [sum w, sum w x, count] over rows with a value and w != 0, and
 * per calibration margin, per (domain, group, item) [sum w f, sum w f x] over rows with a value and w f != 0.
 */
function numericPass(
  weights: Float64Array,
  cell: Int32Array,
  K: number,
  arrays: Float64Array[],
  numeric: Int32Array,
  acc: Float64Array,
  domCodes: Int32Array | null,
  D: number,
  cal: CalibPass,
  n: number,
): void {
  const KS = K * SLOTS;
  const KN = arrays.length;
  const { M, factors, groups, sizes, sums } = cal;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (w !== 0) {
      const base = cell[i]! * KS;
      for (let a = 0; a < KN; a++) {
        const x = arrays[a]![i]!;
        if (x === x) {
          const o = base + numeric[a]! * SLOTS;
          acc[o]! += w;
          acc[o + 1]! += w * x;
          acc[o + 2]! += 1;
        }
      }
    }
    if (M === 0) continue;
    const code = domCodes ? domCodes[i]! : 0;
    const d = code < 0 ? D : code;
    for (let m = 0; m < M; m++) {
      const wf = w * factors[m]![i]!;
      if (wf === 0) continue;
      const gb = (d * sizes[m]! + groups[m]![i]!) * K * 2;
      const s = sums[m]!;
      for (let a = 0; a < KN; a++) {
        const x = arrays[a]![i]!;
        if (x === x) {
          const k = numeric[a]!;
          s[gb + 2 * k]! += wf;
          s[gb + 2 * k + 1]! += wf * x;
        }
      }
    }
  }
}

/**
 * The same sums for the items of one coded column with finite weights, in one pass: a row's values come from
 * its code; the indicators' weight and count are the same for every level (kept once per cell in `shared`,
 * [sum w, count], and once per (domain, group) of each margin in `calShared`), and a level's weighted sum only gains w on its
 * own rows (w x 0 adds nothing).
 */
function codePass(
  weights: Float64Array,
  cell: Int32Array,
  K: number,
  group: CodeGroup,
  acc: Float64Array,
  shared: Float64Array,
  calShared: Float64Array[],
  domCodes: Int32Array | null,
  D: number,
  cal: CalibPass,
  n: number,
): void {
  const KS = K * SLOTS;
  const { codes, itemOf, coded, table, width } = group;
  const top = itemOf.length;
  const A = coded.length;
  const { M, factors, groups, sizes, sums } = cal;
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    if (c < 0) continue;
    const w = weights[i]!;
    const k = c < top ? itemOf[c]! : -1;
    if (w !== 0) {
      const ci = cell[i]!;
      shared[2 * ci]! += w;
      shared[2 * ci + 1]! += 1;
      const base = ci * KS;
      if (k >= 0) acc[base + k * SLOTS + 1]! += w;
      for (let a = 0; a < A; a++) {
        const x = c < width ? table[a * width + c]! : Number.NaN;
        if (x === x) {
          const o = base + coded[a]! * SLOTS;
          acc[o]! += w;
          acc[o + 1]! += w * x;
          acc[o + 2]! += 1;
        }
      }
    }
    if (M === 0) continue;
    const code = domCodes ? domCodes[i]! : 0;
    const d = code < 0 ? D : code;
    for (let m = 0; m < M; m++) {
      const wf = w * factors[m]![i]!;
      if (wf === 0) continue;
      const dg = d * sizes[m]! + groups[m]![i]!;
      calShared[m]![dg]! += wf;
      const s = sums[m]!;
      const gb = dg * K * 2;
      if (k >= 0) s[gb + 2 * k + 1]! += wf;
      for (let a = 0; a < A; a++) {
        const x = c < width ? table[a * width + c]! : Number.NaN;
        if (x === x) {
          const o = gb + 2 * coded[a]!;
          s[o]! += wf;
          s[o + 1]! += wf * x;
        }
      }
    }
  }
}

/**
 * The kernel's pass over the rows (small monomorphic loops, so that V8 optimises each once): per (cell, item)
 * [sum w, sum w x, count], and per calibration margin, per (domain 0..D, group, item) [sum w f, sum w f x]; one
 * loop for the plain arrays and one per coded column. Every sum receives its terms in row
 * order, so the results equal those of one loop over explicit arrays.
 */
function accumulate(
  design: Design,
  items: DomainItem[],
  domCodes: Int32Array | null,
  D: number,
  cell: Int32Array,
  C: number,
): { acc: Float64Array; calib: Float64Array[] } {
  const n = design.rowCount;
  const K = items.length;
  const KS = K * SLOTS;
  const { weights } = design;
  const margins = design.calibration ? design.calibration.margins : [];
  const { numeric, arrays, groups } = groupItems(items, allFinite(weights));
  const acc = new Float64Array(C * KS);
  const cal: CalibPass = {
    M: margins.length,
    factors: margins.map((m) => m.factor),
    groups: margins.map((m) => m.group),
    sizes: Int32Array.from(margins, (m) => m.levels.length),
    sums: margins.map((m) => new Float64Array((D + 1) * m.levels.length * K * 2)),
  };
  const shared = groups.map(() => new Float64Array(C * 2));
  const calShared = groups.map(() => margins.map((m) => new Float64Array((D + 1) * m.levels.length)));
  if (arrays.length > 0) numericPass(weights, cell, K, arrays, numeric, acc, domCodes, D, cal, n);
  groups.forEach((group, g) => codePass(weights, cell, K, group, acc, shared[g]!, calShared[g]!, domCodes, D, cal, n));
  groups.forEach((group, g) => {
    const sh = shared[g]!;
    for (let c = 0; c < C; c++) {
      for (const k of group.members) {
        acc[c * KS + k * SLOTS] = sh[2 * c]!;
        acc[c * KS + k * SLOTS + 2] = sh[2 * c + 1]!;
      }
    }
    calShared[g]!.forEach((s, m) => {
      const sums = cal.sums[m]!;
      for (let dg = 0; dg < s.length; dg++) for (const k of group.members) sums[dg * K * 2 + 2 * k] = s[dg]!;
    });
  });
  return { acc, calib: cal.sums };
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

/** From how many domains estimateDomainMeans takes each domain's variance from its own PSUs (SparseVariance). */
const SPARSE_DOMAINS = 256;

/**
 * The variance of a domain's influence totals from the PSUs the domain touches, for designs without
 * calibration and lonely_psu other than "average": the same sum as psuVariance, whose untouched PSUs are 0, so
 * per stratum sum (a - mean)^2 = sum over touched (a - mean)^2 + (untouched) mean^2. Used only past
 * SPARSE_DOMAINS domains (the sums' order differs in the last bits, and results with few domains stay as
 * they were, byte for byte).
 */
class SparseVariance {
  private readonly totals: Float64Array;
  private readonly seen: Uint8Array;
  private readonly psuStratum: Int32Array;
  private touched: Int32Array = new Int32Array(64);

  constructor(private readonly design: Design) {
    const P = design.psuStart[design.strata.length]!;
    this.totals = new Float64Array(P);
    this.seen = new Uint8Array(P);
    this.psuStratum = new Int32Array(P);
    for (let h = 0; h < design.strata.length; h++) for (let p = design.psuStart[h]!; p < design.psuStart[h + 1]!; p++) this.psuStratum[p] = h;
  }

  variance(state: KernelState, d: number, k: number, centre: number, scale: number): number {
    const { K, acc, cellPsu, domainCellStart, domainCells } = state;
    const { totals, seen, psuStratum } = this;
    const { psuStart, popSize, lonelyPsu } = this.design;
    const KS = K * SLOTS;
    let m = 0;
    for (let j = domainCellStart[d]!; j < domainCellStart[d + 1]!; j++) {
      const c = domainCells[j]!;
      const p = cellPsu[c]!;
      if (seen[p] === 0) {
        seen[p] = 1;
        if (m === this.touched.length) {
          const grown = new Int32Array(m * 2);
          grown.set(this.touched);
          this.touched = grown;
        }
        this.touched[m++] = p;
      }
      const o = c * KS + k * SLOTS;
      totals[p]! += (acc[o + 1]! - centre * acc[o]!) / scale;
    }
    const list = this.touched.subarray(0, m).sort();
    let total = 0;
    for (let a = 0; a < m; ) {
      const h = psuStratum[list[a]!]!;
      let b = a;
      while (b < m && psuStratum[list[b]!] === h) b++;
      const n = psuStart[h + 1]! - psuStart[h]!;
      const N = popSize[h]!;
      const f = N === Infinity ? 1 : (N - n) / N;
      if (n === 1) {
        const x = totals[list[a]!]!;
        if (f >= 1e-7 && lonelyPsu === 'adjust') total += f * x * x;
      } else if (f >= 1e-7) {
        let mean = 0;
        for (let q = a; q < b; q++) mean += totals[list[q]!]!;
        mean /= n;
        let s = (n - (b - a)) * mean * mean;
        for (let q = a; q < b; q++) {
          const dev = totals[list[q]!]! - mean;
          s += dev * dev;
        }
        total += (s * f * n) / (n - 1);
      }
      a = b;
    }
    for (let q = 0; q < m; q++) {
      totals[list[q]!] = 0;
      seen[list[q]!] = 0;
    }
    return total;
  }
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

/** Sums of w (x - domain mean)^2 (`ss`, per domain and item) and w (x - overall mean)^2 (`ssAll`) of the plain arrays. */
function squaresNumeric(
  weights: Float64Array,
  arrays: Float64Array[],
  numeric: Int32Array,
  K: number,
  D: number,
  domCodes: Int32Array | null,
  mean: Float64Array,
  ss: Float64Array,
  ssAll: Float64Array,
): void {
  const KN = arrays.length;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const code = domCodes ? domCodes[i]! : -1;
    for (let a = 0; a < KN; a++) {
      const v = arrays[a]![i]!;
      if (v !== v) continue;
      const k = numeric[a]!;
      const e = v - mean[D * K + k]!;
      ssAll[k]! += w * e * e;
      if (code >= 0) {
        const b = v - mean[code * K + k]!;
        ss[code * K + k]! += w * b * b;
      }
    }
  }
}

/** The same sums for the items of one coded column (finite weights). */
function squaresCode(
  weights: Float64Array,
  group: CodeGroup,
  members: Int32Array,
  levels: Int32Array,
  K: number,
  D: number,
  domCodes: Int32Array | null,
  mean: Float64Array,
  ss: Float64Array,
  ssAll: Float64Array,
): void {
  const { codes, coded, table, width } = group;
  const L = members.length;
  const A = coded.length;
  for (let i = 0; i < codes.length; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const c = codes[i]!;
    if (c < 0) continue;
    const code = domCodes ? domCodes[i]! : -1;
    for (let m = 0; m < L; m++) {
      const k = members[m]!;
      const v = c === levels[m]! ? 1 : 0;
      const e = v - mean[D * K + k]!;
      ssAll[k]! += w * e * e;
      if (code >= 0) {
        const b = v - mean[code * K + k]!;
        ss[code * K + k]! += w * b * b;
      }
    }
    for (let a = 0; a < A; a++) {
      const v = c < width ? table[a * width + c]! : Number.NaN;
      if (v !== v) continue;
      const k = coded[a]!;
      const e = v - mean[D * K + k]!;
      ssAll[k]! += w * e * e;
      if (code >= 0) {
        const b = v - mean[code * K + k]!;
        ss[code * K + k]! += w * b * b;
      }
    }
  }
}

/** R's design effects (svymean/svytotal deff=TRUE and "replace"), from a second pass about the domain means. */
function addDesignEffects(design: Design, items: DomainItem[], domCodes: Int32Array | null, out: DomainMeans): void {
  const { weights } = design;
  const D = out.domains;
  const K = out.items;
  const ss = new Float64Array((D + 1) * K); // about the domain mean, per domain index 0..D ("none" at D)
  const ssAll = new Float64Array(K); // about the overall mean
  const { numeric, arrays, groups } = groupItems(items, allFinite(weights));
  const members = groups.map((g) => Int32Array.from(g.members));
  const levels = groups.map((g) => Int32Array.from(g.members, (k) => (items[k] as IndicatorItem).level));
  if (arrays.length > 0) squaresNumeric(weights, arrays, numeric, K, D, domCodes, out.mean, ss, ssAll);
  groups.forEach((g, j) => squaresCode(weights, g, members[j]!, levels[j]!, K, D, domCodes, out.mean, ss, ssAll));
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
  const thetas = replicateThetas(result);
  if (design.replicates && thetas) {
    // the difference under every replicate's weights (R: svycontrast of svyby's replicates)
    const ta = thetas.mean[d * K + k]!;
    const tb = thetas.mean[e * K + k]!;
    const difference = result.mean[d * K + k]! - result.mean[e * K + k]!;
    return { difference, se: Math.sqrt(replicateVariance(design.replicates, ta.map((v, r) => v - tb[r]!), difference)) };
  }
  const a = influenceTotals(design, state, d, k, result.mean[d * K + k]!, result.weightSum[d * K + k]!, new Float64Array(state.P));
  const b = influenceTotals(design, state, e, k, result.mean[e * K + k]!, result.weightSum[e * K + k]!, new Float64Array(state.P));
  for (let p = 0; p < state.P; p++) a[p]! -= b[p]!;
  return { difference: result.mean[d * K + k]! - result.mean[e * K + k]!, se: Math.sqrt(psuCovariance(design, a, a)) };
}
