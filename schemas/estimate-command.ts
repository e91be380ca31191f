import { z } from 'zod';
import { DesignInfo, Estimate } from './estimates.js';
import { LonelyPsu } from './survey.js';

/**
 * The arguments of `thinktank estimate` (DESIGN.md's contract), as the CLI passes them to `runEstimateCommand`.
 * `quantile` entries are `VAR:P` (0 < P < 1); `ratio` entries `NUM/DEN` (an extension: R's svyratio);
 * `ci` picks the interval for proportions (R's svyciprop logit by default, Korn-Graubard "beta", or Wilson);
 * `df` the degrees of freedom of every interval (the domain's own by default, the design's, or normal).
 * `cluster`/`fpc` take one column per stage (R `ids = ~psu + ssu`, `fpc = ~f1 + f2`); `repweights` with
 * `type`, `scale`, `rho`, `rscales`, `mse` give a replicate-weight design (R `svrepdesign`); `glm` fits a
 * design-based regression (R `svyglm`), one row per coefficient.
 */
export const EstimateArgs = z.object({
  data: z.string().min(1),
  sheet: z.string().optional(),
  header_row: z.number().int().positive().optional(),
  weights: z.string().optional(),
  strata: z.string().optional(),
  cluster: z.union([z.string(), z.array(z.string())]).optional().describe('one column per stage, in stage order'),
  fpc: z.union([z.string(), z.array(z.string())]).optional().describe('none, or one column per stage'),
  repweights: z.string().optional().describe('a regular expression naming the replicate weight columns'),
  type: z.enum(['JK1', 'JKn', 'BRR', 'Fay', 'bootstrap']).optional(),
  scale: z.number().positive().optional(),
  rho: z.number().optional(),
  rscales: z.array(z.number()).optional(),
  mse: z.boolean().default(false),
  var: z.array(z.string()).default([]).describe('R svyvar: the population variance of VAR'),
  glm: z.string().optional().describe('a model formula "Y ~ X1 + X2" (R svyglm)'),
  family: z.enum(['gaussian', 'quasibinomial']).optional(),
  mean: z.array(z.string()).default([]),
  total: z.array(z.string()).default([]),
  prop: z.array(z.string()).default([]),
  quantile: z.array(z.string()).default([]),
  ratio: z.array(z.string()).default([]),
  by: z.array(z.string()).default([]),
  level: z.number().gt(0).lt(1).default(0.95),
  lonely_psu: LonelyPsu.default('adjust'),
  ci: z.enum(['logit', 'wilson', 'beta']).default('logit'),
  df: z.enum(['domain', 'design', 'inf']).default('domain'),
});
/** What callers pass (defaults filled in by the parse). */
export type EstimateArgs = z.input<typeof EstimateArgs>;

/** The `--json` object of `thinktank estimate`: the design, the number of rows, one row per estimate. */
export const EstimateResult = z.object({
  design: DesignInfo,
  n: z.number().int().nonnegative(),
  estimates: z.array(Estimate),
});
export type EstimateResult = z.infer<typeof EstimateResult>;
