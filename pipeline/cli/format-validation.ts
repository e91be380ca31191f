import type { ValidationSummary } from '../../schemas/validation.js';
import type { Style } from './style.js';

const shownIssues = 10;

/**
 * The human summary of a validation, as lines for stderr: the row accounting per file, issue counts per
 * code, and the first issues (location first, then expected and found).
 */
export function formatValidation(summary: ValidationSummary, style: Style): string[] {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines: string[] = [];
  const width = Math.max(4, ...summary.files.map((f) => f.file.length));
  lines.push(style.bold(`${'file'.padEnd(width)}  ${'read'.padStart(7)}  ${'kept'.padStart(7)}  ${'quarant.'.padStart(8)}  ${'blank'.padStart(6)}`));
  for (const f of summary.files) {
    const q = f.rows_quarantined > 0 ? style.red(n(f.rows_quarantined).padStart(8)) : n(f.rows_quarantined).padStart(8);
    lines.push(`${f.file.padEnd(width)}  ${n(f.rows_read).padStart(7)}  ${n(f.rows_kept).padStart(7)}  ${q}  ${n(f.rows_blank).padStart(6)}`);
  }
  if (summary.files.length > 1) {
    lines.push(
      `${'total'.padEnd(width)}  ${n(summary.rows_read).padStart(7)}  ${n(summary.rows_kept).padStart(7)}  ${n(summary.rows_quarantined).padStart(8)}  ${n(summary.rows_blank).padStart(6)}`,
    );
  }
  const codes = Object.entries(summary.by_code).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (codes.length > 0) {
    lines.push('', style.bold('issues by kind:'));
    for (const [code, count] of codes) lines.push(`  ${n(count).padStart(7)}  ${code}`);
    lines.push('');
    for (const issue of summary.issues.slice(0, shownIssues)) {
      const mark = issue.severity === 'error' ? style.red('error:') : style.yellow('warning:');
      lines.push(`${mark} ${issue.message}`);
    }
    if (summary.issues.length > shownIssues) lines.push(style.dim(`… and ${n(summary.issues.length - shownIssues)} more`));
  }
  const verdict =
    summary.errors > 0
      ? style.red(`${n(summary.errors)} errors`) + `, ${n(summary.warnings)} warnings: ${n(summary.rows_quarantined)} rows would be quarantined`
      : style.green('no errors') + (summary.warnings > 0 ? `, ${n(summary.warnings)} warnings` : '');
  lines.push(verdict);
  return lines;
}

/** The `validate --json` object: the contract's keys first, then the per-file accounting and counts by code. */
export function validationJson(summary: ValidationSummary): Record<string, unknown> {
  const { rows_read, rows_kept, rows_quarantined, rows_blank, issues, errors, warnings, files, by_code } = summary;
  return { rows_read, rows_kept, rows_quarantined, rows_blank, issues, errors, warnings, files, by_code };
}
