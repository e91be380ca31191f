import type { Variable } from '../../../schemas/codebook.js';
import type { Crosstab, Estimate } from '../../../schemas/estimates.js';
import type { Figure } from '../../../schemas/figure.js';
import type { Theme } from '../../../schemas/survey.js';
import type { Block, FigureBlock, NumberFormat, TableBlock, TableCell } from '../../../schemas/report-model.js';
import { formatInteger, formatNumber } from '../format-number.js';
import { headline, inSentence, meanVariables, shareVariables, type ModelContext } from './model-context.js';
import { narrativeBlocks } from './parse-narrative.js';
import { differenceInterval, dfOf, intervalOf, isFlagged, isSignificant, isSuppressed } from './estimate-view.js';
import { regionTests } from './regional-contrast.js';
import { themeLead } from './build-headlines.js';
import { buildModelTable } from './build-model-table.js';
import { questionPhrase, summaryOf } from './state-indicator.js';
import { displayUnit } from '../../chart/display-unit.js';

/** At most this many indicator columns in a by-region table (more make a second table); five for a battery. */
const columnsPerTable = 2;
const batteryColumns = 2;

const separators = /[：:—–]\s*|\s+-\s+/u;

/**
 * A rating battery's title and its items' short labels: when every item label starts with the same text up to
 * a separator ("数字经济环境：本地网络基础设施能满足需要"), that text and the rest; otherwise null.
 */
function splitBattery(labels: readonly string[]): { title: string; items: string[] } | null {
  const parts = labels.map((label) => {
    const m = separators.exec(label);
    return m ? { head: label.slice(0, m.index), tail: label.slice(m.index + m[0].length) } : null;
  });
  const first = parts[0];
  if (!first || !parts.every((p) => p !== null && p.head === first.head && p.tail.length > 0)) return null;
  return { title: first.head, items: parts.map((p) => p?.tail ?? '') };
}

/** The theme a figure belongs to: its own, or that of its first variable. */
export function figureTheme(ctx: ModelContext, figure: Figure): string | null {
  if (figure.theme !== null) return figure.theme;
  const first = figure.variables[0];
  return first === undefined ? null : (ctx.variable(first)?.theme ?? null);
}

/**
 * A chart of the report's scope and language as a numbered figure block: the chart's title is the caption, its
 * base, note and source the grey lines below (the SVG draws none of them). The chart's note explains its own
 * low-base marking; a low-base figure without a note gets the report's general warning.
 */
export function figureBlock(ctx: ModelContext, figure: Figure, number: string): FigureBlock {
  const { msg } = ctx;
  const notes: string[] = [];
  const note = figure.note?.trim() ?? '';
  if (note !== '') notes.push(msg.note(note));
  else if (figure.low_base) notes.push(msg.lowBaseFigure(ctx.minBase));
  return {
    kind: 'figure',
    id: figure.id,
    number,
    label: msg.figureLabel(number),
    caption: figure.title,
    svg: figure.svg,
    width: figure.width,
    height: figure.height,
    base: msg.base(figure.base),
    source: figure.source.trim() === '' ? ctx.source : msg.source(figure.source),
    notes,
    alt: figure.alt,
    low_base: figure.low_base,
  };
}

/** One indicator of a by-region table: a share (variable + level) or a mean, and how its numbers are written. */
interface Indicator {
  /** 'quantile': the median (p = 0.5) of a skewed amount or count */
  statistic: 'prop' | 'mean' | 'quantile';
  variable: Variable;
  level: string | null;
  header: string;
  format: NumberFormat;
  /** what an amount is multiplied by to be written in the report's unit (万元 as million yuan); 1 by default */
  factor?: number;
}

/**
 * An estimate with its confidence interval as a table cell: "—" (null) when suppressed under the presentation
 * standard, the estimate alone (low/high null, printed "not estimable") when the interval is not estimable,
 * † when flagged for review or low base. Intervals are printed as computed, never cut at the variable's range.
 */
function cell(ctx: ModelContext, e: Estimate | undefined, factor = 1): TableCell {
  if (e === undefined || isSuppressed(e, ctx.minBase)) return { value: null, mark: null };
  const ci = intervalOf(e);
  const scale = (x: number | null | undefined) => (x === null || x === undefined ? null : x * factor);
  return { value: { estimate: e.estimate * factor, low: scale(ci?.low), high: scale(ci?.high) }, mark: isFlagged(e, ctx.minBase) ? '†' : null };
}

