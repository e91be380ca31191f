import { z } from 'zod';
import { Bilingual, Lang } from './common.js';

/** How a stratum with a single PSU contributes to variance; the names and meanings of R's `survey.lonely.psu`. */
export const LonelyPsu = z.enum(['fail', 'remove', 'adjust', 'average', 'certainty']);
export type LonelyPsu = z.infer<typeof LonelyPsu>;

/**
 * Replicate weights delivered with the data (R `svrepdesign(repweights=, type=, scale=, rscales=, rho=, mse=)`):
 * `columns` lists the replicate weight columns, or is a regular expression matching their names; or made from
 * the design's strata and clusters (`make`, R `as.svrepdesign`).
 */
export const ReplicatesConfig = z.union([
  z.strictObject({
    columns: z.union([z.string(), z.array(z.string()).min(1)]),
    type: z.enum(['JK1', 'JKn', 'BRR', 'Fay', 'bootstrap']),
    scale: z.number().positive().optional(),
    rscales: z.array(z.number()).optional(),
    rho: z.number().optional(),
    mse: z.boolean().default(false),
  }),
  z
    .strictObject({
      make: z.enum(['JK1', 'JKn', 'bootstrap']),
      replicates: z.number().int().min(2).default(50),
      seed: z.number().int().default(1),
    })
    .describe('replicate weights made from the design (R as.svrepdesign); calibration then recalibrates every replicate'),
]);
export type ReplicatesConfig = z.infer<typeof ReplicatesConfig>;

/**
 * The sample design, as columns of the response data (as R's `svydesign(ids=, strata=, weights=, fpc=)`):
 * `cluster` and `fpc` take one column per stage (a list, in stage order: `ids = ~psu + ssu`, `fpc = ~f1 + f2`).
 */
export const DesignConfig = z.strictObject({
  weights: z.string().optional(),
  strata: z.string().optional(),
  cluster: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  fpc: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  lonely_psu: LonelyPsu.default('adjust'),
  replicates: ReplicatesConfig.optional(),
});
export type DesignConfig = z.infer<typeof DesignConfig>;

/** Calibration of the design weights to population counts in `margins` (a CSV of the variables + `count`). */
export const CalibrationConfig = z.strictObject({
  method: z
    .enum(['rake', 'poststratify', 'linear', 'raking', 'logit'])
    .describe('rake/poststratify: R rake()/postStratify(); linear (GREG), raking, logit: R calibrate(calfun = ...)'),
  margins: z.string().default('margins.csv'),
  variables: z.array(z.string()).min(1),
  max_iterations: z.number().int().positive().default(100),
  tolerance: z.number().positive().default(1e-7),
  trim: z.strictObject({ lower: z.number().positive(), upper: z.number().positive() }).optional(),
  bounds: z
    .strictObject({ lower: z.number(), upper: z.number() })
    .optional()
    .describe('bounds on the g-weights (calibrated / design weight), R calibrate(bounds = c(lower, upper)); logit needs them'),
  trim_weights: z
    .strictObject({ lower: z.number().optional(), upper: z.number().optional() })
    .optional()
    .describe('after calibration, R trimWeights(lower =, upper =): weights outside are set to the bound, the excess spread over the others'),
});
export type CalibrationConfig = z.infer<typeof CalibrationConfig>;

/**
 * When an estimate may be printed: the NCHS Data Presentation Standards for Proportions (Parker JD, Talih M,
 * Malec DJ, et al. Vital Health Stat 2(175), 2017), thresholds configurable. Proportions: suppressed when the
 * effective sample size is below `min_n_eff`, or the interval's absolute width is at least `max_ci_width`, or
 * (width above `small_ci_width`) its width relative to the estimate exceeds `max_relative_ci_width`; flagged for
 * review when df < `min_df` or the proportion is 0 or 1. Means, totals, ratios, quantiles: review when the RSE
 * exceeds `max_rse` or df < `min_df`; suppressed when not estimable.
 */
