import type { Variable } from '../../../schemas/codebook.js';
import type { Crosstab, Estimate } from '../../../schemas/estimates.js';
import type { Figure } from '../../../schemas/figure.js';
import type { Theme } from '../../../schemas/survey.js';
import type { Block, FigureBlock, NumberFormat, TableBlock, TableCell } from '../../../schemas/report-model.js';
import { formatNumber } from '../format-number.js';
import { headline, meanVariables, shareVariables, type ModelContext } from './model-context.js';
import { narrativeBlocks } from './parse-narrative.js';

/** At most this many indicator columns in a by-region table (more make a second table). */
const columnsPerTable = 4;

/** The theme a figure belongs to: its own, or that of its first variable. */
export function figureTheme(ctx: ModelContext, figure: Figure): string | null {
  if (figure.theme !== null) return figure.theme;
  const first = figure.variables[0];
  return first === undefined ? null : (ctx.variable(first)?.theme ?? null);
}

/** A chart of the report's scope and language as a numbered figure block. */
export function figureBlock(ctx: ModelContext, figure: Figure, number: string): FigureBlock {
  const { msg } = ctx;
  const notes: string[] = [];
  if (figure.note !== null && figure.note.trim() !== '') notes.push(msg.note(figure.note));
  if (figure.low_base) notes.push(msg.lowBaseFigure(ctx.minBase));
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

/** One indicator of a by-region table: a share (variable + level) or a mean. */
interface Indicator {
  statistic: 'prop' | 'mean';
  variable: Variable;
  level: string | null;
  header: string;
}

function cell(ctx: ModelContext, e: Estimate | undefined, region: string | null): TableCell {
  if (e === undefined) return { value: null, mark: null };
  const marks: string[] = [];
  if (region !== null && ctx.comparison(e.statistic, e.variable, e.level, region)?.significant === true) marks.push('*');
  if (ctx.isLowBase(e)) marks.push('†');
  return { value: { estimate: e.estimate, low: e.ci_low, high: e.ci_high }, mark: marks.length > 0 ? marks.join('') : null };
}

function markNotes(ctx: ModelContext, rows: TableBlock['body_rows']): string[] {
  const marks = rows.flatMap((r) => r.cells.map((c) => c.mark ?? '')).join('');
  const notes: string[] = [];
  if (marks.includes('*')) notes.push(ctx.msg.significantMark(ctx.level));
  if (marks.includes('†')) notes.push(ctx.msg.lowBaseMark(ctx.minBase));
  return notes;
}

/** Decimals for means: enough to show the interval's width. */
function meanDigits(ctx: ModelContext, indicators: Indicator[]): number {
  let moe = Infinity;
  for (const ind of indicators) {
    const e = ctx.estimate('mean', ind.variable.name, null, null);
    if (e !== undefined) moe = Math.min(moe, (e.ci_high - e.ci_low) / 2);
  }
  return moe >= 10 ? 0 : moe >= 1 ? 1 : 2;
}

/** The provincial report's table: one row per region (province first), one column per indicator. */
function byRegionTable(ctx: ModelContext, id: string, number: string, caption: string, indicators: Indicator[], format: NumberFormat): TableBlock {
  const { msg } = ctx;
  const rowFor = (region: string | null, name: string): TableBlock['body_rows'][number] => ({
    cells: [
      { value: name, mark: null },
      ...indicators.map((ind) => cell(ctx, ctx.estimate(ind.statistic, ind.variable.name, ind.level, region), region)),
    ],
    style: region === null ? 'total' : 'normal',
  });
  const rows = [rowFor(null, msg.provinceName), ...ctx.regionCodes.map((code) => rowFor(code, ctx.regionName(code)))];
  return {
    kind: 'table',
    id,
    number,
    label: msg.tableLabel(number),
    caption,
    columns: [{ align: 'left', format: { style: 'text' }, wrap: true }, ...indicators.map(() => ({ align: 'right' as const, format, wrap: false }))],
    header_rows: [
      [
        { text: '', span: 1 },
        { text: format.style === 'interval' && format.percent ? msg.percentWithCi(ctx.level) : msg.estimateWithCi(ctx.level), span: indicators.length },
      ],
      [{ text: msg.region, span: 1 }, ...indicators.map((ind) => ({ text: ind.header, span: 1 }))],
    ],
    body_rows: rows,
    notes: markNotes(ctx, rows),
    source: ctx.source,
    origin: null,
  };
}

/** The regional report's table: one row per indicator, the region beside the province, and the region's base. */
function versusProvinceTable(ctx: ModelContext, id: string, number: string, caption: string, indicators: Indicator[], format: NumberFormat): TableBlock {
  const { msg } = ctx;
  const region = ctx.scopeCode as string;
  const rows: TableBlock['body_rows'] = indicators.map((ind) => {
    const mine = ctx.estimate(ind.statistic, ind.variable.name, ind.level, region);
    return {
      cells: [
        { value: ind.header, mark: null },
        cell(ctx, mine, region),
        cell(ctx, ctx.estimate(ind.statistic, ind.variable.name, ind.level, null), null),
        { value: mine?.n ?? null, mark: null },
      ],
      style: 'normal',
    };
  });
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
      { align: 'right', format: { style: 'integer' }, wrap: false },
    ],
    header_rows: [
      [
        { text: '', span: 1 },
        { text: format.style === 'interval' && format.percent ? msg.percentWithCi(ctx.level) : msg.estimateWithCi(ctx.level), span: 2 },
        { text: '', span: 1 },
      ],
      [
        { text: msg.indicator, span: 1 },
        { text: ctx.scopeName ?? '', span: 1 },
        { text: msg.provinceName, span: 1 },
        { text: 'n', span: 1 },
      ],
    ],
    body_rows: rows,
    notes: markNotes(ctx, rows),
    source: ctx.source,
    origin: null,
  };
}

