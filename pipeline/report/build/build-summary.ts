import type { Comparison, Estimate } from '../../../schemas/estimates.js';
import type { Block, FindingBlock } from '../../../schemas/report-model.js';
import { formatInteger, formatNumber, formatPercent } from '../format-number.js';
import type { Contrast, FindingNumbers } from '../messages.js';
import { headline, meanVariables, shareVariables, type ModelContext } from './model-context.js';
import { narrativeBlocks } from './parse-narrative.js';

/** The most findings each rule contributes. */
const limits = { sharesPerTheme: 2, shareDifferences: 4, meanDifferences: 2, differencesPerVariable: 1, changes: 3 } as const;

/** Decimals of a share: whole percent, one decimal when the margin of error is below one point. */
function shareDigits(e: Estimate): number {
  return (((e.ci_high ?? Number.NaN) - (e.ci_low ?? Number.NaN)) / 2) * 100 < 0.95 ? 1 : 0;
}

/** Decimals of a mean, from the size of its margin of error. */
function meanDigits(e: Estimate): number {
  const moe = ((e.ci_high ?? Number.NaN) - (e.ci_low ?? Number.NaN)) / 2;
  return moe >= 10 ? 0 : moe >= 1 ? 1 : 2;
}

/** The numbers a finding states; the margin of error keeps its own decimals when the value needs more. */
function numbers(e: Estimate, statistic: 'prop' | 'mean', digits: number): FindingNumbers {
  const moe = ((e.ci_high ?? Number.NaN) - (e.ci_low ?? Number.NaN)) / 2;
  return statistic === 'prop'
    ? { value: formatPercent(e.estimate, digits), moe: formatNumber(moe * 100, shareDigits(e)), n: formatInteger(e.n) }
    : { value: formatNumber(e.estimate, digits), moe: formatNumber(moe, meanDigits(e)), n: formatInteger(e.n) };
}

/** Writes a share or a mean (with its unit) at `digits` decimals. */
function write(ctx: ModelContext, statistic: 'prop' | 'mean', e: Estimate, digits: number): string {
  if (statistic === 'prop') return formatPercent(e.estimate, digits);
  const unit = ctx.variable(e.variable)?.unit?.[ctx.lang] ?? null;
  const value = formatNumber(e.estimate, digits);
  return unit === null ? value : unit === '%' || ctx.lang === 'zh' ? `${value}${unit}` : `${value}\u00a0${unit}`;
}

/** The decimals that tell two figures apart: one more when both would otherwise read the same. */
function distinctDigits(ctx: ModelContext, statistic: 'prop' | 'mean', mine: Estimate, theirs: Estimate, digits: number): number {
  return write(ctx, statistic, mine, digits) === write(ctx, statistic, theirs, digits) && mine.estimate !== theirs.estimate ? digits + 1 : digits;
}

/** The contrast of a region's estimate with the province's, claimed only where the corrected test says so. */
function versusProvince(ctx: ModelContext, statistic: 'prop' | 'mean', e: Estimate, region: string, digits: number): { contrast: Contrast; digits: number } {
  const province = ctx.estimate(statistic, e.variable, e.level, null);
  if (province === undefined) return { contrast: { kind: 'none' }, digits };
  const comparison = ctx.comparison(statistic, e.variable, e.level, region);
  // a decimal more only to tell apart two figures said to differ ("43% ... not significantly different from
  // the provincial 43%" is true as it stands)
  const d = comparison?.significant === true ? distinctDigits(ctx, statistic, e, province, digits) : digits;
  const other = write(ctx, statistic, province, d);
  if (comparison === undefined) return { contrast: { kind: 'untested', other }, digits: d };
  if (!comparison.significant) return { contrast: { kind: 'same', other }, digits: d };
  return { contrast: { kind: comparison.difference > 0 ? 'above' : 'below', other }, digits: d };
}

interface Draft {
  e: Estimate;
  statistic: 'prop' | 'mean';
  region: string | null;
  contrast: Contrast;
  digits: number;
  rule: FindingBlock['rule'];
}

