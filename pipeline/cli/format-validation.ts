import type { ValidationSummary } from '../../schemas/validation.js';
import { orderIssue } from '../validate/order-issue.js';

/**
 * The `validate --json` object: the contract's keys first (`rows_read`, `rows_kept`, `rows_quarantined`,
 * `rows_blank`, `issues`), each issue's keys in the contract's order, then the per-file accounting and the
 * counts by code.
 */
export function validationJson(summary: ValidationSummary): Record<string, unknown> {
  const { rows_read, rows_kept, rows_quarantined, rows_blank, issues, errors, warnings, files, by_code } = summary;
  return { rows_read, rows_kept, rows_quarantined, rows_blank, issues: issues.map(orderIssue), errors, warnings, files, by_code };
}

