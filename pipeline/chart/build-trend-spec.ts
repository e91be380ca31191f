import type { Estimate } from '../../schemas/estimates.js';
import { seriesOf } from './build-bars-spec.js';
import { chartContext, indexEstimates, isLowBase, type ChartInput, type ChartSpec, type VegaLiteSpec } from './chart-input.js';
import { formatNumber, formatPercent, meanDigits } from './format.js';
import { indicatorLabel, type KeyIndicator } from './key-indicators.js';
import { displayUnit } from './display-unit.js';
import { altText, baseRangeText, chartText, joinNotes, lowPrecisionNote, say, trendAmountLabel, trendNote, trendTitle, waveBaseText } from './messages.js';
import { normalQuantile } from './normal-quantile.js';
import { wrapText } from './measure-text.js';
import { vegaLiteSchema } from './spec-frame.js';
import { chartConfig, chartWidth, colors, fontSizes, lowBaseStyle } from './theme.js';

const panelSpacing = 18;
const maxColumns = 3;
/** At most this many panels (two rows of three) in a change-since-last-wave figure. */
export const maxTrendPanels = 6;

/**
 * The change-since-last-wave figure of a theme: one small slope panel per key indicator (each on its own scale,
 * so shares and means can sit side by side), previous wave left, this wave right, values labelled, changes
 * significant at the analysis level starred (waves treated as independent samples); in a regional report the
 * region's line next to the province's. Null without a previous wave or when no indicator is in both waves.
 */
