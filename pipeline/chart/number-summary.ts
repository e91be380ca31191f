import type { Variable } from '../../schemas/codebook.js';

/**
 * How a number is summarised: the codebook's `summary`, else the median for amounts and counts (a unit other
 * than %), whose distributions are skewed (a few large firms lift the mean far above the typical one), else
 * the mean.
 */
export function summaryOf(v: Pick<Variable, 'summary' | 'unit'>): 'median' | 'mean' {
  if (v.summary) return v.summary;
  return v.unit !== undefined && v.unit.en !== '%' ? 'median' : 'mean';
}
