import { answerOrder, chartContext, codeLabel, codeStrings, isLowBase, type ChartContext, type ChartInput, type ChartSpec, type VegaLiteSpec } from './chart-input.js';
import { d3PercentFormat, formatPercent } from './format.js';
import {
  altText,
  baseRangeText,
  chartText,
  ciNote,
  joinNotes,
  lowBaseNote,
  multipleAnswersNote,
  regionalBaseText,
  say,
} from './messages.js';
import { bandAxis, legendColumns, lowBaseEncoding, plotWidth, topLevel, wrapLabel } from './spec-frame.js';
import { colors, layout } from './theme.js';

/** One bar: a series (the scope or the province) and one answer. */
interface BarRow {
  code: string;
  label: string;
  series: string;
  share: number;
  lo: number;
  hi: number;
  low: boolean;
  text: string;
}

/** The series a figure compares: the region then the province in a regional report, the province alone otherwise. */
export function seriesOf(ctx: ChartContext): { region: string | null; name: string }[] {
  const province = { region: null, name: say(chartText.province, ctx.lang) };
  return ctx.region === null ? [province] : [{ region: ctx.region, name: ctx.regionName(ctx.region) }, province];
}

/** The base line of a figure over its series: "n = 2,911", or the region's and the province's. */
export function seriesBase(ctx: ChartContext, bases: Map<string | null, number[]>): string {
  const text = (ns: number[] | undefined) =>
    ns && ns.length > 0 ? baseRangeText(Math.min(...ns), Math.max(...ns), ctx.lang) : baseRangeText(0, 0, ctx.lang);
  if (ctx.region === null) return text(bases.get(null));
  return regionalBaseText(ctx.regionName(ctx.region), text(bases.get(ctx.region)), text(bases.get(null)), ctx.lang);
}

/**
 * Horizontal bars of the share choosing each answer, sorted by share (the scope's), with confidence-interval
 * whiskers and value labels; in a regional report the region's and the province's bars side by side.
 * Used for single-choice (`bars`) and multiple-response (`multi`, labelled "multiple answers possible") questions.
 */
export function buildShareBars(input: ChartInput, variableName: string, kind: 'bars' | 'multi'): ChartSpec | null {
  const ctx = chartContext(input);
  const variable = ctx.variable(variableName);
  const series = seriesOf(ctx);
  const rows: BarRow[] = [];
  const bases = new Map<string | null, number[]>();
  for (const code of codeStrings(variable)) {
    for (const s of series) {
      const e = ctx.index.get('prop', variableName, code, s.region);
      if (!e) continue;
      const list = bases.get(s.region) ?? [];
      list.push(e.n);
      bases.set(s.region, list);
      rows.push({
        code,
        label: '',
        series: s.name,
        share: e.estimate,
        // no interval (not estimable): no whisker
        lo: Math.max(0, e.ci_low ?? e.estimate),
        hi: Math.min(1, e.ci_high ?? e.estimate),
        low: isLowBase(e, ctx.minBase),
        text: formatPercent(e.estimate),
      });
    }
  }
  const primary = series[0]?.name;
  const primaryRows = rows.filter((r) => r.series === primary);
  if (primaryRows.length === 0) return null;
  // Scale order for ordered questions, else by the scope's share; none/other/don't know last (answerOrder).
  const order = answerOrder(variable, primaryRows);
  const labels = new Map(order.map((code) => [code, wrapLabel(codeLabel(variable, code, ctx.lang))]));
  const data = rows
    .filter((r) => labels.has(r.code))
    .map((r) => ({ ...r, label: labels.get(r.code) as string }));
  const lowBase = data.some((r) => r.low);
  const maxHi = Math.max(...data.map((r) => r.hi));
  const xMax = Math.min(1, Math.max(0.1, maxHi * 1.12 + 0.02));

  const title = variable.label[ctx.lang];
  const base = seriesBase(ctx, bases);
  const note = joinNotes(
    [...(kind === 'multi' ? [multipleAnswersNote(ctx.lang)] : []), ciNote(ctx.level, ctx.lang), ...(lowBase ? [lowBaseNote(ctx.minBase, ctx.lang)] : [])],
    ctx.lang,
  );
  const top = primaryRows.find((r) => r.code === order[0]) as BarRow;
  const alt = altText.bars(title, codeLabel(variable, top.code, ctx.lang), top.text, ctx.lang);
  const grouped = series.length > 1;
  // two bars a category in a regional report: 28 px keeps each bar about 11 px, room for its 8 px value label
  const band = grouped ? layout.band + 6 : layout.band;

  const spec: VegaLiteSpec = {
    ...topLevel(alt),
    height: order.length * band,
    data: { values: data },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: order.map((code) => labels.get(code)), axis: bandAxis() },
      ...(grouped ? { yOffset: { field: 'series', type: 'nominal', sort: series.map((s) => s.name) } } : {}),
    },
    layer: [
      {
        mark: { type: 'bar', ...(grouped ? {} : { height: { band: 0.68 } }) },
        encoding: {
          x: {
            field: 'share',
            type: 'quantitative',
            scale: { domain: [0, xMax], nice: false },
            axis: { title: null, format: d3PercentFormat },
          },
          color: grouped
            ? {
                field: 'series',
                type: 'nominal',
                scale: { domain: series.map((s) => s.name), range: [colors.primary, colors.comparison] },
                legend: { title: null, columns: legendColumns(series.map((s) => s.name), plotWidth([...labels.values()])) },
              }
            : { value: colors.primary },
          ...lowBaseEncoding(),
        },
      },
      {
        mark: { type: 'rule', color: colors.text, strokeWidth: 0.9 },
        encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, color: colors.text },
        encoding: { x: { field: 'hi', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
      },
    ],
  };

  return {
    kind,
    subject: variableName,
    theme: variable.theme ?? null,
    variables: [variableName],
    title,
    base,
    note,
    alt,
    lowBase,
    spec,
  };
}

/** The single-choice figure of `variable`: sorted bars of shares with CI whiskers; null when nothing to show. */
export function buildBarsSpec(input: ChartInput, variable: string): ChartSpec | null {
  return buildShareBars(input, variable, 'bars');
}
