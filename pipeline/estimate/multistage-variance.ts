import type { Design } from '../../schemas/design.js';

/** How a multistage design's last-stage units nest, derived once per design. */
interface Tree {
  /** the design seen at its first stage only: `psu` the row's PSU, `psuStart` PSUs by stratum */
  view: Design;
  /** levelOf[k][u]: the stage-(k + 1) unit that last-stage unit u is in (the last level is u itself) */
  levelOf: Int32Array[];
  /** mult[k][q]: the product of sampled / population fractions of unit q of stage k + 1 and all above it */
  mult: Float64Array[];
}

const trees = new WeakMap<Design, Tree>();

/** The nesting of a multistage design's units (see Design.stages), cached per design. */
function treeOf(design: Design): Tree {
  let tree = trees.get(design);
  if (tree) return tree;
  const stages = design.stages!;
  const S = stages.length + 1;
  const H = design.strata.length;
  const last = design.psuStart[H]!;
  const levelOf: Int32Array[] = new Array<Int32Array>(S);
  levelOf[S - 1] = Int32Array.from({ length: last }, (_, u) => u);
  for (let k = S - 2; k >= 0; k--) {
    const parent = stages[k]!.parent;
    const below = levelOf[k + 1]!;
    levelOf[k] = Int32Array.from(below, (v) => parent[v]!);
  }
  // the first stage: each row's PSU, PSUs numbered contiguously within strata
  const toPsu = levelOf[0]!;
  const psuRow = Int32Array.from(design.psu, (u) => toPsu[u]!);
  const P = S > 1 ? stages[0]!.popSize.length : last;
  const psuStratum = new Int32Array(P);
  for (let i = 0; i < design.rowCount; i++) psuStratum[psuRow[i]!] = design.stratum[i]!;
  const psuStart = new Int32Array(H + 1);
  for (let p = 0; p < P; p++) psuStart[psuStratum[p]! + 1]!++;
  for (let h = 0; h < H; h++) psuStart[h + 1]! += psuStart[h]!;
  const { stages: _stages, ...rest } = design;
  const view: Design = { ...rest, psu: psuRow, psuStart };
  // sampling fractions: a PSU's is n_h / N_h of its stratum; a later unit's multiplies in n_q / N_q of its group
  const mult: Float64Array[] = [];
  const first = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const h = psuStratum[p]!;
    first[p] = (psuStart[h + 1]! - psuStart[h]!) / design.popSize[h]!;
  }
  mult.push(first);
  for (let k = 0; k < stages.length - 1; k++) {
    const { parent, popSize } = stages[k]!;
    const sampled = new Float64Array(popSize.length);
    for (const q of parent) sampled[q]!++;
    const above = mult[k]!;
    mult.push(Float64Array.from(parent, (q) => above[q]! * (sampled[q]! / popSize[q]!)));
  }
  tree = { view, levelOf, mult };
  trees.set(design, tree);
  return tree;
}

/** Totals of last-stage unit totals `a` by the units of one stage. */
function aggregate(a: Float64Array, map: Int32Array, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let u = 0; u < a.length; u++) out[map[u]!]! += a[u]!;
  return out;
}

/** The design as its first stage sees it (rows in their PSUs), e.g. for degrees of freedom. */
export function firstStageView(design: Design): Design {
  return design.stages ? treeOf(design).view : design;
}

/**
 * Covariance of two linearised estimates of a multistage design from their last-stage unit totals, as R's
 * `svyrecvar`/`multistage` (survey 4.1): the first stage's between-PSU term by `firstStage` (the one-stage
 * rule, lonely PSUs included), plus for every unit q of each stage above the last, the between-unit term of
 * its sampled units, `onestrat` with f = (N_q - n_q) / N_q, scaled by the sampling fractions n / N of q and
 * every unit above it (R multiplies each sub-variance by nPSU / fpc). A unit with one sampled unit below it
 * follows lonely_psu as R: "adjust" counts it about zero (f x a x b), "remove" and "certainty" give nothing,
 * "average" makes the variance NaN (R: NA over no other stratum).
 */
export function multistageCovariance(
  design: Design,
  a: Float64Array,
  b: Float64Array,
  firstStage: (view: Design, a: Float64Array, b: Float64Array) => number,
): number {
  const { view, levelOf, mult } = treeOf(design);
  const stages = design.stages!;
  const P = mult[0]!.length;
  const a0 = aggregate(a, levelOf[0]!, P);
  const b0 = a === b ? a0 : aggregate(b, levelOf[0]!, P);
  let total = firstStage(view, a0, b0);
  for (let k = 1; k <= stages.length; k++) {
    const { parent, popSize } = stages[k - 1]!;
    const U = parent.length;
    const ak = k === stages.length ? a : aggregate(a, levelOf[k]!, U);
    const bk = a === b ? ak : k === stages.length ? b : aggregate(b, levelOf[k]!, U);
    const scaleAbove = mult[k - 1]!;
    // units are contiguous by parent: walk the groups
    let start = 0;
    while (start < U) {
      const q = parent[start]!;
      let end = start + 1;
      while (end < U && parent[end] === q) end++;
      const m = scaleAbove[q]!;
      if (m > 0) total += m * groupTerm(ak, bk, start, end, popSize[q]!, design.lonelyPsu);
      start = end;
    }
  }
  return total;
}

/** R's `onestrat` for the units start..end-1 of one group with population N. */
function groupTerm(a: Float64Array, b: Float64Array, start: number, end: number, N: number, lonely: Design['lonelyPsu']): number {
  const n = end - start;
  const f = N === Infinity ? 1 : (N - n) / N;
  if (f < 1e-7) return 0;
  if (n === 1) return lonely === 'adjust' ? f * a[start]! * b[start]! : lonely === 'average' || lonely === 'fail' ? Number.NaN : 0;
  let ma = 0;
  let mb = 0;
  for (let u = start; u < end; u++) {
    ma += a[u]!;
    mb += b[u]!;
  }
  ma /= n;
  mb /= n;
  let s = 0;
  for (let u = start; u < end; u++) s += (a[u]! - ma) * (b[u]! - mb);
  return (s * f * n) / (n - 1);
}
