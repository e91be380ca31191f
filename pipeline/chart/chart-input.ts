import type { Codebook, Variable } from '../../schemas/codebook.js';
import type { Lang } from '../../schemas/common.js';
import type { Comparison, Estimate, Statistic, SurveyEstimates } from '../../schemas/estimates.js';
import type { FigureKind } from '../../schemas/figure.js';
import type { SurveyConfig } from '../../schemas/survey.js';

/**
 * What every spec builder reads: the estimates (and the previous wave's), the codebook, the survey config, the
 * report language, and the report's scope ("province" or a region code, a value of `config.region`).
 */
export interface ChartInput {
  estimates: SurveyEstimates;
  codebook: Codebook;
  config: SurveyConfig;
  lang: Lang;
  scope: string;
  previous?: SurveyEstimates | null;
}

/**
 * A Vega-Lite spec as plain JSON data. Vega-Lite's own TypeScript types are too strict for specs built from
 * data (string literal unions everywhere); specs are checked where it counts: Vega-Lite compiles them with
 * every warning an error, and golden tests pin their content.
 */
export type VegaLiteSpec = Record<string, unknown>;

/** A built chart before rendering: the Vega-Lite spec and the texts the report prints around it. */
export interface ChartSpec {
  kind: FigureKind;
  /** the variable, battery group, cross-tab or theme the figure is about (part of its id) */
  subject: string;
  theme: string | null;
  variables: string[];
  title: string;
  base: string;
  note: string | null;
  alt: string;
  lowBase: boolean;
  spec: VegaLiteSpec;
}

/** The scope value of the provincial report. */
export const provinceScope = 'province';

/** Estimates looked up by statistic, variable, level and region (null = the province). */
export interface EstimateIndex {
  get(statistic: Statistic, variable: string, level: string | null, region: string | null): Estimate | undefined;
  /** the region's comparison with the province, when the estimate stage tested it */
  comparison(statistic: Statistic, variable: string, level: string | null, region: string): Comparison | undefined;
  /** the region codes with an estimate of this statistic, in codebook order of the region variable */
  regions(statistic: Statistic, variable: string, level: string | null): string[];
  /** whether any comparison with the province exists at all */
  hasComparisons: boolean;
}

const indexCache = new WeakMap<SurveyEstimates, Map<string, EstimateIndex>>();

function key(statistic: string, variable: string, level: string | null, region: string | null): string {
  return `${statistic}\u0000${variable}\u0000${level ?? ''}\u0000${region ?? '*'}`;
}

/**
 * Indexes the estimates of the whole population (domain null) and of single regions (domain
 * `{ [regionVariable]: code }`); other domains (sector, cross-classified) are not charted. Cached per object.
 */
export function indexEstimates(estimates: SurveyEstimates, regionVariable: string, regionOrder: readonly string[]): EstimateIndex {
  let byRegionVar = indexCache.get(estimates);
  if (!byRegionVar) {
    byRegionVar = new Map();
    indexCache.set(estimates, byRegionVar);
  }
  const cached = byRegionVar.get(regionVariable);
  if (cached) return cached;
  const values = new Map<string, Estimate>();
  const regionsOf = new Map<string, Set<string>>();
  const regionOf = (domain: Record<string, string> | null): string | null | undefined => {
    if (domain === null) return null;
    const keys = Object.keys(domain);
    return keys.length === 1 && keys[0] === regionVariable ? domain[regionVariable] : undefined;
  };
  for (const e of estimates.estimates) {
    const region = regionOf(e.domain);
    // a quantile is indexed as the median: other probabilities are not charted
    if (region === undefined || (e.statistic === 'quantile' && e.p !== undefined && e.p !== 0.5)) continue;
    values.set(key(e.statistic, e.variable, e.level, region), e);
    if (region !== null) {
      const k = key(e.statistic, e.variable, e.level, null);
      let set = regionsOf.get(k);
      if (!set) regionsOf.set(k, (set = new Set()));
      set.add(region);
    }
  }
  const comparisons = new Map<string, Comparison>();
  for (const c of estimates.comparisons) {
    const region = regionOf(c.domain);
    if (region === undefined || region === null || c.versus !== 'all') continue;
    comparisons.set(key(c.statistic, c.variable, c.level, region), c);
  }
  const rank = new Map(regionOrder.map((code, i) => [code, i]));
  const order = (a: string, b: string) =>
    (rank.get(a) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b) ?? Number.MAX_SAFE_INTEGER) || (a < b ? -1 : a > b ? 1 : 0);
  const index: EstimateIndex = {
    get: (statistic, variable, level, region) => values.get(key(statistic, variable, level, region)),
    comparison: (statistic, variable, level, region) => comparisons.get(key(statistic, variable, level, region)),
    regions: (statistic, variable, level) => [...(regionsOf.get(key(statistic, variable, level, null)) ?? [])].sort(order),
    hasComparisons: comparisons.size > 0,
  };
  byRegionVar.set(regionVariable, index);
  return index;
}

