import type { Design, DesignSource } from '../../schemas/design.js';
import type { LonelyPsu } from '../../schemas/survey.js';
import { InputError } from '../errors.js';
import { weightMessages } from './messages.js';

/** A categorical column as integer codes into `levels`; -1 is missing. */
export interface KeyColumn {
  codes: Int32Array;
  levels: string[];
}

/** The design columns, already read from the data (names in `source` are only for messages and records). */
export interface DesignColumns {
  rowCount: number;
  weights: Float64Array | null;
  strata: KeyColumn | null;
  cluster: KeyColumn | null;
  fpc: Float64Array | null;
  lonelyPsu: LonelyPsu;
  source: DesignSource;
  /** How messages name row i (e.g. "row 15" or "harbin.xlsx row 15"). */
  rowLabel?: (i: number) => string;
}

/** Builds a KeyColumn from any values (null, undefined, NaN and "" are missing); levels in first-seen order. */
export function toKeyColumn(values: ArrayLike<string | number | null | undefined>): KeyColumn {
  const index = new Map<string, number>();
  const levels: string[] = [];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v))) {
      codes[i] = -1;
      continue;
    }
    const key = String(v);
    let code = index.get(key);
    if (code === undefined) {
      code = levels.length;
      levels.push(key);
      index.set(key, code);
    }
    codes[i] = code;
  }
  return { codes, levels };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds a one-stage design as R's `svydesign(ids=~cluster, strata=~strata, weights=~weights, fpc=~fpc,
 * nest=TRUE)`: PSUs are (stratum, cluster) pairs (each row is its own PSU without a cluster column); `fpc` is
 * the stratum's population of PSUs (values > 1) or its sampling fraction (values <= 1). Without weights the
 * weights are N_h / n_h when fpc gives population sizes, else 1 (as R). Strata and PSUs are numbered in sorted
 * label order, so the row order never matters. Throws InputError for missing or negative weights, missing
 * strata/cluster/fpc values, an fpc that varies within a stratum or is smaller than the sample, and for a
 * stratum with a single PSU when `lonelyPsu` is "fail".
 */
export function buildDesign(columns: DesignColumns): Design {
  const n = columns.rowCount;
  const label = columns.rowLabel ?? ((i: number) => `row ${i + 1}`);
  const { source } = columns;
  const missingRows = (codes: Int32Array) => {
    const rows: string[] = [];
    for (let i = 0; i < n; i++) if (codes[i]! < 0) rows.push(label(i));
    return rows;
  };

  // strata: sorted labels
  let stratum = new Int32Array(n);
  let strata = ['1'];
  if (columns.strata) {
    const missing = missingRows(columns.strata.codes);
    if (missing.length) throw new InputError(weightMessages.missingDesignValue('strata', source.strata ?? '', missing));
    const order = columns.strata.levels.map((_, i) => i).sort((a, b) => compare(columns.strata!.levels[a]!, columns.strata!.levels[b]!));
    const rank = new Int32Array(order.length);
    order.forEach((code, r) => (rank[code] = r));
    strata = order.map((code) => columns.strata!.levels[code]!);
    const codes = columns.strata.codes;
    stratum = new Int32Array(n);
    for (let i = 0; i < n; i++) stratum[i] = rank[codes[i]!]!;
    // keep only strata that occur
    const used = new Uint8Array(strata.length);
    for (let i = 0; i < n; i++) used[stratum[i]!] = 1;
    if (used.includes(0)) {
      const remap = new Int32Array(strata.length);
      const kept: string[] = [];
      strata.forEach((s, h) => {
        remap[h] = kept.length;
        if (used[h]) kept.push(s);
      });
      for (let i = 0; i < n; i++) stratum[i] = remap[stratum[i]!]!;
      strata = kept;
    }
  }
  const H = strata.length;

  // PSUs: (stratum, cluster) pairs in sorted order, or rows
  const psu = new Int32Array(n);
  const psuStart = new Int32Array(H + 1);
  if (columns.cluster) {
    const missing = missingRows(columns.cluster.codes);
    if (missing.length) throw new InputError(weightMessages.missingDesignValue('cluster', source.cluster ?? '', missing));
    const { codes, levels } = columns.cluster;
    const L = levels.length;
    const clusterRank = new Int32Array(L);
    levels
      .map((_, i) => i)
      .sort((a, b) => compare(levels[a]!, levels[b]!))
      .forEach((code, r) => (clusterRank[code] = r));
    // mark (stratum, cluster rank) pairs present
    const pairs = new Map<number, number>();
    const dense = H * L <= 1 << 24 ? new Int32Array(H * L).fill(-1) : null;
    const keys: number[] = [];
    for (let i = 0; i < n; i++) {
      const key = stratum[i]! * L + clusterRank[codes[i]!]!;
      if (dense) {
        if (dense[key] === -1) {
          dense[key] = 0;
          keys.push(key);
        }
      } else if (!pairs.has(key)) {
        pairs.set(key, 0);
        keys.push(key);
      }
    }
    keys.sort((a, b) => a - b);
    keys.forEach((key, index) => {
      if (dense) dense[key] = index;
      else pairs.set(key, index);
      psuStart[Math.floor(key / L) + 1]!++;
    });
    for (let i = 0; i < n; i++) {
      const key = stratum[i]! * L + clusterRank[codes[i]!]!;
      psu[i] = dense ? dense[key]! : pairs.get(key)!;
    }
  } else {
    for (let i = 0; i < n; i++) psuStart[stratum[i]! + 1]!++;
    // rows numbered within their stratum in row order
    const next = new Int32Array(H);
    const offset = new Int32Array(H);
    let acc = 0;
    for (let h = 0; h < H; h++) {
      offset[h] = acc;
      acc += psuStart[h + 1]!;
    }
    for (let i = 0; i < n; i++) psu[i] = offset[stratum[i]!]! + next[stratum[i]!]!++;
  }
  for (let h = 0; h < H; h++) psuStart[h + 1]! += psuStart[h]!;
  const P = psuStart[H]!;
  if (P < 2 && n > 0) throw new InputError(weightMessages.singlePsu());

  // finite population correction: population PSUs per stratum
  const popSize = new Float64Array(H).fill(Infinity);
  if (columns.fpc) {
    const fpc = columns.fpc;
    const name = source.fpc ?? '';
    const bad: string[] = [];
    for (let i = 0; i < n; i++) if (Number.isNaN(fpc[i]!)) bad.push(label(i));
    if (bad.length) throw new InputError(weightMessages.missingDesignValue('fpc', name, bad));
    let anyAbove = false;
    let allAtLeastOne = true;
    for (let i = 0; i < n; i++) {
      if (fpc[i]! > 1) anyAbove = true;
      if (fpc[i]! < 1) allAtLeastOne = false;
    }
    if (anyAbove !== allAtLeastOne) throw new InputError(weightMessages.fpcMixed(name));
    const value = new Float64Array(H).fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      const h = stratum[i]!;
      const v = fpc[i]!;
      if (Number.isNaN(value[h]!)) value[h] = v;
      else if (Math.abs(value[h]! - v) > 1e-9 * Math.abs(v)) throw new InputError(weightMessages.fpcVaries(name, strata[h]!));
    }
    for (let h = 0; h < H; h++) {
      const sampled = psuStart[h + 1]! - psuStart[h]!;
      const size = anyAbove ? value[h]! : sampled / value[h]!;
      if (size < sampled * (1 - 1e-12)) throw new InputError(weightMessages.fpcTooSmall(name, strata[h]!, size, sampled));
      popSize[h] = size;
    }
  }

  // weights
  let weights: Float64Array;
  if (columns.weights) {
    weights = columns.weights;
    const missing: string[] = [];
    const negative: string[] = [];
    const infinite: string[] = [];
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (Number.isNaN(w)) missing.push(label(i));
      else if (w < 0) negative.push(label(i));
      else if (w === Infinity) infinite.push(label(i));
      else sum += w;
    }
    if (missing.length) throw new InputError(weightMessages.missingDesignValue('weights', source.weights ?? '', missing));
    if (negative.length) throw new InputError(weightMessages.negativeWeight(source.weights ?? '', negative));
    if (infinite.length) throw new InputError(weightMessages.unusableWeights(source.weights ?? '', 'an infinite weight', infinite));
    // weights that are all zero, or so large their sum overflows, give no estimate: estimates of 0 or NaN with
    // exit 0 otherwise (issue 18)
    if (n > 0 && sum === 0) throw new InputError(weightMessages.unusableWeights(source.weights ?? '', 'every weight 0', [label(0)]));
    if (!Number.isFinite(sum)) throw new InputError(weightMessages.unusableWeights(source.weights ?? '', 'weights whose sum is past the largest number (1.8e308)', [label(0)]));
  } else {
    weights = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const h = stratum[i]!;
      const size = popSize[h]!;
      weights[i] = Number.isFinite(size) ? size / (psuStart[h + 1]! - psuStart[h]!) : 1;
    }
  }

  if (columns.lonelyPsu === 'fail') {
    const lonely = lonelyStrata({ psuStart, strata, popSize });
    if (lonely.length) throw new InputError(weightMessages.lonelyFail(lonely));
  }

  return {
    rowCount: n,
    weights,
    stratum,
    psu,
    strata,
    psuStart,
    popSize,
    lonelyPsu: columns.lonelyPsu,
    calibration: null,
    source,
  };
}

/** The labels of strata with a single PSU that is not a certainty PSU (population size 1). */
export function lonelyStrata(design: Pick<Design, 'psuStart' | 'strata' | 'popSize'>): string[] {
  const out: string[] = [];
  for (let h = 0; h < design.strata.length; h++) {
    if (design.psuStart[h + 1]! - design.psuStart[h]! === 1 && design.popSize[h]! !== 1) out.push(design.strata[h]!);
  }
  return out;
}
