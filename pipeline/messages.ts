/**
 * Every user-facing sentence of ingest and validation, as functions (one catalogue, so tests assert exact
 * text; vega-lite's src/log/message.ts). Locations come first, then what was expected, then what was found,
 * quoted so stray spaces show.
 */

const MAX_SHOWN = 80;

/** Quotes a found value for a message: JSON string quoting (control characters escaped), long values cut. */
export function quote(value: string): string {
  const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  return JSON.stringify(shown);
}

/**
 * A name from a file (a sheet, a header) made safe for a one-line message: control characters (a newline in a
 * sheet name would split the line, an escape sequence would restyle the terminal) written as JSON escapes.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function bytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** The sentences. Each returns one line without a trailing period where it ends in a quoted value. */
export const msg = {
  // ---- files
  /** A file larger than the configured limit. */
  fileTooLarge: (file: string, size: number, limit: number) =>
    `${file}: the file is ${bytes(size)}, more than the limit of ${bytes(limit)} (limits.max_file_bytes in survey.json)`,
  /** A file that could not be opened. */
  cannotRead: (file: string, reason: string) => `${file}: cannot read the file (${reason})`,
  /** A file type thinktank does not read. */
  unsupportedType: (file: string) => `${file}: expected a .xlsx, .csv or .sav file`,
  /** A .csv holding binary bytes. */
  notText: (file: string) => `${file}: expected a text (CSV) file, found binary data`,
  csvMixedEncoding: (file: string, line: number, utf8Line: number) =>
    `${file}: line ${line}: expected one text encoding for the whole file, found UTF-8 text on line ${utf8Line} and another encoding (GB18030/GBK?) on line ${line}; save the file again as UTF-8 or set "encoding" in survey.json`,
  /** A text file with bytes that are not text in its encoding. */
  csvUndecodable: (file: string, line: number, encoding: string) =>
    `${file}: line ${line}: expected text in ${encoding.toUpperCase()}, found bytes that are not (a damaged or cut file, or another encoding); save the file again as UTF-8 or set "encoding" in survey.json`,
  /** A .xlsx that is not a zip at all. */
  notXlsx: (file: string, found: string) => `${file}: expected an .xlsx workbook, found ${found}`,
  /** A .sav that is not an SPSS system file or is damaged. */
  corruptSav: (file: string, reason: string) => `${file}: expected an SPSS .sav file, found ${reason}; save it again from SPSS`,
  /** A .xlsx whose zip or XML is broken. */
  corruptXlsx: (file: string, reason: string) =>
    `${file}: the workbook is damaged and cannot be read (${reason}); open it in Excel and save it again`,
  /** A limit on cells or inflated size. */
  limitExceeded: (file: string, what: string) =>
    `${file}: the file is too big to read safely: ${what} (raise limits in survey.json if it is genuine)`,
  /** A CSV quote that never closes. */
  csvUnclosedQuote: (file: string, line: number) =>
    `${file}: line ${line}: a quoted field starts here and never ends (a lone " character?)`,
  /** A workbook without worksheets. */
  noSheets: (file: string) => `${file}: the workbook has no worksheets`,
  /** A sheet name that does not exist. */
  sheetNotFound: (file: string, sheet: string, sheets: string[]) =>
    `${file}: no sheet named ${quote(sheet)}; the sheets are ${sheets.map((s) => quote(s)).join(', ') || '(none)'}`,
  /** A sheet with no row that looks like a header. */
  noHeader: (file: string, sheet: string | null) =>
    `${where(file, sheet)}: no header row found (expected a row of column names above the data)`,
  /** The header row given (--header-row, header_row) is blank or past the end. */
  noHeaderAt: (file: string, sheet: string | null, row: number) =>
    `${where(file, sheet)}: expected the header in row ${row} (--header-row or header_row in survey.json), found a blank row there`,
  /** No sheet of a file has a header matching the codebook. */
  noMatchingSheet: (file: string) =>
    `${file}: no sheet has a header row that matches the codebook (expected column names such as the variable names or labels)`,
  /** Progress: a sheet read. */
  partRead: (where: string, rows: number, headerRow: number, blank: number, unmapped: number) =>
    `${where}: ${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'} below the header in row ${headerRow}` +
    `${blank > 0 ? `, ${blank} blank row${blank === 1 ? '' : 's'} skipped` : ''}` +
    `${unmapped > 0 ? `, ${unmapped} column${unmapped === 1 ? '' : 's'} not in the codebook` : ''}`,
  /** Progress: a survey platform's export recognised. */
  platformExport: (where: string, cleared: number) =>
    `${where}: a survey platform's export (问卷星/腾讯问卷): its metadata columns kept aside, ${cleared} skip marker${cleared === 1 ? '' : 's'} ((跳过), (空), -3, -2) read as blank`,
  /** Progress: a sheet skipped. */
  sheetSkipped: (where: string) => `${where}: skipped (no header matching the codebook)`,
  /** A sheet that is empty. */
  emptySheet: (file: string, sheet: string | null) => `${where(file, sheet)}: the sheet is empty`,
} as const;

