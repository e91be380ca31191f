import type { Variable } from '../../../schemas/codebook.js';
import type { Estimate } from '../../../schemas/estimates.js';
import type { Theme } from '../../../schemas/survey.js';
import type { FindingBlock } from '../../../schemas/report-model.js';
import { formatNumber, formatPercent } from '../format-number.js';
import { findingMessages } from '../messages-findings.js';
import { differenceInterval, intervalOf, isSignificant } from './estimate-view.js';
import { keyIndicators } from './build-key-indicators.js';
import { mainAreas, regionalContrast, standings } from './regional-contrast.js';
import type { ModelContext } from './model-context.js';
import { estimateOf, isReported, isResidualCode, isStatable, leadIndicator, predicateOf, questionPhrase, sentenceFor, stated, titleFor, withoutEchoedUnit, type Indicator } from './state-indicator.js';

/** At most this many headline messages; the summary states at least the themes that have something to say. */
const maxMessages = 7;

/** Capped so that one extreme difference does not outrank a theme the codebook weights higher. */
const maxSignal = 10;

interface Draft {
  block: Omit<FindingBlock, 'number'>;
  salience: number;
  order: number;
  /** the theme of a theme message (null: the regional picture) */
  theme: Theme | null;
  /** whether its spread sentence says no region differs, and whether it has a "but only" sentence */
  none: boolean;
  weak: boolean;
  /** whether it has a sentence naming the prefectures that differ */
  contrast: boolean;
}

/** What earlier messages have already said, so the next one does not repeat the template word for word. */
interface Said {
  /** how many spread sentences have said that no region differs */
  none: number;
  weak: number;
  /** how many sentences have named the prefectures that differ (each opens differently) */
  contrast: number;
}

/** A theme's candidate indicators, the codebook's `priority` (default 1) first, then questionnaire order. */
function themeIndicators(ctx: ModelContext, theme: Theme, region: string | null): Indicator[] {
  const vars = ctx.input.codebook.filter((v) => v.theme === theme.id && isReported(ctx, v) && (v.priority ?? 1) > 0);
  // an ordered single choice has no top-two share to lead with, only a middle answer: it leads last
  const ordinalSingle = (v: Variable) => (v.type === 'single' && v.ordinal === true ? 1 : 0);
  const ranked = vars
    .map((v, i) => ({ v, i }))
    .sort((a, b) => ordinalSingle(a.v) - ordinalSingle(b.v) || (b.v.priority ?? 1) - (a.v.priority ?? 1) || a.i - b.i);
  // a rating scale whose top-two share cannot be published in the scope is stated by its mean score
  return ranked.flatMap(({ v }) => {
    const lead = leadIndicator(ctx, v, region);
    if (lead === null) return [];
    return v.type === 'likert' ? [lead, { statistic: 'mean' as const, variable: v, level: null }] : [lead];
  });
}

/**
 * Salience of a message (documented in the summary's closing note): the lead question's codebook priority
 * (default 1) times (1 + signal), where the signal is, in standard errors, how far the lead estimate stands
 * from the province (a regional report, or the largest significant regional difference in the provincial
 * one) or, failing that, from an even split (shares) — capped at 10.
 */
function salienceOf(ctx: ModelContext, ind: Indicator, region: string | null): number {
  const priority = ind.variable.priority ?? 1;
  const e = estimateOf(ctx, ind, region);
  let signal = 0;
  const statistic = ind.statistic === 'median' ? null : ind.statistic;
  if (statistic !== null) {
    const codes = region === null ? ctx.regionCodes : [region];
    for (const code of codes) {
      const c = ctx.comparison(statistic, ind.variable.name, ind.level, code);
      if (c !== undefined && isSignificant(c) && c.se > 0) signal = Math.max(signal, Math.abs(c.difference) / c.se);
    }
  }
  if (signal === 0 && e !== undefined && ind.statistic === 'prop' && e.se !== null && e.se > 0) signal = Math.abs(e.estimate - 0.5) / e.se / 4;
  return priority * (1 + Math.min(signal, maxSignal));
}

