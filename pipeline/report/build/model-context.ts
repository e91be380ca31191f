import type { Codebook, Variable } from '../../../schemas/codebook.js';
import type { Lang } from '../../../schemas/common.js';
import type { Comparison, Estimate, Statistic, SurveyEstimates } from '../../../schemas/estimates.js';
import type { Figure } from '../../../schemas/figure.js';
import type { SurveyConfig } from '../../../schemas/survey.js';
import type { ValidationSummary } from '../../../schemas/validation.js';
import { InputError } from '../../errors.js';
import { likertScale } from '../../estimate/likert-scale.js';
import { isYearVariable } from '../../estimate/year-variable.js';
import { messages, messagesFor, type ReportMessages } from '../messages.js';

/** What `buildReportModel` is given. `previous` (the last wave's estimates) enables the change findings. */
export interface ReportInput {
  config: SurveyConfig;
  codebook: Codebook;
  estimates: SurveyEstimates;
  figures: Figure[];
  validation: ValidationSummary;
  scope: string;
  lang: Lang;
  narrative: Record<string, string>;
  previous?: SurveyEstimates | null;
}

/** Lookups shared by the section builders: labels in the report's language and estimates by key. */
export interface ModelContext {
  input: ReportInput;
  lang: Lang;
  msg: ReportMessages;
  /** the region code of a regional report, null for the province */
  scopeCode: string | null;
  /** the region's name, null for the province */
  scopeName: string | null;
  regionVariable: Variable;
  regionCodes: string[];
  population: string;
  /** the confidence level in percent (95) */
  level: number;
  minBase: number;
  source: string;
  variable(name: string): Variable | undefined;
  label(name: string): string;
  /**
   * The label of an answer code; for "top2"/"bottom2" (the estimate stage's share in the top or bottom two
   * points of a Likert item) the two answers joined ("Agree or Strongly agree"), never the raw level. With
   * `inSentence` the English labels are lower-cased to run inside a sentence ("agree or strongly agree").
   */
  levelLabel(variable: string, level: string, inSentence?: boolean): string;
  regionName(code: string): string;
  /** the responses behind a region's estimates (the largest base of its one-region estimates), the province's n for null */
  base(region: string | null): number;
  /**
   * The report's region's degrees of freedom when they are fewer than the presentation standard's `min_df`, so
   * that every estimate of the region is flagged for review: the summary says so once. Null for the province
   * and for regions with enough df.
   */
  fewDf: number | null;
  estimate(statistic: Statistic, variable: string, level: string | null, region: string | null, from?: SurveyEstimates): Estimate | undefined;
  comparison(statistic: Statistic, variable: string, level: string | null, region: string): Comparison | undefined;
  isLowBase(estimate: Estimate): boolean;
  /**
   * an estimate with nothing to state as a finding: no sampling variance (SE 0, an empty or inverted interval),
   * a share that reads 0% or 100%, or a margin of error that would print as "±0"
   */
  isDegenerate(estimate: Estimate): boolean;
}

function domainKey(domain: Record<string, string> | null, region: string): string | null {
  if (domain === null) return 'all';
  const keys = Object.keys(domain);
  if (keys.length === 1 && keys[0] === region) return domain[region] ?? null;
  return null;
}

function key(statistic: string, variable: string, level: string | null, domain: string): string {
  return `${statistic}\u0000${variable}\u0000${level ?? ''}\u0000${domain}`;
}

function indexEstimates(estimates: SurveyEstimates, region: string): Map<string, Estimate> {
  const index = new Map<string, Estimate>();
  for (const e of estimates.estimates) {
    const d = domainKey(e.domain, region);
    if (d !== null) index.set(key(e.statistic, e.variable, e.level, d), e);
  }
  return index;
}

