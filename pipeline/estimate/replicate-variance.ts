import type { Design, Replicates } from '../../schemas/design.js';

/**
 * The replicate variance of an estimate, as R's `svrVar` (survey 4.1): replicates that give NaN are dropped
 * (with their rscales), then scale x sum_r rscales_r (theta_r - centre)^2, the centre being the full-sample
 * estimate with `mse`, else the mean of the replicates with rscales > 0. NaN when every replicate is NaN.
 */
export function replicateVariance(replicates: Replicates, thetas: Float64Array, estimate: number): number {
  const { rscales, scale, mse } = replicates;
  let centre = estimate;
  if (!mse) {
    let s = 0;
    let m = 0;
    for (let r = 0; r < thetas.length; r++) {
      const t = thetas[r]!;
      if (t === t && rscales[r]! > 0) {
        s += t;
        m++;
      }
    }
    centre = s / m;
  }
  let v = 0;
  let used = 0;
  for (let r = 0; r < thetas.length; r++) {
    const t = thetas[r]!;
    if (t !== t) continue;
    used++;
    const d = t - centre;
    v += d * d * rscales[r]!;
  }
  return used === 0 ? Number.NaN : v * scale;
}

/** The covariance of two estimates from their replicates (svrVar's cross-product), for contrasts. */
export function replicateCovariance(replicates: Replicates, a: Float64Array, estimateA: number, b: Float64Array, estimateB: number): number {
  const { rscales, scale, mse } = replicates;
  let ca = estimateA;
  let cb = estimateB;
  if (!mse) {
    let sa = 0;
    let sb = 0;
    let m = 0;
    for (let r = 0; r < a.length; r++) {
      if (a[r] === a[r] && b[r] === b[r] && rscales[r]! > 0) {
        sa += a[r]!;
        sb += b[r]!;
        m++;
      }
    }
    ca = sa / m;
    cb = sb / m;
  }
  let v = 0;
  for (let r = 0; r < a.length; r++) if (a[r] === a[r] && b[r] === b[r]) v += (a[r]! - ca) * (b[r]! - cb) * rscales[r]!;
  return v * scale;
}

const wholeDf = new WeakMap<Replicates, number>();

/**
 * R's `degf` for a replicate design restricted to the rows in `mask` (all rows without one): the rank of
 * those rows' replicate weights minus one (`qr(weights(design, "analysis"), tol = 1e-5)$rank - 1`). The rank
 * is found as LINPACK's dqrdc2 finds it, column by column: a column whose norm, after removing the columns
 * kept before it, is below 1e-5 of its own norm does not count. This works on the Gram matrix (squared
 * norms, threshold 1e-10), accumulated over the rows in blocks, so memory stays R x R.
 */
export function replicateDf(design: Design, mask?: Uint8Array | null): number {
  const rep = design.replicates!;
  if (!mask) {
    const cached = wholeDf.get(rep);
    if (cached !== undefined) return cached;
  }
  const columns = rep.weights;
  const R = columns.length;
  const n = design.rowCount;
  const gram = new Float64Array(R * R);
  const BLOCK = 256;
  const buffer = new Float64Array(BLOCK * R);
  let filled = 0;
  const flush = () => {
    for (let i = 0; i < filled; i++) {
      const row = i * R;
      for (let a = 0; a < R; a++) {
        const wa = buffer[row + a]!;
        if (wa === 0) continue;
        const g = a * R;
        for (let b = 0; b <= a; b++) gram[g + b]! += wa * buffer[row + b]!;
      }
    }
    filled = 0;
  };
  for (let i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    const row = filled * R;
    for (let r = 0; r < R; r++) buffer[row + r] = columns[r]![i]!;
    if (++filled === BLOCK) flush();
  }
  flush();
  const rank = gramRank(gram, R);
  if (!mask) wholeDf.set(rep, rank - 1);
  return rank - 1;
}

/** The rank of a matrix from its Gram matrix (lower triangle filled), greedily in column order (see replicateDf). */
function gramRank(gram: Float64Array, R: number): number {
  const kept: number[] = [];
  // L[j][k]: the Cholesky factor's entries for kept columns k
  const L = new Float64Array(R * R);
  for (let j = 0; j < R; j++) {
    const gjj = gram[j * R + j]!;
    if (!(gjj > 0)) continue;
    let d = gjj;
    for (const k of kept) d -= L[j * R + k]! * L[j * R + k]!;
    if (d <= 1e-10 * gjj) continue;
    const root = Math.sqrt(d);
    L[j * R + j] = root;
    // fill column j of L for the later columns
    for (let i = j + 1; i < R; i++) {
      let s = gram[i * R + j]!;
      for (const k of kept) s -= L[i * R + k]! * L[j * R + k]!;
      L[i * R + j] = s / root;
    }
    kept.push(j);
  }
  return kept.length;
}
