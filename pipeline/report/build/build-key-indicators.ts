import type { TableBlock, TableCell } from '../../../schemas/report-model.js';
import { isFlagged, isSignificant, isSuppressed } from './estimate-view.js';
import type { ModelContext } from './model-context.js';
import { displayUnit, type DisplayUnit } from '../../chart/display-unit.js';
import { estimateOf, isReported, leadIndicator, questionPhrase, summaryOf, type Indicator } from './state-indicator.js';

/** One column of the key-indicators table. */
export interface KeyColumn {
  indicator: Indicator;
  header: string;
}

/** The most indicators the table holds, and per part (a table wider than this is split). */
const maxIndicators = 12;
const perPart = 6;

/** A difference this large (points, or relative to the province for averages) gets the darkest shade. */
const fullShade = 0.2;

/**
 * The key indicators: survey.json `key_indicators`, else per theme the lead question (highest codebook
 * priority) and its negative multiple-response question's top answer, at most twelve. Unknown variables in
 * `key_indicators` are an input error caught when the run checks survey.json against the codebook.
 */
export function keyIndicators(ctx: ModelContext): KeyColumn[] {
  const configured = ctx.input.config.key_indicators;
  if (configured !== undefined) {
    return configured.flatMap((k) => {
      const v = ctx.variable(k.variable);
      if (v === undefined) return [];
      const level = k.statistic === 'prop' ? (k.level ?? (v.type === 'likert' ? 'top2' : String(v.codes?.[0]?.code ?? ''))) : null;
      const indicator: Indicator = { statistic: k.statistic, variable: v, level };
      return [{ indicator, header: k.label?.[ctx.lang] ?? defaultHeader(ctx, indicator) }];
    });
  }
  const columns: KeyColumn[] = [];
  for (const theme of ctx.input.config.themes) {
    const vars = ctx.input.codebook
      .filter((v) => v.theme === theme.id && isReported(ctx, v) && (v.priority ?? 1) > 0)
      .sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1));
    const picks = [vars[0], vars.find((v) => v.type === 'multi' && v.negative === true && v !== vars[0])];
    for (const v of picks) {
      const ind = v === undefined ? null : leadIndicator(ctx, v, null);
      if (ind !== null && columns.length < maxIndicators) columns.push({ indicator: ind, header: defaultHeader(ctx, ind) });
    }
  }
  return columns;
}

function defaultHeader(ctx: ModelContext, ind: Indicator): string {
  const v = ind.variable;
  if (ind.statistic === 'prop' && ind.level !== null && v.type !== 'likert' && !(v.type === 'single' && v.codes?.length === 2)) {
    return ctx.levelLabel(v.name, ind.level);
  }
  const phrase = v.phrase?.[ctx.lang] ?? ctx.label(v.name);
  if (ind.statistic === 'median' || (ind.statistic === 'mean' && summaryOf(v) === 'mean')) {
    const unit = columnUnit(ctx, ind).unit;
    return `${ctx.msg.keyIndicatorAverage(questionPhrase(ctx, v), ind.statistic === 'median')}${unit ? ` (${unit})` : ''}`;
  }
  return phrase;
}

/** The unit an average's column is written in, chosen from the provincial value (万元 as million yuan in English). */
function columnUnit(ctx: ModelContext, ind: Indicator): DisplayUnit {
  if (ind.statistic === 'prop') return { factor: 1, unit: null };
  return displayUnit(ind.variable.unit, ctx.lang, estimateOf(ctx, ind, null)?.estimate ?? 0);
}

/** A cell of the table: the estimate, "—" when suppressed, † when flagged, shaded by its significant difference. */
function keyCell(ctx: ModelContext, col: KeyColumn, region: string | null): TableCell {
  const e = estimateOf(ctx, col.indicator, region);
  if (e === undefined || isSuppressed(e, ctx.minBase)) return { value: null, mark: null };
  const mark = isFlagged(e, ctx.minBase) ? '†' : null;
  const value = e.estimate * columnUnit(ctx, col.indicator).factor;
  if (region === null || col.indicator.statistic === 'median') return { value, mark };
  const c = ctx.comparison(col.indicator.statistic, col.indicator.variable.name, col.indicator.level, region);
  if (!isSignificant(c) || c === undefined) return { value, mark };
  const province = estimateOf(ctx, col.indicator, null)?.estimate ?? 0;
  const size = col.indicator.statistic === 'prop' ? c.difference : c.difference / Math.max(Math.abs(province), 1e-9);
  const sign = col.indicator.variable.negative === true ? -1 : 1;
  const heat = Math.max(-1, Math.min(1, (sign * size) / fullShade));
  return { value, mark, heat: Math.round(heat * 100) / 100 };
}

/**
 * The key-indicators table (or tables, six indicators each): the province and every region down, the key
 * indicators across with the base n; cells shaded against the province where the region differs
 * significantly on its own df (green better, red worse, reversed for negative questions), "—" suppressed,
 * † flagged under the presentation standard.
 */
export function keyIndicatorTables(ctx: ModelContext, sectionNumber: string, firstTable: number): TableBlock[] {
  const { msg } = ctx;
  const columns = keyIndicators(ctx);
  const parts: KeyColumn[][] = [];
  for (let i = 0; i < columns.length; i += perPart) parts.push(columns.slice(i, i + perPart));
  return parts.map((part, k) => {
    const rows: TableBlock['body_rows'] = [null, ...ctx.regionCodes].map((region) => ({
      cells: [
        { value: region === null ? msg.provinceName : ctx.regionName(region), mark: null },
        { value: ctx.base(region), mark: null },
        ...part.map((col) => keyCell(ctx, col, region)),
      ],
      style: region === null || region === ctx.scopeCode ? 'total' : 'normal',
    }));
    const marks = rows.flatMap((r) => r.cells.map((c) => c.mark ?? '')).join('');
    const notes = [msg.keyIndicatorsNote(ctx.level)];
    if (rows.some((r) => r.cells.some((c) => c.value === null))) notes.push(msg.suppressedNote);
    if (marks.includes('†')) notes.push(msg.flaggedMark);
    const number = `${sectionNumber}.${firstTable + k}`;
    return {
      kind: 'table' as const,
      id: `key-indicators-${k + 1}`,
      number,
      label: msg.tableLabel(number),
      caption: parts.length > 1 ? msg.partCaption(msg.keyIndicatorsCaption, k + 1, parts.length) : msg.keyIndicatorsCaption,
      columns: [
        { align: 'left' as const, format: { style: 'text' as const }, wrap: true },
        { align: 'right' as const, format: { style: 'integer' as const }, wrap: false },
        ...part.map((col) => ({
          align: 'right' as const,
          format:
            col.indicator.statistic === 'prop'
              ? { style: 'percent' as const, digits: 0 }
              : { style: 'decimal' as const, digits: columnUnit(ctx, col.indicator).factor === 1 ? 0 : 1 },
          wrap: false,
        })),
      ],
      header_rows: [[{ text: msg.region, span: 1 }, { text: 'n', span: 1 }, ...part.map((col) => ({ text: col.header, span: 1 }))]],
      body_rows: rows,
      notes,
      source: ctx.source,
      origin: null,
    };
  });
}
