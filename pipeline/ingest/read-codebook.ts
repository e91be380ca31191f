import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { Codebook } from '../../schemas/codebook.js';
import type { Issue } from '../../schemas/issue.js';
import { InputError } from '../errors.js';
import { codebookMsg, expected, found, issueLine, location, msg, quote } from '../messages.js';
import { CellKind, cellReference, formatRawCell, formatRawCellAt, parseNumberText, rawValueAt } from './cell-value.js';
import { checkCodebook, MAX_CODES, type CodebookLocator } from './check-codebook.js';
import { readXlsx } from './read-xlsx.js';
import type { SheetGrid } from './sheet-grid.js';

const VARIABLE_COLUMNS = [
  'name',
  'type',
  'label_zh',
  'label_en',
  'aliases',
  'min',
  'max',
  'required',
  'unique',
  'skip_if',
  'rule',
  'theme',
  'group',
  'unit_zh',
  'unit_en',
  'phrase_zh',
  'phrase_en',
  'priority',
  'negative',
  'ordinal',
  'report',
  'summary',
] as const;
const CODE_COLUMNS = ['variable', 'code', 'label_zh', 'label_en', 'phrase_zh', 'phrase_en'] as const;

/**
 * Reads a codebook: `.json` (an array of variables) or `.xlsx` (sheets `variables` and `codes`, layout in
 * contracts.md/README). Checks it with the zod Codebook schema and for consistency (duplicate names, min > max,
 * codes on non-coded types, coded types without codes, skip_if/rule that do not parse or name unknown variables).
 * InputError listing every problem, each pointing at its codebook cell (or JSON path).
 */
export async function readCodebook(file: string, options: { display?: string } = {}): Promise<Codebook> {
  const display = options.display ?? file;
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return readCodebookJson(file, display);
  if (ext === '.xlsx') return readCodebookXlsx(file, display);
  throw new InputError(codebookMsg.unsupported(display));
}

/** The deepest JSON nesting a codebook file may have (a codebook needs 5; JSON.parse and zod recurse). */
const MAX_JSON_DEPTH = 64;

async function readCodebookJson(file: string, display: string): Promise<Codebook> {
  let data: unknown;
  try {
    const text = await readFile(file, 'utf8');
    const deep = findDeepNesting(text, MAX_JSON_DEPTH);
    if (deep > 0) throw new InputError(codebookMsg.tooDeep(display, MAX_JSON_DEPTH, deep));
    data = JSON.parse(text);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof SyntaxError) throw new InputError(codebookMsg.notJson(display, error.message));
    throw new InputError(msg.cannotRead(display, error instanceof Error ? error.message : String(error)));
  }
  if (!Array.isArray(data)) throw new InputError(codebookMsg.notAList(display, describeJson(data)));
  const locate: CodebookLocator = (index, field) => ({
    sheet: null,
    cell: null,
    row: null,
    column: `[${index}]${field ? `.${field}` : ''}`,
  });
  return finish(data, display, locate, []);
}

/**
 * Trims the white space around text codes, in place, before the schema sees them: validation already compares
 * cells by their trimmed text, and a code written " 230100" must be the same code in the estimates, the chart
 * ids and the report names (issue 18: a leading space stopped the chart stage). A code of only spaces becomes
 * empty and fails the schema, naming its cell.
 */
function trimCodes(data: unknown): void {
  if (!Array.isArray(data)) return;
  for (const variable of data as unknown[]) {
    const codes = (variable as { codes?: unknown } | null)?.codes;
    if (!Array.isArray(codes)) continue;
    for (const code of codes as unknown[]) {
      if (code !== null && typeof code === 'object' && typeof (code as { code?: unknown }).code === 'string') {
        (code as { code: string }).code = (code as { code: string }).code.trim();
      }
    }
  }
}

/**
 * The line where JSON text first nests deeper than `max` arrays and objects (strings skipped), or 0: one linear
 * pass before JSON.parse, whose recursion (and zod's after it) a file of a million `[` would overflow.
 */
function findDeepNesting(text: string, max: number): number {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return line;
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x0a) line++;
  }
  return 0;
}