function where(file: string, sheet: string | null): string {
  return sheet === null ? file : `${file} '${escapeControl(sheet).replace(/'/g, "''")}'`;
}

/** Where an issue is: file, then the cell (or sheet) when known, then the column (variable) in brackets. */
export function location(file: string, sheet: string | null, cell: string | null, column: string | null): string {
  let s = file;
  if (cell !== null) s += ` ${cell}`;
  else if (sheet !== null) s += ` '${escapeControl(sheet).replace(/'/g, "''")}'`;
  if (column !== null) s += ` (${column})`;
  return s;
}

/**
 * The one-line message of an issue: location, expected, found (`found` already quoted or described), and what
 * happens next when that is not obvious.
 */
export function issueLine(where: string, expected: string, found: string, next?: string): string {
  return `${where}: expected ${expected}, found ${found}${next === undefined ? '' : `; ${next}`}`;
}

/** What happens after an issue, for warnings. */
export const next = {
  rowKept: () => 'the row is kept (check the value)',
  columnIgnored: () => 'the column is ignored',
  cellsBlank: () => 'those cells read as blank',
} as const;

/** What a check expected, as phrases that follow "expected". */
export const expected = {
  number: (min?: number, max?: number) => `a number${range(min, max)}`,
  integer: (min?: number, max?: number) => `an integer${range(min, max)}`,
  date: () => 'a date (a date cell, an Excel date serial or text like 2026-03-15)',
  code: (levels: string[]) => `one of the codes ${listCodes(levels)}`,
  codes: (levels: string[]) => `codes from ${listCodes(levels)} separated by , ; 、 or spaces`,
  text: () => 'text',
  value: () => 'a value (the question is required)',
  uniqueId: () => 'a unique value',
  blankBecause: (condition: string, values: string) =>
    `a blank cell, as the skip rule ${condition} holds${values === '' ? '' : ` (${values})`}`,
  rule: (rule: string) => `${rule} to hold`,
  noOutlier: (low: number, high: number) =>
    `a value from ${fmt(low)} to ${fmt(high)} (within 5 interquartile ranges of the median)`,
  shortText: (max: number) => `at most ${max.toLocaleString('en-US')} characters`,
  noControl: () => 'text without control characters',
  columns: (variables: string[]) =>
    `columns for ${variables.length > 8 ? `${variables.slice(0, 8).join(', ')} and ${variables.length - 8} more` : variables.join(', ')}`,
  requiredColumn: () => 'a column for this required variable',
  knownHeader: () => 'a header matching a codebook variable (name, label or alias)',
  oneColumn: (other: string) => `one column per variable (already read from column ${other})`,
  header: () => 'a header row of column names',
  readableFile: () => 'a readable .xlsx, .csv or .sav file',
  // codebook
  codebookField: (what: string) => what,
  uniqueName: () => 'a variable name used once',
  minNotAboveMax: (max: number) => `min <= max (${fmt(max)})`,
  codesForCodedOnly: () => 'codes only for single, multi or likert variables',
  codesForCoded: (type: string) => `codes in sheet "codes" for this ${type} variable`,
  uniqueCode: () => 'each code once per variable',
  atMostCodes: (max: number) => `at most ${max.toLocaleString('en-US')} codes for one variable (a fixed limit)`,
  expression: (error: string) => `an expression such as "rd_active == 2" (${error})`,
  knownVariables: () => 'names of codebook variables',
  knownVariable: () => 'a variable named in sheet "variables"',
  knownColumn: (columns: string[]) => `one of the columns ${columns.join(', ')}`,
  codebookColumn: (name: string) => `a column named "${name}"`,
  booleanCell: () => 'TRUE/FALSE, 是/否, yes/no or 1/0',
  numberCell: () => 'a number',
  uniqueAlias: (other: string) => `a header alias used by one variable (also an alias of ${other})`,
} as const;

