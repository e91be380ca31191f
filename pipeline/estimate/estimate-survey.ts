import type { Codebook, Variable } from '../../schemas/codebook.js';
import type { Design, Weighted } from '../../schemas/design.js';
import type { Comparison, Crosstab, DesignInfo, Estimate, Statistic, SurveyEstimates } from '../../schemas/estimates.js';
import type { SurveyConfig } from '../../schemas/survey.js';
import type { CleanTable, CodeColumn } from '../../schemas/table.js';
import { InputError } from '../errors.js';
import { adjustPValues } from './adjust-p-values.js';
import type { PresentationRules } from '../../schemas/survey.js';
import { cleanSe, waldInterval } from './confidence-interval.js';
import { pt } from './distributions.js';
import { chooseDf, estimateInterval, type DfRule, type PropInterval, type RowInterval } from './estimate-interval.js';
import { presentEstimate, type EstimateBase } from './flag-estimate.js';
import { estimateCrosstab } from './estimate-crosstab.js';
import { domainMeanContrast, estimateDomainMeans, type DomainColumn, type DomainItem, type DomainMeans, type IndicatorItem } from './estimate-domain-means.js';
import { estimateDomainQuantiles } from './estimate-quantile.js';
import { estimateMessages as msg } from './messages.js';
import { fitSurveyModels } from './fit-survey-models.js';
import { degreesOfFreedom } from './design-variance.js';
import { firstStageView } from './multistage-variance.js';
import { thinktankVersion } from './version.js';
import { isYearVariable } from './year-variable.js';
import { likertPositions } from './likert-scale.js';

/** One quantity estimated by the domain kernel: which item, and how to label it. */
interface KernelRow {
  statistic: Statistic;
  level: string | null;
  item: number;
  /** interval: "wald" (means, totals) or "logit" (proportions) */
  interval: 'wald' | 'logit';
  /** whether regions are compared with the province for it */
  compare: boolean;
  total?: boolean;
}

/** The context every variable's estimates share. */
interface Context {
  design: Design;
  domain: DomainColumn;
  regionName: string;
  regionLevels: string[];
  level: number;
  minBase: number;
  /** degrees of freedom of the whole design and of each region (index = region; last = whole) */
  df: number[];
  /** rows of each region (index = region; last = all rows): R's nrow(design) in the Korn-Graubard interval */
  rows: number[];
  dfRule: DfRule;
  ci: PropInterval;
  rules: PresentationRules;
  estimates: Estimate[];
  comparisons: Comparison[][];
}

/**
 * Likert codes as numbers: their own values when all codes are numeric, else positions 1..L; NaN for codes off
 * the scale (see likertScale), which count as missing for the mean and the top-two share.
 */
function likertValues(levels: string[]): number[] {
  const nums = levels.map(Number);
  const position = likertPositions(levels);
  const numeric = nums.every((v, i) => Number.isFinite(v) && levels[i]!.trim() !== '');
  return levels.map((_, i) => (position[i]! < 0 ? Number.NaN : numeric ? nums[i]! : position[i]! + 1));
}

/** The indicator of one code of a coded column, as a kernel item. */
function indicator(column: CodeColumn, level: number): IndicatorItem {
  return { codes: column.codes, level };
}

/**
 * The design of each region (index = region code) and of the whole (last), in one pass: rows, PSUs and strata
 * among the rows with a non-zero weight; df = PSUs - strata, as degreesOfFreedom with each region's mask.
 */
