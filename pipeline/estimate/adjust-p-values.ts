/**
 * Adjusts a family of p-values for multiple comparisons, as R's `p.adjust`: "bh" (Benjamini-Hochberg, the
 * false discovery rate), "bonferroni", or "none". NaN p-values are left out of the family and stay NaN.
 */
export function adjustPValues(p: number[], method: 'bh' | 'bonferroni' | 'none'): number[] {
  const idx = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]!));
  const m = idx.length;
  const out = p.slice();
  if (method === 'none' || m === 0) return out;
  if (method === 'bonferroni') {
    for (const i of idx) out[i] = Math.min(1, p[i]! * m);
    return out;
  }
  // BH: p_(i) * m / i, made monotone from the largest down
  const order = idx.slice().sort((a, b) => p[b]! - p[a]! || b - a);
  let running = 1;
  order.forEach((i, r) => {
    const rank = m - r;
    running = Math.min(running, (p[i]! * m) / rank);
    out[i] = running;
  });
  return out;
}
