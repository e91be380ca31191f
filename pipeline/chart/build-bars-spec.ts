import { answerOrder, chartContext, codeLabel, codeStrings, type ChartContext, type ChartInput, type ChartSpec, type VegaLiteSpec } from './chart-input.js';
import { d3PercentFormat, formatPercent } from './format.js';
import {
  altText,
  baseRangeText,
  chartText,
  ciNote,
  joinNotes,
  lowPrecisionNote,
  multipleAnswersNote,
  notEstimableNote,
  suppressedNote,
  regionalBaseText,
  say,
} from './messages.js';
import { bandAxis, legendColumns, lowBaseEncoding, plotWidth, topLevel, wrapLabel } from './spec-frame.js';
import { estimateMarks } from './estimate-marks.js';
import { measureText } from './measure-text.js';
import { colors, fontSizes, layout } from './theme.js';

/**
 * Where a bar's whisker runs, as a share of the bar's band from its top (below the middle), and how far above
 * the middle its value label sits, in px.
 */
const whiskerBand = 0.78;
const labelLift = -2;

/** One bar: a series (the scope or the province) and one answer. */
interface BarRow {
  code: string;
  label: string;
  series: string;
  share: number;
  /** the interval's bounds, null when not estimable or suppressed (no whisker) */
  lo: number | null;
  hi: number | null;
  low: boolean;
  suppressed: boolean;
  text: string;
  /** the value label sits inside the bar's end (white) when the bar is long enough, else just past it */
  inside: boolean;
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
      const marks = estimateMarks(e, ctx.minBase);
      rows.push({
        code,
        label: '',
        series: s.name,
        share: marks.suppressed ? 0 : e.estimate,
        lo: marks.suppressed ? null : (marks.interval?.low ?? null),
        hi: marks.suppressed ? null : (marks.interval?.high ?? null),
        low: marks.flagged && !marks.suppressed,
        suppressed: marks.suppressed,
        text: marks.suppressed ? '—' : formatPercent(e.estimate),
        inside: false,
      });
    }
  }
  const primary = series[0]?.name;
  const primaryRows = rows.filter((r) => r.series === primary);
  if (primaryRows.length === 0) return null;
  // Scale order for ordered questions, else by the scope's share; none/other/don't know last (answerOrder).
  const order = answerOrder(variable, primaryRows);
  const labels = new Map(order.map((code) => [code, wrapLabel(codeLabel(variable, code, ctx.lang))]));
  const lowBase = rows.some((r) => r.low);
  const grouped = series.length > 1;
  // The axis reaches every interval as estimated (never clipped) and leaves room for a label past the bar.
  const maxHi = Math.max(...rows.map((r) => Math.max(r.share, r.hi ?? 0)));
  const xMax = Math.max(Math.min(1, Math.max(0.1, maxHi * 1.12 + 0.02)), maxHi);
  const xMin = Math.min(0, ...rows.map((r) => r.lo ?? 0));
  const width = plotWidth([...labels.values()]);
  const px = (share: number) => ((share - xMin) / (xMax - xMin)) * width;
  const data = rows
    .filter((r) => labels.has(r.code))
    .map((r) => {
      const w = measureText(r.text, fontSizes.value);
      const inside = !r.suppressed && px(r.share) - px(0) >= w + 8;
      // Side by side bars are too thin to run the whisker below the label: it breaks around the label instead.
      const unit = (xMax - xMin) / width;
      const gap = inside ? [r.share - (3 + w + 2) * unit, r.share - 1 * unit] : [r.share + 1 * unit, r.share + (3 + w + 2) * unit];
      const [g1, g2] = gap as [number, number];
      const split = grouped && r.lo !== null && r.hi !== null;
      // a piece of whisker shorter than 2 px before the label reads as a speck: left out
      const before = split && Math.min(r.hi as number, g1) - (r.lo as number) >= 2 * unit;
      return {
        ...r,
        label: labels.get(r.code) as string,
        inside,
        // white only on the solid blue of the report's own scope; dark on the grey province bar and faded bars
        light: inside && r.series === primary && !r.low,
        lo: split ? (before ? (r.lo as number) : null) : r.lo,
        hi: split ? (before ? Math.min(r.hi as number, g1) : null) : r.hi,
        lo2: split && (r.hi as number) > g2 ? Math.max(r.lo as number, g2) : null,
        hi2: split && (r.hi as number) > g2 ? (r.hi as number) : null,
      };
    });
  const suppressed = data.some((r) => r.suppressed);
  const notEstimable = rows.some((r) => !r.suppressed && r.lo === null);

  const title = variable.label[ctx.lang];
  const base = seriesBase(ctx, bases);
  const note = joinNotes(
    [
      ...(kind === 'multi' ? [multipleAnswersNote(ctx.lang)] : []),
      ciNote(ctx.level, ctx.lang),
      ...(lowBase ? [lowPrecisionNote(ctx.lang)] : []),
      ...(notEstimable ? [notEstimableNote(ctx.lang)] : []),
      ...(suppressed ? [suppressedNote(ctx.lang)] : []),
    ],
    ctx.lang,
  );
  const top = primaryRows.find((r) => r.code === order[0]) as BarRow;
  const alt = altText.bars(title, codeLabel(variable, top.code, ctx.lang), top.text, ctx.lang);
  // two bars a category in a regional report: 28 px keeps each bar about 11 px, room for its 8 px value label
  const band = grouped ? layout.band + 6 : layout.band;

  const spec: VegaLiteSpec = {
    ...topLevel(alt, width),
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
            scale: { domain: [xMin, xMax], nice: false },
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
      // The whisker runs a little below the middle of the bar and the value label a little above it, so a label
      // at the bar's end never sits on the whisker; a value without an estimable interval has none.
      {
        transform: [{ filter: 'datum.lo !== null && datum.hi > datum.lo' }],
        mark: { type: 'rule', color: colors.text, strokeWidth: 0.9 },
        encoding: {
          x: { field: 'lo', type: 'quantitative' },
          x2: { field: 'hi' },
          ...(grouped ? {} : { y: { field: 'label', type: 'nominal', sort: order.map((code) => labels.get(code)), axis: bandAxis(), bandPosition: whiskerBand } }),
        },
      },
      ...(data.some((r) => r.lo2 !== null)
        ? [
            {
              transform: [{ filter: 'datum.lo2 !== null' }],
              mark: { type: 'rule', color: colors.text, strokeWidth: 0.9 },
              encoding: { x: { field: 'lo2', type: 'quantitative' }, x2: { field: 'hi2' } },
            },
          ]
        : []),
      ...(data.some((r) => r.inside)
        ? [
            {
              transform: [{ filter: 'datum.inside' }],
              mark: { type: 'text', align: 'right', baseline: 'middle', dx: -3, dy: grouped ? 0 : labelLift },
              encoding: {
                x: { field: 'share', type: 'quantitative' },
                text: { field: 'text', type: 'nominal' },
                color: { condition: { test: 'datum.light', value: '#FFFFFF' }, value: colors.text },
              },
            },
          ]
        : []),
      ...(data.some((r) => !r.inside)
        ? [
            {
              transform: [{ filter: '!datum.inside' }],
              mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, dy: grouped ? 0 : labelLift, color: colors.text },
              encoding: { x: { field: 'share', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
            },
          ]
        : []),
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
