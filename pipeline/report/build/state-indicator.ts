import type { Variable } from '../../../schemas/codebook.js';
import type { Estimate } from '../../../schemas/estimates.js';
import { formatInteger, formatNumber, formatPercent } from '../format-number.js';
import { continuing, findingMessages, quantityOf, type BaseClause, type Stated } from '../messages-findings.js';
import { intervalOf, isFlagged, isSuppressed } from './estimate-view.js';
import { isResidualAnswer } from '../../chart/chart-input.js';
import { summaryOf } from '../../chart/number-summary.js';
import { displayUnit } from '../../chart/display-unit.js';
import { isYearVariable } from '../../estimate/year-variable.js';
import { inSentence, type ModelContext } from './model-context.js';

export { summaryOf };

/**
 * One number that stands for a question: a share (an answer code, or "top2" of a rating scale), a mean or a
 * median. `statistic` 'median' is the estimate stage's quantile at p = 0.5.
 */
export interface Indicator {
  statistic: 'prop' | 'mean' | 'median';
  variable: Variable;
  level: string | null;
}

/** Whether a question is stated in reports: not switched off, not an id, text or date, not a design or calibration column. */
export function isReported(ctx: ModelContext, v: Variable): boolean {
  if (v.report === false || v.type === 'id' || v.type === 'text' || v.type === 'date') return false;
  const design = ctx.input.config.design;
  const excluded = new Set([ctx.regionVariable.name, ...(ctx.input.config.calibration?.variables ?? []), design.weights, design.strata, design.cluster, design.fpc]);
  return !excluded.has(v.name);
}

/** A yes/no question: a single choice of two codes, the first the "yes" (codebook convention). */
export function isYesNo(v: Variable): boolean {
  return v.type === 'single' && v.codes?.length === 2;
}

/** How an answer code reads inside a sentence: its phrase, else its label. */
export function answerPhrase(ctx: ModelContext, v: Variable, level: string): string {
  const code = v.codes?.find((c) => String(c.code) === level);
  if (code?.phrase) return code.phrase[ctx.lang];
  return ctx.levelLabel(v.name, level, true);
}

/** A rating item's own statement, without its battery's title ("青年人才愿意留在本地发展"). */
export function itemText(ctx: ModelContext, v: Variable): string {
  const label = ctx.label(v.name);
  return v.group === undefined ? label : (label.split(/[：:]\s*/u).pop() ?? label);
}

/** How the question reads as a noun phrase inside a sentence: its phrase, else its label. */
export function questionPhrase(ctx: ModelContext, v: Variable): string {
  if (v.phrase && !isYesNo(v) && v.type !== 'likert') return v.phrase[ctx.lang];
  if (v.phrase && (v.type === 'number' || v.type === 'integer')) return v.phrase[ctx.lang];
  return inSentence(ctx.label(v.name).replace(/[?？:：。.]+$/u, ''), ctx.lang);
}

/** Whether an answer code means "none", "other" or "don't know": never a lead, always last. */
export const isResidualCode = isResidualAnswer;

/**
 * A yes/no question without a codebook phrase read as its own predicate: "Does the organisation do R&D?" ->
 * "do R&D" (the verb after a singular subject is the plural's), "Has the organisation ..." -> "have ...",
 * "是否开展研发活动？" -> "开展研发活动". Null when the wording has no such shape.
 */
export function questionPredicate(label: string, lang: 'zh' | 'en'): string | null {
  const text = label.trim().replace(/[?？]$/u, '');
  if (lang === 'zh') {
    const m = /^(?:贵单位|本单位)?是否(.+)$/u.exec(text);
    return m?.[1] ?? null;
  }
  const m = /^(Does|Do|Has|Have|Is|Are)\s+(?:the|your|this)\s+(?:organi[sz]ation|company|firm|unit|enterprise)\s+(.+)$/u.exec(text);
  if (!m) return null;
  const verb = m[1] ?? '';
  const rest = m[2] ?? '';
  return /^(Do|Does)$/.test(verb) ? rest : `${/^(Has|Have)$/.test(verb) ? 'have' : 'are'} ${rest}`;
}

/**
 * The predicate a share of `ind` states: a yes/no question's phrase ("设有研发机构"), a rating item's phrase
 * or "agree that ..." (the top two points); null for other types.
 */
