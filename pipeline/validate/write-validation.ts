import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Issue } from '../../schemas/issue.js';
import type { QuarantinedRow, Validation, ValidationSummary } from '../../schemas/validation.js';
import { normalizeZip } from '../publish/normalize-zip.js';
import { writeFileAtomic } from '../publish/write-atomic.js';
import { orderIssue } from './order-issue.js';

/** The date written into workbook properties when none is given: outputs must not carry the wall clock. */
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));

/** Options of writeValidation. */
export interface WriteValidationOptions {
  /** The folder issue `file` paths are relative to (the survey folder), for links from issues.xlsx to the cells. */
  sourceDir?: string;
  /** The date in the workbooks' properties (the survey date or SOURCE_DATE_EPOCH); default 1980-01-01. */
  date?: Date;
}

/**
 * Writes `outDir/validation/summary.json` (stable key order), `issues.xlsx` (one row per issue, autofilter, frozen
 * header, a link to the cell where the source file is known) and `quarantine.xlsx` (each rejected row as it was,
 * with its file, sheet, row and reasons), each atomically and byte-reproducibly (fixed workbook dates, zip entry
 * times normalised). Returns the written paths.
 */
export async function writeValidation(
  outDir: string,
  validation: Validation,
  options: WriteValidationOptions = {},
): Promise<string[]> {
  const dir = path.join(outDir, 'validation');
  const date = options.date ?? FIXED_DATE;
  const summaryPath = path.join(dir, 'summary.json');
  const issuesPath = path.join(dir, 'issues.xlsx');
  const quarantinePath = path.join(dir, 'quarantine.xlsx');
  await writeFileAtomic(summaryPath, formatSummaryJson(validation.summary));
  const linkBase = options.sourceDir === undefined ? null : path.relative(dir, options.sourceDir);
  await writeFileAtomic(issuesPath, await buildIssuesWorkbook(validation.issues, linkBase, date));
  await writeFileAtomic(quarantinePath, await buildQuarantineWorkbook(validation.quarantine, date));
  return [summaryPath, issuesPath, quarantinePath];
}

/** The summary as JSON text with a fixed key order (the schema's), two-space indented, newline-terminated. */
export function formatSummaryJson(summary: ValidationSummary): string {
  const ordered = {
    rows_read: summary.rows_read,
    rows_kept: summary.rows_kept,
    rows_quarantined: summary.rows_quarantined,
    rows_blank: summary.rows_blank,
    errors: summary.errors,
    warnings: summary.warnings,
    files: summary.files.map((f) => ({
      file: f.file,
      sheets: f.sheets,
      rows_read: f.rows_read,
      rows_kept: f.rows_kept,
      rows_quarantined: f.rows_quarantined,
      rows_blank: f.rows_blank,
      errors: f.errors,
      warnings: f.warnings,
    })),
    by_code: Object.fromEntries(Object.keys(summary.by_code).sort().map((k) => [k, summary.by_code[k]])),
    issues: summary.issues.map(orderIssue),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Text safe for a workbook cell: XML-forbidden control characters shown as `\uXXXX`. */
function cellText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function newWorkbook(date: Date): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'thinktank';
  wb.lastModifiedBy = 'thinktank';
  wb.created = date;
  wb.modified = date;
  return wb;
}

async function toBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const buffer = await wb.xlsx.writeBuffer();
  // JSZip inside exceljs stamps every zip entry with the wall clock: normalise for byte-identical outputs
  return normalizeZip(new Uint8Array(buffer as ArrayBuffer));
}

async function buildIssuesWorkbook(issues: Issue[], linkBase: string | null, date: Date): Promise<Uint8Array> {
  const wb = newWorkbook(date);
  const ws = wb.addWorksheet('issues', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'severity', key: 'severity', width: 9 },
    { header: 'code', key: 'code', width: 18 },
    { header: 'file', key: 'file', width: 28 },
    { header: 'sheet', key: 'sheet', width: 14 },
    { header: 'cell', key: 'cell', width: 18 },
    { header: 'row', key: 'row', width: 7 },
    { header: 'column', key: 'column', width: 16 },
    { header: 'expected', key: 'expected', width: 36 },
    { header: 'found', key: 'found', width: 20 },
    { header: 'message', key: 'message', width: 80 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const issue of issues) {
    const row = ws.addRow({
      severity: issue.severity,
      code: issue.code,
      file: cellText(issue.file),
      sheet: issue.sheet === null ? null : cellText(issue.sheet),
      cell: issue.cell === null ? null : cellText(issue.cell),
      row: issue.row,
      column: issue.column,
      expected: cellText(issue.expected),
      found: cellText(issue.found),
      message: cellText(issue.message),
    });
    const target = linkTarget(issue, linkBase);
    if (target !== null && issue.cell !== null) {
      row.getCell('cell').value = { text: cellText(issue.cell), hyperlink: target };
      row.getCell('cell').font = { color: { argb: 'FF0563C1' }, underline: true };
    }
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 10 } };
  return toBytes(wb);
}

/** `../../inputs/hlj/responses/harbin.xlsx#'调查数据'!D14`: the file relative to the workbook, then the cell. */
function linkTarget(issue: Issue, linkBase: string | null): string | null {
  let file: string;
  if (path.isAbsolute(issue.file)) file = issue.file;
  else if (linkBase !== null) file = path.join(linkBase, issue.file);
  else return null;
  const href = file.split(path.sep).join('/');
  if (issue.sheet === null || issue.cell === null) return href;
  return `${href}#${issue.cell}`;
}

async function buildQuarantineWorkbook(rows: QuarantinedRow[], date: Date): Promise<Uint8Array> {
  const wb = newWorkbook(date);
  const ws = wb.addWorksheet('quarantine', { views: [{ state: 'frozen', ySplit: 1 }] });
  // one column per variable seen in a quarantined row (first-seen order), then the unmapped columns' cells
  const variables: string[] = [];
  for (const r of rows) for (const c of r.cells) if (c.variable !== null && !variables.includes(c.variable)) variables.push(c.variable);
  const fixed = ['file', 'sheet', 'row', 'codes', 'reasons'];
  ws.addRow([...fixed, ...variables, 'other columns']).font = { bold: true };
  for (const r of rows) {
    const values: (string | number | null)[] = [cellText(r.file), r.sheet === null ? null : cellText(r.sheet), r.row, r.codes.join(', '), cellText(r.reasons.join('\n'))];
    const byVariable = new Map<string, string>();
    const others: string[] = [];
    for (const c of r.cells) {
      if (c.variable !== null) byVariable.set(c.variable, c.value);
      else others.push(`${c.column} ${c.header === '' ? '' : `${c.header}: `}${c.value}`);
    }
    for (const v of variables) values.push(byVariable.has(v) ? cellText(byVariable.get(v)!) : null);
    values.push(others.length > 0 ? cellText(others.join('\n')) : null);
    ws.addRow(values);
  }
  ws.getColumn(5).width = 60;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: fixed.length + variables.length + 1 } };
  return toBytes(wb);
}