function regionDesigns(design: Design, codes: Int32Array, regions: number): { n: number[]; psus: number[]; strata: number[]; df: number[] } {
  // a multistage design's PSUs are its first stage's; a replicate design's df is the rank of its weights
  if (design.replicates) {
    const counts = regionDesigns({ ...design, replicates: undefined }, codes, regions);
    const masks = Array.from({ length: regions }, (_, r) => Uint8Array.from(codes, (c) => (c === r ? 1 : 0)));
    return { ...counts, df: [...masks.map((mask) => degreesOfFreedom(design, mask)), degreesOfFreedom(design)] };
  }
  if (design.stages) return regionDesigns(firstStageView(design), codes, regions);
  const { weights, psu, stratum } = design;
  const P = design.psuStart[design.strata.length]!;
  const H = design.strata.length;
  // one slot per (region, PSU) and (region, stratum); index `regions` is the whole design
  const seenPsu = new Uint8Array((regions + 1) * P);
  const seenStratum = new Uint8Array((regions + 1) * H);
  const psus = new Array<number>(regions + 1).fill(0);
  const strata = new Array<number>(regions + 1).fill(0);
  const n = new Array<number>(regions + 1).fill(0);
  for (let i = 0; i < design.rowCount; i++) {
    if (weights[i] === 0) continue;
    const p = psu[i]!;
    const h = stratum[i]!;
    const d = codes[i]!;
    if (d >= 0 && d < regions) n[d]!++;
    n[regions]!++;
    // the row's region, then the whole design
    for (let r = d >= 0 && d < regions ? d : regions; ; r = regions) {
      if (!seenPsu[r * P + p]) {
        seenPsu[r * P + p] = 1;
        psus[r]!++;
      }
      if (!seenStratum[r * H + h]) {
        seenStratum[r * H + h] = 1;
        strata[r]!++;
      }
      if (r === regions) break;
    }
  }
  return { n, psus, strata, df: psus.map((count, r) => count - strata[r]!) };
}

/** The domain kernel's results for items, overall and (byRegion) for each region, with design effects. */
function kernel(ctx: Context, items: DomainItem[], byRegion: boolean): DomainMeans {
  return estimateDomainMeans(ctx.design, items, byRegion ? ctx.domain : null, { deff: true });
}

/** The df an estimate of region d (d = D or null: the whole population) uses under the context's rule. */
function dfFor(ctx: Context, d: number | null): number {
  const whole = ctx.df[ctx.df.length - 1]!;
  return chooseDf(ctx.dfRule, d === null ? whole : ctx.df[d]!, whole);
}

/** Estimate rows of one variable from the domain kernel's results: overall first, then each region in code order. */
function kernelEstimates(ctx: Context, variable: string, r: DomainMeans, rows: KernelRow[], byRegion: boolean): void {
  const D = r.domains;
  const K = r.items;
  const family: Comparison[] = [];
  for (const row of rows) {
    const scopes = byRegion ? [D, ...Array.from({ length: D }, (_, d) => d)] : [D];
    for (const d of scopes) {
      const at = d * K + row.item;
      const n = r.n[at]!;
      if (n === 0) continue;
      const estimate = row.total ? r.total[at]! : r.mean[at]!;
      const se = cleanSe(row.total ? r.totalSe[at]! : r.meanSe[at]!, estimate);
      const region = byRegion && d < D ? d : null;
      // a region with a single PSU has no df of its own: R gives NA, and so do we (never the design's df)
      const interval = estimateInterval(row.interval === 'logit' ? 'prop' : 'wald', estimate, se, ctx.level, dfFor(ctx, region), {
        method: ctx.ci,
        rows: ctx.rows[region ?? ctx.rows.length - 1]!,
      });
      const deff = row.total ? r.totalDeff![at]! : r.deff![at]!;
      push(ctx, {
        statistic: row.statistic,
        variable,
        level: row.level,
        domain: region !== null ? { [ctx.regionName]: ctx.regionLevels[region]! } : null,
        estimate,
        se,
        n,
        deff: Number.isFinite(deff) && se > 0 ? deff : null,
      }, interval);
      if (row.compare && region !== null && r.n[D * K + row.item]! > 0) {
        const c = compare(ctx, r, row, region);
        if (c) family.push({ ...c, variable });
      }
    }
  }
  ctx.comparisons.push(family);
}