/** Zod-checks the built codebook, then the consistency checks; throws one InputError with every issue. */
function finish(data: unknown, display: string, locate: CodebookLocator, issues: Issue[]): Codebook {
  trimCodes(data);
  // a code list past the limit is refused before the schema walks every entry of it (1M codes: 24 s)
  if (Array.isArray(data)) {
    (data as unknown[]).forEach((variable, index) => {
      const codes = (variable as { codes?: unknown } | null)?.codes;
      if (Array.isArray(codes) && codes.length > MAX_CODES) {
        issues.push(codebookIssue(display, locate(index, 'codes'), 'codebook_too_many_codes', expected.atMostCodes(MAX_CODES), `${codes.length.toLocaleString('en-US')} codes`));
      }
    });
    if (issues.length > 0) throw new InputError(codebookMsg.invalid(display, issues.length), issues);
  }
  const parsed = Codebook.safeParse(data);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) {
      const [index, field, ...rest] = zi.path;
      const where = typeof index === 'number' ? locate(index, fieldOf(field, rest)) : locate(-1, '');
      const value = valueAt(data, zi.path);
      const foundText = value === undefined ? found.nothing() : quote(typeof value === 'string' ? value : JSON.stringify(value));
      issues.push(codebookIssue(display, where, 'codebook_invalid', zodExpected(zi), foundText));
    }
  } else {
    issues.push(...checkCodebook(parsed.data, display, locate));
  }
  if (issues.length > 0 || !parsed.success) throw new InputError(codebookMsg.invalid(display, issues.length), issues);
  return parsed.data;
}