export const PresentationRules = z.strictObject({
  min_n_eff: z.number().nonnegative().default(30),
  max_ci_width: z.number().positive().default(0.3),
  small_ci_width: z.number().nonnegative().default(0.05),
  max_relative_ci_width: z.number().positive().default(1.3),
  min_df: z.number().nonnegative().default(8),
  max_rse: z.number().positive().default(0.3),
});
export type PresentationRules = z.infer<typeof PresentationRules>;

/**
 * A design-based regression the estimate stage fits (R `svyglm`): `formula` in R's syntax for the terms
 * thinktank supports ("I(ai_stage >= 3) ~ log(employees) + sector + has_rd + prefecture"); coded questions
 * enter as factors, the first code the reference. quasibinomial is logistic regression (odds ratios reported).
 */
export const ModelConfig = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, _ and -'),
  title: Bilingual.optional(),
  formula: z.string().min(3),
  family: z.enum(['gaussian', 'quasibinomial']).default('quasibinomial'),
});
export type ModelConfig = z.infer<typeof ModelConfig>;

/** A report theme (section), in the order the reports present them. */
export const Theme = z.strictObject({ id: z.string(), title: Bilingual });
export type Theme = z.infer<typeof Theme>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** The target population: what one response is (`unit`, as sentences name it), in a sentence, and its size. */
export const PopulationConfig = z.strictObject({
  unit: Bilingual.describe('what one response is, as report sentences name it: {"zh":"受访单位","en":"organisations"}'),
  definition: Bilingual.describe('the target population in a sentence, for the methodology'),
  size: z.number().int().positive().optional().describe('the number of units in the population'),
});
export type PopulationConfig = z.infer<typeof PopulationConfig>;

/** The sampling frame and how the sample was allocated (to prefectures), in words. */
export const FrameConfig = z.strictObject({
  description: Bilingual.describe('the list the sample was drawn from, and its date'),
  allocation: Bilingual.optional().describe('how the sample was divided between strata and drawn within them'),
});

/** When and how the questionnaires were collected. */
export const FieldworkConfig = z.strictObject({
  start: IsoDate,
  end: IsoDate,
  mode: Bilingual.describe('how respondents answered: "online self-completion with telephone follow-up"'),
  agency: Bilingual.optional().describe('who collected the data'),
});

/** Units sampled and responding (whole survey and by region code), for response rates (AAPOR RR1-style). */
export const ResponseConfig = z.strictObject({
  sampled: z.number().int().positive(),
  responded: z.number().int().nonnegative(),
  definition: Bilingual.optional().describe('how the rate is defined, when not completed questionnaires over units sampled'),
  by_region: z.record(z.string(), z.strictObject({ sampled: z.number().int().positive(), responded: z.number().int().nonnegative() })).optional(),
});

/** A headline indicator of the key-indicators table: a share (variable + answer code, or top2/bottom2), a mean or a median. */
export const KeyIndicatorConfig = z.strictObject({
  variable: z.string(),
  statistic: z.enum(['prop', 'mean', 'median']).default('prop'),
  level: z.string().optional().describe('the answer code of a share ("1", "top2"); default: the first code of a yes/no question, else top2'),
  label: Bilingual.optional().describe('the short column header; default: the question\'s phrase'),
});
export type KeyIndicatorConfig = z.infer<typeof KeyIndicatorConfig>;

/** Limits that protect a run against hostile inputs (zip bombs, absurd sheets). */
export const Limits = z.strictObject({
  max_file_bytes: z.number().int().positive().default(200 * 1024 * 1024),
  max_inflated_bytes: z.number().int().positive().default(2 * 1024 * 1024 * 1024),
  max_cells: z.number().int().positive().default(30_000_000),
  max_cell_chars: z.number().int().positive().default(32_767),
  max_shared_strings: z.number().int().positive().default(5_000_000).describe('strings in one workbook\'s shared string table'),
  max_shared_chars: z.number().int().positive().default(100_000_000).describe('characters of all the shared strings of one workbook'),
  max_columns: z.number().int().positive().default(16_384).describe('columns of one row (CSV or sheet)'),
  max_line_chars: z.number().int().positive().default(4_194_304).describe('characters of one CSV record'),
  max_issues: z.number().int().positive().default(200_000).describe('problems validation lists before it stops (each costs memory)'),
});
export type Limits = z.infer<typeof Limits>;

