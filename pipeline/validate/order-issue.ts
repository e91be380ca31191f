import type { Issue } from '../../schemas/issue.js';

/** An issue with its keys in schema order. */
export function orderIssue(i: Issue): Issue {
  return {
    file: i.file,
    sheet: i.sheet,
    cell: i.cell,
    column: i.column,
    row: i.row,
    code: i.code,
    severity: i.severity,
    expected: i.expected,
    found: i.found,
    message: i.message,
  };
}