export function predicateOf(ctx: ModelContext, ind: Indicator): string | null {
  const v = ind.variable;
  if (ind.statistic !== 'prop') return null;
  if (isYesNo(v) && ind.level === String(v.codes?.[0]?.code)) return v.phrase?.[ctx.lang] ?? questionPredicate(ctx.label(v.name), ctx.lang) ?? findingMessages(ctx.lang).agreeWith(ctx.label(v.name), false, ctx.levelLabel(v.name, ind.level));
  if (v.type === 'likert' && ind.level === 'top2') {
    if (v.phrase) return v.phrase[ctx.lang];
    const agreement = (v.codes ?? []).some((c) => /同意|agree/iu.test(c.label[ctx.lang]));
    const item = ctx.label(v.name).split(/[：:]\s*/u).pop() ?? ctx.label(v.name);
    return findingMessages(ctx.lang).agreeWith(item, agreement, ctx.levelLabel(v.name, 'top2', true));
  }
  return null;
}

/**
 * The base of a filtered question in words, from its `skip_if`: `x == c` (or several joined by `or`) on a
 * yes/no question means the question was put to those who answered the other way ("开展过产学研合作的单位");
 * on another question, to those other than answer c. Null for unfiltered questions or other conditions.
 */
export function baseClause(ctx: ModelContext, v: Variable): BaseClause | null {
  const condition = v.skip_if?.trim();
  if (!condition) return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*==\s*['"]?([^'"\s]+)['"]?$/.exec(condition);
  if (!m) return { predicate: null, excluded: null };
  const filter = ctx.variable(m[1] ?? '');
  if (!filter) return { predicate: null, excluded: null };
  const code = m[2] ?? '';
  if (isYesNo(filter) && String(filter.codes?.[1]?.code) === code && filter.phrase) return { predicate: filter.phrase[ctx.lang], excluded: null };
  const others = filter.codes?.find((c) => String(c.code) === code)?.phrase?.[ctx.lang] ?? null;
  return { predicate: null, excluded: ctx.levelLabel(filter.name, code), others, question: ctx.label(filter.name) };
}

/** The estimate of an indicator in a region (null = the province). */
export function estimateOf(ctx: ModelContext, ind: Indicator, region: string | null): Estimate | undefined {
  if (ind.statistic === 'median') return ctx.estimate('quantile', ind.variable.name, null, region);
  return ctx.estimate(ind.statistic, ind.variable.name, ind.level, region);
}

/** Decimals of a mean or median from its size: integers from 100, one decimal from 10, else two. */
function averageDigits(x: number): number {
  const a = Math.abs(x);
  return a >= 100 ? 0 : a >= 10 ? 1 : 2;
}

/**
 * Whether an estimate can be stated: published (not suppressed) with an interval that is one, for a share an
 * interval narrow enough to say something (half-width at most 25 points: "3% (0% to 79%)" says nothing), for a
 * median a positive value with an interval no wider than the value itself.
 */
export function isStatable(ctx: ModelContext, e: Estimate | undefined): e is Estimate {
  if (e === undefined || isSuppressed(e, ctx.minBase)) return false;
  const ci = intervalOf(e);
  if (ci === null) return false;
  // a median of 0 or one whose interval is wider than itself ("0.0% (0.0–22.9%)") locates nothing
  if (e.statistic === 'quantile') return e.estimate > 0 && ci.high - ci.low <= e.estimate;
  return e.statistic !== 'prop' || (ci.high - ci.low) / 2 <= 0.25;
}

/** Whether the report's region's estimate is flagged for its degrees of freedom alone (not its base or its RSE). */
function onlyForDf(ctx: ModelContext, e: Estimate): boolean {
  return (
    e.domain !== null &&
    e.domain[ctx.regionVariable.name] === ctx.scopeCode &&
    e.n >= ctx.minBase &&
    e.flags.length === 1 &&
    e.flags[0] === 'review' &&
    e.reasons.length === 1 &&
    e.df !== null &&
    e.df < ctx.input.config.analysis.presentation.min_df
  );
}

/** A quantity word is claimed only for a share whose interval is within 10 points either way. */
const quantityPrecision = 0.1;

