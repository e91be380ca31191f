import type { Design } from '../../schemas/design.js';
import { criticalValue } from './confidence-interval.js';
import { degreesOfFreedom } from './design-variance.js';
import { estimateMean } from './linear-estimates.js';

/** A quantile with its Woodruff interval and the SE derived from it. */
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
  const xs = new Float64Array(idx.length);
  const cumw = new Float64Array(idx.length);
  // compensated (Neumaier) running sums: R's cumsum and sum accumulate in extended precision, and the
  // quantile rule tests cumulative weights for exact equality with p x total (ties of equal weights)
  let s = 0;
  let comp = 0;
  idx.forEach((i, k) => {
    xs[k] = x[i]!;
    const v = w[i]!;
    const t = s + v;
    comp += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
    cumw[k] = s + comp;
  });
  return { x: xs, cumw, total: s + comp };
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
 * NaN for that end; `boundary: "clamp"` uses the sample minimum or maximum instead. `dfFallback` replaces
 * df when the rows used have none (a single PSU), where R gives NaN.
 */
export function estimateQuantile(
  design: Design,
  x: Float64Array,
  p: number,
  mask: Uint8Array | null,
  options: { level: number; boundary?: 'nan' | 'clamp'; dfFallback?: number },
): QuantileEstimate {
  const ok = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) ok[i] = x[i] === x[i] && (!mask || mask[i]) ? 1 : 0;
  const sample = sortSample(design, x, ok);
  const estimate = quantileMath(sample, p);
  const ownDf = degreesOfFreedom(design, ok);
  const df = ownDf < 1 && options.dfFallback !== undefined ? options.dfFallback : ownDf;
  if (Number.isNaN(estimate)) return { estimate, se: Number.NaN, low: Number.NaN, high: Number.NaN, df, n: 0 };
  const below = new Float64Array(x.length).fill(Number.NaN);
  for (let i = 0; i < x.length; i++) if (ok[i]) below[i] = x[i]! <= estimate ? 1 : 0;
  const m = estimateMean(design, below);
  const c = criticalValue(options.level, df);
  let pLow = m.estimate - c * m.se;
  let pHigh = m.estimate + c * m.se;
  if (options.boundary === 'clamp') {
    pLow = Math.min(Math.max(pLow, 0), 1);
    pHigh = Math.min(Math.max(pHigh, 0), 1);
  }
  const low = Number.isNaN(pLow) || pLow < 0 ? Number.NaN : quantileMath(sample, pLow);
  const high = Number.isNaN(pHigh) || pHigh > 1 ? Number.NaN : quantileMath(sample, pHigh);
  return { estimate, se: (high - low) / (2 * c), low, high, df, n: m.n };
}
