import type { Design, Margins, Weighted } from '../../schemas/design.js';
import type { WeightDiagnostics } from '../../schemas/estimates.js';
import type { SurveyConfig } from '../../schemas/survey.js';
import type { CleanTable, Column } from '../../schemas/table.js';
import { InputError } from '../errors.js';
import { lonelyStrata, toKeyColumn, type KeyColumn } from './build-design.js';
import { buildMultistageDesign } from './build-multistage-design.js';
import { calibrateGreg, trimWeights } from './calibrate-linear.js';
import { buildReplicateDesign } from '../estimate/replicate-design.js';
import { asReplicateDesign } from '../estimate/as-replicate-design.js';
import { firstStageView } from '../estimate/multistage-variance.js';
import { replicateColumns } from '../estimate/estimate-design.js';
import { calibrate, marginError, type CalibrationResult, type MarginTarget } from './calibrate.js';
import { weightMessages } from './messages.js';
import { marginKey } from './read-margins.js';

/** How messages name row i of the table: its file and sheet row. */
export function tableRowLabel(table: CleanTable): (i: number) => string {
  const { files, file, row } = table.source;
  return (i) => `${files[file[i]!] ?? '?'} row ${row[i]}`;
}

/** A column of the table as categories (codes, text, numbers and dates all work); null if absent. */
export function keyColumnOf(column: Column | undefined): KeyColumn | null {
  if (!column) return null;
  switch (column.kind) {
    case 'code':
      return { codes: column.codes, levels: column.levels };
    case 'text':
      return toKeyColumn(column.values);
    case 'number':
    case 'date':
      return toKeyColumn(column.values);
    case 'multi':
      return null;
  }
}

function requireColumn(table: CleanTable, role: string, name: string): Column {
  const column = table.columns.get(name);
  if (!column) throw new InputError(weightMessages.unknownColumn(role, name));
  return column;
}

function numberColumn(table: CleanTable, role: string, name: string): Float64Array {
  const column = requireColumn(table, role, name);
  if (column.kind !== 'number') throw new InputError(weightMessages.notANumber(role, name, [], `a ${column.kind} column`));
  return column.values;
}

/** The replicate weight columns named (a list) or matched (a regular expression) by design.replicates.columns. */
function replicateColumnsOf(table: CleanTable, columns: string | string[], numbers: (name: string) => Float64Array): { columns: string[]; values: Float64Array[] } {
  const names = Array.isArray(columns) ? columns : replicateColumns(columns, [...table.columns.keys()]);
  return { columns: names, values: names.map(numbers) };
}

/** Each row's calibration values as margin keys, per variable. */
function calibrationKeys(table: CleanTable, variables: string[], label: (i: number) => string): string[][] {
  return variables.map((name) => {
    const key = keyColumnOf(requireColumn(table, 'calibration', name));
    if (!key) throw new InputError(weightMessages.unknownColumn('calibration', name));
    const levels = key.levels.map(marginKey);
    const missing: string[] = [];
    const out = Array.from(key.codes, (c, i) => {
      if (c < 0) missing.push(label(i));
      return c < 0 ? '' : levels[c]!;
    });
    if (missing.length) throw new InputError(weightMessages.calibrationValueMissing(name, missing));
    return out;
  });
}

const describeCell = (variables: string[], values: string[]) => variables.map((v, i) => `${v} = ${values[i]}`).join(', ');

/**
 * Builds the calibration targets from margins.csv: one margin per variable with the counts summed over the
 * other columns (rake), or one margin of the joint cells of all variables (poststratify). Every row must fall
 * in a population cell with a count, and every cell with a count > 0 needs a respondent with weight > 0.
 */