/** A region against the province on an indicator: the comparison on the region's df, with the difference and its interval. */
export function versusSentence(ctx: ModelContext, ind: Indicator, region: string): string | null {
  if (ind.statistic === 'median') {
    const p = estimateOf(ctx, ind, null);
    if (p === undefined) return null;
    const s = withoutEchoedUnit(ctx, questionPhrase(ctx, ind.variable), stated(ctx, ind, p));
    const unit = s.unit ?? '';
    return ctx.lang === 'zh' ? `全省为${s.value}${unit}` : `against a provincial median of ${s.value}${unit === '' ? '' : unit === '%' ? '%' : `\u00a0${unit}`}`;
  }
  const c = ctx.comparison(ind.statistic, ind.variable.name, ind.level, region);
  const p = estimateOf(ctx, ind, null);
  if (c === undefined || p === undefined) return null;
  const points = ind.statistic === 'prop';
  const scale = points ? 100 : 1;
  const digits = points ? 0 : 1;
  const d = differenceInterval(c);
  const sig = isSignificant(c);
  // the sentence says "above" or "below": the difference and its interval are sizes, smaller bound first
  const size = (x: number) => formatNumber(Math.abs(x) * scale, digits);
  const bounds = d === null ? null : [Math.abs(d.low), Math.abs(d.high)].sort((a, b) => a - b);
  return findingMessages(ctx.lang).versus({
    kind: sig ? (c.difference > 0 ? 'above' : 'below') : 'same',
    province: points ? formatPercent(p.estimate, 0) : stated(ctx, ind, p).value,
    difference: sig ? size(c.difference) : null,
    interval: sig && bounds !== null ? { low: size(bounds[0] ?? 0), high: size(bounds[1] ?? 0) } : null,
    points,
  });
}

/** The standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * The lead estimate against the previous wave (`previous`), when it has the same estimate: the waves are
 * independent samples, so the difference is tested with the sum of the variances, Bonferroni-adjusted over
 * the themes (one lead each). Null without a previous wave or estimate.
 */
function changeClause(ctx: ModelContext, ind: Indicator, e: NonNullable<ReturnType<typeof estimateOf>>): string | null {
  const previous = ctx.input.previous;
  if (!previous || ind.statistic === 'median') return null;
  const before = ctx.estimate(ind.statistic, ind.variable.name, ind.level, ctx.scopeCode, previous);
  if (before === undefined || before.se === null || e.se === null) return null;
  const se = Math.sqrt(e.se ** 2 + before.se ** 2);
  if (!(se > 0)) return null;
  const p = 2 * (1 - normalCdf(Math.abs((e.estimate - before.estimate) / se)));
  const alpha = 1 - ctx.input.estimates.design.level;
  const significant = p * Math.max(1, ctx.input.config.themes.length) < alpha;
  const write = ind.statistic === 'prop' ? formatPercent(before.estimate, 0) : stated(ctx, ind, before).value;
  return findingMessages(ctx.lang).change({ kind: significant ? (e.estimate > before.estimate ? 'up' : 'down') : 'same', before: write });
}

/** The theme's negative multiple-response question (barriers, obstacles): its most cited answer. */
function obstacle(ctx: ModelContext, theme: Theme, region: string | null, exclude: string): Indicator | null {
  const v = ctx.input.codebook.find((x) => x.theme === theme.id && x.type === 'multi' && x.negative === true && x.name !== exclude && isReported(ctx, x));
  return v === undefined ? null : leadIndicator(ctx, v, region);
}

/** The rating item of a theme least agreed with, when it is not the lead and below a third. */
function weakestItem(ctx: ModelContext, theme: Theme, region: string | null, exclude: string): Indicator | null {
  let best: { ind: Indicator; p: number } | null = null;
  for (const v of ctx.input.codebook) {
    if (v.theme !== theme.id || v.type !== 'likert' || v.group === undefined || v.name === exclude || v.negative === true || !isReported(ctx, v)) continue;
    const ind: Indicator = { statistic: 'prop', variable: v, level: 'top2' };
    const e = estimateOf(ctx, ind, region);
    if (isStatable(ctx, e) && (best === null || e.estimate < best.p)) best = { ind, p: e.estimate };
  }
  return best !== null && best.p < 1 / 3 ? best.ind : null;
}

