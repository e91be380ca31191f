import { buildDotsSpec } from './build-dots-spec.js';
import { chartContext, scaledIndex, type ChartInput, type ChartSpec } from './chart-input.js';
import { displayUnit } from './display-unit.js';
import { isYearVariable } from '../estimate/year-variable.js';
import { meanAxisTitle, numericTitle } from './messages.js';
import { summaryOf } from './number-summary.js';

/**
 * The numeric figure of `variable`: its summary in every region (the median with its Woodruff interval for
 * skewed amounts and counts, see summaryOf; else the mean) as a dot with its confidence interval, ranked, with
 * the provincial value as a reference line (the report's region highlighted in a regional report); amounts in
 * the unit the language reads them in (万元 as million yuan, see displayUnit); a calendar year (see
 * isYearVariable) is written whole and without thousands separators. Estimates without regional medians fall
 * back to the mean. Null when fewer than two regions have it.
 */
export function buildNumericSpec(input: ChartInput, variableName: string): ChartSpec | null {
  const ctx = chartContext(input);
  const variable = ctx.variable(variableName);
  // estimates made without medians (an older estimate stage, `thinktank estimate --mean`) fall back to the mean
  const median = summaryOf(variable) === 'median' && ctx.index.regions('quantile', variableName, null).length >= 2;
  const statistic = median ? 'quantile' : 'mean';
  const values = ctx.index.regions(statistic, variableName, null).map((code) => ctx.index.get(statistic, variableName, null, code)?.estimate ?? 0);
  const unit = displayUnit(variable.unit, ctx.lang, Math.max(0, ...values.map(Math.abs)));
  return buildDotsSpec({ ...ctx, index: scaledIndex(ctx.index, unit.factor) }, {
    kind: 'numeric',
    statistic,
    variable: variableName,
    level: null,
    title: numericTitle(variable.label[ctx.lang], ctx.lang, median),
    subject: variableName,
    theme: variable.theme ?? null,
    format: isYearVariable(variable) ? 'year' : 'number',
    axisTitle: meanAxisTitle(unit.unit ?? undefined, ctx.lang, median),
    // a median of counts is a count
    ...(median && variable.type === 'integer' && unit.factor === 1 ? { digits: 0 } : {}),
  });
}