export function buildMarginTargets(
  table: CleanTable,
  weights: Float64Array,
  method: 'rake' | 'poststratify',
  variables: string[],
  margins: Margins,
): MarginTarget[] {
  const label = tableRowLabel(table);
  const positions = variables.map((v) => {
    const at = margins.variables.indexOf(v);
    if (at < 0) throw new InputError(weightMessages.marginVariableMissing(margins.file, v));
    return at;
  });
  const keys = calibrationKeys(table, variables, label);
  const groupsOf = method === 'rake' ? variables.map((_, j) => [j]) : [variables.map((_, j) => j)];
  return groupsOf.map((members) => {
    const levels: string[] = [];
    const targets: number[] = [];
    const index = new Map<string, number>();
    for (const cell of margins.cells) {
      const key = members.map((j) => cell.values[positions[j]!]!).join('\u0000');
      let g = index.get(key);
      if (g === undefined) {
        g = levels.length;
        index.set(key, g);
        levels.push(key);
        targets.push(0);
      }
      targets[g]! += cell.count;
    }
    const group = new Int32Array(table.rowCount);
    const sampleWeight = new Float64Array(levels.length);
    for (let i = 0; i < table.rowCount; i++) {
      const key = members.map((j) => keys[j]![i]!).join('\u0000');
      const g = index.get(key);
      const names = members.map((j) => variables[j]!);
      if (g === undefined || (targets[g] === 0 && weights[i]! > 0)) {
        throw new InputError(weightMessages.sampleCellNotInPopulation(margins.file, describeCell(names, key.split('\u0000'))));
      }
      group[i] = g;
      sampleWeight[g]! += weights[i]!;
    }
    levels.forEach((key, g) => {
      if (targets[g]! > 0 && !(sampleWeight[g]! > 0)) {
        const names = members.map((j) => variables[j]!);
        throw new InputError(weightMessages.populationCellNotInSample(margins.file, describeCell(names, key.split('\u0000')), targets[g]!));
      }
    });
    return {
      variables: members.map((j) => variables[j]!),
      levels: levels.map((l) => l.split('\u0000').join(' x ')),
      group,
      targets: Float64Array.from(targets),
    };
  });
}

/** Kish's weighting design effect n sum(w^2) / sum(w)^2 and effective sample size, over rows with weight > 0. */
function kish(weights: Float64Array): { deff: number; effectiveN: number; min: number; max: number } {
  let s = 0;
  let s2 = 0;
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const w of weights) {
    if (w < min) min = w;
    if (w > max) max = w;
    if (!(w > 0)) continue;
    s += w;
    s2 += w * w;
    n++;
  }
  return { deff: n === 0 ? Number.NaN : (n * s2) / (s * s), effectiveN: s2 === 0 ? 0 : (s * s) / s2, min, max };
}

/**
 * The weight stage: base weights from `config.design.weights` (or 1, or N_h / n_h from an fpc), the design,
 * then calibration to margins.csv (`config.calibration`): "rake" hits the marginal total of each variable by
 * iterative proportional fitting, "poststratify" the joint cells. With `calibration.trim` ({lower, upper} as
 * multiples of the mean weight), weights outside the bounds are set to them and the weights recalibrated,
 * repeated until they stay within the bounds (1e-6 slack) or `max_iterations` rounds: the final weights always
 * meet the margins; the bounds hold unless `converged` is false.
 * SEs treat trimming as fixed and reflect the last calibration, as R does for `rake()`/`postStratify()`.
 */