/**
 * A region's difference from the province with its interval (on the region's df), marked * only where the
 * test is significant and the printed interval excludes zero, so the mark and the numbers beside it agree.
 * Null when the region's estimate is suppressed or nothing was tested.
 */
function differenceCell(ctx: ModelContext, e: Estimate | undefined, region: string, factor = 1): TableCell {
  // medians are not tested against the province: an empty cell, not a withheld one
  if (e?.statistic === 'quantile') return { value: '', mark: null };
  if (e === undefined || isSuppressed(e, ctx.minBase)) return { value: null, mark: null };
  const c = ctx.comparison(e.statistic, e.variable, e.level, region);
  if (c === undefined) return { value: null, mark: null };
  const d = differenceInterval(c);
  const scale = (x: number | null | undefined) => (x === null || x === undefined ? null : x * factor);
  return { value: { estimate: c.difference * factor, low: scale(d?.low), high: scale(d?.high) }, mark: isSignificant(c) ? '*' : null };
}

function markNotes(ctx: ModelContext, rows: TableBlock['body_rows']): string[] {
  const marks = rows.flatMap((r) => r.cells.map((c) => c.mark ?? '')).join('');
  const notes: string[] = [];
  if (rows.some((r) => r.cells.some((c) => typeof c.value === 'object' && c.value !== null && 'estimate' in c.value && c.value.low !== null))) {
    notes.push(ctx.msg.differenceNote(ctx.level));
  }
  if (marks.includes('*')) notes.push(ctx.msg.significantMark(ctx.level));
  if (rows.some((r) => r.cells.some((c) => c.value === null))) notes.push(ctx.msg.suppressedNote);
  if (marks.includes('†')) notes.push(ctx.msg.flaggedMark);
  return notes;
}

/** The design behind a region's estimates as a note: its responses, PSUs and degrees of freedom. */
function designNote(ctx: ModelContext, region: string): string | null {
  let df: number | null = null;
  let n = 0;
  for (const e of ctx.input.estimates.estimates) {
    if (e.domain === null || e.domain[ctx.regionVariable.name] !== region || Object.keys(e.domain).length !== 1) continue;
    n = Math.max(n, e.n);
    df ??= dfOf(e);
  }
  if (df === null) return null;
  const psus = ctx.input.estimates.design.strata === ctx.regionVariable.name ? df + 1 : null;
  return ctx.msg.regionDesignNote(ctx.regionName(region), formatInteger(n), psus, df);
}

/** Decimals for a mean: enough to show its provincial interval's width (none from a margin of 10 up). */
function meanDigits(ctx: ModelContext, variable: Variable, statistic: 'mean' | 'quantile' = 'mean', factor = 1): number {
  const e = ctx.estimate(statistic, variable.name, null, null);
  // a median is written to the digits of its size (Woodruff intervals are lopsided), a median of counts whole
  if (statistic === 'quantile') {
    if (variable.type === 'integer' && factor === 1) return 0;
    const size = Math.abs((e?.estimate ?? 0) * factor);
    return size >= 100 ? 0 : size >= 10 ? 1 : 2;
  }
  const ci = e === undefined ? null : intervalOf(e);
  const moe = ci === null ? Infinity : ((ci.high - ci.low) / 2) * factor;
  return moe >= 10 ? 0 : moe >= 1 ? 1 : 2;
}

/**
 * The provincial report's table: one row per region (province first), and per indicator two columns, the
 * estimate with its interval and the difference from the province with its interval (* where significant on
 * the region's df), then the region's n and degrees of freedom.
 */