/**
 * The index with every estimate (and its interval and SE) multiplied by `factor`: amounts shown in another unit
 * than the codebook's (万元 as million yuan). Comparisons are scaled alike; significance does not change.
 */
export function scaledIndex(index: EstimateIndex, factor: number): EstimateIndex {
  if (factor === 1) return index;
  const scale = (x: number | null) => (x === null ? null : x * factor);
  return {
    ...index,
    get(statistic, variable, level, region) {
      const e = index.get(statistic, variable, level, region);
      return e === undefined ? undefined : { ...e, estimate: e.estimate * factor, se: scale(e.se), ci_low: scale(e.ci_low), ci_high: scale(e.ci_high) };
    },
    comparison(statistic, variable, level, region) {
      const c = index.comparison(statistic, variable, level, region);
      return c === undefined ? undefined : { ...c, difference: c.difference * factor, se: c.se * factor, ci_low: scale(c.ci_low), ci_high: scale(c.ci_high) };
    },
  };
}

/** The codebook variable called `name`, or undefined. */
export function findVariable(codebook: Codebook, name: string): Variable | undefined {
  return codebook.find((v) => v.name === name);
}

/** The codes of a coded variable as strings, codebook order. */
export function codeStrings(variable: Variable): string[] {
  return (variable.codes ?? []).map((c) => String(c.code));
}

/** The label of one answer code in `lang`, or the code itself when the codebook has no such code. */
export function codeLabel(variable: Variable | undefined, code: string, lang: Lang): string {
  const found = variable?.codes?.find((c) => String(c.code) === code);
  return found ? found.label[lang] : code;
}

/** Everything the builders share about one (estimates, scope, lang): the index, the region names, the lookups. */
export interface ChartContext extends ChartInput {
  index: EstimateIndex;
  regionVariable: Variable | undefined;
  /** region codes in codebook order */
  regionCodes: string[];
  /** the region of a regional report, or null for the province */
  region: string | null;
  regionName(code: string): string;
  variable(name: string): Variable;
  level: number;
  minBase: number;
}

/** Builds the shared context of the spec builders; throws when the scope is not a region code or "province". */
export function chartContext(input: ChartInput): ChartContext {
  const regionVariable = findVariable(input.codebook, input.config.region);
  const regionCodes = regionVariable ? codeStrings(regionVariable) : [];
  const index = indexEstimates(input.estimates, input.config.region, regionCodes);
  const region = input.scope === provinceScope ? null : input.scope;
  if (region !== null && regionVariable && !regionCodes.includes(region)) {
    throw new Error(`chart: scope "${region}" is neither "province" nor a code of ${input.config.region}`);
  }
  return {
    ...input,
    index,
    regionVariable,
    regionCodes,
    region,
    regionName: (code) => codeLabel(regionVariable, code, input.lang),
    variable(name) {
      const v = findVariable(input.codebook, name);
      if (!v) throw new Error(`chart: variable ${name} is not in the codebook`);
      return v;
    },
    level: input.estimates.design.level,
    minBase: input.estimates.min_base,
  };
}

/** Whether an estimate is shown faded: flagged (suppressed, review, low base), or n below the survey's minimum base. */
export function isLowBase(e: Estimate, minBase: number): boolean {
  return e.flags.length > 0 || e.n < minBase;
}

/** Whether an answer means "none of these", "other" or "don't know": shown last, never a lead answer. */
export function isResidualAnswer(label: string): boolean {
  return /以上均未|以上都没有|均无|其他|其它|不知道|不清楚|说不清|none of|^other\b|don.t know|not sure/iu.test(label);
}

/**
 * The order a question's answers are shown in: an ordered question (codebook `ordinal`, default for Likert
 * items and for two-answer questions, so "Yes" stays above "No") keeps its code order; others go by share,
 * largest first (ties: codebook order); answers meaning none, other or don't know come last either way.
 */
export function answerOrder(variable: Variable, rows: readonly { code: string; share: number }[]): string[] {
  const ordinal = variable.ordinal ?? (variable.type === 'likert' || variable.codes?.length === 2);
  const residual = (code: string) => {
    const c = variable.codes?.find((x) => String(x.code) === code);
    return c !== undefined && (isResidualAnswer(c.label.en) || isResidualAnswer(c.label.zh));
  };
  const position = new Map(codeStrings(variable).map((code, i) => [code, i]));
  const sorted = [...rows].sort((a, b) =>
    ordinal ? (position.get(a.code) ?? 0) - (position.get(b.code) ?? 0) : b.share - a.share,
  );
  return [...sorted.filter((r) => !residual(r.code)), ...sorted.filter((r) => residual(r.code))].map((r) => r.code);
}
