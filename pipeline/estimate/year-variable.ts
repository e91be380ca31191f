import type { Variable } from '../../schemas/codebook.js';

/**
 * Whether a codebook variable holds calendar years ("year founded"), decided from the codebook alone: a number
 * or integer whose name is `year` or ends in `_year` / `Year`, or an integer whose range lies within four
 * digits (min >= 1000 and max <= 9999). A year is a label on the calendar, not a quantity: it is written
 * without thousands separators ("2013", never "2,013"), it has no meaningful total, and its average is not
 * a finding.
 */
export function isYearVariable(variable: Pick<Variable, 'name' | 'type' | 'min' | 'max'>): boolean {
  if (variable.type !== 'integer' && variable.type !== 'number') return false;
  if (/(^|_)year$|[a-z]Year$/.test(variable.name)) return true;
  return variable.type === 'integer' && variable.min !== undefined && variable.max !== undefined && variable.min >= 1000 && variable.max <= 9999;
}