/** Whether a share is precise enough for a quantity word ("fewer than half"): within 10 points either way. */
function hasQuantity(e: NonNullable<ReturnType<typeof estimateOf>>): boolean {
  const ci = intervalOf(e);
  return ci !== null && (ci.high - ci.low) / 2 <= 0.1;
}

/**
 * The indicator a theme's message leads with: the first statable candidate (priority, then questionnaire
 * order); in a regional report, the candidate that differs most from the province, in standard errors times
 * the codebook priority, among those that differ significantly on the region's df, so that the message says
 * what sets the region apart rather than that its lead question does not differ.
 */
function leadOf(ctx: ModelContext, candidates: Indicator[], region: string | null): Indicator | undefined {
  const statable = candidates.filter((ind) => isStatable(ctx, estimateOf(ctx, ind, region)));
  if (region === null) return statable[0];
  let best: { ind: Indicator; score: number } | null = null;
  for (const ind of statable) {
    if (ind.statistic === 'median') continue;
    const c = ctx.comparison(ind.statistic, ind.variable.name, ind.level, region);
    if (c === undefined || !isSignificant(c) || !(c.se > 0)) continue;
    const score = (ind.variable.priority ?? 1) * (Math.abs(c.difference) / c.se);
    if (best === null || score > best.score) best = { ind, score };
  }
  return best?.ind ?? statable[0];
}

/** An answer as a claim with its share: "Engineers and technicians top ..., named by 40% of organisations (...)". */
function namedClaim(ctx: ModelContext, ind: Indicator, e: Estimate, where: string | null): string {
  const s = stated(ctx, ind, e);
  return `${titleFor(ctx, ind, e, where)}${findingMessages(ctx.lang).namedBy({ s, population: ctx.population, multi: ind.variable.type === 'multi' })}`;
}

