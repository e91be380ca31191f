import type { Codebook } from '../../schemas/codebook.js';
import type { Issue, Severity } from '../../schemas/issue.js';
import type { RawTable } from '../../schemas/raw-table.js';
import type { Column, CleanTable } from '../../schemas/table.js';
import type { FileSummary, QuarantinedCell, QuarantinedRow, Validation, ValidationSummary } from '../../schemas/validation.js';
import { CellKind, cellReference, formatRawCellAt, parseDateText } from '../ingest/cell-value.js';
import { isRequired } from '../ingest/raw-table-builder.js';
import { InputError } from '../errors.js';
import { expected, found, issueLine, location, next, quote } from '../messages.js';
import { buildCheck, checkColumn, MAX_CELL_CHARS, type VariableCheck } from './build-checks.js';
import { firstOccurrences } from './first-occurrences.js';
import {
  evaluateExpression,
  expressionVariables,
  formatExpression,
  parseExpression,
  type Expr,
  type ExprContext,
  type ExprValue,
} from './parse-expression.js';

/** How far from the median, in interquartile ranges, a number must be to be flagged as an outlier (a warning). */
export const OUTLIER_IQRS = 5;
/** Outliers are looked for only in variables with at least this many values. */
const OUTLIER_MIN_N = 10;

/** The message of validation stopped at limits.max_issues. */
function tooManyIssues(max: number): string {
  return `the responses are too big to check safely: more than ${max.toLocaleString('en-US')} problems (limits.max_issues in survey.json; raise it if they are genuine); the first ones:`;
}

/** Converted values of one variable over all raw rows (before rows are dropped). */
type Values =
  | { kind: 'number' | 'date'; values: Float64Array }
  | { kind: 'code'; codes: Int32Array; levels: string[] }
  | { kind: 'multi'; levels: string[]; chosen: Uint8Array[]; answered: Uint8Array }
  | { kind: 'text'; values: (string | null)[] };

interface PendingIssue {
  row: number;
  order: number;
  issue: Issue;
}

/**
 * Validates the raw responses against the codebook: each cell through its variable's zod schema (type, range,
 * allowed codes), then required values, skip rules, cross-field rules, unique ids across all files, and outliers
 * (numbers more than 5 IQR from the median, on a log scale for right-skewed non-negative amounts: warnings,
 * rows kept). Rows with an error are quarantined with all
 * their reasons; the rest form the CleanTable. Row accounting, per file and overall:
 * rows_read = rows_kept + rows_quarantined (blank rows counted apart). Pure; the input is not changed.
 * InputError (with the first issues) past `maxIssues` problems: each one is kept with its message, its row
 * and its reasons, so a 150 KB workbook of a million broken rows took 2.7 GB and 73 s before this bound.
 */
