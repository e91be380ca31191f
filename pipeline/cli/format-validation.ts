import type { Issue } from '../../schemas/issue.js';
import type { ValidationSummary } from '../../schemas/validation.js';

/**
 * The `validate --json` object: the contract's keys first (`rows_read`, `rows_kept`, `rows_quarantined`,
 * `rows_blank`, `issues`), each issue's keys in the contract's order, then the per-file accounting and the
 * counts by code.
 */
export function validationJson(summary: ValidationSummary): Record<string, unknown> {
  const { rows_read, rows_kept, rows_quarantined, rows_blank, issues, errors, warnings, files, by_code } = summary;
  return { rows_read, rows_kept, rows_quarantined, rows_blank, issues: issues.map(orderedIssue), errors, warnings, files, by_code };
}

function orderedIssue(issue: Issue): Issue {
  const { file, sheet, cell, column, row, code, severity, expected, found, message } = issue;
  return { file, sheet, cell, column, row, code, severity, expected, found, message };
}