function finding(ctx: ModelContext, draft: Draft, number: number): FindingBlock {
  const { e, statistic, region } = draft;
  const variable = ctx.variable(e.variable);
  const regionName = region === null ? null : ctx.regionName(region);
  const n = numbers(e, statistic, draft.digits);
  const text =
    statistic === 'prop'
      ? ctx.msg.shareFinding({
          numbers: n,
          population: ctx.population,
          region: regionName,
          question: ctx.label(e.variable),
          answer: ctx.levelLabel(e.variable, e.level ?? '', variable?.type === 'likert'),
          type: variable?.type ?? 'single',
          contrast: draft.contrast,
        })
      : ctx.msg.meanFinding({
          numbers: n,
          population: ctx.population,
          region: regionName,
          question: ctx.label(e.variable),
          unit: variable?.unit?.[ctx.lang] ?? null,
          contrast: draft.contrast,
        });
  const moe = (((e.ci_high ?? Number.NaN) - (e.ci_low ?? Number.NaN)) / 2) * (statistic === 'prop' ? 100 : 1);
  return {
    kind: 'finding',
    number,
    text,
    statistic,
    variable: e.variable,
    level: e.level,
    domain: region,
    estimate: statistic === 'prop' ? e.estimate * 100 : e.estimate,
    moe,
    base: e.n,
    low_base: ctx.isLowBase(e),
    rule: draft.rule,
  };
}

/**
 * Whether an estimate can be stated as a finding: an adequate base, a margin of error to state, and one that
 * "x ± m" can state: smaller than the share and than its complement (3% ± 35 points, from a region with a
 * handful of clusters, would reach below 0%), or than the average.
 */
function reportable(ctx: ModelContext, e: Estimate | undefined): e is Estimate {
  if (e === undefined || ctx.isLowBase(e) || ctx.isDegenerate(e)) return false;
  const moe = ((e.ci_high ?? Number.NaN) - (e.ci_low ?? Number.NaN)) / 2;
  return e.statistic === 'prop' ? moe < e.estimate && moe < 1 - e.estimate : moe < Math.abs(e.estimate);
}

/**
 * The Likert batteries of a theme (codebook `group`; an ungrouped item is a battery of one), each as its items'
 * top-two shares in the scope that can be stated, in questionnaire order.
 */
function batteryShares(ctx: ModelContext, theme: string, region: string | null): Estimate[][] {
  const batteries = new Map<string, Estimate[]>();
  for (const v of ctx.input.codebook) {
    if (v.theme !== theme || v.type !== 'likert') continue;
    const key = v.group ?? v.name;
    const list = batteries.get(key) ?? [];
    const e = ctx.estimate('prop', v.name, 'top2', region);
    if (reportable(ctx, e)) list.push(e);
    batteries.set(key, list);
  }
  return [...batteries.values()].filter((list) => list.length > 0);
}

/**
 * Rule 1, in the report's own scope, theme by theme: the largest headline shares of the single- and
 * multiple-choice questions (at most two), then for each Likert battery the statement most agreed with and,
 * when the battery has three or more statements, the one least agreed with (top-two shares). Averages are not
 * key findings: a region's averages are stated where they differ significantly from the province (rule 2).
 */
function largestShares(ctx: ModelContext): Draft[] {
  const drafts: Draft[] = [];
  const region = ctx.scopeCode;
  const add = (e: Estimate) => {
    const digits = shareDigits(e);
    const c = region === null ? { contrast: { kind: 'none' } as Contrast, digits } : versusProvince(ctx, 'prop', e, region, digits);
    drafts.push({ e, statistic: 'prop', region, contrast: c.contrast, digits: c.digits, rule: 'largest-share' });
  };
  for (const theme of ctx.input.config.themes) {
    shareVariables(ctx, theme.id)
      .filter((v) => v.type !== 'likert')
      .map((v) => headline(ctx, v, region))
      .filter((e): e is Estimate => reportable(ctx, e))
      .sort((a, b) => b.estimate - a.estimate)
      .slice(0, limits.sharesPerTheme)
      .forEach(add);
    for (const items of batteryShares(ctx, theme.id, region)) {
      const ranked = [...items].sort((a, b) => b.estimate - a.estimate);
      add(ranked[0] as Estimate);
      if (ranked.length >= 3) add(ranked[ranked.length - 1] as Estimate);
    }
  }
  return drafts;
}

