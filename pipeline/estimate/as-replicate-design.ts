import type { Design } from '../../schemas/design.js';
import { InputError } from '../errors.js';
import { mulberry32 } from '../seeded-random.js';
import { designMessages as msg } from './design-messages.js';
import { firstStageView } from './multistage-variance.js';

/** How to make replicate weights from a design (R `as.svrepdesign(design, type = ...)`). */
export interface MakeReplicates {
  type: 'JK1' | 'JKn' | 'bootstrap';
  /** bootstrap replicates (R's default 50) */
  replicates?: number;
  /** bootstrap seed: the same seed gives the same replicates on every machine */
  seed?: number;
}

/** Each row's PSU and stratum at the first stage, PSUs and strata numbered in order of first appearance (R's unique()). */
function firstAppearance(design: Design): { psuOfRow: Int32Array; psuStratum: number[]; strataOrder: number[]; psus: number } {
  const view = firstStageView(design);
  const index = new Map<number, number>();
  const psuStratum: number[] = [];
  const strataSeen = new Set<number>();
  const strataOrder: number[] = [];
  const psuOfRow = new Int32Array(design.rowCount);
  for (let i = 0; i < design.rowCount; i++) {
    const p = view.psu[i]!;
    let k = index.get(p);
    if (k === undefined) {
      k = index.size;
      index.set(p, k);
      psuStratum.push(view.stratum[i]!);
    }
    psuOfRow[i] = k;
    const h = view.stratum[i]!;
    if (!strataSeen.has(h)) {
      strataSeen.add(h);
      strataOrder.push(h);
    }
  }
  return { psuOfRow, psuStratum, strataOrder, psus: index.size };
}

/**
 * Replicate weights made from a design's first stage, as R's `as.svrepdesign` (survey 4.1, combined weights =
 * design weights x factor, replicates in the order R makes them, PSUs by first appearance in the data):
 * JK1 (unstratified; drop one PSU per replicate, the others x n / (n - 1), scale (1 - f) (n - 1) / n);
 * JKn (per stratum with two or more PSUs, drop one PSU, its stratum's others x n_h / (n_h - 1), rscales
 * (1 - f_h) (n_h - 1) / n_h; a stratum with one PSU follows lonely_psu as R's jknweights); bootstrap (Rao-Wu:
 * per stratum n_h - 1 PSUs drawn with replacement, factor = times drawn x n_h / (n_h - 1), scale
 * m / ((m - 1) (R - 1)) with m the harmonic mean of PSUs per stratum; the draws come from `seed`, so they are
 * thinktank's own, not R's, and the fpc is not used). The design's calibration is not carried over.
 */
export function asReplicateDesign(design: Design, make: MakeReplicates): Design {
  const { psuOfRow, psuStratum, strataOrder, psus } = firstAppearance(design);
  const view = firstStageView(design);
  const n = design.rowCount;
  const sampled = (h: number) => view.psuStart[h + 1]! - view.psuStart[h]!;
  const fraction = (h: number) => {
    const N = view.popSize[h]!;
    return N === Infinity ? 1 : (N - sampled(h)) / N;
  };
  const factors: Float64Array[] = [];
  const rscales: number[] = [];
  let scale = 1;
  const column = (f: (i: number) => number) => factors.push(Float64Array.from({ length: n }, (_, i) => f(i)));
  if (make.type === 'JK1') {
    if (design.source.strata !== null || view.strata.length > 1) throw new InputError(msg.jk1Stratified());
    for (let p = 0; p < psus; p++) {
      column((i) => (psuOfRow[i] === p ? 0 : psus / (psus - 1)));
      rscales.push(1);
    }
    scale = (fraction(0) * (psus - 1)) / psus;
  } else if (make.type === 'JKn') {
    const nstrat = strataOrder.length;
    for (const h of strataOrder) {
      const members: number[] = [];
      for (let p = 0; p < psus; p++) if (psuStratum[p] === h) members.push(p);
      const nh = members.length;
      if (nh === 1 && fraction(h) !== 0) {
        if (design.lonelyPsu === 'fail') throw new InputError(msg.jknLonely(view.strata[h]!));
        if (design.lonelyPsu !== 'adjust') continue;
        column((i) => (psuStratum[psuOfRow[i]!] === h ? 0 : nstrat / (nstrat - 1)));
        rscales.push((nstrat - 1) / nstrat);
        continue;
      }
      for (const p of members) {
        column((i) => (psuStratum[psuOfRow[i]!] !== h ? 1 : psuOfRow[i] === p ? 0 : nh / (nh - 1)));
        rscales.push((fraction(h) * (nh - 1)) / nh);
      }
    }
    if (design.lonelyPsu === 'average' && factors.length < psus) scale = psus / factors.length;
  } else {
    const R = make.replicates ?? 50;
    const random = mulberry32(make.seed ?? 1);
    const perStratum = new Map<number, number[]>();
    for (let p = 0; p < psus; p++) perStratum.set(psuStratum[p]!, [...(perStratum.get(psuStratum[p]!) ?? []), p]);
    for (let r = 0; r < R; r++) {
      const psuFactor = new Float64Array(psus);
      for (const h of strataOrder) {
        const members = perStratum.get(h)!;
        const nh = members.length;
        for (let d = 0; d < nh - 1; d++) psuFactor[members[Math.floor(random() * nh)]!]! += nh / (nh - 1);
      }
      column((i) => psuFactor[psuOfRow[i]!]!);
      rscales.push(1);
    }
    const m = strataOrder.length / strataOrder.reduce((s, h) => s + 1 / perStratum.get(h)!.length, 0);
    scale = m / ((m - 1) * (R - 1));
  }
  const weights = factors.map((f) => Float64Array.from(f, (v, i) => v * design.weights[i]!));
  const { calibration: _calibration, ...rest } = design;
  return {
    ...rest,
    calibration: null,
    replicates: {
      type: make.type,
      columns: weights.map((_, r) => `repw${r + 1}`),
      weights,
      scale,
      rscales: Float64Array.from(rscales),
      mse: false,
      rho: null,
    },
  };
}
