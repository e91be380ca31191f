import type { Design, Replicates } from '../../schemas/design.js';
import type { DomainColumn, DomainItem, DomainMeans, KernelState } from './estimate-domain-means.js';
import type { LinearEstimate } from './linear-estimates.js';
import { replicateVariance } from './replicate-variance.js';

/** An item as numbers (NaN is missing), whatever form the domain kernel was given it in. */
function itemValues(item: DomainItem): Float64Array {
  if (item instanceof Float64Array) return item;
  const { codes } = item;
  const out = new Float64Array(codes.length);
  if ('level' in item) {
    for (let i = 0; i < codes.length; i++) out[i] = codes[i]! < 0 ? Number.NaN : codes[i] === item.level ? 1 : 0;
  } else {
    const { values } = item;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      out[i] = c < 0 || c >= values.length ? Number.NaN : values[c]!;
    }
  }
  return out;
}

/** Replicate estimates kept per domain-means result, for contrasts and replicate logit intervals. */
export interface ReplicateThetas {
  /** per (domain 0..D, item): R replicate means, then R replicate totals */
  mean: Float64Array[];
  total: Float64Array[];
}
const thetasOf = new WeakMap<DomainMeans, ReplicateThetas>();

/** The replicate means and totals behind a domain-means result of a replicate design (undefined otherwise). */
export function replicateThetas(result: DomainMeans): ReplicateThetas | undefined {
  return thetasOf.get(result);
}

/** Sums of weight and weight x value per domain (index D: every row) with one weight column. */
function domainSums(w: Float64Array, x: Float64Array, codes: Int32Array | null, D: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v !== v) continue;
    const wi = w[i]!;
    const d = codes ? codes[i]! : -1;
    if (d >= 0) {
      out[2 * d]! += wi;
      out[2 * d + 1]! += wi * v;
    }
    out[2 * D]! += wi;
    out[2 * D + 1]! += wi * v;
  }
}

/**
 * estimateDomainMeans for a replicate-weight design, as R's `svymean`/`svytotal` on an `svrepdesign` (with
 * `svyby` for domains, `na.rm = TRUE`): the estimate with the full-sample weights, the variance from the same
 * estimate under each replicate's weights (replicateVariance). A domain is the design restricted to its rows,
 * which for these statistics is the same as zero weights outside it. Design effects are not computed (NaN).
 */
export function replicateDomainMeans(design: Design, items: DomainItem[], domain: DomainColumn | null, options: { deff?: boolean } = {}): DomainMeans {
  const rep = design.replicates!;
  const K = items.length;
  const D = domain ? domain.count : 0;
  const codes = domain ? domain.codes : null;
  const R = rep.weights.length;
  const size = (D + 1) * K;
  const out: DomainMeans = {
    domains: D,
    items: K,
    mean: new Float64Array(size),
    meanSe: new Float64Array(size),
    total: new Float64Array(size),
    totalSe: new Float64Array(size),
    weightSum: new Float64Array(size),
    n: new Float64Array(size),
    deff: options.deff ? new Float64Array(size).fill(Number.NaN) : null,
    deffReplace: options.deff ? new Float64Array(size).fill(Number.NaN) : null,
    totalDeff: options.deff ? new Float64Array(size).fill(Number.NaN) : null,
    state: emptyState(K, D),
  };
  const thetas: ReplicateThetas = { mean: [], total: [] };
  for (let at = 0; at < size; at++) {
    thetas.mean.push(new Float64Array(R));
    thetas.total.push(new Float64Array(R));
  }
  const sums = new Float64Array(2 * (D + 1));
  items.forEach((item, k) => {
    const x = itemValues(item);
    // base: rows with a value and a non-zero weight
    const w = design.weights;
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== x[i] || w[i] === 0) continue;
      const d = codes ? codes[i]! : -1;
      if (d >= 0) out.n[d * K + k]!++;
      out.n[D * K + k]!++;
    }
    domainSums(w, x, codes, D, sums);
    for (let d = 0; d <= D; d++) {
      const at = d * K + k;
      out.weightSum[at] = sums[2 * d]!;
      out.total[at] = sums[2 * d + 1]!;
      out.mean[at] = sums[2 * d + 1]! / sums[2 * d]!;
    }
    for (let r = 0; r < R; r++) {
      domainSums(rep.weights[r]!, x, codes, D, sums);
      for (let d = 0; d <= D; d++) {
        const at = d * K + k;
        thetas.total[at]![r] = sums[2 * d + 1]!;
        thetas.mean[at]![r] = sums[2 * d + 1]! / sums[2 * d]!;
      }
    }
    for (let d = 0; d <= D; d++) {
      const at = d * K + k;
      out.meanSe[at] = out.weightSum[at]! > 0 ? Math.sqrt(replicateVariance(rep, thetas.mean[at]!, out.mean[at]!)) : Number.NaN;
      out.totalSe[at] = Math.sqrt(replicateVariance(rep, thetas.total[at]!, out.total[at]!));
    }
  });
  thetasOf.set(out, thetas);
  return out;
}