/** What a finding states: a share, or for a yes/no question the question (its two shares say the same). */
function statedKey(ctx: ModelContext, variable: string, level: string | null): string {
  const v = ctx.variable(variable);
  return v?.type === 'single' && v.codes?.length === 2 ? variable : `${variable}\u0000${level ?? ''}`;
}

/**
 * Rule 2: significant differences between a region and the province (after the multiple-comparison
 * correction): shares (largest difference in points first, at most four) and then averages of numbers with a
 * unit, never calendar years (largest difference relative to the provincial average first, at most two); one
 * finding per question, none from a low-base or degenerate estimate.
 */
function regionalDifferences(ctx: ModelContext, exclude: Set<string>): { drafts: Draft[]; tested: number; significant: number } {
  const region = ctx.regionVariable.name;
  const stated = new Set(ctx.input.config.themes.flatMap((t) => meanVariables(ctx, t.id).map((v) => v.name)));
  const shares = new Set(ctx.input.config.themes.flatMap((t) => shareVariables(ctx, t.id).map((v) => v.name)));
  const comparisons = ctx.input.estimates.comparisons.filter(
    (c) =>
      ((c.statistic === 'prop' && shares.has(c.variable)) || (c.statistic === 'mean' && c.level === null && stated.has(c.variable))) &&
      c.versus === 'all' &&
      c.domain[region] !== undefined &&
      Object.keys(c.domain).length === 1,
  );
  const mine = ctx.scopeCode === null ? comparisons : comparisons.filter((c) => c.domain[region] === ctx.scopeCode);
  const drafts: Draft[] = [];
  const perVariable = new Map<string, number>();
  for (const statistic of ['prop', 'mean'] as const) {
    const size = (c: Comparison) => {
      if (statistic === 'prop') return Math.abs(c.difference);
      const province = ctx.estimate('mean', c.variable, null, null)?.estimate ?? 0;
      return Math.abs(c.difference) / Math.max(Math.abs(province), 1e-9);
    };
    const candidates = mine
      .filter((c) => c.significant && c.statistic === statistic)
      .map((c) => ({ c, e: ctx.estimate(statistic, c.variable, c.level, c.domain[region] ?? null) }))
      .filter((x): x is { c: Comparison; e: Estimate } => reportable(ctx, x.e) && !exclude.has(statedKey(ctx, x.c.variable, x.c.level)))
      .sort((a, b) => size(b.c) - size(a.c) || (a.c.p_adjusted ?? 1) - (b.c.p_adjusted ?? 1));
    let taken = 0;
    for (const { c, e } of candidates) {
      if (taken >= (statistic === 'prop' ? limits.shareDifferences : limits.meanDifferences)) break;
      const used = perVariable.get(c.variable) ?? 0;
      if (used >= limits.differencesPerVariable) continue;
      const code = c.domain[region];
      if (code === undefined) continue;
      perVariable.set(c.variable, used + 1);
      taken++;
      const v = versusProvince(ctx, statistic, e, code, statistic === 'prop' ? shareDigits(e) : meanDigits(e));
      drafts.push({ e, statistic, region: code, contrast: v.contrast, digits: v.digits, rule: ctx.scopeCode === null ? 'regional-difference' : 'versus-province' });
    }
  }
  return { drafts, tested: mine.length, significant: mine.filter((c) => c.significant).length };
}

/** The standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Rule 3: changes since the previous wave. The waves are independent samples, so the difference is tested
 * with the sum of the variances; p-values are Bonferroni-adjusted over every share tested.
 */
