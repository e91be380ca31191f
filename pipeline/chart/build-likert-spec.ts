import type { Variable } from '../../schemas/codebook.js';
import { likertScale as likertCodes } from '../estimate/likert-scale.js';
import type { Lang } from '../../schemas/common.js';
import { seriesBase, seriesOf } from './build-bars-spec.js';
import { chartContext, codeLabel, codeStrings, isLowBase, type ChartInput, type ChartSpec, type VegaLiteSpec } from './chart-input.js';
import { formatPercent, formatPoints } from './format.js';
import { altText, excludedCodesNote, joinNotes, likertRowsNote, lowPrecisionNote } from './messages.js';
import { measureText, wrapText } from './measure-text.js';
import { bandAxis, lowBaseEncoding, plotWidth, topLevel, wrapLabel } from './spec-frame.js';
import { colors, fontSizes, layout, likertColors, okabeIto } from './theme.js';

/**
 * The answer codes of a Likert item that form its scale, and the ones left out: when the codes are numbers,
 * the scale is the run of consecutive integers starting at the smallest code (1..5); codes outside it
 * (9 "don't know", 99 "refused") are not substantive. Non-numeric codes are all on the scale.
 */
export function likertScale(variable: Variable): { scale: string[]; excluded: string[] } {
  const codes = codeStrings(variable);
  const scale = likertCodes(codes);
  return { scale, excluded: codes.filter((c) => !scale.includes(c)) };
}

/** The Likert items of a battery: the variables of `group`, or the one ungrouped Likert variable called so. */
export function batteryItems(codebook: readonly Variable[], group: string): Variable[] {
  const grouped = codebook.filter((v) => v.type === 'likert' && v.group === group);
  if (grouped.length > 0) return grouped;
  return codebook.filter((v) => v.type === 'likert' && v.name === group && v.group === undefined);
}

const separators = /[：:—–]\s*|\s+-\s+/u;

/**
 * The title of a battery and its items' short labels: when every item label starts with the same text up to a
 * separator ("营商环境评价：市场竞争公平"), that text is the title and the rest the item labels; otherwise `fallback`.
 */
export function batteryTitle(items: readonly Variable[], lang: Lang, fallback: string): { title: string; labels: string[] } {
  const full = items.map((v) => v.label[lang]);
  const parts = full.map((label) => {
    const m = separators.exec(label);
    return m ? { head: label.slice(0, m.index), tail: label.slice(m.index + m[0].length) } : null;
  });
  const first = parts[0];
  if (first && parts.every((p) => p !== null && p.head === first.head && p.tail.length > 0)) {
    return { title: first.head, labels: parts.map((p) => (p ? p.tail : '')) };
  }
  return { title: fallback, labels: full };
}

/** The fallback title of a battery whose item labels share no prefix: the theme's title with "agreement". */
function fallbackTitle(input: ChartInput, items: readonly Variable[]): string {
  const themeId = items[0]?.theme;
  const theme = input.config.themes.find((t) => t.id === themeId);
  if (input.lang === 'zh') return theme ? `${theme.title.zh}：各项陈述的认同程度` : '各项陈述的认同程度';
  return theme ? `${theme.title.en}: agreement with statements` : 'Agreement with statements';
}

interface Segment {
  row: string;
  answer: string;
  x: number;
  x2: number;
  mid: number;
  share: number;
  low: boolean;
  text: string;
  ink: string;
}

/**
 * The Likert battery figure: diverging stacked bars, negative answers left of zero, the neutral answer centred on
 * it, positive answers right, items sorted by net agreement (positive minus negative share); in a regional
 * report each item has a region row and a province row. Null when the battery has no estimates for the scope.
 */