function byRegionTable(ctx: ModelContext, id: string, number: string, caption: string, indicators: Indicator[]): TableBlock {
  const { msg } = ctx;
  const dfOfRegion = (region: string | null): number | null => {
    const ind = indicators[0];
    const e = ind === undefined ? undefined : ctx.estimate(ind.statistic, ind.variable.name, ind.level, region);
    return e === undefined ? null : dfOf(e);
  };
  const nOf = (region: string | null): number | null => {
    const ind = indicators[0];
    return (ind === undefined ? undefined : ctx.estimate(ind.statistic, ind.variable.name, ind.level, region))?.n ?? null;
  };
  const rowFor = (region: string | null, name: string): TableBlock['body_rows'][number] => ({
    cells: [
      { value: name, mark: null },
      ...indicators.flatMap((ind) => {
        const e = ctx.estimate(ind.statistic, ind.variable.name, ind.level, region);
        return [cell(ctx, e, ind.factor), region === null ? { value: null, mark: null } : differenceCell(ctx, e, region, ind.factor)];
      }),
      { value: nOf(region), mark: null },
      { value: dfOfRegion(region), mark: null },
    ],
    style: region === null ? 'total' : 'normal',
  });
  const rows = [rowFor(null, msg.provinceName), ...ctx.regionCodes.map((code) => rowFor(code, ctx.regionName(code)))];
  // the province row has no difference: an empty cell, not a suppressed one
  for (const c of rows[0]?.cells ?? []) if (c.value === null) c.value = '';
  const integer = { align: 'right' as const, format: { style: 'integer' as const }, wrap: false };
  return {
    kind: 'table',
    id,
    number,
    label: msg.tableLabel(number),
    caption,
    columns: [
      { align: 'left', format: { style: 'text' }, wrap: true },
      ...indicators.flatMap((ind) => [
        { align: 'right' as const, format: ind.format, wrap: false },
        { align: 'right' as const, format: ind.format, wrap: false },
      ]),
      integer,
      integer,
    ],
    header_rows: [
      [{ text: '', span: 1 }, ...indicators.map((ind) => ({ text: ind.header, span: 2 })), { text: '', span: 2 }],
      [
        { text: msg.region, span: 1 },
        ...indicators.flatMap(() => [
          { text: indicators[0]?.statistic === 'prop' ? msg.percentWithCi(ctx.level) : msg.estimateWithCi(ctx.level), span: 1 },
          { text: msg.differenceWithCi, span: 1 },
        ]),
        { text: 'n', span: 1 },
        { text: msg.dfHeader, span: 1 },
      ],
    ],
    body_rows: rows,
    notes: markNotes(ctx, rows),
    source: ctx.source,
    origin: null,
  };
}

/**
 * The regional report's table: one row per indicator, the region beside the province, the difference with its
 * interval (* where significant on the region's df), and the region's base; each row of averages written with
 * its own decimals; the note gives the region's n, PSUs and degrees of freedom.
 */
function versusProvinceTable(ctx: ModelContext, id: string, number: string, caption: string, indicators: Indicator[]): TableBlock {
  const { msg } = ctx;
  const region = ctx.scopeCode as string;
  const format = indicators[0]?.format ?? { style: 'interval', digits: 0, percent: true };
  const rows: TableBlock['body_rows'] = indicators.map((ind) => {
    const mine = ctx.estimate(ind.statistic, ind.variable.name, ind.level, region);
    return {
      cells: [
        { value: ind.header, mark: null },
        cell(ctx, mine, ind.factor),
        cell(ctx, ctx.estimate(ind.statistic, ind.variable.name, ind.level, null), ind.factor),
        differenceCell(ctx, mine, region, ind.factor),
        { value: mine?.n ?? null, mark: null },
      ],
      style: 'normal',
      ...(ind.statistic !== 'prop' ? { format: ind.format } : {}),
    };
  });
  const note = designNote(ctx, region);
  return {
    kind: 'table',
    id,
    number,
    label: msg.tableLabel(number),
    caption,
    columns: [
      { align: 'left', format: { style: 'text' }, wrap: true },
      { align: 'right', format, wrap: false },
      { align: 'right', format, wrap: false },
      { align: 'right', format, wrap: false },
      { align: 'right', format: { style: 'integer' }, wrap: false },
    ],
    header_rows: [
      [
        { text: '', span: 1 },
        { text: format.style === 'interval' && format.percent ? msg.percentWithCi(ctx.level) : msg.estimateWithCi(ctx.level), span: 3 },
        { text: '', span: 1 },
      ],
      [
        { text: msg.indicator, span: 1 },
        { text: ctx.scopeName ?? '', span: 1 },
        { text: msg.provinceName, span: 1 },
        { text: msg.differenceWithCi, span: 1 },
        { text: 'n', span: 1 },
      ],
    ],
    body_rows: rows,
    notes: [...markNotes(ctx, rows), ...(note === null ? [] : [note])],
    source: ctx.source,
    origin: null,
  };
}

/** Percentages as proportions, whether the estimate stage gave them as 0-1 or 0-100. */
function proportions(table: number[][]): number[][] {
  const max = Math.max(0, ...table.flat());
  return max > 1.0001 ? table.map((r) => r.map((x) => x / 100)) : table;
}

/** At most this many classes run across a cross-tab table; more run down it. */
const classesAcross = 6;