export function validate(raw: RawTable, codebook: Codebook, options: { maxIssues?: number } = {}): Validation {
  const maxIssues = options.maxIssues ?? 200_000;
  const n = raw.rowCount;
  const checks = new Map<string, VariableCheck>();
  for (const v of codebook) if (!checks.has(v.name)) checks.set(v.name, buildCheck(v));
  const varOrder = new Map<string, number>(codebook.map((v, k) => [v.name, k]));

  const rowError = new Uint8Array(n);
  const invalid = new Map<string, Uint8Array>();
  const pending: PendingIssue[] = [];
  const reasonsOf = new Map<number, { codes: string[]; reasons: string[] }>();

  // which variables each part lacks, and the part-level errors that quarantine all its rows
  const missingOf = raw.parts.map((p) => new Set(p.missing));
  const partErrors = raw.parts.map((p) =>
    raw.issues.filter((i) => i.severity === 'error' && i.code === 'missing_column' && i.file === p.file && i.sheet === p.sheet),
  );

  const letterOf = raw.parts.map((p) => new Map(p.mapping.map((m) => [m.variable, m.column])));
  const cellOf = (i: number, variable: string): string | null => {
    const part = raw.part[i]!;
    const letters = letterOf[part]!.get(variable);
    return letters === undefined ? null : cellReference(raw.parts[part]!.sheet, letters, raw.source.row[i]!);
  };

  const addIssue = (
    i: number,
    variable: string,
    code: string,
    severity: Severity,
    exp: string,
    foundText: string,
    foundRaw: string,
    then?: string,
  ): void => {
    const part = raw.parts[raw.part[i]!]!;
    const cell = cellOf(i, variable);
    const issue: Issue = {
      file: part.file,
      sheet: part.sheet,
      cell,
      column: variable,
      row: raw.source.row[i]!,
      code,
      severity,
      expected: exp,
      found: foundRaw,
      message: issueLine(location(part.file, part.sheet, cell, variable), exp, foundText, then),
    };
    pending.push({ row: i, order: varOrder.get(variable) ?? 0, issue });
    if (pending.length > maxIssues) {
      throw new InputError(tooManyIssues(maxIssues), pending.slice(0, 20).map((p) => p.issue));
    }
    if (severity === 'error') {
      rowError[i] = 1;
      let r = reasonsOf.get(i);
      if (!r) reasonsOf.set(i, (r = { codes: [], reasons: [] }));
      r.codes.push(code);
      r.reasons.push(issue.message);
    }
  };

  // 1. every cell through its variable's schema, once per distinct value (see checkColumn)
  const converted = new Map<string, Values>();
  for (const [name, check] of checks) {
    const column = raw.columns.get(name);
    const bad = new Uint8Array(n);
    invalid.set(name, bad);
    const values = emptyValues(check, n);
    converted.set(name, values);
    if (!column) continue;
    const results = checkColumn(check, column);
    const { kinds, values: cells } = column;
    const numbers = values.kind === 'number' ? values.values : null;
    const accepts = check.acceptsNumber;
    for (let i = 0; i < n; i++) {
      const kind = kinds[i]!;
      if (kind === CellKind.empty) continue;
      if (numbers !== null && accepts !== null && kind === CellKind.number && accepts(cells[i]!)) {
        // the common number cell, stored as it is without a result object (see acceptsNumber)
        numbers[i] = cells[i]!;
        continue;
      }
      const result = results(i);
      if (result.ok) {
        store(values, i, result.value);
        continue;
      }
      bad[i] = 1;
      const shown = formatRawCellAt(column, i);
      const exp = result.code === 'text_too_long' ? expected.shortText(MAX_CELL_CHARS) : result.code === 'control_characters' ? expected.noControl() : check.expected;
      addIssue(i, name, result.code, 'error', exp, describeFound(kind, shown), shown);
    }
  }

  // 2. required values, skip rules and cross-field rules, row by row
  const skipRules = new Map<string, Expr>();
  const rules = new Map<string, Expr>();
  for (const v of codebook) {
    const skip = v.skip_if === undefined ? null : parseExpression(v.skip_if);
    if (skip?.ok) skipRules.set(v.name, skip.expr);
    const rule = v.rule === undefined ? null : parseExpression(v.rule);
    if (rule?.ok) rules.set(v.name, rule.expr);
  }
  let current = 0;
  const ctx: ExprContext = {
    value: (name) => (invalid.get(name)?.[current] ? null : valueAt(converted.get(name), current)),
    textToNumber: (text) => parseDateText(text),
  };
  const required = codebook.filter((v, k) => isRequired(v) && varOrder.get(v.name) === k);
  const requiredKinds = required.map((v) => raw.columns.get(v.name)?.kinds);
  for (let i = 0; i < n; i++) {
    current = i;
    const missing = missingOf[raw.part[i]!]!;
    for (let r = 0; r < required.length; r++) {
      const v = required[r]!;
      if (missing.has(v.name)) continue;
      const kind = requiredKinds[r]?.[i] ?? CellKind.empty;
      if (kind !== CellKind.empty) continue;
      const skip = skipRules.get(v.name);
      if (skip && evaluateExpression(skip, ctx) !== false) continue;
      addIssue(i, v.name, 'required', 'error', expected.value(), found.blank(), '');
    }
    for (const [name, expr] of skipRules) {
      const column = raw.columns.get(name);
      const kind = column?.kinds[i] ?? CellKind.empty;
      if (kind === CellKind.empty || evaluateExpression(expr, ctx) !== true) continue;
      const shown = formatRawCellAt(column!, i);
      const condition = expected.blankBecause(formatExpression(expr), describeValues(expr, ctx, name));
      addIssue(i, name, 'skip_violation', 'error', condition, describeFound(kind, shown), shown);
    }
    for (const [name, expr] of rules) {
      if (invalid.get(name)?.[i]) continue;
      if (evaluateExpression(expr, ctx) !== false) continue;
      const column = raw.columns.get(name);
      const kind = column?.kinds[i] ?? CellKind.empty;
      const shown = kind === CellKind.empty ? '' : formatRawCellAt(column!, i);
      const others = describeValues(expr, ctx, name);
      addIssue(i, name, 'rule_violation', 'error', expected.rule(formatExpression(expr)), others ? found.withValues(shown, others) : quote(shown), shown);
    }
  }

  // 3. unique ids across all files: the first occurrence is kept, every later one is an error
  for (const v of codebook) {
    if (!(v.unique ?? v.type === 'id') || varOrder.get(v.name) === undefined) continue;
    const column = raw.columns.get(v.name);
    if (!column) continue;
    const bad = invalid.get(v.name)!;
    const keys = new Array<string | null>(n).fill(null);
    for (let i = 0; i < n; i++) if (column.kinds[i] !== CellKind.empty && !bad[i]) keys[i] = formatRawCellAt(column, i).trim();
    const first = firstOccurrences(keys);
    for (let i = 0; i < n; i++) {
      const seen = first[i]!;
      if (seen < 0 || seen === i) continue;
      const key = keys[i]!;
      const firstCell = describeCell(raw, seen, cellOf(seen, v.name));
      addIssue(i, v.name, 'duplicate_id', 'error', expected.uniqueId(), found.duplicate(key, firstCell), key);
    }
  }

  // 4. outliers in numbers: warnings, rows kept
  for (const v of codebook) {
    if (v.type !== 'number' && v.type !== 'integer') continue;
    const values = converted.get(v.name);
    if (!values || values.kind !== 'number') continue;
    const present = new Float64Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(values.values[i]!)) present[count++] = values.values[i]!;
    if (count < OUTLIER_MIN_N) continue;
    // non-negative amounts (staff, revenue, patents) are right-skewed: judge those on a log scale
    const sorted = present.subarray(0, count).sort();
    const [q1, q2, q3] = [quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75)];
    const logScale = sorted[0]! >= 0 && q3 - q2 > 2 * (q2 - q1);
    const scale = (x: number) => (logScale ? Math.log1p(x) : x);
    const unscale = (x: number) => (logScale ? Math.expm1(x) : x);
    const median = quantile(sorted, 0.5, scale);
    const iqr = quantile(sorted, 0.75, scale) - quantile(sorted, 0.25, scale);
    if (!(iqr > 0)) continue;
    const low = logScale ? Math.max(0, unscale(median - OUTLIER_IQRS * iqr)) : median - OUTLIER_IQRS * iqr;
    const high = unscale(median + OUTLIER_IQRS * iqr);
    const column = raw.columns.get(v.name)!;
    for (let i = 0; i < n; i++) {
      const x = values.values[i]!;
      if (Number.isNaN(x) || (x >= low && x <= high)) continue;
      const shown = formatRawCellAt(column, i);
      const shownLow = v.min !== undefined ? Math.max(low, v.min) : low;
      const shownHigh = v.max !== undefined ? Math.min(high, v.max) : high;
      addIssue(i, v.name, 'outlier', 'warning', expected.noOutlier(shownLow, shownHigh), quote(shown), shown, next.rowKept());
    }
  }

  // 5. rows of a part that lacks a required column are quarantined with that reason
  for (let p = 0; p < raw.parts.length; p++) {
    const errors = partErrors[p]!;
    if (errors.length === 0) continue;
    const part = raw.parts[p]!;
    for (let i = part.first; i < part.first + part.rows_read; i++) {
      rowError[i] = 1;
      let r = reasonsOf.get(i);
      if (!r) reasonsOf.set(i, (r = { codes: [], reasons: [] }));
      for (const e of errors) {
        r.codes.push(e.code);
        r.reasons.push(e.message);
      }
    }
  }

  const issues = orderIssues(raw, pending);
  let m = 0;
  for (let i = 0; i < n; i++) m += rowError[i] ? 0 : 1;
  const keptIndex = new Int32Array(m);
  for (let i = 0, j = 0; i < n; i++) if (!rowError[i]) keptIndex[j++] = i;
  const table = buildCleanTable(raw, codebook, converted, keptIndex);
  const quarantine = buildQuarantine(raw, rowError, reasonsOf);
  const summary = summarize(raw, rowError, issues);
  return { table, issues, quarantine, summary };
}

