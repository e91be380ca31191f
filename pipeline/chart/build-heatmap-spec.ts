import { chartContext, codeLabel, findVariable, type ChartInput, type ChartSpec, type VegaLiteSpec } from './chart-input.js';
import { formatPercent } from './format.js';
import { altText, baseText, heatmapNote, heatmapTitle, joinNotes, lowPrecisionNote } from './messages.js';
import { bandAxis, topLevel, wrapLabel } from './spec-frame.js';
import { chartWidth, colors, fontSizes, layout, lowBaseStyle, sequentialRange } from './theme.js';

/**
 * The heat map of a cross-tab (SurveyEstimates.crosstabs, whole province; rows a question, columns a
 * classification such as the sector): the distribution of the answers within each column (column percentages,
 * each column adds up to 100%) in cells shaded from white to blue and labelled, with the Rao-Scott test in the
 * note. Columns whose base is below the minimum are faded and outlined. Null when the estimates have no such
 * cross-tab. The reports show sector cross-tabs as tables; this builder is for analysts who want a figure.
 */
export function buildHeatmapSpec(input: ChartInput, row: string, column: string): ChartSpec | null {
  const ctx = chartContext(input);
  const table = input.estimates.crosstabs.find((t) => t.row === row && t.column === column);
  if (!table || table.row_levels.length === 0 || table.column_levels.length === 0) return null;
  const rowVar = findVariable(input.codebook, row);
  const colVar = findVariable(input.codebook, column);
  const rowTitle = rowVar ? rowVar.label[ctx.lang] : row;
  const colTitle = colVar ? colVar.label[ctx.lang] : column;
  const rowLabelWidth = 120;
  const columnWidth = (chartWidth - rowLabelWidth - 16) / table.column_levels.length;
  const rowLabels = table.row_levels.map((level) => wrapLabel(codeLabel(rowVar, level, ctx.lang), rowLabelWidth));
  const colLabels = table.column_levels.map((level) =>
    wrapLabel(codeLabel(colVar, level, ctx.lang), Math.min(110, columnWidth - 6), 2, fontSizes.label),
  );
  const columnTotals = table.column_levels.map((_, j) => table.n.reduce((sum, counts) => sum + (counts[j] ?? 0), 0));
  const max = Math.max(...table.column_percent.flat());
  const cells = table.row_levels.flatMap((_, i) =>
    table.column_levels.map((_, j) => {
      const pct = table.column_percent[i]?.[j] ?? 0;
      const low = (columnTotals[j] ?? 0) < ctx.minBase;
      return {
        row: rowLabels[i] as string,
        col: colLabels[j] as string,
        pct,
        n: table.n[i]?.[j] ?? 0,
        low,
        text: formatPercent(pct),
        ink: !low && pct > max * 0.55 ? '#FFFFFF' : colors.text,
      };
    }),
  );
  const lowBase = cells.some((c) => c.low);
  const total = columnTotals.reduce((a, b) => a + b, 0);
  const base = baseText(total, ctx.lang);
  const test = heatmapNote(colTitle, table.f, table.df1, table.df2, table.p_value, ctx.lang);
  const note = joinNotes([test, ...(lowBase ? [lowPrecisionNote(ctx.lang)] : [])], ctx.lang);
  const title = heatmapTitle(rowTitle, colTitle, ctx.lang);
  const alt = altText.heatmap(title, ctx.lang);
  const y = { field: 'row', type: 'nominal', sort: rowLabels, axis: bandAxis({ labelLimit: rowLabelWidth + 2 }) };
  const x = {
    field: 'col',
    type: 'nominal',
    sort: colLabels,
    axis: {
      orient: 'top',
      title: null,
      labelAngle: 0,
      labelExpr: "split(datum.label, '\\n')",
      labelLineHeight: layout.labelLineHeight,
      labelBaseline: 'bottom',
      labelLimit: Math.min(112, columnWidth - 4),
      domain: false,
      ticks: false,
    },
  };

  const spec: VegaLiteSpec = {
    ...topLevel(alt),
    height: table.row_levels.length * (layout.band + 4),
    data: { values: cells },
    layer: [
      {
        mark: { type: 'rect', stroke: '#FFFFFF', strokeWidth: 1 },
        encoding: {
          x,
          y,
          color: {
            field: 'pct',
            type: 'quantitative',
            scale: { domain: [0, max], range: sequentialRange },
            legend: null,
          },
          opacity: { condition: { test: 'datum.low', value: lowBaseStyle.opacity }, value: 1 },
        },
      },
      // rect marks take no strokeDash encoding: the dashed outline of low-base cells is a layer of its own
      // (only when there are such cells: an empty layer makes Vega warn).
      ...(lowBase
        ? [
            {
              transform: [{ filter: 'datum.low' }],
              mark: { type: 'rect', fillOpacity: 0, stroke: colors.reference, strokeDash: lowBaseStyle.strokeDash, strokeWidth: 1 },
              encoding: { x, y },
            },
          ]
        : []),
      {
        mark: { type: 'text', baseline: 'middle', fontSize: fontSizes.label },
        encoding: { x, y, text: { field: 'text', type: 'nominal' }, color: { field: 'ink', type: 'nominal', scale: null } },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };

  return {
    kind: 'heatmap',
    subject: `${row}-x-${column}`,
    theme: rowVar?.theme ?? colVar?.theme ?? null,
    variables: [row, column],
    title,
    base,
    note,
    alt,
    lowBase,
    spec,
  };
}