/** What a zod issue expected, as a phrase that follows "expected". */
function zodExpected(zi: z.core.$ZodIssue): string {
  switch (zi.code) {
    case 'invalid_value':
      return `one of ${zi.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return zi.expected === 'object' ? 'an object' : zi.expected === 'array' ? 'a list' : `a ${zi.expected}`;
    case 'unrecognized_keys':
      return `no unknown keys (${zi.keys.join(', ')})`;
    case 'too_small':
      return zi.origin === 'string' ? 'a non-empty text' : `at least ${String(zi.minimum)}`;
    case 'invalid_format':
      return zi.message.replace(/^Invalid string: /, '');
    default:
      return zi.message;
  }
}

function fieldOf(field: PropertyKey | undefined, rest: PropertyKey[]): string {
  if (field === undefined) return '';
  if (field === 'label' || field === 'unit') return `${String(field)}_${String(rest[0] ?? 'zh')}`;
  if (field === 'codes') return rest.length >= 2 ? `codes.${String(rest[0])}.${String(rest[1])}` : 'codes';
  return String(field);
}

function valueAt(data: unknown, p: PropertyKey[]): unknown {
  let v: unknown = data;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.hasOwn(v, k) ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  }
  return v;
}

/** Builds one codebook issue at a located cell. */
export function codebookIssue(
  file: string,
  where: ReturnType<CodebookLocator>,
  code: string,
  expectedText: string,
  foundText: string,
): Issue {
  return {
    file,
    sheet: where.sheet,
    cell: where.cell,
    column: where.column,
    row: where.row,
    code,
    severity: 'error',
    expected: expectedText,
    found: foundText,
    message: issueLine(location(file, where.sheet, where.cell, where.column), expectedText, foundText),
  };
}

async function readCodebookXlsx(file: string, display: string): Promise<Codebook> {
  const { grids, sheetNames } = await readXlsx(file, () => true, { display });
  const byName = (name: string) => grids.find((g) => (g.sheet ?? '').trim().toLowerCase() === name);
  const vars = byName('variables');
  if (!vars) throw new InputError(codebookMsg.noVariablesSheet(display, sheetNames));
  const codes = byName('codes');
  const issues: Issue[] = [];

  const varCols = headerColumns(vars, VARIABLE_COLUMNS, display, issues);
  // where each variable's fields sit, for pointing issues at cells
  const varRows: number[] = [];
  const data: Record<string, unknown>[] = [];
  const sheetName = vars.sheet!;
  const at = (field: string, row: number) => {
    const col = varCols.get(field);
    return {
      sheet: sheetName,
      cell: col === undefined ? null : cellReference(sheetName, col + 1, row),
      row,
      column: field,
    };
  };
  for (let i = 1; i < vars.rows.length; i++) {
    const row = vars.rows[i]!;
    const get = (field: (typeof VARIABLE_COLUMNS)[number]) => cellText(vars, varCols.get(field), i);
    const v: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    v.name = get('name') ?? '';
    v.type = (get('type') ?? '').toLowerCase();
    v.label = { zh: get('label_zh') ?? '', en: get('label_en') ?? '' };
    const aliases = get('aliases');
    if (aliases !== null) v.aliases = aliases.split('|').map((a) => a.trim()).filter((a) => a !== '');
    for (const field of ['min', 'max'] as const) {
      const text = get(field);
      if (text === null) continue;
      const n = numberCell(vars, varCols.get(field)!, i);
      if (n === null) issues.push(codebookIssue(display, at(field, row), 'codebook_invalid', expected.numberCell(), quote(text)));
      else v[field] = n;
    }
    const priority = get('priority');
    if (priority !== null) {
      const n = numberCell(vars, varCols.get('priority')!, i);
      if (n === null) issues.push(codebookIssue(display, at('priority', row), 'codebook_invalid', expected.numberCell(), quote(priority)));
      else v.priority = n;
    }
    for (const field of ['required', 'unique', 'negative', 'ordinal', 'report'] as const) {
      const text = get(field);
      if (text === null) continue;
      const b = parseBooleanText(text);
      if (b === null) issues.push(codebookIssue(display, at(field, row), 'codebook_invalid', expected.booleanCell(), quote(text)));
      else v[field] = b;
    }
    for (const field of ['skip_if', 'rule', 'theme', 'group', 'summary'] as const) {
      const text = get(field);
      if (text !== null) v[field] = text;
    }
    const unitZh = get('unit_zh');
    const unitEn = get('unit_en');
    if (unitZh !== null || unitEn !== null) v.unit = { zh: unitZh ?? '', en: unitEn ?? '' };
    const phraseZh = get('phrase_zh');
    const phraseEn = get('phrase_en');
    if (phraseZh !== null || phraseEn !== null) v.phrase = { zh: phraseZh ?? '', en: phraseEn ?? '' };
    data.push({ ...v });
    varRows.push(row);
  }

  // codes
  const codeRows: { index: number; row: number }[][] = data.map(() => []);
  let codeAt: ((field: string, row: number) => ReturnType<CodebookLocator>) | null = null;
  if (codes) {
    const codeCols = headerColumns(codes, CODE_COLUMNS, display, issues);
    const codeSheet = codes.sheet!;
    codeAt = (field, row) => {
      const col = codeCols.get(field);
      return { sheet: codeSheet, cell: col === undefined ? null : cellReference(codeSheet, col + 1, row), row, column: field };
    };
    const indexOf = new Map<string, number>();
    data.forEach((v, k) => {
      if (typeof v.name === 'string' && !indexOf.has(v.name)) indexOf.set(v.name, k);
    });
    for (let i = 1; i < codes.rows.length; i++) {
      const row = codes.rows[i]!;
      const variable = cellText(codes, codeCols.get('variable'), i);
      const k = variable === null ? undefined : indexOf.get(variable);
      if (k === undefined) {
        issues.push(
          codebookIssue(display, codeAt('variable', row), 'codebook_unknown_variable', expected.knownVariable(), variable === null ? found.blank() : quote(variable)),
        );
        continue;
      }
      const codeCol = codeCols.get('code');
      const kind = codeCol === undefined ? CellKind.empty : codes.columns[codeCol]!.kinds[i]!;
      const raw = codeCol === undefined ? null : rawValueAt(codes.columns[codeCol]!, i);
      const code = kind === CellKind.number ? (raw as number) : kind === CellKind.empty ? '' : formatRawCell(kind, raw).trim();
      const phraseZh = cellText(codes, codeCols.get('phrase_zh'), i);
      const phraseEn = cellText(codes, codeCols.get('phrase_en'), i);
      const entry = {
        code,
        label: { zh: cellText(codes, codeCols.get('label_zh'), i) ?? '', en: cellText(codes, codeCols.get('label_en'), i) ?? '' },
        ...(phraseZh !== null || phraseEn !== null ? { phrase: { zh: phraseZh ?? '', en: phraseEn ?? '' } } : {}),
      };
      const target = data[k]!;
      const list = (target.codes as unknown[] | undefined) ?? [];
      list.push(entry);
      target.codes = list;
      codeRows[k]!.push({ index: list.length - 1, row });
    }
  }

  const locate: CodebookLocator = (index, field) => {
    const row = varRows[index];
    if (row === undefined) return { sheet: sheetName, cell: null, row: null, column: field || null };
    const codeField = /^codes\.(\d+)\.(\w+)$/.exec(field);
    if (codeField && codeAt) {
      const entry = codeRows[index]!.find((c) => c.index === Number(codeField[1]));
      const sub = codeField[2] === 'label' ? 'label_zh' : codeField[2]!;
      if (entry) return codeAt(sub, entry.row);
    }
    if (field === 'codes' && codeAt && codeRows[index]!.length > 0) return codeAt('variable', codeRows[index]![0]!.row);
    if (field === 'label') return at('label_zh', row);
    return at(field === '' ? 'name' : field.replace(/^codes.*/, 'name'), row);
  };
  return finish(data, display, locate, issues);
}

/** Maps the header row (first non-blank row) of a codebook sheet to column indexes; unknown headers are issues. */
function headerColumns(
  grid: SheetGrid,
  names: readonly string[],
  display: string,
  issues: Issue[],
): Map<string, number> {
  const cols = new Map<string, number>();
  const headerRow = grid.rows[0];
  if (headerRow === undefined) return cols;
  grid.columns.forEach((column, c) => {
    const text = column.kinds[0] === CellKind.empty ? null : formatRawCellAt(column, 0).trim().toLowerCase();
    if (text === null) return;
    if (names.includes(text) && !cols.has(text)) cols.set(text, c);
    else {
      const sheet = grid.sheet!;
      issues.push(
        codebookIssue(display, { sheet, cell: cellReference(sheet, c + 1, headerRow), row: headerRow, column: null }, 'codebook_unknown_column', expected.knownColumn([...names]), quote(text)),
      );
    }
  });
  for (const required of names.slice(0, 2)) {
    if (!cols.has(required)) {
      const sheet = grid.sheet!;
      issues.push(
        codebookIssue(display, { sheet, cell: null, row: headerRow, column: null }, 'codebook_missing_column', expected.codebookColumn(required), found.nothing()),
      );
    }
  }
  return cols;
}

function cellText(grid: SheetGrid, col: number | undefined, i: number): string | null {
  if (col === undefined) return null;
  const column = grid.columns[col];
  if (!column) return null;
  const kind = column.kinds[i]!;
  if (kind === CellKind.empty) return null;
  const text = formatRawCellAt(column, i).trim();
  return text === '' ? null : text;
}

function numberCell(grid: SheetGrid, col: number, i: number): number | null {
  const column = grid.columns[col]!;
  const kind = column.kinds[i]!;
  if (kind === CellKind.number) return column.values[i]!;
  if (kind === CellKind.text) return parseNumberText(column.texts[column.values[i]!]!);
  return null;
}

/** Reads a yes/no cell: TRUE/FALSE, 是/否, yes/no, y/n, 1/0 (case-insensitive); null for anything else. */
export function parseBooleanText(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', '是', '对'].includes(t)) return true;
  if (['false', 'no', 'n', '0', '否', '不'].includes(t)) return false;
  return null;
}


/** What a JSON value that should have been a codebook is, for the message: survey.json is named as such. */
function describeJson(data: unknown): string {
  if (data !== null && typeof data === 'object') {
    const keys = Object.keys(data);
    if (['id', 'responses', 'region'].some((k) => keys.includes(k))) return 'a survey.json (a JSON object with "id", "responses", "region"); give the codebook file it names instead';
    if (keys.includes('estimates')) return 'an estimates.json; give the codebook file instead';
    return `a JSON object (with keys ${keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ') || 'none'}), not an array`;
  }
  return `${data === null ? 'null' : typeof data}, not an array`;
}