function emptyValues(check: VariableCheck, n: number): Values {
  switch (check.variable.type) {
    case 'number':
    case 'integer':
      return { kind: 'number', values: new Float64Array(n).fill(Number.NaN) };
    case 'date':
      return { kind: 'date', values: new Float64Array(n).fill(Number.NaN) };
    case 'single':
    case 'likert':
      return { kind: 'code', codes: new Int32Array(n).fill(-1), levels: check.levels };
    case 'multi':
      return { kind: 'multi', levels: check.levels, chosen: check.levels.map(() => new Uint8Array(n)), answered: new Uint8Array(n) };
    default:
      return { kind: 'text', values: new Array<string | null>(n).fill(null) };
  }
}

function store(values: Values, i: number, value: number | string | string[]): void {
  switch (values.kind) {
    case 'number':
    case 'date':
      values.values[i] = value as number;
      return;
    case 'code':
      values.codes[i] = values.levels.indexOf(value as string);
      return;
    case 'multi': {
      const list = value as string[];
      if (list.length === 0) return;
      values.answered[i] = 1;
      for (const code of list) {
        const k = values.levels.indexOf(code);
        if (k >= 0) values.chosen[k]![i] = 1;
      }
      return;
    }
    case 'text':
      values.values[i] = value as string;
  }
}