/** The kernel state of a replicate result: empty (contrasts use the replicates instead). */
function emptyState(K: number, D: number): KernelState {
  const none = new Int32Array(0);
  return { P: 0, K, D, cellDomain: none, cellPsu: none, domainCellStart: new Int32Array(D + 2), domainCells: none, acc: new Float64Array(0), calib: [], dom: new Float64Array(0) };
}

/**
 * The SE of logit(p) from the replicates, as R `svyciprop(method = "logit")` on a replicate design gets it:
 * the intercept-only quasibinomial glm refitted under each replicate's weights from the full fit
 * (rLogitIntercept), then svrVar; expressed on the proportion's scale (x p (1 - p)) so that logitInterval
 * gives R's interval.
 */
export function replicateLogitSe(replicates: Replicates, thetas: Float64Array, p: number): number {
  const start = Math.log(p / (1 - p));
  const logits = Float64Array.from(thetas, (t) => (t === t ? rLogitIntercept(t, start) : Number.NaN));
  return Math.sqrt(replicateVariance(replicates, logits, start)) * p * (1 - p);
}

const EPS = 2.220446049250313e-16;

/** R's logit inverse link (C logit_linkinv): exp(eta) held within [eps, 1 / eps]. */
function linkinv(eta: number): number {
  const t = eta < -30 ? EPS : eta > 30 ? 1 / EPS : Math.exp(eta);
  return t / (1 + t);
}

/** R's d mu / d eta for the logit link (C logit_mu_eta). */
function muEta(eta: number): number {
  const e = Math.exp(eta);
  return eta > 30 || eta < -30 ? EPS : e / ((1 + e) * (1 + e));
}

/** Binomial deviance of a weighted proportion p (weights summing to 1) at mu. */
function deviance(p: number, mu: number): number {
  return 2 * ((p > 0 ? p * Math.log(p / mu) : 0) + (p < 1 ? (1 - p) * Math.log((1 - p) / (1 - mu)) : 0));
}

/**
 * The intercept R's `glm.fit` returns for a weighted proportion p from `start` (survey's replicate refits):
 * IRLS steps eta + (p - mu) / mu.eta until |dev - devold| / (|dev| + 0.1) < 1e-8 or 25 iterations. For
 * 0 < p < 1 this is logit(p) to about 1e-10; for p of exactly 0 or 1 it is where R stops (near -/+ 20), which
 * is what R's interval then uses.
 */
export function rLogitIntercept(p: number, start: number): number {
  let eta = start;
  let devold = deviance(p, linkinv(eta));
  for (let it = 0; it < 25; it++) {
    const mu = linkinv(eta);
    eta = eta + (p - mu) / muEta(eta);
    const dev = deviance(p, linkinv(eta));
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < 1e-8) break;
    devold = dev;
  }
  return eta;
}

/** A replicate design's linear estimate of one kind over the rows in `mask` with a value. */
function replicateLinear(
  design: Design,
  columns: Float64Array[],
  mask: Uint8Array | null | undefined,
  statistic: (sums: Float64Array) => number,
): LinearEstimate {
  const rep = design.replicates!;
  const n = design.rowCount;
  const ok = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    if (columns.some((c) => c[i] !== c[i])) continue;
    ok[i] = 1;
    if (design.weights[i] !== 0) count++;
  }
  const sums = new Float64Array(columns.length + 1);
  const evaluate = (w: Float64Array) => {
    sums.fill(0);
    for (let i = 0; i < n; i++) {
      if (!ok[i]) continue;
      const wi = w[i]!;
      sums[0]! += wi;
      for (let c = 0; c < columns.length; c++) sums[c + 1]! += wi * columns[c]![i]!;
    }
    return statistic(sums);
  };
  const estimate = evaluate(design.weights);
  const weightSum = sums[0]!;
  const thetas = Float64Array.from(rep.weights, evaluate);
  const variance = replicateVariance(rep, thetas, estimate);
  return { estimate, se: Math.sqrt(variance), variance, n: count, weightSum, deff: Number.NaN, deffReplace: Number.NaN, psuTotals: thetas };
}

/** svymean on a replicate design (rows in `mask` with a value). `psuTotals` holds the replicate estimates. */
export function replicateMean(design: Design, x: Float64Array, mask?: Uint8Array | null): LinearEstimate {
  return replicateLinear(design, [x], mask, (s) => s[1]! / s[0]!);
}

/** svytotal on a replicate design. */
export function replicateTotal(design: Design, x: Float64Array, mask?: Uint8Array | null): LinearEstimate {
  return replicateLinear(design, [x], mask, (s) => s[1]!);
}

/** svyratio on a replicate design: sum(w y) / sum(w x) under every replicate's weights. */
export function replicateRatio(design: Design, y: Float64Array, x: Float64Array, mask?: Uint8Array | null): LinearEstimate {
  return replicateLinear(design, [y, x], mask, (s) => s[1]! / s[2]!);
}
