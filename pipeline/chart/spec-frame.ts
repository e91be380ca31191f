import type { Axis } from 'vega-lite/types_unstable/axis.js';
import type { TitleParams } from 'vega-lite/types_unstable/title.js';
import type { Text } from 'vega';
import { wrapText } from './measure-text.js';
import { chartConfig, chartWidth, colors, fontSizes, layout, lowBaseStyle } from './theme.js';

/** The Vega-Lite schema every spec declares. */
export const vegaLiteSchema = 'https://vega.github.io/schema/vega-lite/v6.json';

const titleWidth = chartWidth - 2 * 4;

/** Lines of a category label, wrapped within the label column, joined by "\n" (split again by the axis). */
export function wrapLabel(text: string, width: number = layout.labelWidth, maxLines = 2, size: number = fontSizes.label): string {
  return wrapText(text, width, size, { maxLines }).join('\n');
}

/**
 * The chart title (bold, wrapped to the chart width, at most 3 lines) and the subtitle lines (base, hints,
 * notes), each wrapped too; Vega draws arrays of strings as lines.
 */
export function titleParams(title: string, subtitle: readonly string[]): TitleParams<Text> {
  const titleLines = wrapText(title, titleWidth, fontSizes.title, { maxLines: 3, bold: true });
  const subtitleLines = subtitle.flatMap((line) => wrapText(line, titleWidth, fontSizes.subtitle, { maxLines: 3 }));
  return subtitleLines.length > 0 ? { text: titleLines, subtitle: subtitleLines } : { text: titleLines };
}

/** The axis of category bands: wrapped two-line labels, vertically centred in their band. */
export function bandAxis(extra: Partial<Axis> = {}): Axis {
  return {
    title: null,
    labelExpr: "split(datum.label, '\\n')",
    labelLimit: layout.labelWidth + 2,
    labelLineHeight: layout.labelLineHeight,
    labelOffset: { condition: { test: "indexof(datum.value, '\\n') >= 0", value: -layout.labelLineHeight / 2 }, value: 0 },
    ...extra,
  } as Axis;
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

/** The top-level properties every single-view chart shares: schema, width, fit-to-width, theme config. */
export function topLevel(description: string) {
  return {
    $schema: vegaLiteSchema,
    description,
    width: chartWidth,
    autosize: { type: 'fit-x', contains: 'padding' },
    config: chartConfig,
  } as const;
}
