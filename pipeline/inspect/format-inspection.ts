import type { ColumnProfile, Inspection } from '../../schemas/inspect.js';

/** An inspection as text for the terminal: per sheet its header row, then one line a column. */
export function formatInspection(inspection: Inspection): string {
  const lines: string[] = [];
  for (const sheet of inspection.sheets) {
    const name = sheet.sheet === null ? inspection.file : `${inspection.file} '${sheet.sheet}'`;
    if (sheet.header_row === null) {
      lines.push(`${name}: no header row found (${sheet.rows} non-blank rows); give --header-row N`);
      continue;
    }
    lines.push(`${name}: header in row ${sheet.header_row}, ${sheet.rows} rows below it, ${sheet.columns.length} columns`);
    for (const column of sheet.columns) lines.push(`  ${formatColumn(column)}`);
  }
  return lines.join('\n');
}

function formatColumn(c: ColumnProfile): string {
  const header = c.header === null ? '(no header)' : JSON.stringify(c.header);
  const parts = [`${c.column} ${header}: ${c.type}`, `${c.values} values`, `${c.missing} missing`, `${c.distinct} distinct`];
  if (c.errors > 0) parts.push(`${c.errors} error cells`);
  if (c.min !== null) parts.push(`range ${c.min} to ${c.max}`);
  if (c.top.length > 0 && c.distinct < c.values) parts.push(`top ${c.top.map((t) => `${JSON.stringify(t.value)} (${t.count})`).join(', ')}`);
  return parts.join(', ');
}