/**
 * A question cross-tabulated by a classification (the sector) as one table: how the answers are distributed
 * within each class (weighted column percentages, each class adds up to 100%), the whole province beside them,
 * the unweighted base of each class, and the Rao-Scott test in the note. Classes run across the table (the
 * question's answers down it) unless there are more than six of them. A class below the minimum base is
 * marked †.
 */
export function crosstabTable(ctx: ModelContext, crosstab: Crosstab, number: string): TableBlock {
  const { msg } = ctx;
  const within = proportions(crosstab.column_percent);
  const cells = proportions(crosstab.cells);
  const answers = crosstab.row_levels;
  const classes = crosstab.column_levels;
  const totalShare = answers.map((_, r) => (cells[r] ?? []).reduce((a, b) => a + b, 0));
  const classBase = classes.map((_, c) => crosstab.n.reduce((sum, row) => sum + (row[c] ?? 0), 0));
  const total = classBase.reduce((a, b) => a + b, 0);
  const low = (n: number) => (n < ctx.minBase ? '†' : null);
  const answerLabel = (level: string) => ctx.levelLabel(crosstab.row, level);
  const classLabel = (level: string) => ctx.levelLabel(crosstab.column, level);
  const percent = { align: 'right' as const, format: { style: 'percent' as const, digits: 0 }, wrap: false };
  const across = classes.length <= classesAcross;
  let columns: TableBlock['columns'];
  let header: TableBlock['header_rows'];
  let rows: TableBlock['body_rows'];
  if (across) {
    columns = [{ align: 'left', format: { style: 'text' }, wrap: true }, ...classes.map(() => percent), percent];
    header = [
      [
        { text: '', span: 1 },
        { text: msg.percentOf(ctx.label(crosstab.column)), span: classes.length },
        { text: '', span: 1 },
      ],
      [{ text: ctx.label(crosstab.row), span: 1 }, ...classes.map((level) => ({ text: classLabel(level), span: 1 })), { text: msg.total, span: 1 }],
    ];
    rows = answers.map((level, r) => ({
      cells: [
        { value: answerLabel(level), mark: null },
        ...classes.map((_, c) => ({ value: within[r]?.[c] ?? null, mark: null })),
        { value: totalShare[r] ?? null, mark: null },
      ],
      style: 'normal' as const,
    }));
    rows.push({
      cells: [
        { value: 'n', mark: null },
        ...classBase.map((n) => ({ value: formatInteger(n), mark: low(n) })),
        { value: formatInteger(total), mark: null },
      ],
      style: 'total',
    });
  } else {
    columns = [{ align: 'left', format: { style: 'text' }, wrap: true }, ...answers.map(() => percent), { align: 'right', format: { style: 'integer' }, wrap: false }];
    header = [
      [
        { text: '', span: 1 },
        { text: msg.percentOf(ctx.label(crosstab.row)), span: answers.length },
        { text: '', span: 1 },
      ],
      [{ text: ctx.label(crosstab.column), span: 1 }, ...answers.map((level) => ({ text: answerLabel(level), span: 1 })), { text: 'n', span: 1 }],
    ];
    rows = classes.map((level, c) => ({
      cells: [
        { value: classLabel(level), mark: low(classBase[c] ?? 0) },
        ...answers.map((_, r) => ({ value: within[r]?.[c] ?? null, mark: null })),
        { value: classBase[c] ?? null, mark: null },
      ],
      style: 'normal' as const,
    }));
    rows.push({
      cells: [{ value: msg.total, mark: null }, ...answers.map((_, r) => ({ value: totalShare[r] ?? null, mark: null })), { value: total, mark: null }],
      style: 'total',
    });
  }
  return {
    kind: 'table',
    id: `crosstab-${crosstab.row}-${crosstab.column}`,
    number,
    label: msg.tableLabel(number),
    caption: msg.crosstabCaption(ctx.label(crosstab.row), inSentence(ctx.label(crosstab.column), ctx.lang)),
    columns,
    header_rows: header,
    body_rows: rows,
    notes: [
      msg.columnPercentNote(inSentence(ctx.label(crosstab.column), ctx.lang)),
      msg.crosstabNote(formatNumber(crosstab.f, 2), formatNumber(crosstab.df1, 1), formatNumber(crosstab.df2, 1), msg.pValue(crosstab.p_value)),
      ...(classBase.some((n) => n < ctx.minBase) ? [msg.lowBaseMark(ctx.minBase)] : []),
    ],
    source: ctx.source,
    origin: null,
  };
}

