import type { ValidationSummary } from '../../schemas/validation.js';

const FIRST_ISSUES = 10;

/**
 * The short human summary for stderr: the row accounting overall and per file, issue counts by type, and the
 * first few issues (errors before warnings), then where the rest are: `issuesFile` (an absolute path) when the
 * issues workbook was written. ANSI colours when `color` is true (respect NO_COLOR / a non-TTY).
 */
export function formatValidationSummary(summary: ValidationSummary, options: { color: boolean; issuesFile?: string | null }): string {
  const paint = (code: string) => (text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const red = paint('31');
  const yellow = paint('33');
  const dim = paint('2');
  const bold = paint('1');
  const num = (n: number) => n.toLocaleString('en-US');
  const plural = (n: number, word: string) => `${num(n)} ${word}${n === 1 ? '' : 's'}`;

  const lines: string[] = [];
  const verdict =
    summary.errors > 0 ? red(plural(summary.errors, 'error')) : 'no errors';
  const warn = summary.warnings > 0 ? yellow(plural(summary.warnings, 'warning')) : 'no warnings';
  lines.push(
    `${bold('validation')}: ${plural(summary.rows_read, 'row')} read, ${num(summary.rows_kept)} kept, ` +
      `${num(summary.rows_quarantined)} quarantined, ${plural(summary.rows_blank, 'blank row')} skipped; ${verdict}, ${warn}`,
  );
  if (summary.files.length > 1 || summary.files.some((f) => f.errors > 0)) {
    const width = Math.max(...summary.files.map((f) => f.file.length));
    for (const f of summary.files) {
      const flags = [f.errors > 0 ? red(plural(f.errors, 'error')) : '', f.warnings > 0 ? yellow(plural(f.warnings, 'warning')) : '']
        .filter((s) => s !== '')
        .join(', ');
      lines.push(
        `  ${f.file.padEnd(width)}  ${num(f.rows_read)} read, ${num(f.rows_kept)} kept, ${num(f.rows_quarantined)} quarantined` +
          `${f.rows_blank > 0 ? `, ${num(f.rows_blank)} blank` : ''}${flags ? `  ${flags}` : ''}`,
      );
    }
  }
  const codes = Object.keys(summary.by_code).sort();
  if (codes.length > 0) lines.push(`  by type: ${codes.map((c) => `${c} ${num(summary.by_code[c]!)}`).join(', ')}`);
  const ordered = [
    ...summary.issues.filter((i) => i.severity === 'error'),
    ...summary.issues.filter((i) => i.severity === 'warning'),
  ];
  for (const issue of ordered.slice(0, FIRST_ISSUES)) {
    lines.push(`  ${issue.severity === 'error' ? red('error') : yellow('warning')}: ${issue.message}`);
  }
  if (ordered.length > FIRST_ISSUES) {
    const rest = num(ordered.length - FIRST_ISSUES);
    lines.push(
      dim(
        options.issuesFile
          ? `  … and ${rest} more in ${options.issuesFile}`
          : `  … and ${rest} more: --out DIR writes every issue to DIR/validation/issues.xlsx, --json prints them`,
      ),
    );
  }
  return lines.join('\n');
}