/**
 * The numbers a sentence states for an estimate: a share in whole percent with its margin in points (or its
 * interval, when the margin would reach past 0% or 100%), a median with its interval (Woodruff intervals are
 * not symmetric), a mean with its margin; a mark of caution when flagged.
 */
export function stated(ctx: ModelContext, ind: Indicator, e: Estimate): Stated {
  const ci = intervalOf(e);
  const n = formatInteger(e.n);
  // flagged only for the region's few degrees of freedom, which the summary says once (the context's fewDf): no repeat
  const caution = isFlagged(e, ctx.minBase) && !(ctx.fewDf !== null && onlyForDf(ctx, e));
  if (ind.statistic === 'prop') {
    const half = ci === null ? null : (ci.high - ci.low) / 2;
    const digits = half !== null && half * 100 < 0.95 ? 1 : 0;
    const lopsided = half !== null && ci !== null && (half > e.estimate || half > 1 - e.estimate);
    return {
      value: formatPercent(e.estimate, 0),
      moe: half === null ? null : formatNumber(half * 100, digits),
      interval: lopsided && ci !== null ? { low: formatPercent(ci.low, 0), high: formatPercent(ci.high, 0) } : null,
      n,
      unit: null,
      margin: 'points',
      caution,
      level: ctx.level,
    };
  }
  // a rating scale's mean is a score on its points ("4.6分", "4.6 on a 1–5 scale")
  const scale = ind.variable.type === 'likert' ? (ind.variable.codes ?? []).filter((c) => /^\d+$/.test(String(c.code))).length : 0;
  // amounts in the unit the language reads them in: 1,560万元 in Chinese, 15.6 million yuan in English
  const shown = displayUnit(ind.variable.unit, ctx.lang, e.estimate);
  const unit = scale > 0 ? findingMessages(ctx.lang).scoreUnit(scale) : shown.unit;
  const factor = scale > 0 ? 1 : shown.factor;
  const margin = scale > 0 ? ('none' as const) : ('unit' as const);
  // a median of whole numbers is a whole number
  const percent = ind.variable.unit?.en === '%';
  const digits = ind.statistic === 'median' && ind.variable.type === 'integer' && factor === 1 ? 0 : scale > 0 || percent ? 1 : averageDigits(e.estimate * factor);
  const write = (x: number) => formatNumber(x * factor, digits);
  if (ind.statistic === 'median') {
    return { value: write(e.estimate), moe: null, interval: ci === null ? null : { low: write(ci.low), high: write(ci.high) }, n, unit, margin, caution, level: ctx.level };
  }
  return { value: write(e.estimate), moe: ci === null ? null : write((ci.high - ci.low) / 2), interval: null, n, unit, margin, caution, level: ctx.level };
}

/**
 * The sentence an editor writes for an indicator's estimate, by question type: a predicate with a quantity
 * word for yes/no questions and rating items ("不足半数受访单位设有研发机构（45%，误差±3个百分点，n=2,978）"),
 * the answer named among a multiple-response question, the answer of a single choice, the median or mean of a
 * number; a filtered question opens with its base ("在开展过产学研合作的单位中，…"). `where` names a region.
 */
export function sentenceFor(ctx: ModelContext, ind: Indicator, e: Estimate, where: string | null, plain = false): string {
  const f = findingMessages(ctx.lang);
  const s = stated(ctx, ind, e);
  const v = ind.variable;
  const base = baseClause(ctx, v);
  const population = ctx.population;
  if (ind.statistic !== 'prop') {
    if (v.type === 'likert') return f.average({ s, population, question: itemText(ctx, v), median: false, base, where, score: true });
    const question = questionPhrase(ctx, v);
    return f.average({ s: withoutEchoedUnit(ctx, question, s), population, question, median: ind.statistic === 'median', base, where });
  }
  const predicate = predicateOf(ctx, ind);
  if (predicate !== null) {
    const ci = intervalOf(e);
    return f.predicate({ q: plain ? null : quantityOf(e.estimate, ci?.low ?? null, ci?.high ?? null), s, population, predicate, base, where });
  }
  const answer = answerPhrase(ctx, v, ind.level ?? '');
  if (v.type === 'multi') return f.multi({ s, population, answer, question: questionPhrase(ctx, v), base, where });
  return f.single({ s, population, answer, question: questionPhrase(ctx, v), base, where });
}