/** Splits `items` into the fewest runs of at most `size`, as even as possible (9 by 4: 3, 3, 3). */
function balancedChunks<T>(items: readonly T[], size: number): T[][] {
  const count = Math.ceil(items.length / size);
  const chunks: T[][] = [];
  for (let k = 0, start = 0; k < count; k++) {
    const length = Math.ceil((items.length - start) / (count - k));
    chunks.push(items.slice(start, start + length));
    start += length;
  }
  return chunks;
}

/** Whether a cross-tab describes the sample (a classification by another, such as prefecture by sector). */
export function isCompositionCrosstab(ctx: ModelContext, crosstab: Crosstab): boolean {
  const classifications = new Set([ctx.regionVariable.name, ...(ctx.input.config.calibration?.variables ?? [])]);
  return classifications.has(crosstab.row);
}

/**
 * One theme's section: the analyst's narrative (or a short generated introduction), then the theme's figures
 * for this report in questionnaire order, in the provincial report each single-choice question's figure
 * followed by its cross-tabulation by sector (one table per cross-tab), then the key shares with confidence
 * intervals (by region in the provincial report, against the province in a regional one). Averages get a
 * table only when their numbers have no figure of their own (each figure already shows every region's mean).
 */
export function buildThemeBlocks(ctx: ModelContext, theme: Theme, sectionNumber: string, skipFigure?: string): Block[] {
  const { msg, input } = ctx;
  const blocks: Block[] = [];
  const shares = shareVariables(ctx, theme.id);
  const means = meanVariables(ctx, theme.id);
  const narrative = narrativeBlocks(ctx, theme.id);
  const questions = input.codebook.filter((v) => v.theme === theme.id).length;
  if (narrative.length > 0) blocks.push(...narrative);
  else {
    // no analyst text (for a region: none of its own): the theme's headline message, never the provincial text
    const lead = themeLead(ctx, theme);
    const fallback = ctx.scopeName === null ? msg.themeIntro(questions, ctx.level, msg.province) : msg.themeNothingPublished(ctx.scopeName, formatInteger(ctx.base(ctx.scopeCode)));
    // a small region: what its published estimates and tests say first, then once why its shares are not stated
    const tests = lead === null ? regionTests(ctx, theme.id) : null;
    const text = lead ?? (tests === null ? fallback : `${tests}${ctx.lang === 'zh' ? '' : ' '}${fallback}`);
    blocks.push({ kind: 'paragraph', style: 'body', text, origin: null });
  }

  const crosstabs =
    ctx.scopeCode === null ? input.estimates.crosstabs.filter((t) => ctx.variable(t.row)?.theme === theme.id && !isCompositionCrosstab(ctx, t)) : [];
  const placed = new Set<Crosstab>();
  let figureCount = 0;
  let tableCount = 0;
  const figures = input.figures.filter((f) => f.scope === input.scope && f.lang === ctx.lang && figureTheme(ctx, f) === theme.id && f.id !== skipFigure);
  for (const figure of figures) {
    blocks.push(figureBlock(ctx, figure, `${sectionNumber}.${++figureCount}`));
    if (figure.kind === 'regions') continue;
    for (const crosstab of crosstabs) {
      if (placed.has(crosstab) || !figure.variables.includes(crosstab.row)) continue;
      blocks.push(crosstabTable(ctx, crosstab, `${sectionNumber}.${++tableCount}`));
      placed.add(crosstab);
    }
  }
  for (const crosstab of crosstabs) if (!placed.has(crosstab)) blocks.push(crosstabTable(ctx, crosstab, `${sectionNumber}.${++tableCount}`));

  const title = theme.title[ctx.lang];
  const shareIndicators: Indicator[] = shares.flatMap((v) => {
    const e = headline(ctx, v, null);
    return e === undefined
      ? []
      : [{ statistic: 'prop' as const, variable: v, level: e.level, header: msg.answerOf(ctx.label(v.name), ctx.levelLabel(v.name, e.level ?? '')), format: { style: 'interval' as const, digits: 0, percent: true } }];
  });
  const charted = new Set(figures.filter((f) => f.kind === 'numeric').flatMap((f) => f.variables));
  // skewed amounts and counts by their median (summaryOf), in the unit the language reads them in
  const meanIndicators: Indicator[] = means.flatMap((v) => {
    const statistic = summaryOf(v) === 'median' ? ('quantile' as const) : ('mean' as const);
    const province = ctx.estimate(statistic, v.name, null, null);
    if (charted.has(v.name) || province === undefined) return [];
    const mine = ctx.scopeCode === null ? undefined : ctx.estimate(statistic, v.name, null, ctx.scopeCode);
    const unit = displayUnit(v.unit, ctx.lang, Math.max(Math.abs(province.estimate), Math.abs(mine?.estimate ?? 0)));
    const name = statistic === 'quantile' ? msg.keyIndicatorAverage(questionPhrase(ctx, v), true) : ctx.label(v.name);
    return [
      {
        statistic,
        variable: v,
        level: null,
        header: unit.unit ? `${name} (${unit.unit})` : name,
        format: { style: 'interval' as const, digits: meanDigits(ctx, v, statistic, unit.factor), percent: false },
        factor: unit.factor,
      },
    ];
  });
  const groups: [Indicator[], (t: string) => string, (t: string, r: string) => string][] = [
    [shareIndicators, msg.keyEstimatesByRegion, msg.keyEstimatesVersusProvince],
    [meanIndicators, msg.averagesByRegion, msg.averagesVersusProvince],
  ];
  for (const [indicators, byRegion, versus] of groups) {
    if (indicators.length === 0) continue;
    if (ctx.scopeCode === null) {
      // the questions' key shares, then each rating battery's top-two shares in a table of its own, its items
      // headed by their statements alone (the battery's title and the answers counted go in the caption)
      const batteries = new Map<string, Indicator[]>();
      for (const ind of indicators) {
        if (ind.variable.type !== 'likert' || ind.level !== 'top2') continue;
        const key = ind.variable.group ?? ind.variable.name;
        batteries.set(key, [...(batteries.get(key) ?? []), ind]);
      }
      const battery = new Set([...batteries.values()].filter((list) => list.length > 1).flat());
      const questions = indicators.filter((ind) => !battery.has(ind));
      let part = 0;
      // a table split for width says which part it is, so the list of tables does not repeat a caption
      const captioned = (caption: string, k: number, parts: number) => (parts > 1 ? msg.partCaption(caption, k + 1, parts) : caption);
      const questionChunks = balancedChunks(questions, columnsPerTable);
      questionChunks.forEach((chunk, k) => {
        const caption = captioned(byRegion(title), k, questionChunks.length);
        blocks.push(byRegionTable(ctx, `${theme.id}-${chunk[0]?.statistic ?? 'prop'}-${++part}`, `${sectionNumber}.${++tableCount}`, caption, chunk));
      });
      for (const items of batteries.values()) {
        if (items.length < 2) continue;
        const split = splitBattery(items.map((ind) => ctx.label(ind.variable.name)));
        const answer = ctx.levelLabel(items[0]?.variable.name ?? '', 'top2');
        const short = items.map((ind, k) => ({ ...ind, header: split?.items[k] ?? ctx.label(ind.variable.name) }));
        const batteryChunks = balancedChunks(short, batteryColumns);
        batteryChunks.forEach((chunk, k) => {
          const caption = captioned(msg.batteryByRegion(split?.title ?? title, answer), k, batteryChunks.length);
          blocks.push(byRegionTable(ctx, `${theme.id}-${chunk[0]?.statistic ?? 'prop'}-${++part}`, `${sectionNumber}.${++tableCount}`, caption, chunk));
        });
      }
    } else {
      const number = `${sectionNumber}.${++tableCount}`;
      blocks.push(versusProvinceTable(ctx, `${theme.id}-${indicators[0]?.statistic ?? 'prop'}`, number, versus(title, ctx.scopeName ?? ''), indicators));
    }
  }
  // the provincial report's models (analysis.models), in the theme of the variable each one explains
  if (ctx.scopeCode === null) {
    for (const model of input.estimates.models ?? []) {
      if (ctx.variable(responseVariable(model.formula))?.theme !== theme.id) continue;
      const number = `${sectionNumber}.${++tableCount}`;
      const config = input.config.analysis.models.find((m) => m.name === model.name);
      blocks.push(
        buildModelTable(model, input.codebook, ctx.lang, {
          id: `model-${model.name}`,
          number,
          label: msg.tableLabel(number),
          caption: config?.title?.[ctx.lang] ?? model.name,
          level: input.config.analysis.level,
        }),
      );
    }
  }
  return blocks;
}

/** The variable a model formula explains: the first name on the left of `~` (`I(ai_stage >= 3) ~ ...` -> ai_stage). */
function responseVariable(formula: string): string {
  const left = formula.split('~')[0] ?? '';
  return /[A-Za-z_][\w.]*(?=\s*(?:[<>=!]|\)|$))/.exec(left.replace(/^\s*I\(/, ''))?.[0] ?? left.trim();
}