export function buildTrendSpec(input: ChartInput, theme: string | null, indicators: readonly KeyIndicator[]): ChartSpec | null {
  if (!input.previous) return null;
  const ctx = chartContext(input);
  const before = indexEstimates(input.previous, input.config.region, ctx.regionCodes);
  const series = seriesOf(ctx);
  const waves = [say(chartText.previousWave, ctx.lang), input.config.wave ?? say(chartText.thisWave, ctx.lang)];
  const critical = normalQuantile(1 - (1 - ctx.level) / 2);
  // Only indicators both waves have (for every series) get a panel, the first `maxTrendPanels` of them.
  const shown = indicators
    .filter((k) =>
      series.every(
        (s) => ctx.index.get(k.statistic, k.variable, k.level, s.region) && before.get(k.statistic, k.variable, k.level, s.region),
      ),
    )
    .slice(0, maxTrendPanels);
  const cols = Math.min(maxColumns, Math.max(1, shown.length));
  // 8 px of padding, and each panel's frame stroke adds 1 px on either side.
  // Panels are always sized for three columns, so every change figure has panels of the same size.
  const panelWidth = Math.floor((chartWidth - 8 - (maxColumns - 1) * panelSpacing) / maxColumns) - 2;

  interface Point {
    panel: string;
    series: string;
    wave: string;
    value: number;
    text: string;
    low: boolean;
    above: boolean;
  }
  const points: Point[] = [];
  const panels: string[] = [];
  const nNow: number[] = [];
  const nBefore: number[] = [];
  let anySignificant = false;
  for (const indicator of shown) {
    const pairs = series.flatMap((s) => {
      const now = ctx.index.get(indicator.statistic, indicator.variable, indicator.level, s.region);
      const then = before.get(indicator.statistic, indicator.variable, indicator.level, s.region);
      return now && then ? [{ s, now, then }] : [];
    });
    const isShare = indicator.statistic === 'prop';
    // an amount or count in the unit the language reads it in (万元 -> million yuan), named with its statistic
    const variable = input.codebook.find((v) => v.name === indicator.variable);
    const amount = variable !== undefined && (variable.type === 'number' || variable.type === 'integer');
    const display = displayUnit(amount ? variable.unit : undefined, ctx.lang, Math.max(...pairs.flatMap((p) => [Math.abs(p.now.estimate), Math.abs(p.then.estimate)])));
    const label = amount ? trendAmountLabel(variable.label[ctx.lang], indicator.statistic === 'quantile', display.unit, ctx.lang) : indicatorLabel(input.codebook, indicator, ctx.lang);
    const panel = wrapText(label, panelWidth, fontSizes.label, { maxLines: 3, bold: true }).join('\n');
    panels.push(panel);
    const digits = meanDigits(pairs.flatMap((p) => [p.now.estimate * display.factor, p.then.estimate * display.factor]));
    const format = (x: number) => (isShare ? formatPercent(x) : formatNumber(x * display.factor, digits));
    const values = (wave: 'now' | 'then') => pairs.map((p) => (wave === 'now' ? p.now : p.then).estimate);
    for (const { s, now, then } of pairs) {
      const significant = Math.abs(now.estimate - then.estimate) > critical * Math.hypot(now.se ?? Number.NaN, then.se ?? Number.NaN);
      anySignificant ||= significant;
      if (s.region === ctx.region) {
        nNow.push(now.n);
        nBefore.push(then.n);
      }
      const push = (e: Estimate, wave: string, others: number[], star: boolean) =>
        points.push({
          panel,
          series: s.name,
          wave,
          value: e.estimate,
          text: `${format(e.estimate)}${star ? '*' : ''}`,
          low: isLowBase(e, ctx.minBase),
          above: others.every((v) => e.estimate >= v),
        });
      push(then, waves[0] as string, values('then'), false);
      push(now, waves[1] as string, values('now'), significant);
    }
  }
  if (panels.length === 0) return null;

  const themeTitle = input.config.themes.find((t) => t.id === theme)?.title[ctx.lang] ?? say(chartText.share, ctx.lang);
  const title = trendTitle(themeTitle, ctx.lang);
  const base = waveBaseText(
    baseRangeText(Math.min(...nNow), Math.max(...nNow), ctx.lang),
    baseRangeText(Math.min(...nBefore), Math.max(...nBefore), ctx.lang),
    ctx.lang,
  );
  const lowBase = points.some((p) => p.low);
  const note = joinNotes([...(anySignificant ? [trendNote(ctx.level, ctx.lang)] : []), ...(lowBase ? [lowPrecisionNote(ctx.lang)] : [])], ctx.lang);
  const alt = altText.trend(title, panels.length, ctx.lang);
  const grouped = series.length > 1;
  const color = grouped
    ? {
        field: 'series',
        type: 'nominal',
        scale: { domain: series.map((s) => s.name), range: [colors.primary, colors.comparison] },
        legend: { title: null, orient: 'top' },
      }
    : { value: colors.primary };
  const x = {
    field: 'wave',
    type: 'ordinal',
    sort: waves,
    scale: { type: 'point', padding: 0.6 },
    axis: { title: null, labelAngle: 0, domain: false, ticks: false, labelPadding: 4, labelColor: colors.muted },
  };
  const y = { field: 'value', type: 'quantitative', scale: { zero: false, padding: 16 }, axis: null };
  const label = (above: boolean) => ({
    transform: [{ filter: above ? 'datum.above' : '!datum.above' }],
    mark: { type: 'text', baseline: above ? 'bottom' : 'top', dy: above ? -5 : 5, fontSize: fontSizes.value },
    encoding: { x, y, text: { field: 'text', type: 'nominal' }, color },
  });

  const spec: VegaLiteSpec = {
    $schema: vegaLiteSchema,
    description: alt,
    data: { values: points },
    facet: {
      field: 'panel',
      type: 'nominal',
      sort: panels,
      header: {
        title: null,
        labelExpr: "split(datum.label, '\\n')",
        labelAlign: 'left',
        labelAnchor: 'start',
        labelFontSize: fontSizes.label,
        labelFontWeight: 'bold',
        labelLimit: panelWidth + 2,
        labelLineHeight: 11,
        labelPadding: 4,
      },
    },
    columns: cols,
    spacing: { column: panelSpacing, row: 14 },
    spec: {
      width: panelWidth,
      height: 96,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 1.8 },
          encoding: {
            x,
            y,
            color,
            detail: { field: 'series', type: 'nominal' },
            strokeDash: { condition: { test: 'datum.low', value: lowBaseStyle.strokeDash }, value: null },
            opacity: { condition: { test: 'datum.low', value: lowBaseStyle.opacity }, value: 1 },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 36 },
          encoding: { x, y, color, opacity: { condition: { test: 'datum.low', value: lowBaseStyle.opacity }, value: 1 } },
        },
        // A filter that leaves no rows would give the scale an infinite extent (a Vega warning).
        ...(points.some((p) => p.above) ? [label(true)] : []),
        ...(points.some((p) => !p.above) ? [label(false)] : []),
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: { ...chartConfig, view: { stroke: colors.grid, strokeWidth: 0.6 } },
  };

  return {
    kind: 'trend',
    subject: theme ?? 'all',
    theme,
    variables: [...new Set(shown.map((k) => k.variable))],
    title,
    base,
    note,
    alt,
    lowBase,
    spec,
  };
}
