import type { Statistic } from '../../schemas/estimates.js';
import type { FigureKind } from '../../schemas/figure.js';
import { isLowBase, type ChartContext, type ChartSpec, type VegaLiteSpec } from './chart-input.js';
import { d3NumberFormat, d3PercentFormat, formatNumber, formatPercent, meanDigits } from './format.js';
import {
  altText,
  baseRangeText,
  chartText,
  ciNote,
  highlightedNote,
  joinNotes,
  lowBaseNote,
  referenceLabel,
  say,
  significanceNote,
} from './messages.js';
import { bandAxis, exprString, legendColumns, plotWidth, topLevel, wrapLabel } from './spec-frame.js';
import { colors, layout, lowBaseStyle } from './theme.js';

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
  /** the smallest value the variable can take (codebook `min`): intervals are drawn no lower (no negative spending) */
  floor?: number;
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
  const digits = target.format === 'year' ? 0 : meanDigits(values.map((e) => e.estimate));
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
    const sig: Significance = c?.significant ? (c.difference > 0 ? 'above' : 'below') : 'same';
    return [
      {
        code,
        label: wrapLabel(ctx.regionName(code), 110),
        value: e.estimate,
        // no interval (not estimable): no whisker
        lo: target.floor === undefined ? (e.ci_low ?? e.estimate) : Math.max(target.floor, e.ci_low ?? e.estimate),
        hi: e.ci_high ?? e.estimate,
        n: e.n,
        low: isLowBase(e, ctx.minBase),
        sig: sigLabel[sig],
        text: format(e.estimate),
        own: code === ctx.region,
      },
    ];
  });
  rows.sort((a, b) => b.value - a.value);
  const order = rows.map((r) => r.label);
  const present = (['above', 'same', 'below'] as const).filter((s) => rows.some((r) => r.sig === sigLabel[s]));
  const lowBase = rows.some((r) => r.low);
  const ns = rows.map((r) => r.n);
  const base = baseRangeText(Math.min(...ns), Math.max(...ns), ctx.lang);
  const own = rows.find((r) => r.own);
  const note = joinNotes(
    [
      ...(own ? [highlightedNote(ctx.regionName(own.code), ctx.lang)] : []),
      ciNote(ctx.level, ctx.lang),
      ...(compared ? [significanceNote(ctx.level, ctx.config.analysis.correction, ctx.lang, present.length === 1 && present[0] === 'same')] : []),
      ...(lowBase ? [lowBaseNote(ctx.minBase, ctx.lang)] : []),
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
  const x = {
    type: 'quantitative' as const,
    scale: { zero: target.format === 'percent' && Math.min(...rows.map((r) => r.lo)) < 0.15, nice: true },
  };
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

  const boldTest = own ? `datum.value === ${exprString(own.label)}` : 'false';
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
    ...(rows.some((r) => !r.low)
      ? [
          {
            transform: [{ filter: '!datum.low' }],
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
    ...(own
      ? [
          {
            transform: [{ filter: 'datum.own' }],
            mark: { type: 'point', filled: false, size: 150, strokeWidth: 1.2, color: colors.text },
            encoding: { y, x: { field: 'value', type: 'quantitative' } },
          },
        ]
      : []),
    {
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, color: colors.muted },
      encoding: { y, x: { field: 'hi', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
    },
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
    ...topLevel(alt),
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