/**
 * A count whose unit the question already names goes without it in English: "the median number of employees
 * is 35", not "35 employees"; Chinese keeps its measure word ("35人").
 */
export function withoutEchoedUnit(ctx: ModelContext, question: string, s: Stated): Stated {
  if (ctx.lang !== 'en' || s.unit === null || s.unit === '%') return s;
  return question.toLowerCase().includes(s.unit.toLowerCase()) ? { ...s, unit: null } : s;
}

/** The headline title of an indicator's estimate: the claim without its numbers. */
export function titleFor(ctx: ModelContext, ind: Indicator, e: Estimate, where: string | null): string {
  const f = findingMessages(ctx.lang);
  const v = ind.variable;
  const scope = where === null ? '' : ctx.lang === 'zh' ? where : '';
  if (ind.statistic !== 'prop') {
    const question = v.type === 'likert' ? (ctx.lang === 'zh' ? `“${itemText(ctx, v)}”的评分` : `rating of “${itemText(ctx, v)}”`) : questionPhrase(ctx, v);
    const s = withoutEchoedUnit(ctx, question, stated(ctx, ind, e));
    return scope + f.titleAverage(question, s.value, s.unit, ind.statistic === 'median') + (where !== null && ctx.lang === 'en' ? ` in ${where}` : '');
  }
  const predicate = predicateOf(ctx, ind);
  const ci = intervalOf(e);
  if (predicate !== null && (ci === null || (ci.high - ci.low) / 2 > quantityPrecision)) {
    // too imprecise for "fewer than half": the title states the figure
    const s = stated(ctx, ind, e);
    return ctx.lang === 'zh' ? `${scope}${s.value}的${ctx.population}${predicate}` : `${s.value} of ${ctx.population}${where === null ? '' : ` in ${where}`} ${predicate}`;
  }
  if (predicate !== null) {
    const title = f.titlePredicate(quantityOf(e.estimate, ci?.low ?? null, ci?.high ?? null), ctx.population, predicate);
    return ctx.lang === 'zh' ? scope + title : where === null ? title : title.replace(`${ctx.population} `, `${ctx.population} in ${where} `);
  }
  const answer = answerPhrase(ctx, v, ind.level ?? '');
  const claim = v.type === 'multi' ? f.titleMulti(answer, questionPhrase(ctx, v)) : f.titleSingle(answer, questionPhrase(ctx, v));
  // "In Harbin, big data analytics tops ...": the region first, not after a noun phrase it would seem to qualify
  return ctx.lang === 'zh' ? scope + claim : where === null ? claim : `In ${where}, ${continuing(claim)}`;
}

/**
 * The indicator that leads for a question: a yes/no question's "yes" share, a rating item's top-two share, a
 * multiple-response question's most chosen answer other than "none"/"other" (in `region`), a single choice's
 * most common answer, a number's median (codebook `summary`, default the median for amounts and counts with a
 * unit other than %) or mean. Null when the question is not reported or nothing is estimated.
 */
export function leadIndicator(ctx: ModelContext, v: Variable, region: string | null): Indicator | null {
  if (!isReported(ctx, v)) return null;
  if (v.type === 'likert') return { statistic: 'prop', variable: v, level: 'top2' };
  if (isYesNo(v)) return { statistic: 'prop', variable: v, level: String(v.codes?.[0]?.code) };
  if (v.type === 'number' || v.type === 'integer') {
    // a mean or median of calendar years, or of a number without a unit, is no quantity worth a sentence
    if (v.unit === undefined || isYearVariable(v)) return null;
    // estimates made without medians fall back to the mean, as the regional figure does
    const median = summaryOf(v) === 'median' && ctx.estimate('quantile', v.name, null, null) !== undefined;
    return { statistic: median ? 'median' : 'mean', variable: v, level: null };
  }
  if (v.type === 'single' || v.type === 'multi') {
    let best: { level: string; p: number } | null = null;
    for (const c of v.codes ?? []) {
      if (isResidualCode(c.label.en) || isResidualCode(c.label.zh)) continue;
      const e = ctx.estimate('prop', v.name, String(c.code), region);
      if (e !== undefined && (best === null || e.estimate > best.p)) best = { level: String(c.code), p: e.estimate };
    }
    return best === null ? null : { statistic: 'prop', variable: v, level: best.level };
  }
  return null;
}
