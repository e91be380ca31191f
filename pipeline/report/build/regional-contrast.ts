import type { Variable } from '../../../schemas/codebook.js';
import type { Estimate } from '../../../schemas/estimates.js';
import { formatPercent } from '../format-number.js';
import { findingMessages, type Named } from '../messages-findings.js';
import { isFlagged, isSignificant, isSuppressed } from './estimate-view.js';
import type { ModelContext } from './model-context.js';
import { answerPhrase, estimateOf, isReported, itemText, leadIndicator, predicateOf, questionPhrase, stated, type Indicator } from './state-indicator.js';

/** A prefecture that differs significantly from the province on one indicator, with its estimate. */
export interface Differing {
  code: string;
  e: Estimate;
  /** the difference in standard errors, signed */
  z: number;
}

/**
 * The indicators of a theme that can be compared region by region: each question's lead share (a yes/no
 * question's "yes", a rating item's top two, the most named answer), and a rating item's mean score. Medians
 * have no regional test, and the mean of a skewed number is not what the report states of it.
 */
export function comparableIndicators(ctx: ModelContext, theme: string): Indicator[] {
  return ctx.input.codebook
    .filter((v) => v.theme === theme && isReported(ctx, v) && (v.priority ?? 1) > 0)
    .flatMap((v): Indicator[] => {
      const lead = leadIndicator(ctx, v, null);
      if (lead === null || lead.statistic === 'median') return [];
      if (lead.statistic === 'mean' && v.type !== 'likert') return [];
      return v.type === 'likert' ? [lead, { statistic: 'mean', variable: v, level: null }] : [lead];
    });
}

/**
 * The prefectures whose estimate is published (a marked one counts, as the table prints it) and differs
 * significantly from the province: the rule of the shaded cells in the regional tables.
 */
export function differing(ctx: ModelContext, ind: Indicator): Differing[] {
  if (ind.statistic === 'median') return [];
  const out: Differing[] = [];
  for (const code of ctx.regionCodes) {
    const c = ctx.comparison(ind.statistic, ind.variable.name, ind.level, code);
    const e = estimateOf(ctx, ind, code);
    if (c === undefined || e === undefined || !isSignificant(c) || isSuppressed(e, ctx.minBase) || !(c.se > 0)) continue;
    out.push({ code, e, z: c.difference / c.se });
  }
  return out;
}

/** A figure as the regional tables print it: with † when the table marks it for low precision. */
export function markedValue(ctx: ModelContext, ind: Indicator, e: Estimate): string {
  const s = stated(ctx, ind, e);
  // a score in Chinese carries its unit ("3.5分"); in English the scale is said once, with the province
  const value = ind.statistic === 'prop' ? formatPercent(e.estimate, 0) : ctx.lang === 'zh' ? `${s.value}${s.unit ?? ''}` : s.value;
  return isFlagged(e, ctx.minBase) ? `${value}†` : value;
}

/** The indicator as a noun phrase: "the share of organisations that have an R&D department", "the average rating of ...". */
function whatOf(ctx: ModelContext, ind: Indicator): string {
  const v: Variable = ind.variable;
  const zh = ctx.lang === 'zh';
  const population = ctx.population;
  if (ind.statistic === 'mean') return zh ? `“${itemText(ctx, v)}”的平均评分` : `the average rating of “${itemText(ctx, v)}”`;
  const predicate = predicateOf(ctx, ind);
  if (predicate !== null) return zh ? `${predicate}的${population}比例` : `the share of ${population} that ${predicate}`;
  const answer = answerPhrase(ctx, v, ind.level ?? '');
  const question = questionPhrase(ctx, v);
  if (v.type === 'multi') return zh ? `将“${answer}”列为${question}的${population}比例` : `the share of ${population} naming ${answer} among ${question}`;
  return zh ? `${question}为“${answer}”的${population}比例` : `the share of ${population} whose ${question} is “${answer}”`;
}

/**
 * The regional sentence of a theme's provincial message: on the indicator where most prefectures differ
 * significantly from the province (the lead indicator when any differ on it; ties: the larger differences),
 * which prefectures stand above and below and by how much. When none differs on any of the theme's
 * indicators, one sentence says so; null when the theme has nothing compared. `variant`: how many earlier
 * messages named differing prefectures (each such sentence opens differently).
 */