/**
 * A region minus the province, with the full covariance of the two (svycontrast), tested with t on the
 * region's own df (analysis.df "domain"; the design's with "design", normal with "inf"), and its interval on
 * that df. Why the region's df: the province's estimate contains the region's, and the difference's variance
 * is carried by the region's few PSUs, so the design's df (59 in the example) overstates what a region with
 * 3-10 counties can tell; the region's df is the conservative choice (a Satterthwaite df would lie between).
 * With no df (a region within one PSU) the test is not estimable: p-values and interval null, not significant.
 * Null when the SE is 0 (the difference is fixed, e.g. by calibration: nothing to test).
 */
function compare(ctx: Context, r: DomainMeans, row: KernelRow, d: number): Omit<Comparison, 'variable'> | null {
  const { difference, se } = domainMeanContrast(ctx.design, r, row.item, d, 'all');
  const clean = cleanSe(se, Math.max(Math.abs(r.mean[d * r.items + row.item]!), Math.abs(difference)));
  if (!(clean > 0) || !Number.isFinite(difference)) return null;
  const df = dfFor(ctx, d);
  const estimable = df > 0;
  const t = Math.abs(difference / clean);
  const ci = estimable ? waldInterval(difference, clean, ctx.level, df) : null;
  return {
    statistic: row.statistic,
    level: row.level,
    domain: { [ctx.regionName]: ctx.regionLevels[d]! },
    versus: 'all',
    difference,
    se: clean,
    df: df === Infinity ? null : df,
    ci_low: ci ? ci.low : null,
    ci_high: ci ? ci.high : null,
    p_value: estimable ? 2 * pt(-t, df) : null,
    p_adjusted: null,
    significant: false,
  };
}

/** The estimate as a row: its interval, df and the presentation standard's flags (see flagEstimate). */
function push(ctx: Context, e: EstimateBase, interval: RowInterval): void {
  ctx.estimates.push(presentEstimate(e, interval, ctx.rules, ctx.minBase));
}

/**
 * Medians of a numeric variable, overall and by region (Woodruff intervals, as svyquantile). An end R gives as
 * NaN (the share's interval leaves [0, 1], or no df) makes the interval not estimable: no interval, no SE.
 */
function medianEstimates(ctx: Context, variable: string, x: Float64Array, byRegion: boolean): void {
  const all = estimateDomainQuantiles(ctx.design, x, 0.5, byRegion ? ctx.domain : null, {
    level: ctx.level,
    dfRule: ctx.dfRule,
    designDf: ctx.df[ctx.df.length - 1]!,
  });
  for (let s = 0; s < all.length; s++) {
    const q = all[s]!;
    const d = s === 0 ? null : s - 1;
    if (q.n === 0) continue;
    const estimable = Number.isFinite(q.low) && Number.isFinite(q.high);
    const dfOut = q.df === Infinity ? null : q.df;
    const interval: RowInterval = estimable
      ? { ci_low: q.low, ci_high: q.high, df: dfOut }
      : { ci_low: null, ci_high: null, df: dfOut, note: q.df > 0 ? msg.woodruffOutside() : msg.noDf(), missing: q.df > 0 ? 'nan' : 'df' };
    push(ctx, {
      statistic: 'quantile',
      variable,
      level: null,
      domain: d === null ? null : { [ctx.regionName]: ctx.regionLevels[d]! },
      estimate: q.estimate,
      se: estimable ? q.se : null,
      n: q.n,
      p: 0.5,
      deff: null,
    }, interval);
  }
}

/**
 * A Likert battery's composite index, per respondent: 100 x the mean over the items answered of
 * (position of the answer on the item's scale) / (number of scale points - 1), so 0 = every answer at the
 * lowest point, 100 = every answer at the highest; answers off the scale ("don't know") count as unanswered;
 * missing when fewer than half the items are answered.
 */