/** Builds the lookups; an unknown scope or a missing region variable is an InputError. */
export function createModelContext(input: ReportInput): ModelContext {
  const { config, codebook, estimates, lang } = input;
  const msg = messagesFor(lang);
  const byName = new Map(codebook.map((v) => [v.name, v]));
  const regionVariable = byName.get(config.region);
  if (regionVariable === undefined) throw new InputError(messages.errors.missingRegionVariable(config.region));
  const regionCodes = (regionVariable.codes ?? []).map((c) => String(c.code));
  const scopeCode = input.scope === 'province' ? null : input.scope;
  if (scopeCode !== null && !regionCodes.includes(scopeCode)) throw new InputError(messages.errors.unknownScope(input.scope, config.region));
  const regionName = (code: string) => regionVariable.codes?.find((c) => String(c.code) === code)?.label[lang] ?? code;
  const current = indexEstimates(estimates, config.region);
  const previous = input.previous ? indexEstimates(input.previous, config.region) : null;
  const comparisons = new Map<string, Comparison>();
  for (const c of estimates.comparisons) {
    const code = c.domain[config.region];
    if (c.versus === 'all' && code !== undefined && Object.keys(c.domain).length === 1) comparisons.set(key(c.statistic, c.variable, c.level, code), c);
  }
  const regions = regionTotals(estimates, config.region);
  const minDf = config.analysis.presentation.min_df;
  const scopeDf = scopeCode === null ? null : (regions.get(scopeCode)?.df ?? null);
  const year = config.date.slice(0, 4);
  const title = config.title[lang];
  return {
    input,
    lang,
    msg,
    scopeCode,
    scopeName: scopeCode === null ? null : regionName(scopeCode),
    regionVariable,
    regionCodes,
    population: populationUnit(config, lang) ?? msg.respondents,
    level: Math.round(estimates.design.level * 1000) / 10,
    minBase: estimates.min_base,
    source: msg.source(msg.defaultSource(config.issuer[lang], title, year)),
    variable: (name) => byName.get(name),
    label: (name) => byName.get(name)?.label[lang] ?? name,
    levelLabel: (variable, level, sentence = false) => {
      const codes = byName.get(variable)?.codes ?? [];
      const write = (text: string) => (sentence ? inSentence(text, lang) : text);
      const exact = codes.find((c) => String(c.code) === level);
      if (exact) return write(exact.label[lang]);
      // "top2" / "bottom2": the estimate stage's share of the top (bottom) scale points of a Likert item; the
      // scale is the run of consecutive numeric codes (a "don't know" code 9 is not its top).
      const box = /^(top|bottom)(\d+)$/.exec(level);
      const k = Number(box?.[2] ?? 0);
      const scale = likertScale(codes.map((c) => String(c.code)));
      const points = codes.filter((c) => scale.includes(String(c.code)));
      if (box && k > 0 && k < points.length) {
        return (box[1] === 'top' ? points.slice(-k) : points.slice(0, k)).map((c) => write(c.label[lang])).join(msg.or);
      }
      return level;
    },
    regionName,
    base: (region) => (region === null ? estimates.n : (regions.get(region)?.n ?? 0)),
    fewDf: scopeDf !== null && scopeDf > 0 && scopeDf < minDf ? scopeDf : null,
    estimate: (statistic, variable, level, region, from) => {
      const index = from === undefined ? current : from === input.previous ? previous : indexEstimates(from, config.region);
      return index?.get(key(statistic, variable, level, region ?? 'all'));
    },
    comparison: (statistic, variable, level, region) => comparisons.get(key(statistic, variable, level, region)),
    isLowBase: (e) => e.flags.includes('low_base') || e.n < estimates.min_base,
    isDegenerate: (e) => {
      // suppressed or not estimable (no interval): nothing a finding can state
      if (e.flags.includes('suppressed') || e.se === null || e.ci_low === null || e.ci_high === null) return true;
      if (!(e.se > 0) || !(e.ci_high > e.ci_low)) return true;
      const moe = (e.ci_high - e.ci_low) / 2;
      // shares: "0%" or "100%" says nothing, and a margin below 0.05 points prints as "±0.0"
      if (e.statistic === 'prop') return e.estimate < 0.005 || e.estimate > 0.995 || moe * 100 < 0.05;
      // means: a margin below 0.005 prints as "±0.00"
      return moe < 0.005;
    },
  };
}

/** Per region, over the estimates of that region alone: the largest base and the largest degrees of freedom. */
function regionTotals(estimates: SurveyEstimates, region: string): Map<string, { n: number; df: number | null }> {
  const totals = new Map<string, { n: number; df: number | null }>();
  for (const e of estimates.estimates) {
    const code = domainKey(e.domain, region);
    if (e.domain === null || code === null) continue;
    const t = totals.get(code) ?? { n: 0, df: null };
    t.n = Math.max(t.n, e.n);
    if (e.df !== null) t.df = Math.max(t.df ?? 0, e.df);
    totals.set(code, t);
  }
  return totals;
}

/** What one response is in `lang` ("受访单位"), from `population` in either of its shapes; null when not given. */
export function populationUnit(config: SurveyConfig, lang: Lang): string | null {
  const p = config.population;
  if (p === undefined) return null;
  return 'unit' in p ? p.unit[lang] : p[lang];
}

/** A label as it reads inside an English sentence: "Prefecture" -> "prefecture", "R&D staff" unchanged. */
export function inSentence(label: string, lang: Lang): string {
  if (lang !== 'en') return label;
  return /^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/**
 * Variables of a theme that carry shares (coded questions), excluding the region and the other calibration
 * variables: their weighted shares are the population counts the weights were calibrated to, the sample's
 * make-up rather than a finding.
 */
export function shareVariables(ctx: ModelContext, theme: string): Variable[] {
  const classifications = new Set([ctx.regionVariable.name, ...(ctx.input.config.calibration?.variables ?? [])]);
  return ctx.input.codebook.filter(
    (v) => v.theme === theme && !classifications.has(v.name) && (v.type === 'single' || v.type === 'multi' || v.type === 'likert'),
  );
}

/**
 * Variables of a theme whose means the report states: numbers with a unit, never a calendar year (see
 * isYearVariable: a mean of years, or of any number without a unit, is no quantity worth a sentence).
 */
export function meanVariables(ctx: ModelContext, theme: string): Variable[] {
  return ctx.input.codebook.filter((v) => v.theme === theme && (v.type === 'number' || v.type === 'integer') && v.unit !== undefined && !isYearVariable(v));
}

/**
 * The share a report leads with for a coded question in a domain: for a Likert item the share in the top two
 * points ("top2", when estimated), for a yes/no question its first answer, otherwise the largest share
 * (ties: codebook order). Undefined when none is estimated.
 */
export function headline(ctx: ModelContext, variable: Variable, region: string | null): Estimate | undefined {
  if (variable.type === 'likert') {
    const top = ctx.estimate('prop', variable.name, 'top2', region);
    if (top !== undefined) return top;
  }
  const first = variable.codes?.[0];
  if (variable.type === 'single' && variable.codes?.length === 2 && first !== undefined) {
    const yes = ctx.estimate('prop', variable.name, String(first.code), region);
    if (yes !== undefined) return yes;
  }
  let best: Estimate | undefined;
  for (const code of variable.codes ?? []) {
    const e = ctx.estimate('prop', variable.name, String(code.code), region);
    if (e !== undefined && (best === undefined || e.estimate > best.estimate)) best = e;
  }
  return best;
}
