import type { Statistic } from '../../schemas/estimates.js';
import type { FigureKind } from '../../schemas/figure.js';
import { type ChartContext, type ChartSpec, type VegaLiteSpec } from './chart-input.js';
import { d3NumberFormat, d3PercentFormat, formatNumber, formatPercent, meanDigits } from './format.js';
import {
  altText,
  baseRangeText,
  chartText,
  ciNote,
  highlightedNote,
  joinNotes,
  lowPrecisionNote,
  notEstimableNote,
  referenceLabel,
  suppressedNote,
  say,
  significanceNote,
} from './messages.js';
import { bandAxis, legendColumns, plotWidth, topLevel, wrapLabel } from './spec-frame.js';
import { estimateMarks } from './estimate-marks.js';
import { measureText } from './measure-text.js';
import { colors, fontSizes, layout, lowBaseStyle } from './theme.js';

/** How far above its whisker a value label sits (its middle), in px. */
const labelLift = -5;

/** A domain widened to round steps of 1, 2 or 5 x 10^k (about five ticks), as Vega's `nice` would. */
export function niceDomain(min: number, max: number): [number, number] {
  if (!(max > min)) return [min - 1, max + 1];
  const raw = (max - min) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  return [Math.floor(min / step + 1e-9) * step, Math.ceil(max / step - 1e-9) * step];
}

/** What a dot-and-interval plot of regions shows. */
export interface DotsTarget {
  kind: Extract<FigureKind, 'numeric' | 'regions'>;
  statistic: Statistic;
  variable: string;
  level: string | null;
  title: string;
  subject: string;
  theme: string | null;
  /** percent for shares, number for means, year for means of a calendar year (no decimals, no separators) */
  format: 'percent' | 'number' | 'year';
  axisTitle: string | null;
  /** decimals of a number, when fixed by what it counts (a median of whole numbers is whole); default from the values */
  digits?: number;
}

type Significance = 'above' | 'same' | 'below';

/**
 * Dots with confidence intervals for every region, ranked by value, with the provincial value as a dashed
 * reference line; coloured by the significance of the difference from the province when the estimate stage
 * compared them; in a regional report the report's region is highlighted (band, bold label, ringed dot).
 * Null when fewer than two regions have the estimate.
 */