export function compositeIndex(columns: CodeColumn[]): Float64Array {
  const n = columns[0]?.codes.length ?? 0;
  const need = Math.ceil(columns.length / 2);
  const sum = new Float64Array(n);
  const answered = new Int32Array(n);
  // item by item (each row's sum still gains its items in order), each code's share of the scale looked up
  for (const col of columns) {
    const position = likertPositions(col.levels);
    const points = position.reduce((m, x) => Math.max(m, x + 1), 0);
    const share = Float64Array.from(position, (p) => (p < 0 ? Number.NaN : points > 1 ? p / (points - 1) : 0));
    const { codes } = col;
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      if (c < 0 || c >= share.length) continue;
      const v = share[c]!;
      if (v !== v) continue;
      sum[i]! += v;
      answered[i]!++;
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = answered[i]!;
    out[i] = m >= need && m > 0 ? (100 * sum[i]!) / m : Number.NaN;
  }
  return out;
}

/** The estimates of one codebook variable, by type. */
function variableEstimates(ctx: Context, v: Variable, table: CleanTable, config: SurveyConfig): void {
  const column = table.columns.get(v.name);
  if (!column) return;
  const byRegion = v.name !== config.region;
  if ((v.type === 'single' || v.type === 'likert') && column.kind === 'code') {
    const codeRows: KernelRow[] = column.levels.map((level, l) => ({ statistic: 'prop', level, item: l, interval: 'logit', compare: v.type === 'single' }));
    if (v.type === 'single') {
      kernelEstimates(ctx, v.name, kernel(ctx, column.levels.map((_, l) => indicator(column, l)), byRegion), codeRows, byRegion);
      return;
    }
    const values = likertValues(column.levels);
    const position = likertPositions(column.levels);
    const points = position.reduce((m, x) => Math.max(m, x + 1), 0);
    // numbers by code: the kernel reads them through the codes, with no per-row arrays
    const items: DomainItem[] = [
      { codes: column.codes, values: Float64Array.from(values) },
      // the top two points of the scale, among the answers on it
      { codes: column.codes, values: Float64Array.from(position, (p) => (p < 0 ? Number.NaN : p >= points - 2 ? 1 : 0)) },
      ...column.levels.map((_, l) => indicator(column, l)),
    ];
    const rows: KernelRow[] = [
      { statistic: 'mean', level: null, item: 0, interval: 'wald', compare: true },
      { statistic: 'prop', level: 'top2', item: 1, interval: 'logit', compare: true },
      ...codeRows.map((r) => ({ ...r, item: r.item + 2 })),
    ];
    kernelEstimates(ctx, v.name, kernel(ctx, items, byRegion), rows, byRegion);
    return;
  }
  if (v.type === 'multi' && column.kind === 'multi') {
    const items = column.chosen.map((chosen) => {
      const out = new Float64Array(chosen.length);
      for (let i = 0; i < chosen.length; i++) out[i] = column.answered[i] ? chosen[i]! : Number.NaN;
      return out;
    });
    const rows: KernelRow[] = column.levels.map((level, l) => ({ statistic: 'prop', level, item: l, interval: 'logit', compare: true }));
    kernelEstimates(ctx, v.name, kernel(ctx, items, byRegion), rows, byRegion);
    return;
  }
  if ((v.type === 'number' || v.type === 'integer') && column.kind === 'number') {
    const x = column.values;
    // one kernel run serves the mean and the total
    const r = kernel(ctx, [x], byRegion);
    kernelEstimates(ctx, v.name, r, [{ statistic: 'mean', level: null, item: 0, interval: 'wald', compare: true }], byRegion);
    medianEstimates(ctx, v.name, x, byRegion);
    // a sum of calendar years means nothing
    if (isYearVariable(v)) return;
    kernelEstimates(ctx, v.name, r, [{ statistic: 'total', level: null, item: 0, interval: 'wald', compare: false, total: true }], byRegion);
  }
}