export function buildLikertSpec(input: ChartInput, group: string): ChartSpec | null {
  const ctx = chartContext(input);
  const items = batteryItems(input.codebook, group);
  const firstItem = items[0];
  if (!firstItem) return null;
  const { scale, excluded } = likertScale(firstItem);
  if (scale.length < 2) return null;
  const half = Math.floor(scale.length / 2);
  const neutral = scale.length % 2 === 1 ? scale[half] : undefined;
  const palette = likertColors(scale.length);
  const answerLabels = scale.map((code) => codeLabel(firstItem, code, ctx.lang));
  const { title, labels } = batteryTitle(items, ctx.lang, fallbackTitle(input, items));
  const series = seriesOf(ctx);
  const provinceName = series[series.length - 1]?.name ?? '';

  interface ItemRows {
    name: string;
    label: string;
    net: number;
    rows: { key: string; label: string; segments: Segment[]; muted: boolean }[];
  }
  const bases = new Map<string | null, number[]>();
  const built: ItemRows[] = [];
  items.forEach((item, i) => {
    const rows: ItemRows['rows'] = [];
    let net = Number.NaN;
    for (const s of series) {
      const shares = scale.map((code) => ctx.index.get('prop', item.name, code, s.region));
      if (shares.some((e) => e === undefined)) continue;
      const ests = shares.filter((e) => e !== undefined);
      const list = bases.get(s.region) ?? [];
      list.push(Math.max(...ests.map((e) => e.n)));
      bases.set(s.region, list);
      const p = ests.map((e) => e.estimate);
      const negative = p.slice(0, half).reduce((a, b) => a + b, 0);
      const positive = p.slice(scale.length - half).reduce((a, b) => a + b, 0);
      const neutralShare = neutral === undefined ? 0 : (p[half] ?? 0);
      if (s === series[0]) net = positive - negative;
      // the same keys in every regional report (the region's row is "region"), so the row labels, which the axis
      // looks up by key in an expression, are the same and the charts share one compiled template
      const key = `${item.name}|${s.region === null ? 'province' : 'region'}`;
      let x = -(negative + neutralShare / 2);
      const segments = ests.map((e, k): Segment => {
        const x0 = x;
        x += e.estimate;
        const color = palette[k] ?? colors.neutral;
        const low = isLowBase(e, ctx.minBase);
        return {
          row: key,
          answer: answerLabels[k] ?? '',
          x: x0,
          x2: x,
          mid: (x0 + x) / 2,
          share: e.estimate,
          low,
          text: e.estimate >= 0.07 ? formatPercent(e.estimate) : '',
          // White only on the two dark colours, and never on a faded (low-base) segment.
          ink: !low && (color === okabeIto.blue || color === okabeIto.vermillion) ? '#FFFFFF' : colors.text,
        };
      });
      const isProvinceRow = series.length > 1 && s.region === null;
      rows.push({ key, label: isProvinceRow ? provinceName : '', segments, muted: isProvinceRow });
    }
    if (rows.length > 0 && !Number.isNaN(net)) built.push({ name: item.name, label: labels[i] ?? item.label[ctx.lang], net, rows });
  });
  if (built.length === 0) return null;
  built.sort((a, b) => b.net - a.net);

  const rowOrder: string[] = [];
  const rowLabels: Record<string, string> = {};
  const mutedRows: string[] = [];
  const segments: Segment[] = [];
  for (const item of built) {
    for (const row of item.rows) {
      rowOrder.push(row.key);
      rowLabels[row.key] = row.muted ? row.label : wrapLabel(item.label);
      if (row.muted) mutedRows.push(row.key);
      segments.push(...row.segments);
    }
  }
  const extent = Math.max(...segments.map((s) => Math.max(-s.x, s.x2)));
  const bound = Math.min(1, Math.ceil(extent * 10 + 0.001) / 10);
  const lowBase = segments.some((s) => s.low);
  const excludedLabels = excluded.map((code) => codeLabel(firstItem, code, ctx.lang));
  const note = joinNotes(
    [
      ...(ctx.region === null ? [] : [likertRowsNote(ctx.regionName(ctx.region), ctx.lang)]),
      ...(excludedLabels.length > 0 ? [excludedCodesNote(excludedLabels, ctx.lang)] : []),
      ...(lowBase ? [lowPrecisionNote(ctx.lang)] : []),
    ],
    ctx.lang,
  );
  const base = seriesBase(ctx, bases);
  const top = built[0] as ItemRows;
  const alt = altText.likert(title, top.label, formatPoints(top.net), ctx.lang);
  // Two-line row labels need room between them: a band of two lines and a gap.
  const twoLines = Object.values(rowLabels).some((l) => l.includes('\n'));
  const rowBand = Math.max(series.length > 1 ? layout.band - 2 : layout.band, twoLines ? 2 * layout.labelLineHeight + 8 : 0);
  const legend = oneRowLegend(answerLabels, plotWidth(Object.values(rowLabels)));
  // the labels and muted rows as parameters, not written into the expressions, so the charts of one battery
  // share a compiled template whatever their row order
  const labelOf = 'rowLabels[datum.value]';
  const y = {
    field: 'row',
    type: 'nominal',
    sort: rowOrder,
    scale: { paddingInner: 0.25 },
    axis: bandAxis({
      labelExpr: `split(${labelOf}, '\\n')`,
      labelOffset: { condition: { test: `indexof(${labelOf}, '\\n') >= 0`, value: -layout.labelLineHeight / 2 }, value: 0 },
      labelColor: { condition: { test: 'indexof(mutedRows, datum.value) >= 0', value: colors.muted }, value: colors.text },
    }),
  };

  const zeroRule = {
    data: { values: [{ zero: 0 }] },
    mark: { type: 'rule', color: colors.reference, strokeWidth: 0.8 },
    encoding: { x: { field: 'zero', type: 'quantitative' } },
  };

  const spec: VegaLiteSpec = {
    ...topLevel(alt, plotWidth(Object.values(rowLabels))),
    params: [
      { name: 'xDomain', value: [-bound, bound] },
      { name: 'xTicks', value: ticks(bound) },
      { name: 'rowLabels', value: rowLabels },
      { name: 'mutedRows', value: mutedRows },
    ],
    height: rowOrder.length * rowBand,
    data: { values: segments },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y,
          x: {
            field: 'x',
            type: 'quantitative',
            // domain and ticks as parameters, so that the charts of one battery share a compiled template
            scale: { domain: { expr: 'xDomain' }, nice: false, zero: false },
            axis: { title: null, labelExpr: "format(abs(datum.value), '.0%')", values: { expr: 'xTicks' } },
          },
          x2: { field: 'x2' },
          color: {
            field: 'answer',
            type: 'nominal',
            scale: { domain: answerLabels, range: palette },
            legend: { title: null, symbolType: 'square', ...legend },
          },
          ...lowBaseEncoding(),
        },
      },
      {
        mark: { type: 'text', align: 'center', baseline: 'middle' },
        encoding: {
          y,
          x: { field: 'mid', type: 'quantitative' },
          text: { field: 'text', type: 'nominal' },
          color: { field: 'ink', type: 'nominal', scale: null },
        },
      },
      // With a neutral answer centred on zero the zero line would cut through its labels.
      ...(neutral === undefined ? [zeroRule] : []),
    ],
    resolve: { scale: { color: 'independent' } },
  };

  return {
    kind: 'likert',
    subject: group,
    theme: firstItem.theme ?? null,
    variables: items.map((v) => v.name),
    title,
    base,
    note,
    alt,
    lowBase,
    spec,
  };
}

