/**
 * The chart stage: Vega-Lite specs built from the estimates, one builder per figure kind, rendered headless to
 * SVG with text measured in the font the PDF embeds.
 */
export { chartSurvey, buildPlannedSpec, type ChartSurveyOptions } from './chart-survey.js';
export { writeCharts } from './write-charts.js';
export { planFigures, chartedVariables, type FigurePlan } from './plan-figures.js';
export { buildBarsSpec } from './build-bars-spec.js';
export { buildMultiSpec } from './build-multi-spec.js';
export { buildLikertSpec } from './build-likert-spec.js';
export { buildNumericSpec } from './build-numeric-spec.js';
export { buildRegionsSpec } from './build-regions-spec.js';
export { buildHeatmapSpec } from './build-heatmap-spec.js';
export { buildTrendSpec } from './build-trend-spec.js';
export { renderSvg, installTextMetrics, type RenderedSvg } from './render-svg.js';
export { measureText, wrapText, truncateText } from './measure-text.js';
export { selectKeyIndicator, questionIndicator, type KeyIndicator } from './key-indicators.js';
export type { ChartInput, ChartSpec } from './chart-input.js';
export { chartConfig, chartWidth, okabeIto } from './theme.js';
