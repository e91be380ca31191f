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
 * those rows' replicate weights minus one (`qr(weights(design, "analysis"), tol = 1e-5)$rank - 1`). Scaling a
 * row and dropping a repeated row leave the rank as it is, so each row is divided by its full-sample weight
 * (replicate weights are the full-sample weight times a factor shared by the rows of a PSU) and only distinct
 * rows are kept: typically one per PSU. Their rank is found as LINPACK's dqrdc2 finds it (Householder QR
 * column by column; a column whose remaining norm is below 1e-5 of its norm is set aside).
 */
export function replicateDf(design: Design, mask?: Uint8Array | null): number {
  const rep = design.replicates!;
  if (!mask) {
    const cached = wholeDf.get(rep);
    if (cached !== undefined) return cached;
  }
  const rows = distinctRows(design, mask);
  const rank = householderRank(rows, rep.weights.length);
  if (!mask) wholeDf.set(rep, rank - 1);
  return rank - 1;
}

/** Each row's pattern (index into `rows`, -1 for a row of zeros) and the distinct patterns, per replicate set. */
const patternsOf = new WeakMap<Replicates, { pattern: Int32Array; rows: Float64Array[] }>();

/**
 * The distinct rows (each divided by its full-sample weight, when non-zero) of the replicate weights, found
 * once per design (a hash: a fixed projection, equal hashes checked value by value); a mask picks the
 * patterns of its rows.
 */
function distinctRows(design: Design, mask: Uint8Array | null | undefined): Float64Array[] {
  const rep = design.replicates!;
  let cached = patternsOf.get(rep);
  if (!cached) {
    const columns = rep.weights;
    const R = columns.length;
    const c1 = Float64Array.from({ length: R }, (_, r) => Math.sin(r + 1) * 1e4);
    const buckets = new Map<number, number[]>();
    const rows: Float64Array[] = [];
    const pattern = new Int32Array(design.rowCount).fill(-1);
    const row = new Float64Array(R);
    for (let i = 0; i < design.rowCount; i++) {
      const w = design.weights[i]!;
      const scaled = w !== 0 && Number.isFinite(w);
      let h1 = 0;
      let zero = true;
      for (let r = 0; r < R; r++) {
        // (w f) / w is f up to the last bit: rounded to 1e-9 so that rows of one PSU share a pattern (the rank's
        // tolerance, 1e-5, is far coarser)
        const x = columns[r]![i]!;
        const v = scaled ? Math.round((x / w) * 1e9) / 1e9 : x;
        row[r] = v;
        if (v !== 0) zero = false;
        h1 += v * c1[r]!;
      }
      if (zero) continue;
      const key = h1;
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = [];
        buckets.set(key, bucket);
      }
      let found = bucket.find((k) => rows[k]!.every((v, r) => v === row[r]));
      if (found === undefined) {
        found = rows.length;
        rows.push(Float64Array.from(row));
        bucket.push(found);
      }
      pattern[i] = found;
    }
    cached = { pattern, rows };
    patternsOf.set(rep, cached);
  }
  if (!mask) return cached.rows;
  const used = new Uint8Array(cached.rows.length);
  for (let i = 0; i < design.rowCount; i++) if (mask[i] && cached.pattern[i]! >= 0) used[cached.pattern[i]!] = 1;
  return cached.rows.filter((_, k) => used[k]);
}

/** The rank of the m x R matrix with the given rows, as dqrdc2 with tol = 1e-5 (see replicateDf). */
function householderRank(rows: Float64Array[], R: number): number {
  const m = rows.length;
  // column-major copy
  const A = new Float64Array(m * R);
  rows.forEach((row, i) => {
    for (let r = 0; r < R; r++) A[r * m + i] = row[r]!;
  });
  const norm0 = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += A[r * m + i]! ** 2;
    norm0[r] = Math.sqrt(s);
  }
  let k = 0; // rows eliminated so far = rank
  for (let r = 0; r < R && k < m; r++) {
    const col = r * m;
    let s = 0;
    for (let i = k; i < m; i++) s += A[col + i]! ** 2;
    const norm = Math.sqrt(s);
    if (!(norm > 1e-5 * norm0[r]!) || norm === 0) continue;
    // Householder vector v = x + sign(x_k) |x| e_k on rows k..m-1
    const alpha = A[col + k]! >= 0 ? -norm : norm;
    A[col + k]! -= alpha;
    let vv = 0;
    for (let i = k; i < m; i++) vv += A[col + i]! ** 2;
    for (let c = r + 1; c < R; c++) {
      const other = c * m;
      let dot = 0;
      for (let i = k; i < m; i++) dot += A[col + i]! * A[other + i]!;
      const f = (2 * dot) / vv;
      for (let i = k; i < m; i++) A[other + i]! -= f * A[col + i]!;
    }
    k++;
  }
  return k;
}