/** The crosstab of a coded variable by another, with labels; null when the test is undefined. */
function crosstabOf(design: Design, rowName: string, rows: CodeColumn, columnName: string, columns: CodeColumn): Crosstab | null {
  const t = estimateCrosstab(design, rows.codes, columns.codes);
  if (![t.chisq, t.f, t.df1, t.df2, t.pValue].every(Number.isFinite)) return null;
  return {
    row: rowName,
    column: columnName,
    row_levels: t.rowLevels.map((l) => rows.levels[l]!),
    column_levels: t.columnLevels.map((l) => columns.levels[l]!),
    cells: t.cells,
    row_percent: t.rowPercent,
    column_percent: t.columnPercent,
    n: t.n,
    chisq: t.chisq,
    f: t.f,
    df1: t.df1,
    df2: t.df2,
    p_value: t.pValue,
  };
}

/** DesignInfo of the survey's design and options. */
function designInfo(design: Design, config: SurveyConfig): DesignInfo {
  const cal = config.calibration;
  const trim = cal?.trim ? `, trimmed to [${cal.trim.lower}, ${cal.trim.upper}] x mean weight` : '';
  return {
    ...design.source,
    lonely_psu: design.lonelyPsu,
    calibration: cal ? `${cal.method}(${cal.variables.join(', ')})${trim}` : null,
    level: config.analysis.level,
    ci_method: msg.ciMethod(config.analysis.ci, config.analysis.df),
    df: config.analysis.df,
    ci: config.analysis.ci,
    version: thinktankVersion,
  };
}

/**
 * The estimate stage. For every codebook variable, in codebook order, overall and for each region (the
 * codes of `config.region`, in codebook order; the region variable itself only overall):
 * single choice: the proportion of each code (logit intervals, svyciprop); multiple response: the share
 * choosing each option among respondents who answered; Likert: mean, top-2-box share (level "top2", the last
 * two codes) and the share of each code; number/integer: mean, median (quantile 0.5, Woodruff) and total;
 * after the last item of a Likert battery (`group`): its composite index (see compositeIndex) as a mean with
 * variable = the group and level "index". Intervals use t on analysis.df: by default the province's rows the
 * design df and a region's rows the df of the design restricted to the region (R degf(subset(...))); where R
 * gives NA (no df, a share of 0 or 1, Woodruff outside [0,1]) a row has no interval and a note. Shares use
 * analysis.ci (default Korn-Graubard). Each estimate carries n, df, R's deff, n_eff, rse and the presentation
 * flags of analysis.presentation (NCHS; see flagEstimate); estimates with n = 0 are left out. Comparisons: each
 * region minus the province for every proportion of single/multi questions, Likert means and top-2 shares,
 * numeric means and indices (difference with the full covariance, t test and interval on the region's df, see
 * compare), p-values adjusted within each (variable, statistic) family by analysis.correction; significant =
 * adjusted p < 1 - level, never when the test is not estimable. The weights and fpc
 * columns are not estimated; calendar years (see isYearVariable) get no totals. Crosstabs (Rao-Scott F tests):
 * every single-choice question (row) by each coded calibration variable other than the region (column: the
 * classifications with known population counts, such as the sector), so column percentages are the answers'
 * distribution within each class; and the region by those variables, the sample's make-up. Regions are
 * covered by the domain estimates and comparisons, Likert items by their own estimates: neither is crossed.
 */