/** One theme's headline message in the report's scope, or null when nothing in it can be stated. */
function themeMessage(ctx: ModelContext, theme: Theme, order: number, said: Said = { none: 0, weak: 0, contrast: 0 }): Draft | null {
  const region = ctx.scopeCode;
  const where = region === null ? null : ctx.scopeName;
  const f = findingMessages(ctx.lang);
  const lead = leadOf(ctx, themeIndicators(ctx, theme, region), region);
  if (lead === undefined) return null;
  const e = estimateOf(ctx, lead, region)!;
  const sentences: string[] = [];
  // a share of a yes/no question or rating item and an average: the claim with its numbers is the headline's
  // opening sentence; an answer of a choice question gets a short claim ("Low pay tops ...") before its numbers
  const claimFirst = predicateOf(ctx, lead) !== null || lead.statistic !== 'prop';
  // an answer's claim carries its share in the same sentence ("A lack of funds tops ..., named by 54% ..."),
  // rather than a second sentence that names the answer and the question again
  let first = claimFirst
    ? sentenceFor(ctx, lead, e, where, !hasQuantity(e))
    : namedClaim(ctx, lead, e, where);
  let none = false;
  let weakSaid = false;
  let claim: string | null = null;
  // the provincial message's second sentence is the regional picture of the theme: which prefectures differ and
  // by how much, or that none does; a message with a regional contrast leaves out the weakest statement
  let contrast: string | null = null;
  if (region === null) {
    const r = regionalContrast(ctx, theme.id, lead, said.contrast);
    contrast = r?.text ?? null;
    none = r?.uniform ?? false;
    sentences.push(first);
  } else {
    const versus = versusSentence(ctx, lead, region);
    // the claim alone is the bold lead; the comparison with the province follows it in the same sentence
    if (versus !== null) {
      claim = ctx.lang === 'zh' ? `${first}，` : `${first},`;
      first += ctx.lang === 'zh' ? `，${versus}` : `, ${versus}`;
    }
    sentences.push(first);
  }
  const change = changeClause(ctx, lead, e);
  if (change !== null) sentences[0] = `${sentences[0]}${ctx.lang === 'zh' ? '，' : ', '}${change}`;
  const obs = obstacle(ctx, theme, region, lead.variable.name);
  const obsE = obs === null ? undefined : estimateOf(ctx, obs, region);
  if (obs !== null && isStatable(ctx, obsE) && !isResidualCode(obs.variable.codes?.find((c) => String(c.code) === obs.level)?.label.en ?? '')) {
    // the most named obstacle as a claim with its share, rather than a sentence that opens with a figure
    sentences.push(namedClaim(ctx, obs, obsE, where));
  }
  if (contrast !== null && !none) sentences.push(contrast);
  const weak = contrast !== null && !none ? null : weakestItem(ctx, theme, region, lead.variable.name);
  const weakE = weak === null ? undefined : estimateOf(ctx, weak, region);
  if (weak !== null && isStatable(ctx, weakE)) {
    const predicate = predicateOf(ctx, weak);
    if (predicate !== null) {
      const text = f.weakest({ s: stated(ctx, weak, weakE), population: ctx.population, predicate, where, variant: said.weak });
      sentences.push(text.charAt(0).toUpperCase() + text.slice(1));
      weakSaid = true;
    }
  }
  if (contrast !== null && none) sentences.push(contrast);
  // a theme led by a median (the organisations' size) has no obstacle or rating: its next amount follows
  if (lead.statistic === 'median') {
    const next = themeIndicators(ctx, theme, region).find((ind) => ind.statistic === 'median' && ind.variable.name !== lead.variable.name && isStatable(ctx, estimateOf(ctx, ind, region)));
    if (next !== undefined) {
      const nextE = estimateOf(ctx, next, region)!;
      const versus = region === null ? null : versusSentence(ctx, next, region);
      // the region was named in the sentence before
      sentences.push(`${sentenceFor(ctx, next, nextE, null)}${versus === null ? '' : ctx.lang === 'zh' ? `，${versus}` : `, ${versus}`}`);
    }
  }
  const title = sentences.shift() ?? '';
  const titleText = f.join([title]);
  const lead_ = claim ?? titleText;
  const ci = intervalOf(e);
  const scale = lead.statistic === 'prop' ? 100 : 1;
  return {
    block: {
      kind: 'finding',
      text: [titleText, f.join(sentences)].filter((x) => x !== '').join(ctx.lang === 'zh' ? '' : ' '),
      lead: lead_,
      statistic: lead.statistic === 'prop' ? 'prop' : 'mean',
      variable: lead.variable.name,
      level: lead.level,
      domain: region,
      estimate: e.estimate * scale,
      moe: ci === null ? 0 : ((ci.high - ci.low) / 2) * scale,
      base: e.n,
      low_base: stated(ctx, lead, e).caution,
      rule: 'headline',
      theme: theme.id,
      salience: Math.round(salienceOf(ctx, lead, region) * 1000) / 1000,
    },
    salience: salienceOf(ctx, lead, region),
    order,
    theme,
    none,
    weak: weakSaid,
    contrast: contrast !== null && !none,
  };
}

/**
 * Where the regions stand across all questions compared by prefecture (published, significant differences
 * only): in the province, those ahead of or behind it on several; in a region, its own count.
 */