/**
 * A legend of the scale's answers on one row, in scale order, within the plot's width: each label wrapped onto
 * up to three lines (between words) when one row of one-line labels is too wide, never a second row splitting the scale.
 */
function oneRowLegend(labels: readonly string[], available: number): Record<string, unknown> {
  const entry = 14 + 10;
  const oneLine = labels.reduce((sum, l) => sum + entry + measureText(l, fontSizes.label), 0);
  if (oneLine <= available) return { columns: labels.length };
  const each = Math.max(40, available / labels.length - entry);
  const wrapped = labels.map((l) => wrapText(l, each, fontSizes.label, { maxLines: 3 }).join('\n'));
  return {
    columns: labels.length,
    labelExpr: `split(${JSON.stringify(Object.fromEntries(labels.map((l, i) => [l, wrapped[i]])))}[datum.label], '\\n')`,
    labelLimit: Math.ceil(each) + 2,
    labelLineHeight: layout.labelLineHeight,
  };
}

/** Symmetric tick values for a diverging axis bounded at ±`bound`: the finest round step giving at most 5 ticks. */
function ticks(bound: number): number[] {
  const step = [0.1, 0.2, 0.25, 0.3, 0.4, 0.5].find((st) => Math.floor(bound / st + 1e-9) <= 2) ?? 0.5;
  const count = Math.floor(bound / step + 1e-9);
  const values: number[] = [];
  for (let k = -count; k <= count; k++) values.push(Math.round(k * step * 100) / 100);
  return values;
}
