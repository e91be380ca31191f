import { z } from 'zod';

/** The statistics thinktank estimates. */
export const Statistic = z.enum(['mean', 'total', 'prop', 'quantile', 'ratio', 'var', 'coef']);
export type Statistic = z.infer<typeof Statistic>;

/**
 * How an estimate may be printed (NCHS Data Presentation Standards for Proportions, Parker et al. 2017, Vital
 * Health Stat 2(175), and its RSE rule for means): `suppressed` prints "—", `review` is printed with a mark and
 * needs a statistician's review, `low_base` is printed with a low-base mark.
 */
export const EstimateFlag = z.enum(['suppressed', 'review', 'low_base']);
export type EstimateFlag = z.infer<typeof EstimateFlag>;

/**
 * One design-based estimate, in the shape of the `thinktank estimate --json` contract (DESIGN.md).
 * `level` is the category for `prop`; `domain` the subpopulation (`{"prefecture": "HRB"}`) or null for all.
 * `n` is the unweighted base (respondents with a non-missing value in the domain).
 */
export const Estimate = z.object({
  statistic: Statistic,
  variable: z.string(),
  level: z.string().nullable(),
  domain: z.record(z.string(), z.string()).nullable(),
  estimate: z.number(),
  se: z.number().nullable().describe('null only where R gives NaN (a quantile whose Woodruff interval leaves [0, 1])'),
  ci_low: z.number().nullable().describe('null when not estimable (R: NA/NaN); `note` says why'),
  ci_high: z.number().nullable(),
  df: z.number().nullable().default(null).describe('degrees of freedom of the interval; null: normal (--df inf) or none'),
  n: z.number().int(),
  n_eff: z.number().nullable().default(null).describe('effective sample size n / deff, capped at n (NCHS)'),
  rse: z.number().nullable().default(null).describe('relative standard error se / |estimate|'),
  flags: z.array(EstimateFlag).default([]),
  reasons: z.array(z.string()).default([]).describe('one short reason per flag, in the same order'),
  note: z.string().optional().describe('why the interval is not estimable'),
  p: z.number().optional().describe('the probability, for quantiles; the p-value, for coef (R summary.svyglm)'),
  denominator: z.string().optional().describe('the denominator variable, for ratios'),
  deff: z.number().nullable().optional(),
});
export type Estimate = z.infer<typeof Estimate>;

/** The design an estimate came from, recorded so any number can be reproduced. */
export const DesignInfo = z.object({
  weights: z.string().nullable(),
  strata: z.string().nullable(),
  cluster: z.string().nullable(),
  fpc: z.string().nullable(),
  lonely_psu: z.string(),
  calibration: z.string().nullable(),
  level: z.number(),
  ci_method: z.string(),
  df: z.enum(['domain', 'design', 'inf']).default('domain').describe('which degrees of freedom intervals and tests use'),
  ci: z.enum(['logit', 'wilson', 'beta']).default('logit').describe('the interval for proportions'),
  version: z.string(),
});
export type DesignInfo = z.infer<typeof DesignInfo>;

/** A domain's estimate minus the whole population's, tested with the covariance of the two (svycontrast). */
export const Comparison = z.object({
  statistic: Statistic,
  variable: z.string(),
  level: z.string().nullable(),
  domain: z.record(z.string(), z.string()),
  versus: z.string().describe('"all" for the province, or another domain value'),
  difference: z.number(),
  se: z.number(),
  df: z.number().nullable().default(null).describe("the region's degrees of freedom the test used; null: normal or none"),
  ci_low: z.number().nullable().default(null).describe('interval of the difference on df; null when not estimable'),
  ci_high: z.number().nullable().default(null),
  p_value: z.number().nullable().describe('null when the test is not estimable (no df)'),
  p_adjusted: z.number().nullable(),
  significant: z.boolean().describe('adjusted p below 1 - level; false whenever the test is not estimable'),
});
export type Comparison = z.infer<typeof Comparison>;

/** A weighted two-way table with the Rao-Scott first-order corrected chi-square test (svychisq default). */
export const Crosstab = z.object({
  row: z.string(),
  column: z.string(),
  row_levels: z.array(z.string()),
  column_levels: z.array(z.string()),
  /** weighted proportions of the whole table, [row][column] */
  cells: z.array(z.array(z.number())),
  row_percent: z.array(z.array(z.number())),
  column_percent: z.array(z.array(z.number())),
  n: z.array(z.array(z.number().int())),
  chisq: z.number(),
  f: z.number(),
  df1: z.number(),
  df2: z.number(),
  p_value: z.number(),
});
export type Crosstab = z.infer<typeof Crosstab>;

/** What the weight stage reports about the weights. */
export const WeightDiagnostics = z.object({
  method: z.string(),
  converged: z.boolean(),
  iterations: z.number().int(),
  max_margin_error: z.number(),
  deff_weighting: z.number().describe('Kish: 1 + CV^2 of the weights'),
  effective_n: z.number(),
  trimmed: z.number().int(),
  min_weight: z.number(),
  max_weight: z.number(),
  lonely_strata: z.array(z.string()),
});
export type WeightDiagnostics = z.infer<typeof WeightDiagnostics>;

/**
 * One coefficient of a fitted model: R's name (`term`), the variable and code it belongs to (null for the
 * intercept and numeric terms' level), estimate, SE, interval and p on the residual df (R summary/confint for
 * svyglm), and for logistic models the odds ratio exp(estimate) with its interval.
 */
export const ModelCoefficient = z.object({
  term: z.string(),
  variable: z.string().nullable(),
  level: z.string().nullable(),
  estimate: z.number(),
  se: z.number(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
  p: z.number().nullable(),
  odds_ratio: z.number().nullable(),
  or_low: z.number().nullable(),
  or_high: z.number().nullable(),
});
export type ModelCoefficient = z.infer<typeof ModelCoefficient>;

/** A design-based regression (analysis.models in survey.json), as R svyglm. */
export const Model = z.object({
  name: z.string(),
  formula: z.string(),
  family: z.enum(['gaussian', 'quasibinomial']),
  n: z.number().int(),
  df: z.number(),
  coefficients: z.array(ModelCoefficient),
});
export type Model = z.infer<typeof Model>;

/**
 * The design as a region sees it, for disclosure in the methodology and regional tables: respondents (rows with a
 * non-zero weight), PSUs, strata holding the region, and df = PSUs - strata (R degf(subset(design, ...))).
 * `domain` is null for the whole design.
 */
export const DomainDesign = z.object({
  domain: z.record(z.string(), z.string()).nullable(),
  n: z.number().int(),
  psus: z.number().int(),
  strata: z.number().int(),
  df: z.number().int(),
});
export type DomainDesign = z.infer<typeof DomainDesign>;

/** The output of the estimate stage: every number the charts and reports use. */
export const SurveyEstimates = z.object({
  survey: z.string(),
  design: DesignInfo,
  n: z.number().int(),
  min_base: z.number().int(),
  weighting: WeightDiagnostics,
  domains: z.array(DomainDesign).default([]).describe('the design of the whole and of each region: n, PSUs, strata, df'),
  estimates: z.array(Estimate),
  comparisons: z.array(Comparison),
  crosstabs: z.array(Crosstab),
  models: z.array(Model).optional().describe('analysis.models of survey.json, fitted (absent when none)'),
});
export type SurveyEstimates = z.infer<typeof SurveyEstimates>;