/** Percentages as proportions, whether the estimate stage gave them as 0-1 or 0-100. */
function proportions(table: number[][]): number[][] {
  const max = Math.max(0, ...table.flat());
  return max > 1.0001 ? table.map((r) => r.map((x) => x / 100)) : table;
}

/**
 * A cross-tabulation as a table of row percentages with row bases and the Rao-Scott test. The variable with
 * more levels runs down the rows (13 prefectures do not fit across a page): when that is the cross-tab's
 * column variable the table is transposed and shows its column percentages.
 */
function crosstabTable(ctx: ModelContext, crosstab: Crosstab, number: string): TableBlock {
  const { msg } = ctx;
  const transpose = crosstab.column_levels.length > crosstab.row_levels.length;
  const rowVar = transpose ? crosstab.column : crosstab.row;
  const colVar = transpose ? crosstab.row : crosstab.column;
  const rowLevels = transpose ? crosstab.column_levels : crosstab.row_levels;
  const colLevels = transpose ? crosstab.row_levels : crosstab.column_levels;
  const shares = transpose ? transposeMatrix(proportions(crosstab.column_percent)) : proportions(crosstab.row_percent);
  const counts = transpose ? transposeMatrix(crosstab.n) : crosstab.n;
  const rows: TableBlock['body_rows'] = rowLevels.map((level, r) => ({
    cells: [
      { value: ctx.levelLabel(rowVar, level), mark: null },
      ...colLevels.map((_, c) => ({ value: shares[r]?.[c] ?? null, mark: null })),
      { value: (counts[r] ?? []).reduce((a, b) => a + b, 0), mark: null },
    ],
    style: 'normal',
  }));
  return {
    kind: 'table',
    id: `crosstab-${crosstab.row}-${crosstab.column}`,
    number,
    label: msg.tableLabel(number),
    caption: msg.crosstabCaption(ctx.label(rowVar), ctx.label(colVar)),
    columns: [
      { align: 'left', format: { style: 'text' }, wrap: true },
      ...colLevels.map(() => ({ align: 'right' as const, format: { style: 'percent' as const, digits: 0 }, wrap: false })),
      { align: 'right', format: { style: 'integer' }, wrap: false },
    ],
    header_rows: [
      [
        { text: '', span: 1 },
        { text: msg.percentOf(ctx.label(colVar)), span: colLevels.length },
        { text: '', span: 1 },
      ],
      [
        { text: ctx.label(rowVar), span: 1 },
        ...colLevels.map((level) => ({ text: ctx.levelLabel(colVar, level), span: 1 })),
        { text: 'n', span: 1 },
      ],
    ],
    body_rows: rows,
    notes: [
      msg.rowPercentNote,
      msg.crosstabNote(formatNumber(crosstab.f, 2), formatNumber(crosstab.df1, 1), formatNumber(crosstab.df2, 1), msg.pValue(crosstab.p_value)),
    ],
    source: ctx.source,
    origin: null,
  };
}