export function buildDotsSpec(ctx: ChartContext, target: DotsTarget): ChartSpec | null {
  const { statistic, variable, level } = target;
  const codes = ctx.index.regions(statistic, variable, level);
  if (codes.length < 2) return null;
  const province = ctx.index.get(statistic, variable, level, null);
  const values = codes.map((code) => ctx.index.get(statistic, variable, level, code)).filter((e) => e !== undefined);
  const digits = target.format === 'year' ? 0 : (target.digits ?? meanDigits(values.map((e) => e.estimate)));
  const format = (x: number) => (target.format === 'percent' ? formatPercent(x) : formatNumber(x, digits, target.format !== 'year'));
  const compared = codes.some((code) => ctx.index.comparison(statistic, variable, level, code) !== undefined);
  const sigLabel: Record<Significance, string> = {
    above: say(chartText.above, ctx.lang),
    same: say(chartText.same, ctx.lang),
    below: say(chartText.below, ctx.lang),
  };
  const rows = codes.flatMap((code) => {
    const e = ctx.index.get(statistic, variable, level, code);
    if (!e) return [];
    const c = ctx.index.comparison(statistic, variable, level, code);
    // A mark only where the test on the region's own df says significant (a13's comparison rule).
    const sig: Significance = c?.significant ? (c.difference > 0 ? 'above' : 'below') : 'same';
    const marks = estimateMarks(e, ctx.minBase);
    return [
      {
        code,
        label: wrapLabel(ctx.regionName(code), 110),
        // a suppressed row carries no estimate: neither drawn nor left in the chart's data
        value: marks.suppressed ? 0 : e.estimate,
        lo: marks.suppressed ? null : (marks.interval?.low ?? null),
        hi: marks.suppressed ? null : (marks.interval?.high ?? null),
        n: e.n,
        low: marks.flagged && !marks.suppressed,
        suppressed: marks.suppressed,
        sig: sigLabel[sig],
        text: marks.suppressed ? '—' : format(e.estimate),
        own: code === ctx.region,
        side: 'right' as 'left' | 'right',
        at: marks.suppressed ? 0 : e.estimate,
      },
    ];
  });
  // Suppressed values rank last: their place in the order would say what the dash withholds.
  rows.sort((a, b) => Number(a.suppressed) - Number(b.suppressed) || b.value - a.value);
  const order = rows.map((r) => r.label);
  // The axis is set here, not by Vega, so labels can be placed clear of the provincial line: it spans every
  // interval as estimated (a negative lower bound of a skewed mean included, never clipped) and the province.
  const shown = rows.filter((r) => !r.suppressed);
  const ends = [...shown.flatMap((r) => [r.lo ?? r.value, r.hi ?? r.value]), ...(province ? [province.estimate] : [])];
  const domain: [number, number] = ends.length === 0 ? [0, 1] : niceDomain(
    target.format === 'percent' && Math.min(...ends) < 0.15 ? Math.min(0, ...ends) : Math.min(...ends),
    Math.max(...ends),
  );
  const width = plotWidth(order);
  const px = (v: number) => ((v - domain[0]) / (domain[1] - domain[0])) * width;
  const refPx = province ? px(province.estimate) : null;
  for (const r of rows) {
    if (r.suppressed) {
      r.at = domain[0];
      continue;
    }
    const gap = r.own ? 9 : 6;
    const w = measureText(r.text, fontSizes.value);
    const p = px(r.value);
    // 5 px of slack: the plot's width here is an estimate of the one Vega lays out
    const hits = (x1: number, x2: number) => refPx !== null && refPx >= x1 - 5 && refPx <= x2 + 5;
    const rightFits = p + gap + w <= width && !hits(p + gap, p + gap + w);
    // A label may reach 4 px left of the plot (the region names end 6 px before it), and up to 3 px more by
    // moving closer to its dot, rather than be crossed by the provincial line: dots crowded at the left of an
    // axis stretched by one wide interval (a skewed amount's median in a small region).
    const over = Math.max(0, -(p - gap - w) - 4);
    const leftFits = over <= 3 && !hits(p - gap - w + over, p - gap + over);
    r.side = rightFits || !leftFits ? 'right' : 'left';
    if (r.side === 'left' && over > 0) r.at = r.value + (over / width) * (domain[1] - domain[0]);
  }
  const present = (['above', 'same', 'below'] as const).filter((s) => rows.some((r) => r.sig === sigLabel[s]));
  const lowBase = rows.some((r) => r.low);
  const suppressed = rows.some((r) => r.suppressed);
  const notEstimable = rows.some((r) => !r.suppressed && r.lo === null);
  const ns = rows.map((r) => r.n);
  const base = baseRangeText(Math.min(...ns), Math.max(...ns), ctx.lang);
  const own = rows.find((r) => r.own);
  const note = joinNotes(
    [
      ...(own ? [highlightedNote(ctx.regionName(own.code), ctx.lang)] : []),
      ciNote(ctx.level, ctx.lang),
      ...(compared ? [significanceNote(ctx.level, ctx.config.analysis.correction, ctx.lang, present.length === 1 && present[0] === 'same')] : []),
      ...(lowBase ? [lowPrecisionNote(ctx.lang)] : []),
      ...(notEstimable ? [notEstimableNote(ctx.lang)] : []),
      ...(suppressed ? [suppressedNote(ctx.lang)] : []),
    ],
    ctx.lang,
  );
  const high = rows[0];
  const lowest = rows[rows.length - 1];
  const alt = altText.dots(
    target.title,
    high ? `${ctx.regionName(high.code)} ${high.text}` : '',
    lowest ? `${ctx.regionName(lowest.code)} ${lowest.text}` : '',
    province ? format(province.estimate) : '—',
    ctx.lang,
  );
  const axisFormat = target.format === 'percent' ? d3PercentFormat : d3NumberFormat(Math.max(0, digits - 1), target.format !== 'year');
  const x = { type: 'quantitative' as const, scale: { domain, nice: false, zero: false } };
  // A legend of one entry ("no significant difference") says less than the note: then none.
  const legend = present.length > 1 || present[0] !== 'same';
  const colorEncoding = compared
    ? {
        field: 'sig',
        type: 'nominal',
        scale: {
          domain: present.map((s) => sigLabel[s]),
          range: present.map((s) => (s === 'above' ? colors.above : s === 'below' ? colors.below : colors.neutral)),
        },
        legend: legend
          ? {
              title: null,
              symbolType: 'circle',
              offset: 16,
              columns: legendColumns(present.map((s) => sigLabel[s]), plotWidth(order)),
            }
          : null,
      }
    : { value: colors.primary };
  // 16 px a region: two ranked plots of 13 regions fit on one page with their captions and notes
  const band = layout.band - 6;

  // the region's name as a parameter, not in the expression: every regional report's plot shares one template
  const boldTest = own ? 'datum.value === ownLabel' : 'false';
  const y = {
    field: 'label',
    type: 'nominal',
    sort: order,
    axis: bandAxis({ labelFontWeight: { condition: { test: boldTest, value: 'bold' }, value: 'normal' } }),
  };
  const layers: Record<string, unknown>[] = [];
  if (own) {
    layers.push({
      transform: [{ filter: 'datum.own' }],
      mark: { type: 'rect', color: '#FBEACB' },
      encoding: { y, x: { value: 0 }, x2: { value: 'width' } },
    });
  }
  layers.push(
    {
      transform: [{ filter: 'datum.lo !== null' }],
      mark: { type: 'rule', strokeWidth: 1.4 },
      encoding: {
        y,
        x: { field: 'lo', ...x, axis: { title: target.axisTitle, format: axisFormat } },
        x2: { field: 'hi' },
        color: colorEncoding,
        opacity: { condition: { test: 'datum.low', value: lowBaseStyle.opacity }, value: 1 },
        strokeDash: { condition: { test: 'datum.low', value: lowBaseStyle.strokeDash }, value: null },
      },
    },
    // A layer whose filter leaves no data makes Vega warn about an infinite extent: only the layers with dots.
    ...(rows.some((r) => !r.low && !r.suppressed)
      ? [
          {
            transform: [{ filter: '!datum.low && !datum.suppressed' }],
            mark: { type: 'point', filled: true, size: 46 },
            encoding: { y, x: { field: 'value', type: 'quantitative' }, color: colorEncoding },
          },
        ]
      : []),
    ...(lowBase
      ? [
          {
            // A low-base dot is hollow with a dashed ring, never solid.
            transform: [{ filter: 'datum.low' }],
            mark: { type: 'point', filled: false, size: 46, strokeWidth: 1.2, strokeDash: [2, 1] },
            encoding: { y, x: { field: 'value', type: 'quantitative' }, color: colorEncoding },
          },
        ]
      : []),
    // the region's ring marks its estimate: none when the estimate is withheld ("—")
    ...(own && !own.suppressed
      ? [
          {
            transform: [{ filter: 'datum.own' }],
            mark: { type: 'point', filled: false, size: 150, strokeWidth: 1.2, color: colors.text },
            encoding: { y, x: { field: 'value', type: 'quantitative' } },
          },
        ]
      : []),
    // Value labels beside the point, a little above its whisker, on the side away from the provincial line.
    ...(['right', 'left'] as const)
      .filter((side) => rows.some((r) => r.side === side))
      .map((side) => ({
        transform: [{ filter: `datum.side === '${side}'` }],
        mark: { type: 'text', align: side === 'right' ? 'left' : 'right', baseline: 'middle', dy: labelLift, color: colors.muted },
        encoding: {
          y,
          x: { field: 'at', type: 'quantitative' },
          xOffset: { condition: { test: 'datum.own', value: side === 'right' ? 9 : -9 }, value: side === 'right' ? 6 : -6 },
          text: { field: 'text', type: 'nominal' },
        },
      })),
  );
  if (province) {
    layers.push(
      {
        data: { values: [{ value: province.estimate, text: referenceLabel(format(province.estimate), ctx.lang) }] },
        mark: { type: 'rule', color: colors.reference, strokeDash: [4, 3], strokeWidth: 1 },
        encoding: { x: { field: 'value', type: 'quantitative' } },
      },
      {
        data: { values: [{ value: province.estimate, text: referenceLabel(format(province.estimate), ctx.lang) }] },
        mark: { type: 'text', align: 'center', baseline: 'bottom', dy: -3, color: colors.reference, fontWeight: 'bold' },
        encoding: { x: { field: 'value', type: 'quantitative' }, y: { value: 0 }, text: { field: 'text', type: 'nominal' } },
      },
    );
  }
  const spec: VegaLiteSpec = {
    ...topLevel(alt, width),
    ...(own ? { params: [{ name: 'ownLabel', value: own.label }] } : {}),
    height: rows.length * band,
    data: { values: rows },
    layer: layers,
  };

  return {
    kind: target.kind,
    subject: target.subject,
    theme: target.theme,
    variables: [variable],
    title: target.title,
    base,
    note,
    alt,
    lowBase,
    spec,
  };
}