function regionalPicture(ctx: ModelContext): Draft | null {
  const f = findingMessages(ctx.lang);
  // the message's data fields point at the first key indicator (the regional picture has no single estimate)
  const first = keyIndicators(ctx).find((k) => k.indicator.statistic !== 'median');
  const base = { kind: 'finding' as const, statistic: 'prop' as const, variable: first?.indicator.variable.name ?? ctx.regionVariable.name, level: first?.indicator.level ?? null, estimate: 0, moe: 0, base: 0, low_base: false, rule: 'headline' as const, theme: 'regions' };
  if (ctx.scopeCode !== null) {
    // counted as the provincial report counts it (all questions compared by prefecture), so the two agree
    const { tested, rows } = standings(ctx);
    const row = rows.find((r) => r.code === ctx.scopeCode);
    const t = row === undefined ? null : { better: row.ahead.length, worse: row.behind.length, worseOn: mainAreas(row.behind), betterOn: mainAreas(row.ahead) };
    const text =
      t === null
        ? ''
        : f.standing({ region: ctx.scopeName ?? '', better: t.better, worse: t.worse, total: tested, worseOn: t.worseOn, betterOn: t.betterOn, questions: true });
    if (t === null) return null;
    const salience = 1 + t.better + t.worse;
    return { block: { ...base, domain: ctx.scopeCode, text: f.join([text]), salience }, salience, order: 99, theme: null, none: false, weak: false, contrast: false };
  }
  // the province: prefectures significantly ahead of or behind the province on several of all the questions
  // compared by prefecture (published estimates only), not just the key indicators
  const { tested, rows } = standings(ctx);
  const several = 3;
  const count = (xs: string[]) => String(xs.length);
  const lead = rows.filter((t) => t.ahead.length >= several).sort((a, b) => b.ahead.length - a.ahead.length);
  const lag = rows.filter((t) => t.behind.length >= several).sort((a, b) => b.behind.length - a.behind.length);
  if (lag.length === 0 && lead.length === 0) return null;
  const sentences: string[] = [];
  if (lead.length > 0) {
    sentences.push(f.leading({ names: lead.map((t) => ({ name: ctx.regionName(t.code), value: count(t.ahead) })), areas: mainAreas(lead.flatMap((t) => t.ahead)), tested }));
  }
  if (lag.length > 0) {
    sentences.push(f.lagging({ names: lag.map((t) => ({ name: ctx.regionName(t.code), value: count(t.behind) })), areas: mainAreas(lag.flatMap((t) => t.behind)), leading: lead.length > 0 }));
  }
  const salience = 1 + Math.min(maxSignal, lag.length + lead.length);
  return { block: { ...base, domain: null, text: f.join(sentences), salience }, salience, order: 99, theme: null, none: false, weak: false, contrast: false };
}

/**
 * The executive summary's headline messages: one per theme (its lead indicator with the regional spread or the
 * comparison with the province, the obstacle most cited, the statement least agreed with), and where the
 * regions stand across the key indicators; ranked by salience (see salienceOf), at most seven, numbered.
 */
export function buildHeadlines(ctx: ModelContext): FindingBlock[] {
  const drafts: Draft[] = [];
  ctx.input.config.themes.forEach((theme, i) => {
    const d = themeMessage(ctx, theme, i);
    // a theme led by a median (the organisations' size) describes the sample; it is no headline message
    if (d !== null && d.block.statistic !== 'prop' && ctx.variable(d.block.variable)?.type !== 'likert') return;
    if (d !== null) drafts.push(d);
  });
  const picture = regionalPicture(ctx);
  if (picture !== null) drafts.push(picture);
  drafts.sort((a, b) => b.salience - a.salience || a.order - b.order);
  // in reading order, a message whose template an earlier one used is written again in another form
  const said: Said = { none: 0, weak: 0, contrast: 0 };
  return drafts.slice(0, maxMessages).map((d, i) => {
    const repeated = (d.none && said.none > 0) || (d.weak && said.weak > 0) || (d.contrast && said.contrast > 0);
    const again = d.theme !== null && repeated ? themeMessage(ctx, d.theme, d.order, said) : null;
    const final = again ?? d;
    if (final.none) said.none++;
    if (final.weak) said.weak++;
    if (final.contrast) said.contrast++;
    return { ...final.block, number: i + 1 };
  });
}

/** The generated opening of a theme chapter with no narrative of its own: the theme's headline message. */
export function themeLead(ctx: ModelContext, theme: Theme): string | null {
  const d = themeMessage(ctx, theme, 0);
  return d === null ? null : d.block.text;
}