/** `survey.json`: one survey project. Paths are relative to the survey folder and may not leave it. */
export const SurveyConfig = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -'),
  title: Bilingual,
  subtitle: Bilingual.optional(),
  short_title: Bilingual.optional().describe('a short form of the title for the running header, used when the title and a chapter title do not fit on one line'),
  issuer: Bilingual,
  population: z
    .union([Bilingual, PopulationConfig])
    .optional()
    .describe('what one response is ({"zh":"企业","en":"enterprises"}), or the target population with its unit, definition and size'),
  frame: FrameConfig.optional(),
  fieldwork: FieldworkConfig.optional(),
  response: ResponseConfig.optional(),
  limitations: z.array(Bilingual).optional().describe('limitations of the study the methodology states, beyond the generated ones'),
  key_indicators: z.array(KeyIndicatorConfig).max(12).optional().describe('8-12 headline indicators for the key-indicators table (default: chosen from the codebook)'),
  citation: Bilingual.optional().describe('the suggested citation (default: issuer, title, year)'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
  wave: z.string().optional(),
  codebook: z.string().default('codebook.xlsx'),
  responses: z.array(z.string()).min(1).default(['responses/*.xlsx']),
  encoding: z.enum(['auto', 'utf-8', 'gb18030']).default('auto'),
  sheet: z.string().optional(),
  header_row: z
    .union([z.number().int().positive(), z.record(z.string(), z.number().int().positive())])
    .optional()
    .describe('the 1-based row of the header: one number for every response file, or per response glob {"responses/hq/*.xlsx": 3}'),
  design: DesignConfig.default({ lonely_psu: 'adjust' }),
  calibration: CalibrationConfig.optional(),
  region: z.string().describe('the variable whose values get a report each (the prefecture)'),
  themes: z.array(Theme).default([]),
  reports: z
    .strictObject({
      province: z.boolean().default(true),
      regions: z.boolean().default(true),
      languages: z.array(Lang).min(1).default(['zh', 'en']),
    })
    .default({ province: true, regions: true, languages: ['zh', 'en'] }),
  analysis: z
    .strictObject({
      level: z.number().gt(0).lt(1).default(0.95),
      min_base: z.number().int().positive().default(30),
      correction: z.enum(['bh', 'bonferroni', 'none']).default('bh'),
      df: z.enum(['domain', 'design', 'inf']).default('domain').describe(
        'degrees of freedom of intervals and tests: the domain\'s own (R degf(subset(design, ...)); default), the whole design\'s, or normal (inf)',
      ),
      ci: z.enum(['logit', 'wilson', 'beta']).default('beta').describe('interval for proportions; beta = Korn-Graubard (R svyciprop method="beta")'),
      presentation: PresentationRules.default(PresentationRules.parse({})),
      models: z.array(ModelConfig).default([]).describe('design-based regressions to fit (R svyglm), e.g. what goes with AI adoption'),
    })
    .default({ level: 0.95, min_base: 30, correction: 'bh', df: 'domain', ci: 'beta', presentation: PresentationRules.parse({}), models: [] }),
  previous_wave: z.string().optional().describe('estimates.json of the previous wave, for change charts'),
  narrative: z.string().default('narrative').describe('folder of <theme>.zh.md / <theme>.en.md texts'),
  outputs: z.string().optional().describe('output folder, relative to the survey folder (default "outputs"); the one path that may lead out of it'),
  limits: Limits.default(Limits.parse({})),
});
export type SurveyConfig = z.infer<typeof SurveyConfig>;