/** A matrix turned on its side: out[c][r] = m[r][c]. */
function transposeMatrix(m: number[][]): number[][] {
  const columns = Math.max(0, ...m.map((r) => r.length));
  return Array.from({ length: columns }, (_, c) => m.map((r) => r[c] ?? Number.NaN));
}

/**
 * One theme's section: the analyst's narrative (or a short generated introduction), the theme's figures for
 * this report, the key estimates with confidence intervals (by region in the provincial report, against the
 * province in a regional one), and, in the provincial report, the theme's cross-tabulations.
 */
export function buildThemeBlocks(ctx: ModelContext, theme: Theme, sectionNumber: string): Block[] {
  const { msg, input } = ctx;
  const blocks: Block[] = [];
  const shares = shareVariables(ctx, theme.id);
  const means = meanVariables(ctx, theme.id);
  const narrative = narrativeBlocks(ctx, theme.id);
  const questions = input.codebook.filter((v) => v.theme === theme.id).length;
  if (narrative.length > 0) blocks.push(...narrative);
  else blocks.push({ kind: 'paragraph', style: 'body', text: msg.themeIntro(questions, ctx.level, ctx.scopeName ?? msg.province), origin: null });

  let figureCount = 0;
  for (const figure of input.figures) {
    if (figure.scope !== input.scope || figure.lang !== ctx.lang || figureTheme(ctx, figure) !== theme.id) continue;
    blocks.push(figureBlock(ctx, figure, `${sectionNumber}.${++figureCount}`));
  }

  let tableCount = 0;
  const title = theme.title[ctx.lang];
  const shareIndicators: Indicator[] = shares.flatMap((v) => {
    const e = headline(ctx, v, null);
    return e === undefined ? [] : [{ statistic: 'prop' as const, variable: v, level: e.level, header: msg.answerOf(ctx.label(v.name), ctx.levelLabel(v.name, e.level ?? '')) }];
  });
  const meanIndicators: Indicator[] = means
    .filter((v) => ctx.estimate('mean', v.name, null, null) !== undefined)
    .map((v) => ({ statistic: 'mean' as const, variable: v, level: null, header: v.unit ? `${ctx.label(v.name)} (${v.unit[ctx.lang]})` : ctx.label(v.name) }));
  const groups: [Indicator[], NumberFormat, (t: string) => string, (t: string, r: string) => string][] = [
    [shareIndicators, { style: 'interval', digits: 0, percent: true }, msg.keyEstimatesByRegion, msg.keyEstimatesVersusProvince],
    [meanIndicators, { style: 'interval', digits: meanDigits(ctx, meanIndicators), percent: false }, msg.averagesByRegion, msg.averagesVersusProvince],
  ];
  for (const [indicators, format, byRegion, versus] of groups) {
    if (indicators.length === 0) continue;
    if (ctx.scopeCode === null) {
      for (let i = 0; i < indicators.length; i += columnsPerTable) {
        const number = `${sectionNumber}.${++tableCount}`;
        blocks.push(byRegionTable(ctx, `${theme.id}-${indicators[0]?.statistic ?? 'prop'}-${i / columnsPerTable + 1}`, number, byRegion(title), indicators.slice(i, i + columnsPerTable), format));
      }
    } else {
      const number = `${sectionNumber}.${++tableCount}`;
      blocks.push(versusProvinceTable(ctx, `${theme.id}-${indicators[0]?.statistic ?? 'prop'}`, number, versus(title, ctx.scopeName ?? ''), indicators, format));
    }
  }
  if (ctx.scopeCode === null) {
    // A cross-tab already drawn as a figure of this report is not repeated as a table.
    const charted = input.figures.filter((f) => f.scope === input.scope && f.lang === ctx.lang);
    for (const crosstab of input.estimates.crosstabs) {
      if (ctx.variable(crosstab.row)?.theme !== theme.id) continue;
      if (charted.some((f) => f.variables.includes(crosstab.row) && f.variables.includes(crosstab.column))) continue;
      blocks.push(crosstabTable(ctx, crosstab, `${sectionNumber}.${++tableCount}`));
    }
  }
  return blocks;
}