export function estimateSurvey(table: CleanTable, weighted: Weighted, codebook: Codebook, config: SurveyConfig): SurveyEstimates {
  const design = weighted.design;
  const region = table.columns.get(config.region);
  if (!region || region.kind !== 'code') throw new InputError(msg.regionNotCoded(config.region));
  const domain: DomainColumn = { codes: region.codes, count: region.levels.length };
  const regionDesign = regionDesigns(design, region.codes, region.levels.length);
  const df = regionDesign.df;
  // R's nrow(subset(design, region == r)): the region's rows, or every row for a calibrated design (whose
  // subset keeps the other rows with weight 0); the Korn-Graubard interval reads it
  const rows = new Array<number>(region.levels.length + 1).fill(design.calibration ? design.rowCount : 0);
  if (!design.calibration) for (let i = 0; i < region.codes.length; i++) if (region.codes[i]! >= 0) rows[region.codes[i]!]!++;
  rows[region.levels.length] = design.rowCount;
  const ctx: Context = {
    design,
    domain,
    regionName: config.region,
    regionLevels: region.levels,
    level: config.analysis.level,
    minBase: config.analysis.min_base,
    df,
    rows,
    dfRule: config.analysis.df,
    ci: config.analysis.ci,
    rules: config.analysis.presentation,
    estimates: [],
    comparisons: [],
  };
  const groups = new Map<string, Variable[]>();
  for (const v of codebook) if (v.type === 'likert' && v.group) groups.set(v.group, [...(groups.get(v.group) ?? []), v]);
  // the design's own numbers (weights, fpc) are not survey answers
  const designColumns = new Set([config.design.weights, config.design.fpc].flat().filter((c): c is string => c !== undefined));
  for (const v of codebook) {
    if (designColumns.has(v.name)) continue;
    variableEstimates(ctx, v, table, config);
    const members = v.group ? groups.get(v.group) : undefined;
    if (v.type === 'likert' && members && members[members.length - 1] === v) {
      const columns = members.map((m) => table.columns.get(m.name)).filter((c): c is CodeColumn => c?.kind === 'code');
      if (columns.length > 0) {
        const score = compositeIndex(columns);
        kernelEstimates(ctx, v.group!, kernel(ctx, [score], true), [{ statistic: 'mean', level: 'index', item: 0, interval: 'wald', compare: true }], true);
      }
    }
  }

  const comparisons: Comparison[] = [];
  for (const family of ctx.comparisons) {
    const byStatistic = new Map<string, Comparison[]>();
    for (const c of family) byStatistic.set(c.statistic, [...(byStatistic.get(c.statistic) ?? []), c]);
    for (const members of byStatistic.values()) {
      // tests that are not estimable (p null) stay out of the family, as p.adjust leaves NA out
      const adjusted = adjustPValues(members.map((c) => c.p_value ?? Number.NaN), config.analysis.correction);
      members.forEach((c, i) => {
        const p = adjusted[i]!;
        c.p_adjusted = Number.isNaN(p) ? null : p;
        c.significant = !Number.isNaN(p) && p < 1 - config.analysis.level;
      });
      comparisons.push(...members);
    }
  }

  const crosstabs: Crosstab[] = [];
  const calibration = new Set(config.calibration?.variables ?? []);
  const byColumns: [string, CodeColumn][] = [];
  for (const name of calibration) {
    const col = table.columns.get(name);
    if (name !== config.region && col?.kind === 'code') byColumns.push([name, col]);
  }
  for (const v of codebook) {
    // questions, and the region for the sample's make-up; not Likert items, not other classifications
    if (v.type !== 'single' || (calibration.has(v.name) && v.name !== config.region) || designColumns.has(v.name)) continue;
    const col = table.columns.get(v.name);
    if (col?.kind !== 'code') continue;
    for (const [name, by] of byColumns) {
      const t = crosstabOf(design, v.name, col, name, by);
      if (t) crosstabs.push(t);
    }
  }

  return {
    survey: config.id,
    design: designInfo(design, config),
    n: table.rowCount,
    min_base: config.analysis.min_base,
    weighting: weighted.diagnostics,
    domains: df.map((_, r) => ({
      domain: r < region.levels.length ? { [config.region]: region.levels[r]! } : null,
      n: regionDesign.n[r]!,
      psus: regionDesign.psus[r]!,
      strata: regionDesign.strata[r]!,
      df: df[r]!,
    })).sort((a, b) => (a.domain === null ? -1 : b.domain === null ? 1 : 0)),
    estimates: ctx.estimates,
    comparisons,
    crosstabs,
    ...(config.analysis.models.length ? { models: fitSurveyModels(table, design, config.analysis.models, config.analysis.level) } : {}),
  };
}
