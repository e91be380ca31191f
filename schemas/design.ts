import { z } from 'zod';
import { WeightDiagnostics } from './estimates.js';
import { LonelyPsu } from './survey.js';

const float64 = z.custom<Float64Array>((v) => v instanceof Float64Array, 'a Float64Array');
const int32 = z.custom<Int32Array>((v) => v instanceof Int32Array, 'an Int32Array');

/**
 * One calibration margin, with what Taylor linearisation after calibration needs (as R's `postStratify()` and
 * `rake()` keep in `design$postStrata`): every row's group, its factor `r` (post-stratification: old weight /
 * calibrated weight; raking: 1 / the weight right after this margin in the last sweep), the PSU-by-group sums of
 * those weights (`psuWeight[psu * levels.length + group]`) and each group's divisor (post-stratification: the
 * old weight total; raking: the number of rows, R's unweighted `ave()`).
 */
export const CalibrationMargin = z.object({
  variables: z.array(z.string()),
  levels: z.array(z.string()),
  group: int32,
  factor: float64,
  psuWeight: float64,
  divisor: float64,
});
export type CalibrationMargin = z.infer<typeof CalibrationMargin>;

/**
 * How the weights were calibrated, for SEs that reflect it. `cross[j * J + k]` is the G_j x G_k matrix
 * (row-major) of sums over rows in group a of margin j and group b of margin k of `psw_k * factor_j`; the
 * residual of an influence function is found by `iterations` backfitting sweeps over the margins (R: 10 for
 * raking, 1 for post-stratification).
 */
export const Calibration = z.object({
  method: z.enum(['rake', 'poststratify', 'linear', 'raking', 'logit']),
  margins: z.array(CalibrationMargin),
  cross: z.array(float64),
  iterations: z.number().int().positive(),
  /**
   * calibrate()'s exact projection (methods linear, raking, logit), P x S row-major: the PSU totals' correction
   * is this matrix times the stacked group sums (see pipeline/weight/calibrate-linear.ts)
   */
  projection: float64.optional(),
});
export type Calibration = z.infer<typeof Calibration>;

/** The design's column names, recorded in every result. */
export const DesignSource = z.object({
  weights: z.string().nullable(),
  strata: z.string().nullable(),
  cluster: z.string().nullable(),
  fpc: z.string().nullable(),
});
export type DesignSource = z.infer<typeof DesignSource>;

/**
 * A later stage of a multistage design (R `svydesign(ids = ~psu + ssu + ..., fpc = ~f1 + f2 + ...)`): its units
 * are numbered contiguously by the unit of the stage above that holds them (`parent`, one entry per unit), and
 * `popSize[q]` is how many units of this stage the population has inside unit q of the stage above.
 */
export const Stage = z.object({
  parent: int32,
  popSize: float64,
});
export type Stage = z.infer<typeof Stage>;

/**
 * Replicate weights (R `svrepdesign`): one weight column per replicate (combined weights, as R's default
 * `combined.weights = TRUE`), and the variance v = scale * sum_r rscales_r (theta_r - centre)^2 with the centre
 * the full-sample estimate (`mse`) or the replicates' mean. `df` is R's `degf`: the rank of the replicate
 * weights minus one.
 */
export const Replicates = z.object({
  type: z.enum(['JK1', 'JKn', 'BRR', 'Fay', 'bootstrap']),
  columns: z.array(z.string()),
  weights: z.array(float64),
  scale: z.number(),
  rscales: float64,
  mse: z.boolean(),
  rho: z.number().nullable(),
});
export type Replicates = z.infer<typeof Replicates>;

/**
 * A sample design on columnar arrays, as R's `svydesign(ids=, strata=, weights=,
 * fpc=, nest=TRUE)`. PSUs are numbered contiguously within strata: stratum h owns PSUs
 * `psuStart[h] .. psuStart[h + 1] - 1`. `popSize[h]` is the stratum's population of PSUs (Infinity without fpc).
 * `weights` are the final weights (after calibration and trimming).
 */
export const Design = z.object({
  rowCount: z.number().int().nonnegative(),
  weights: float64,
  stratum: int32,
  psu: int32,
  strata: z.array(z.string()),
  psuStart: int32,
  popSize: float64,
  lonelyPsu: LonelyPsu,
  calibration: Calibration.nullable(),
  source: DesignSource,
  /**
   * Stages 2, 3, ... of a multistage design with an fpc at every stage. Then `psu`/`psuStart` number the units
   * of the LAST stage (whose totals the variance needs), in stratum, PSU, SSU ... order, and `popSize` stays
   * the stratum's population of PSUs (see pipeline/estimate/multistage-variance.ts).
   */
  stages: z.array(Stage).optional(),
  /** replicate weights: SEs come from them, not from strata and PSUs (see replicate-variance.ts) */
  replicates: Replicates.optional(),
});
export type Design = z.infer<typeof Design>;

/** The weight stage's output: final weights, the design that carries them, and diagnostics. */
export const Weighted = z.object({
  weights: float64,
  design: Design,
  diagnostics: WeightDiagnostics,
});
export type Weighted = z.infer<typeof Weighted>;

/** Population counts for calibration (margins.csv): one cell per row, `values` in the order of `variables`. */
export const Margins = z.object({
  file: z.string(),
  variables: z.array(z.string()).min(1),
  cells: z.array(z.object({ values: z.array(z.string()), count: z.number().nonnegative() })),
});
export type Margins = z.infer<typeof Margins>;