function changes(ctx: ModelContext): { drafts: Draft[]; tested: number } {
  const previous = ctx.input.previous;
  if (!previous) return { drafts: [], tested: 0 };
  const region = ctx.scopeCode;
  const alpha = 1 - ctx.input.estimates.design.level;
  const tested: { e: Estimate; before: Estimate; p: number }[] = [];
  for (const e of ctx.input.estimates.estimates) {
    if (e.statistic !== 'prop') continue;
    const inScope = region === null ? e.domain === null : e.domain !== null && Object.keys(e.domain).length === 1 && e.domain[ctx.regionVariable.name] === region;
    if (!inScope || !reportable(ctx, e)) continue;
    const before = ctx.estimate('prop', e.variable, e.level, region, previous);
    if (before === undefined || before.n < ctx.minBase || before.flags.includes('low_base')) continue;
    const se = Math.sqrt((e.se ?? Number.NaN) ** 2 + (before.se ?? Number.NaN) ** 2);
    if (!(se > 0)) continue;
    const z = (e.estimate - before.estimate) / se;
    tested.push({ e, before, p: 2 * (1 - normalCdf(Math.abs(z))) });
  }
  const drafts: Draft[] = tested
    .filter((t) => t.p * tested.length < alpha)
    .sort((a, b) => Math.abs(b.e.estimate - b.before.estimate) - Math.abs(a.e.estimate - a.before.estimate))
    .slice(0, limits.changes)
    .map(({ e, before }) => {
      const digits = distinctDigits(ctx, 'prop', e, before, shareDigits(e));
      const other = write(ctx, 'prop', before, digits);
      return { e, statistic: 'prop', region, contrast: { kind: e.estimate > before.estimate ? 'up' : 'down', other }, digits, rule: 'change' };
    });
  return { drafts, tested: tested.length };
}

/** The sample size of the report's scope: the largest base of any of its estimates. */
export function scopeBase(ctx: ModelContext, region: string | null): number {
  if (region === null) return ctx.input.estimates.n;
  let n = 0;
  for (const e of ctx.input.estimates.estimates) {
    if (e.domain !== null && Object.keys(e.domain).length === 1 && e.domain[ctx.regionVariable.name] === region) n = Math.max(n, e.n);
  }
  return n;
}

/**
 * The executive summary's blocks: an introduction saying how findings are chosen, then the numbered findings
 * of each rule under its own heading. Every sentence states its number, margin of error and base, and calls a
 * difference significant only where the corrected test does.
 */
export function buildSummaryBlocks(ctx: ModelContext, sectionNumber: string): Block[] {
  const { msg } = ctx;
  const blocks: Block[] = [];
  const n = scopeBase(ctx, ctx.scopeCode);
  blocks.push({
    kind: 'paragraph',
    style: 'lead',
    text: msg.summaryIntro({ title: ctx.input.config.title[ctx.lang], scopeName: ctx.scopeName, n: formatInteger(n), level: ctx.level }),
    origin: null,
  });
  blocks.push(...narrativeBlocks(ctx, 'summary'));
  blocks.push({
    kind: 'paragraph',
    style: 'body',
    text: msg.summaryRules({
      level: ctx.level,
      correction: msg.correctionName(ctx.input.config.analysis.correction),
      minBase: ctx.minBase,
      hasPrevious: Boolean(ctx.input.previous),
    }),
    origin: null,
  });
  let counter = 0;
  let sub = 0;
  const heading = (text: string) => blocks.push({ kind: 'heading', level: 2, number: `${sectionNumber}.${++sub}`, text, toc: true, origin: null });
  const push = (drafts: Draft[]) => drafts.forEach((d) => blocks.push(finding(ctx, d, ++counter)));

  heading(msg.keyFindings);
  const shares = largestShares(ctx);
  if (shares.length === 0) blocks.push({ kind: 'paragraph', style: 'body', text: msg.noFindings(ctx.scopeName ?? msg.provinceName, formatInteger(n), ctx.minBase), origin: null });
  push(shares);

  // A regional report's key findings already compare each with the province: the next rule takes other questions.
  const used = new Set(shares.map((d) => statedKey(ctx, d.e.variable, d.e.level)));
  const differences = regionalDifferences(ctx, ctx.scopeCode === null ? new Set() : used);
  heading(ctx.scopeCode === null ? msg.regionalDifferences : msg.versusProvince);
  if (differences.drafts.length === 0) {
    const text =
      differences.significant > 0
        ? msg.differencesAbove
        : ctx.scopeCode === null
          ? msg.noRegionalDifferences(differences.tested)
          : msg.noDifferenceFromProvince(ctx.scopeName ?? '', differences.tested);
    blocks.push({ kind: 'paragraph', style: 'body', text, origin: null });
  }
  push(differences.drafts);

  if (ctx.input.previous) {
    heading(msg.changes);
    const changed = changes(ctx);
    if (changed.drafts.length === 0) blocks.push({ kind: 'paragraph', style: 'body', text: msg.noChanges(changed.tested), origin: null });
    push(changed.drafts);
  }
  return blocks;
}