function valueAt(values: Values | undefined, i: number): ExprValue {
  if (!values) return null;
  switch (values.kind) {
    case 'number':
    case 'date': {
      const x = values.values[i]!;
      return Number.isNaN(x) ? null : x;
    }
    case 'code': {
      const k = values.codes[i]!;
      return k < 0 ? null : values.levels[k]!;
    }
    case 'multi':
      return values.answered[i] ? values.levels.filter((_, k) => values.chosen[k]![i]) : null;
    case 'text':
      return values.values[i] ?? null;
  }
}

/** "employees = 12, sector = 3": the values of the other variables an expression reads, for messages. */
function describeValues(expr: Expr, ctx: ExprContext, self: string): string {
  return expressionVariables(expr)
    .filter((name) => name !== self)
    .map((name) => {
      const v = ctx.value(name);
      const shown =
        v === null ? 'blank' : Array.isArray(v) ? v.join(';') : typeof v === 'number' || /^-?\d+(\.\d+)?$/.test(v as string) ? String(v) : quote(String(v));
      return `${name} = ${shown}`;
    })
    .join(', ');
}

function describeFound(kind: number, shown: string): string {
  if (kind === CellKind.date) return found.date(shown);
  if (kind === CellKind.error) return found.errorCell(shown);
  if (shown.length > MAX_CELL_CHARS) return found.longText(shown.length);
  return quote(shown);
}

function describeCell(raw: RawTable, i: number, cell: string | null): string {
  const part = raw.parts[raw.part[i]!]!;
  return `${part.file} ${cell ?? `row ${raw.source.row[i]}`}`;
}

/** R's default (type 7) quantile of sorted values, on the scale `scale` (increasing) maps them to. */
function quantile(sorted: Float64Array, p: number, scale: (x: number) => number = (x) => x): number {
  const h = (sorted.length - 1) * p;
  const lo = scale(sorted[Math.floor(h)]!);
  const hi = scale(sorted[Math.ceil(h)]!);
  return lo + (h - Math.floor(h)) * (hi - lo);
}

/** Issues in a stable order: by file (survey order), file-level issues first, then by row and variable. */
function orderIssues(raw: RawTable, pending: PendingIssue[]): Issue[] {
  const fileOrder = new Map(raw.files.map((f, k) => [f.file, k]));
  pending.sort((a, b) => a.row - b.row || a.order - b.order);
  const byFile = new Map<string, Issue[]>();
  const push = (file: string, issue: Issue) => {
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    list.push(issue);
  };
  for (const issue of raw.issues) push(issue.file, issue);
  for (const p of pending) push(p.issue.file, p.issue);
  const files = [...byFile.keys()].sort((a, b) => (fileOrder.get(a) ?? 1e9) - (fileOrder.get(b) ?? 1e9));
  return files.flatMap((f) => byFile.get(f)!);
}

/** The CleanTable of the kept rows; `converted` is taken over (its arrays become the table's when no row is dropped). */
function buildCleanTable(raw: RawTable, codebook: Codebook, converted: Map<string, Values>, kept: Int32Array): CleanTable {
  const columns = new Map<string, Column>();
  const m = kept.length;
  const all = m === raw.rowCount;
  for (const v of codebook) {
    if (columns.has(v.name)) continue;
    const values = converted.get(v.name)!;
    columns.set(v.name, all ? asColumn(values) : pickRows(values, kept, m));
  }
  const pickInt = (a: Int32Array) => {
    const out = new Int32Array(m);
    for (let j = 0; j < m; j++) out[j] = a[kept[j]!]!;
    return out;
  };
  return {
    rowCount: m,
    columns,
    source: {
      files: raw.source.files,
      sheets: raw.source.sheets,
      file: pickInt(raw.source.file),
      sheet: pickInt(raw.source.sheet),
      row: pickInt(raw.source.row),
    },
  };
}

