import { buildDotsSpec } from './build-dots-spec.js';
import { chartContext, type ChartInput, type ChartSpec } from './chart-input.js';
import { isYearVariable } from '../estimate/year-variable.js';
import { meanAxisTitle, numericTitle } from './messages.js';

/**
 * The numeric figure of `variable`: the mean in every region as a dot with its confidence interval, ranked, with
 * the provincial mean as a reference line (the report's region highlighted in a regional report); a calendar
 * year (see isYearVariable) is written whole and without thousands separators. Null when fewer than two
 * regions have a mean.
 */
export function buildNumericSpec(input: ChartInput, variableName: string): ChartSpec | null {
  const ctx = chartContext(input);
  const variable = ctx.variable(variableName);
  return buildDotsSpec(ctx, {
    kind: 'numeric',
    statistic: 'mean',
    variable: variableName,
    level: null,
    title: numericTitle(variable.label[ctx.lang], ctx.lang),
    subject: variableName,
    theme: variable.theme ?? null,
    format: isYearVariable(variable) ? 'year' : 'number',
    axisTitle: meanAxisTitle(variable.unit?.[ctx.lang], ctx.lang),
  });
}
