import type { Design, Stage } from '../../schemas/design.js';
import { InputError } from '../errors.js';
import { buildDesign, type DesignColumns, type KeyColumn } from './build-design.js';
import { weightMessages } from './messages.js';

/** The design columns of a design with any number of stages: one cluster (and fpc, if any) per stage, in order. */
export interface MultistageColumns extends Omit<DesignColumns, 'cluster' | 'fpc'> {
  clusters: KeyColumn[];
  fpcs: Float64Array[];
  /** the column names, for messages: clusters[k] and fpcs[k] */
  names: { clusters: string[]; fpcs: string[] };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds a design with any number of stages as R's `svydesign(ids = ~c1 + c2 + ..., strata = ~s, fpc = ~f1 +
 * f2 + ..., weights = ~w, nest = TRUE)`: stage k's units are the values of cluster k within the unit of stage
 * k - 1 (R nests every later stage, `interaction(ids[, 1:k])`); fpc k is, per unit of the stage above (per
 * stratum for stage 1), its population of stage-k units (values > 1) or the sampling fraction (values <= 1;
 * all stages the one kind or the other, as R's `as.fpc`). Without weights, the weight is the product over
 * stages of population / sampled units (R `weights.survey_fpc`). Without fpc only the first stage matters to
 * the variance (R's ultimate-cluster rule when `fpc` is NULL), so the result is buildDesign's one-stage design.
 * With fpc, `stages` describes stages 2.. and `psu` numbers the last stage's units (multistage-variance.ts).
 * Throws InputError for a missing value in a cluster or fpc column, an fpc that varies within a unit or is
 * smaller than the sample, mixed fpc kinds, a count of fpc columns other than 0 or one per stage, and
 * (lonely_psu "fail") a unit of any stage with a single sampled unit below it.
 */
export function buildMultistageDesign(columns: MultistageColumns): Design {
  const { clusters, fpcs, names } = columns;
  const S = clusters.length;
  const joined = (list: string[]) => (list.length ? list.join(' + ') : null);
  const source = { ...columns.source, cluster: joined(names.clusters), fpc: joined(names.fpcs) };
  if (fpcs.length !== 0 && fpcs.length !== Math.max(S, 1)) throw new InputError(weightMessages.fpcStages(Math.max(S, 1), fpcs.length));
  const label = columns.rowLabel ?? ((i: number) => `row ${i + 1}`);
  const n = columns.rowCount;
  if (fpcs.length > 1) checkFpcKinds(fpcs, names.fpcs);
  const first = buildDesign({ ...columns, cluster: clusters[0] ?? null, fpc: fpcs[0] ?? null, source });
  if (S <= 1 || fpcs.length === 0) return first;

  const byPopulation = fpcs.some((f) => f.some((v) => v > 1));
  const stages: Stage[] = [];
  let unit = first.psu;
  let units = first.psuStart[first.strata.length]!;
  // how messages name the unit of the stage above that row i is in
  let unitLabel = (i: number) => `PSU ${names.clusters[0]} = "${clusters[0]!.levels[clusters[0]!.codes[i]!]}"`;
  // stage-1 weight factor N_h / n_h comes from buildDesign when there is no weight column
  const weights = columns.weights ? first.weights : Float64Array.from(first.weights);
  for (let k = 1; k < S; k++) {
    const key = clusters[k]!;
    const name = names.clusters[k]!;
    const missing: string[] = [];
    for (let i = 0; i < n; i++) if (key.codes[i]! < 0) missing.push(label(i));
    if (missing.length) throw new InputError(weightMessages.missingDesignValue('cluster', name, missing));
    const rank = new Int32Array(key.levels.length);
    key.levels
      .map((_, c) => c)
      .sort((a, b) => compare(key.levels[a]!, key.levels[b]!))
      .forEach((c, r) => (rank[c] = r));
    // this stage's units: (unit above, cluster value) pairs, numbered in that order
    const L = key.levels.length;
    const ids = new Map<number, number>();
    const pairKeys: number[] = [];
    for (let i = 0; i < n; i++) {
      const pair = unit[i]! * L + rank[key.codes[i]!]!;
      if (!ids.has(pair)) {
        ids.set(pair, 0);
        pairKeys.push(pair);
      }
    }
    pairKeys.sort((a, b) => a - b);
    pairKeys.forEach((pair, index) => ids.set(pair, index));
    const parent = Int32Array.from(pairKeys, (pair) => Math.floor(pair / L));
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) next[i] = ids.get(unit[i]! * L + rank[key.codes[i]!]!)!;
    const sampled = new Float64Array(units);
    for (const q of parent) sampled[q]!++;
    const popSize = stagePopulation(fpcs[k]!, names.fpcs[k]!, k + 1, unit, units, sampled, byPopulation, label, unitLabel);
    if (columns.lonelyPsu === 'fail') {
      const lonely: string[] = [];
      const seen = new Uint8Array(units);
      for (let i = 0; i < n; i++) {
        const q = unit[i]!;
        if (seen[q]) continue;
        seen[q] = 1;
        if (sampled[q] === 1 && popSize[q]! > 1) lonely.push(unitLabel(i));
      }
      if (lonely.length) throw new InputError(weightMessages.lonelyFailStage(k + 1, lonely));
    }
    if (!columns.weights) for (let i = 0; i < n; i++) weights[i]! *= popSize[unit[i]!]! / sampled[unit[i]!]!;
    stages.push({ parent, popSize });
    const above = unitLabel;
    unitLabel = (i) => `${above(i)}, ${name} = "${key.levels[key.codes[i]!]}"`;
    unit = next;
    units = parent.length;
  }

  // the last stage's units are contiguous within strata (numbered by PSU, then by each later stage)
  const H = first.strata.length;
  const psuStart = new Int32Array(H + 1);
  const firstUnit = new Int32Array(H).fill(-1);
  for (let i = 0; i < n; i++) {
    const h = first.stratum[i]!;
    const u = unit[i]!;
    if (firstUnit[h] === -1 || u < firstUnit[h]!) firstUnit[h] = u;
  }
  for (let h = 0; h < H; h++) psuStart[h] = firstUnit[h]!;
  psuStart[H] = units;
  return { ...first, weights, psu: unit, psuStart, stages, source };
}

/** R's as.fpc: every stage's fpc holds population sizes, or every stage's holds fractions; no missing values. */
function checkFpcKinds(fpcs: Float64Array[], names: string[]): void {
  const above = fpcs.some((f) => f.some((v) => v > 1));
  const allAtLeastOne = fpcs.every((f) => f.every((v) => v >= 1 || Number.isNaN(v)));
  if (above !== allAtLeastOne) throw new InputError(weightMessages.fpcMixed(names.join(', ')));
}

/** Each unit of the stage above's population of this stage's units, from the fpc column (constant within it). */
function stagePopulation(
  fpc: Float64Array,
  name: string,
  stage: number,
  unit: Int32Array,
  units: number,
  sampled: Float64Array,
  byPopulation: boolean,
  label: (i: number) => string,
  unitLabel: (i: number) => string,
): Float64Array {
  const value = new Float64Array(units).fill(Number.NaN);
  const where = new Int32Array(units);
  const missing: string[] = [];
  for (let i = 0; i < fpc.length; i++) {
    const v = fpc[i]!;
    if (Number.isNaN(v)) {
      missing.push(label(i));
      continue;
    }
    const q = unit[i]!;
    if (Number.isNaN(value[q]!)) {
      value[q] = v;
      where[q] = i;
    } else if (Math.abs(value[q]! - v) > 1e-9 * Math.abs(v)) throw new InputError(weightMessages.fpcVariesInUnit(name, stage, unitLabel(i)));
  }
  if (missing.length) throw new InputError(weightMessages.missingDesignValue('fpc', name, missing));
  const popSize = new Float64Array(units);
  for (let q = 0; q < units; q++) {
    const size = byPopulation ? value[q]! : sampled[q]! / value[q]!;
    if (size < sampled[q]! * (1 - 1e-12)) throw new InputError(weightMessages.fpcTooSmallInUnit(name, stage, unitLabel(where[q]!), size, sampled[q]!));
    popSize[q] = size;
  }
  return popSize;
}