export function weight(table: CleanTable, config: SurveyConfig, margins: Margins | null): Weighted {
  const spec = config.design;
  const label = tableRowLabel(table);
  const baseWeights = spec.weights ? Float64Array.from(numberColumn(table, 'weights', spec.weights)) : null;
  const keyOf = (role: string, name: string | undefined) => {
    if (!name) return null;
    const key = keyColumnOf(requireColumn(table, role, name));
    if (!key) throw new InputError(weightMessages.unknownColumn(role, name));
    return key;
  };
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const clusters = list(spec.cluster);
  const fpcs = list(spec.fpc);
  const source = { weights: spec.weights ?? null, strata: spec.strata ?? null, cluster: null, fpc: null };
  const delivered = spec.replicates && 'columns' in spec.replicates ? spec.replicates : null;
  const made = spec.replicates && 'make' in spec.replicates ? spec.replicates : null;
  const built = delivered
    ? buildReplicateDesign({
        rowCount: table.rowCount,
        weights: baseWeights,
        ...replicateColumnsOf(table, delivered.columns, (name) => numberColumn(table, 'replicate weights', name)),
        type: delivered.type,
        scale: delivered.scale,
        rscales: delivered.rscales,
        rho: delivered.rho,
        mse: delivered.mse,
        lonelyPsu: spec.lonely_psu,
        source,
        rowLabel: label,
      })
    : buildMultistageDesign({
        rowCount: table.rowCount,
        weights: baseWeights,
        strata: keyOf('strata', spec.strata),
        clusters: clusters.map((c) => keyOf('cluster', c)!),
        fpcs: fpcs.map((f) => numberColumn(table, 'fpc', f)),
        names: { clusters, fpcs },
        lonelyPsu: spec.lonely_psu,
        source,
        rowLabel: label,
      });

  const base = made ? asReplicateDesign(built, { type: made.make, replicates: made.replicates, seed: made.seed }) : built;

  const cal = config.calibration;
  let design: Design = base;
  let method = 'none';
  let converged = true;
  let iterations = 0;
  let maxMarginError = 0;
  let trimmed = 0;
  if (cal) {
    if (!margins) throw new InputError(weightMessages.noMargins(cal.margins));
    const targets = buildMarginTargets(table, base.weights, cal.method === 'poststratify' ? 'poststratify' : 'rake', cal.variables, margins);
    const options = { maxIterations: cal.max_iterations, tolerance: cal.tolerance, bounds: cal.bounds };
    const calibrateWith = (d: Design): CalibrationResult =>
      cal.method === 'rake' || cal.method === 'poststratify' ? calibrate(d, cal.method, targets, options) : calibrateGreg(d, cal.method, targets, options);
    let result: CalibrationResult = calibrateWith(base);
    iterations = result.iterations;
    converged = result.converged;
    if (cal.trim) {
      const trim = trimRounds(result.weights, cal.trim, cal.max_iterations, (w) => {
        result = calibrateWith({ ...base, weights: w });
        iterations += result.iterations;
        return result.weights;
      });
      trimmed = trim.trimmed;
      converged = result.converged && trim.withinBounds;
    }
    method = cal.method;
    let final = result.weights;
    // R trimWeights() after calibration: the calibration's record (for the SEs) stays as it was
    if (cal.trim_weights) {
      const t = trimWeights(final, cal.trim_weights.lower, cal.trim_weights.upper);
      final = t.weights;
      trimmed += t.trimmed;
    }
    maxMarginError = marginError(final, targets);
    design = { ...base, weights: final, calibration: result.calibration };
    // replicate weights are calibrated each in turn, to the same margins (R calibrate()/rake() on an svrepdesign);
    // their SEs then need no calibration residuals
    if (base.replicates) {
      const weights = base.replicates.weights.map((w) => calibrateWith({ ...base, replicates: undefined, weights: w }).weights);
      design = { ...design, calibration: null, replicates: { ...base.replicates, weights } };
    }
  }
  const k = kish(design.weights);
  const diagnostics: WeightDiagnostics = {
    method,
    converged,
    iterations,
    max_margin_error: maxMarginError,
    deff_weighting: k.deff,
    effective_n: k.effectiveN,
    trimmed,
    min_weight: k.min,
    max_weight: k.max,
    lonely_strata: lonelyStrata(firstStageView(design)),
  };
  return { weights: design.weights, design, diagnostics };
}

/**
 * Trims weights to [lower, upper] x their mean, recalibrating after each round with `recalibrate`, until no
 * weight is out of bounds (1e-6 relative slack) or `maxRounds`. Returns how many rows were trimmed at least once.
 */
export function trimRounds(
  start: Float64Array,
  bounds: { lower: number; upper: number },
  maxRounds: number,
  recalibrate: (weights: Float64Array) => Float64Array,
): { weights: Float64Array; trimmed: number; withinBounds: boolean } {
  let weights = start;
  const touched = new Uint8Array(weights.length);
  let withinBounds = false;
  for (let round = 0; ; round++) {
    let sum = 0;
    for (const w of weights) sum += w;
    const mean = sum / weights.length;
    const lo = bounds.lower * mean;
    const hi = bounds.upper * mean;
    let out = 0;
    const clipped = Float64Array.from(weights, (w, i) => {
      if (w > 0 && w < lo * (1 - 1e-6)) {
        out++;
        if (round < maxRounds) touched[i] = 1;
        return lo;
      }
      if (w > hi * (1 + 1e-6)) {
        out++;
        if (round < maxRounds) touched[i] = 1;
        return hi;
      }
      return w;
    });
    if (out === 0) {
      withinBounds = true;
      break;
    }
    if (round === maxRounds) break;
    weights = recalibrate(clipped);
  }
  let trimmed = 0;
  for (const t of touched) trimmed += t;
  return { weights, trimmed, withinBounds };
}
