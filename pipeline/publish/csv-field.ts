/** A text a spreadsheet program would read as a number, never as a formula (`-0.5`, `+3`, `1e-9`). */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Text that spreadsheet programs would run as a formula when they open a CSV file: it starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return (OWASP, "CSV Injection"). Plain numbers such as `-0.5` are not formulas and
 * are left alone, so numeric text keeps its value.
 */
export function isFormulaLike(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text);
}

/**
 * One CSV field (RFC 4180): empty for null, undefined and non-finite numbers; numbers in JavaScript's shortest
 * form; text quoted when it holds `"`, `,` or a line end. Text that looks like a formula gets a leading `'` and
 * quotes, as OWASP advises, so Excel, LibreOffice and Google Sheets show it as text and never evaluate it.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  if (isFormulaLike(text)) return `"'${text.replaceAll('"', '""')}"`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