export function regionalContrast(ctx: ModelContext, theme: string, lead: Indicator, variant = 0): { text: string; uniform: boolean } | null {
  const f = findingMessages(ctx.lang);
  const candidates = comparableIndicators(ctx, theme);
  if (candidates.length === 0) return null;
  const scored = candidates.map((ind) => {
    const d = differing(ctx, ind);
    return { ind, d, weight: d.reduce((sum, x) => sum + Math.abs(x.z), 0) };
  });
  const onLead = scored.find((s) => s.ind.variable.name === lead.variable.name && s.ind.statistic === lead.statistic && s.ind.level === lead.level);
  const best = onLead !== undefined && onLead.d.length > 0 ? onLead : [...scored].sort((a, b) => b.d.length - a.d.length || b.weight - a.weight)[0];
  if (best === undefined || best.d.length === 0) {
    const questions = new Set(candidates.map((c) => c.variable.name)).size;
    return questions >= 2 ? { text: f.uniform({ questions }), uniform: true } : null;
  }
  const province = estimateOf(ctx, best.ind, null);
  if (province === undefined) return null;
  const named = (xs: Differing[]): Named[] =>
    xs.sort((a, b) => Math.abs(b.e.estimate - (province.estimate)) - Math.abs(a.e.estimate - province.estimate)).map((x) => ({ name: ctx.regionName(x.code), value: markedValue(ctx, best.ind, x.e) }));
  const provinceValue = best.ind.statistic === 'prop' ? formatPercent(province.estimate, 0) : `${stated(ctx, best.ind, province).value}${ctx.lang === 'zh' ? '' : ' '}${stated(ctx, best.ind, province).unit ?? ''}`.trim();
  const text = f.contrast({ what: whatOf(ctx, best.ind), province: provinceValue, above: named(best.d.filter((x) => x.z > 0)), below: named(best.d.filter((x) => x.z < 0)), variant });
  return { text, uniform: false };
}

/** One prefecture's standing over the questions compared: how many it is significantly ahead of or behind the province on, and where. */
export interface Standing {
  code: string;
  ahead: string[];
  behind: string[];
}

/** The area a question belongs to in a sentence: a rating item's battery ("Talent environment"), else its theme's title. */
function areaOf(ctx: ModelContext, v: Variable): string {
  const label = ctx.label(v.name);
  const m = /[：:]\s*/u.exec(label);
  if (v.group !== undefined && m !== null) return label.slice(0, m.index);
  return ctx.input.config.themes.find((t) => t.id === v.theme)?.title[ctx.lang] ?? '';
}

/**
 * Each prefecture against the province across every question compared in every theme: a question counts
 * once (a rating item's top-two share or mean score), ahead or behind by the codebook's `negative` (a higher
 * share of an obstacle is behind). Also the number of questions compared.
 */
export function standings(ctx: ModelContext): { tested: number; rows: Standing[] } {
  const indicators = ctx.input.config.themes.flatMap((t) => comparableIndicators(ctx, t.id));
  const questions = new Set(indicators.map((i) => i.variable.name));
  const tests = indicators.map((ind) => ({ ind, differ: differing(ctx, ind) }));
  const rows = ctx.regionCodes.map((code) => {
    const ahead = new Map<string, string>();
    const behind = new Map<string, string>();
    for (const { ind, differ } of tests) {
      const d = differ.find((x) => x.code === code);
      if (d === undefined || ahead.has(ind.variable.name) || behind.has(ind.variable.name)) continue;
      const better = d.z > 0 !== (ind.variable.negative === true);
      (better ? ahead : behind).set(ind.variable.name, areaOf(ctx, ind.variable));
    }
    return { code, ahead: [...ahead.values()], behind: [...behind.values()] };
  });
  return { tested: questions.size, rows };
}

/** The areas named most often in a list, at most two. */
export function mainAreas(areas: string[]): string[] {
  const count = new Map<string, number>();
  for (const a of areas) count.set(a, (count.get(a) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([a]) => a);
}

/**
 * What a regional report can say of a theme when none of the region's shares is precise enough for a headline:
 * its published estimates tested against the province (rating scores first, they are the most precise), the
 * significant ones first, at most two; null when the region has none published.
 */
export function regionTests(ctx: ModelContext, theme: string): string | null {
  const region = ctx.scopeCode;
  if (region === null) return null;
  const f = findingMessages(ctx.lang);
  const rows = comparableIndicators(ctx, theme).flatMap((ind) => {
    const e = estimateOf(ctx, ind, region);
    const p = estimateOf(ctx, ind, null);
    const c = ind.statistic === 'median' ? undefined : ctx.comparison(ind.statistic, ind.variable.name, ind.level, region);
    if (e === undefined || p === undefined || c === undefined || isSuppressed(e, ctx.minBase) || !(c.se > 0)) return [];
    return [{ ind, e, p, significant: isSignificant(c), z: Math.abs(c.difference / c.se), up: c.difference > 0 }];
  });
  if (rows.length === 0) return null;
  rows.sort((a, b) => Number(b.significant) - Number(a.significant) || Number(b.ind.statistic === 'mean') - Number(a.ind.statistic === 'mean') || b.z - a.z);
  const shown = rows.filter((r) => r.significant).slice(0, 2);
  const provinceValue = (ind: Indicator, p: Estimate) => {
    const s = stated(ctx, ind, p);
    return ind.statistic === 'prop' ? formatPercent(p.estimate, 0) : `${s.value}${ctx.lang === 'zh' || s.unit === null ? '' : ' '}${s.unit ?? ''}`;
  };
  // the region is named once: "In Qiqihar, A is 30%, ...; B is 45%, ..."
  const clauses = (shown.length > 0 ? shown : rows.slice(0, 1)).map((r, i) =>
    f.regionTest({
      region: i === 0 ? (ctx.scopeName ?? '') : '',
      what: whatOf(ctx, r.ind),
      value: markedValue(ctx, r.ind, r.e),
      province: provinceValue(r.ind, r.p),
      kind: r.significant ? (r.up ? 'above' : 'below') : 'same',
    }),
  );
  return f.join([clauses.join(ctx.lang === 'zh' ? '；' : '; ')]);
}
