import { measureText, wrapText } from './measure-text.js';
import { bandLabelPadding, chartConfig, chartPadding, chartWidth, colors, fontSizes, layout, lowBaseStyle } from './theme.js';

/** The Vega-Lite schema every spec declares. */
export const vegaLiteSchema = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Lines of a category label, wrapped within the label column, joined by "\n" (split again by the axis). */
export function wrapLabel(text: string, width: number = layout.labelWidth, maxLines = 2, size: number = fontSizes.label): string {
  return wrapText(text, width, size, { maxLines }).join('\n');
}

/** The axis of category bands: wrapped two-line labels, vertically centred in their band. */
export function bandAxis(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: null,
    labelExpr: "split(datum.label, '\\n')",
    labelLimit: layout.labelWidth + 2,
    labelLineHeight: layout.labelLineHeight,
    labelOffset: { condition: { test: "indexof(datum.value, '\\n') >= 0", value: -layout.labelLineHeight / 2 }, value: 0 },
    ...extra,
  };
}

/** A Vega expression string literal for `text` (quotes and backslashes escaped). */
export function exprString(text: string): string {
  return JSON.stringify(text);
}

/** Encodings that draw a low-base mark (`datum.low` true) faded with a dashed outline instead of solid. */
export function lowBaseEncoding(): Record<string, unknown> {
  return {
    opacity: { condition: { test: 'datum.low', value: lowBaseStyle.opacity }, value: 1 },
    stroke: { condition: { test: 'datum.low', value: colors.reference }, value: null },
    strokeDash: { condition: { test: 'datum.low', value: lowBaseStyle.strokeDash }, value: null },
    strokeWidth: { value: lowBaseStyle.strokeWidth },
  };
}

/**
 * The top-level properties every single-view chart shares: schema, width, fit-to-width, theme config. Charts
 * draw no title, base or note: the report prints the caption above a figure and its base, notes and source
 * below it; the title and the alternative text go into the SVG's <title> and <desc> (see renderSvg). A band
 * chart passes the plot width it was built for (`plotWidth`): it goes into `usermeta`, and renderSvg starts
 * Vega's layout at that width, so fitting to the chart width needs no second layout pass.
 */
export function topLevel(description: string, plotWidth?: number) {
  return {
    $schema: vegaLiteSchema,
    description,
    width: chartWidth,
    autosize: { type: 'fit-x', contains: 'padding' },
    config: chartConfig,
    ...(plotWidth === undefined ? {} : { usermeta: { plotWidth } }),
  } as const;
}

/**
 * The number of columns a horizontal legend of `labels` needs to fit `available` px: all in one row when they
 * fit, else the most columns that keep a row within the width, then balanced (Vega fills rows column by column).
 */
export function legendColumns(labels: readonly string[], available: number): number {
  const entry = (label: string) => 14 + measureText(label, fontSizes.label) + 10;
  for (let columns = labels.length; columns > 1; columns--) {
    // Vega gives every column the width of its widest entry.
    const widths = Array.from({ length: columns }, (_, c) =>
      Math.max(...labels.filter((_, i) => i % columns === c).map(entry)),
    );
    if (widths.reduce((a, b) => a + b, 0) <= available) {
      // Balance the rows: 5 entries in 4 columns become 3 + 2.
      return Math.ceil(labels.length / Math.ceil(labels.length / columns));
    }
  }
  return 1;
}

/**
 * The width the plot of a band chart gets, in whole px, as Vega's fit-to-width layout computes it: the chart
 * width less the padding and the band axis's extent (its label padding and widest label line, rounded up).
 * Exact when nothing else reaches past the plot (a legend wider than it, say); then Vega lays out again.
 */
export function plotWidth(labels: readonly string[]): number {
  const widest = Math.max(0, ...labels.flatMap((l) => l.split('\n')).map((line) => measureText(line, fontSizes.label)));
  return chartWidth - 2 * chartPadding - Math.ceil(bandLabelPadding + widest);
}