function asColumn(values: Values): Column {
  switch (values.kind) {
    case 'number':
    case 'date':
      return { kind: values.kind, values: values.values };
    case 'code':
      return { kind: 'code', codes: values.codes, levels: values.levels };
    case 'multi':
      return { kind: 'multi', levels: values.levels, chosen: values.chosen, answered: values.answered };
    case 'text':
      return { kind: 'text', values: values.values };
  }
}

function pickRows(values: Values, kept: Int32Array, m: number): Column {
  switch (values.kind) {
    case 'number':
    case 'date': {
      const out = new Float64Array(m);
      for (let j = 0; j < m; j++) out[j] = values.values[kept[j]!]!;
      return { kind: values.kind, values: out };
    }
    case 'code': {
      const out = new Int32Array(m);
      for (let j = 0; j < m; j++) out[j] = values.codes[kept[j]!]!;
      return { kind: 'code', codes: out, levels: values.levels };
    }
    case 'multi': {
      const pick = (a: Uint8Array) => {
        const out = new Uint8Array(m);
        for (let j = 0; j < m; j++) out[j] = a[kept[j]!]!;
        return out;
      };
      return { kind: 'multi', levels: values.levels, chosen: values.chosen.map(pick), answered: pick(values.answered) };
    }
    case 'text':
      return { kind: 'text', values: Array.from(kept, (i) => values.values[i] ?? null) };
  }
}

function buildQuarantine(
  raw: RawTable,
  rowError: Uint8Array,
  reasonsOf: Map<number, { codes: string[]; reasons: string[] }>,
): QuarantinedRow[] {
  const out: QuarantinedRow[] = [];
  for (let i = 0; i < raw.rowCount; i++) {
    if (!rowError[i]) continue;
    const partIndex = raw.part[i]!;
    const part = raw.parts[partIndex]!;
    const cells: (QuarantinedCell & { order: number })[] = [];
    for (const m of part.mapping) {
      const column = raw.columns.get(m.variable);
      const kind = column?.kinds[i] ?? CellKind.empty;
      if (kind === CellKind.empty) continue;
      cells.push({ column: m.column, header: m.header, variable: m.variable, value: formatRawCellAt(column!, i), order: letterOrder(m.column) });
    }
    const k = i - part.first;
    for (const u of part.unmapped) {
      const kind = u.cells.kinds[k] ?? CellKind.empty;
      if (kind === CellKind.empty) continue;
      cells.push({ column: u.column, header: u.header, variable: null, value: formatRawCellAt(u.cells, k), order: letterOrder(u.column) });
    }
    cells.sort((a, b) => a.order - b.order);
    const r = reasonsOf.get(i) ?? { codes: [], reasons: [] };
    out.push({
      file: part.file,
      sheet: part.sheet,
      row: raw.source.row[i]!,
      codes: [...new Set(r.codes)],
      reasons: r.reasons,
      cells: cells.map(({ order: _order, ...c }) => c),
    });
  }
  return out;
}

function letterOrder(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function summarize(raw: RawTable, rowError: Uint8Array, issues: Issue[]): ValidationSummary {
  const files: FileSummary[] = raw.files.map((f) => {
    let read = 0;
    let blank = 0;
    let quarantined = 0;
    const sheets: string[] = [];
    for (const p of f.parts) {
      const part = raw.parts[p]!;
      read += part.rows_read;
      blank += part.rows_blank;
      if (part.sheet !== null && !sheets.includes(part.sheet)) sheets.push(part.sheet);
      for (let i = part.first; i < part.first + part.rows_read; i++) quarantined += rowError[i]!;
    }
    const own = issues.filter((i) => i.file === f.file);
    return {
      file: f.file,
      sheets,
      rows_read: read,
      rows_kept: read - quarantined,
      rows_quarantined: quarantined,
      rows_blank: blank,
      errors: own.filter((i) => i.severity === 'error').length,
      warnings: own.filter((i) => i.severity === 'warning').length,
    };
  });
  const byCode = new Map<string, number>();
  for (const issue of issues) byCode.set(issue.code, (byCode.get(issue.code) ?? 0) + 1);
  const by_code: Record<string, number> = {};
  for (const code of [...byCode.keys()].sort()) by_code[code] = byCode.get(code)!;
  const sum = (key: 'rows_read' | 'rows_kept' | 'rows_quarantined' | 'rows_blank') => files.reduce((s, f) => s + f[key], 0);
  return {
    rows_read: sum('rows_read'),
    rows_kept: sum('rows_kept'),
    rows_quarantined: sum('rows_quarantined'),
    rows_blank: sum('rows_blank'),
    errors: issues.filter((i) => i.severity === 'error').length,
    warnings: issues.filter((i) => i.severity === 'warning').length,
    issues,
    files,
    by_code,
  };
}