/** How a found value is described after "found". */
export const found = {
  value: (text: string) => quote(text),
  date: (text: string) => `the date ${quote(text)}`,
  blank: () => 'a blank cell',
  errorCell: (text: string) =>
    text.startsWith('=')
      ? `the formula ${quote(text)} without a usable saved result (an error such as #DIV/0!, or never calculated)`
      : `the error value ${quote(text)}`,
  duplicate: (text: string, firstCell: string) => `${quote(text)} again (first at ${firstCell})`,
  longText: (length: number) => `a text of ${length.toLocaleString('en-US')} characters`,
  withValues: (text: string, values: string) => `${quote(text)} (${values})`,
  notInFile: () => 'none in this file',
  unmapped: (header: string) => (header === '' ? 'a column with data but no header' : `the header ${quote(header)}`),
  nothing: () => 'none',
} as const;

function range(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return ` between ${fmt(min)} and ${fmt(max)}`;
  if (min !== undefined) return ` >= ${fmt(min)}`;
  if (max !== undefined) return ` <= ${fmt(max)}`;
  return '';
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(Math.abs(n) >= 1000 ? 6 : 3)));
}

function listCodes(levels: string[]): string {
  const shown = levels.length > 12 ? [...levels.slice(0, 12), '…'] : levels;
  return shown.join(', ');
}

/** Sentences of InputErrors about the codebook and the survey folder. */
export const codebookMsg = {
  invalid: (file: string, count: number) =>
    `${file}: the codebook has ${count} problem${count === 1 ? '' : 's'}; fix ${count === 1 ? 'it' : 'them'} and run again`,
  noVariablesSheet: (file: string, sheets: string[]) =>
    `${file}: expected a sheet named "variables" (and "codes"), found ${sheets.map((s) => quote(s)).join(', ') || 'no sheets'}`,
  notJson: (file: string, reason: string) => `${file}: expected JSON (an array of variables), found text that does not parse (${reason})`,
  tooDeep: (file: string, depth: number, line: number) =>
    `${file}: line ${line}: expected JSON nested at most ${depth} levels deep (a codebook needs 5), found deeper nesting; the file is too big to read safely`,
  unsupported: (file: string) => `${file}: expected a codebook .xlsx or .json file`,
} as const;

/** Sentences about the survey folder and its globs. */
export const surveyMsg = {
  escapes: (pattern: string) =>
    `survey.json responses: the pattern ${quote(pattern)} leaves the survey folder; use a path inside it`,
  /** A responses pattern that is not a glob thinktank can match. */
  badGlob: (pattern: string, reason: string) => `survey.json responses: the pattern ${quote(pattern)} cannot be used: ${reason}`,
  noFiles: (patterns: string[]) =>
    `survey.json responses: no file matches ${patterns.map((p) => quote(p)).join(', ')}`,
} as const;
