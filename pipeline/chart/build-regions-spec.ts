import { buildDotsSpec } from './build-dots-spec.js';
import { chartContext, type ChartInput, type ChartSpec } from './chart-input.js';
import { indicatorLabel, type KeyIndicator } from './key-indicators.js';
import { meanAxisTitle, regionsTitle } from './messages.js';

/**
 * The regional comparison of a key indicator: a ranked dot plot of the regions with confidence intervals, those
 * significantly above or below the province (SurveyEstimates.comparisons) coloured, the provincial value as a
 * reference line, the report's region highlighted in a regional report. Null when fewer than two regions.
 */
export function buildRegionsSpec(input: ChartInput, indicator: KeyIndicator): ChartSpec | null {
  const ctx = chartContext(input);
  const variable = ctx.variable(indicator.variable);
  const isShare = indicator.statistic === 'prop';
  return buildDotsSpec(ctx, {
    kind: 'regions',
    statistic: indicator.statistic,
    variable: indicator.variable,
    level: indicator.level,
    title: regionsTitle(indicatorLabel(input.codebook, indicator, ctx.lang), ctx.lang),
    subject: indicator.variable,
    theme: variable.theme ?? null,
    format: isShare ? 'percent' : 'number',
    axisTitle: isShare ? null : meanAxisTitle(variable.unit?.[ctx.lang], ctx.lang),
  });
}
