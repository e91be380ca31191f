/**
 * One test per broken or hostile data file of the corpus (test/fixtures/hostile/files/): the file is dropped
 * into a copy of the tiny survey next to a good file, and `thinktank validate SURVEY --out OUT` runs in-process
 * over an output folder that already holds a complete run. Each must end with a clear message naming the file
 * (and the cell where there is one), no stack trace, exit 1 when it holds errors, every row of the good file
 * still read and kept, the survey's files unchanged and, in the output folder, nothing but validation/ touched.
 */
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, type CliResult, expectNoCrash, hashTree, makeSurvey } from './helpers.js';

let previous = '';

beforeAll(async () => {
  // one complete run whose outputs every test starts from
  const { root, survey } = await makeSurvey();
  previous = path.join(root, 'out');
  // up to the estimates: enough outputs to show they stay untouched, without the slower charts and reports
  const result = await cli(['run', survey, '--out', previous, '--only', 'estimate'], root);
  expect(result.code, result.stderr).toBe(0);
}, 60_000);

interface Case {
  file: string;
  /** the exit code: 1 when the file holds errors, 0 when it only warrants warnings */
  exit: 0 | 1;
  /** lines expected on stderr (each a regex over the whole text) */
  says: RegExp[];
  /** more checks on the result */
  also?: (result: CliResult, ms: number) => void;
}

/** The file's name in messages: responses/<name>, as a regex. */
const at = (file: string) => file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const cases: Case[] = [
  { file: 'valid.xlsx', exit: 0, says: [/responses\/valid\.xlsx\s+2 read, 2 kept, 0 quarantined/] },
  { file: 'valid.csv', exit: 0, says: [/responses\/valid\.csv\s+3 read, 3 kept, 0 quarantined/] },
  { file: 'pdf-renamed.xlsx', exit: 1, says: [/^error: responses\/pdf-renamed\.xlsx: expected an \.xlsx workbook, found a PDF file$/m] },
  {
    file: 'text-renamed.xlsx',
    exit: 1,
    says: [/^error: responses\/text-renamed\.xlsx: expected an \.xlsx workbook, found something else \(not a zip archive\)$/m],
  },
  {
    file: 'truncated.xlsx',
    exit: 1,
    says: [/^error: responses\/truncated\.xlsx: the workbook is damaged and cannot be read \(.*cut short.*\); open it in Excel and save it again$/m],
  },
  {
    file: 'corrupt-zip.xlsx',
    exit: 1,
    says: [/^error: responses\/corrupt-zip\.xlsx: the workbook is damaged and cannot be read \(xl\/worksheets\/sheet1\.xml: .+\); open it in Excel and save it again$/m],
  },
  {
    file: 'encrypted.xlsx',
    exit: 1,
    says: [/^error: responses\/encrypted\.xlsx: expected an \.xlsx workbook, found an encrypted workbook or an old \.xls file \(save it as \.xlsx without a password\)$/m],
  },
  { file: 'empty-file.xlsx', exit: 1, says: [/^error: responses\/empty-file\.xlsx: expected an \.xlsx workbook, found an empty file$/m] },
  { file: 'empty-workbook.xlsx', exit: 1, says: [/^error: responses\/empty-workbook\.xlsx: the workbook has no worksheets$/m] },
  { file: 'empty-sheet.xlsx', exit: 1, says: [/^ {2}error: responses\/empty-sheet\.xlsx 'Sheet1': the sheet is empty$/m] },
  { file: 'no-header.xlsx', exit: 1, says: [/^ {2}error: responses\/no-header\.xlsx 'Sheet1': no header row found \(expected a row of column names above the data\)$/m] },
  {
    file: 'duplicate-headers.xlsx',
    exit: 1,
    says: [/^ {2}error: responses\/duplicate-headers\.xlsx 'Sheet1'!D1 \(employees\): expected one column per variable \(already read from column C\), found the header "employees"; the column is ignored$/m],
  },
  {
    file: 'empty-headers.xlsx',
    exit: 1,
    says: [
      /^ {2}error: responses\/empty-headers\.xlsx 'Sheet1' \(region\): expected a column for this required variable, found none in this file$/m,
      /^ {2}warning: responses\/empty-headers\.xlsx 'Sheet1'!B1: expected a header matching a codebook variable \(name, label or alias\), found a column with data but no header; the column is ignored$/m,
    ],
  },
  ...['proto-headers.xlsx', 'proto-headers.csv'].map(
    (file): Case => ({
      file,
      exit: 0,
      says: ['__proto__', 'constructor', 'prototype'].map(
        (name, k) => new RegExp(`warning: responses/${at(file)}${file.endsWith('.xlsx') ? " 'Sheet1'!" : ' '}${'DEF'[k]}1: expected a header matching a codebook variable \\(name, label or alias\\), found the header "${name}"; the column is ignored`),
      ),
      also: (result) => {
        expect(result.stderr).toMatch(new RegExp(`responses/${at(file)}\\s+2 read, 2 kept, 0 quarantined`));
        expectNoPollution();
      },
    }),
  ),
  {
    file: 'huge-dimension.xlsx',
    exit: 1,
    says: [
      /responses\/huge-dimension\.xlsx\s+3 read, 2 kept, 1 quarantined, 1,048,572 blank/,
      /^ {2}error: responses\/huge-dimension\.xlsx 'Sheet1'!A1048576 \(resp_id\): expected a value \(the question is required\), found a blank cell$/m,
    ],
    also: (_result, ms) => {
      expect(ms).toBeLessThan(10_000);
      expect(process.memoryUsage().rss).toBeLessThan(1024 ** 3);
    },
  },
  {
    file: 'beyond-sheet-limits.xlsx',
    exit: 1,
    says: [/^error: responses\/beyond-sheet-limits\.xlsx: the workbook is damaged and cannot be read \(a cell beyond column XFD\); open it in Excel and save it again$/m],
  },
  {
    // Excel stops at 32,767 characters a cell; this one has 40,000. The file is refused; the message should say where.
    file: 'long-cell.xlsx',
    exit: 1,
    says: [/^error: responses\/long-cell\.xlsx.*: the file is too big to read safely: a cell of more than 32767 characters/m, /responses\/long-cell\.xlsx 'Sheet1'!D2/],
  },
  { file: 'long-cell-at-limit.csv', exit: 0, says: [/responses\/long-cell-at-limit\.csv\s+2 read, 2 kept, 0 quarantined/] },
  {
    file: 'entities-sheet.xlsx',
    exit: 1,
    says: [/^error: responses\/entities-sheet\.xlsx: the workbook is damaged and cannot be read \(a DOCTYPE or ENTITY declaration \(not allowed in a workbook\)\)/m],
    also: (_result, ms) => expect(ms).toBeLessThan(5_000),
  },
  {
    file: 'entities-shared-strings.xlsx',
    exit: 1,
    says: [/^error: responses\/entities-shared-strings\.xlsx: the workbook is damaged and cannot be read \(a DOCTYPE or ENTITY declaration/m],
    // the external entity names /etc/passwd: nothing of it may be read
    also: (result) => expect(`${result.stderr}${result.stdout}`).not.toMatch(/root:.*:0:0:/),
  },
  {
    // UTF-8 lines and GB18030 lines in one file: decoding it all as one of them garbles the others in silence
    file: 'mixed-encoding.csv',
    exit: 1,
    says: [/responses\/mixed-encoding\.csv.*line 3.*(encoding|UTF-8|GB18030)/i],
  },
  {
    file: 'lone-quote.csv',
    exit: 1,
    says: [/^error: responses\/lone-quote\.csv: line 3: a quoted field starts here and never ends \(a lone " character\?\)$/m],
  },
  { file: 'nul-byte.csv', exit: 1, says: [/^error: responses\/nul-byte\.csv: expected a text \(CSV\) file, found binary data$/m] },
  {
    file: 'control-chars.csv',
    exit: 1,
    says: [
      /^ {2}error: responses\/control-chars\.csv D2 \(comment\): expected text without control characters, found "bell\\u0007 here"$/m,
      /^ {2}error: responses\/control-chars\.csv D3 \(comment\): expected text without control characters, found "\\u001b\[31mred\\u001b\[0m \\u001b\]0;pwned\\u0007"$/m,
      /^ {2}error: responses\/control-chars\.csv D5 \(comment\): expected text without control characters, found "vertical\\u000btab and form\\ffeed"$/m,
    ],
    // escape sequences from the data never reach the terminal raw
    // eslint-disable-next-line no-control-regex
    also: (result) => expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/),
  },
  {
    file: 'control-chars.xlsx',
    exit: 1,
    says: [
      /^ {2}error: responses\/control-chars\.xlsx 'Sheet1'!D2 \(comment\): expected text without control characters, found "escape \\u001b\[31mred\\u001b\[0m"$/m,
      /^ {2}error: responses\/control-chars\.xlsx 'Sheet1'!D3 \(comment\): expected text without control characters, found "bell \\u0007"$/m,
    ],
  },
  {
    // a sheet name holding terminal escape sequences (set the title, clear the screen) is printed escaped
    file: 'escape-sheet-name.xlsx',
    exit: 1,
    says: [/^ {2}error: responses\/escape-sheet-name\.xlsx 'S\\u001b\]0;pwned\\u0007\\u001b\[2J': no header row found/m],
    // eslint-disable-next-line no-control-regex
    also: (result) => expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/),
  },
  {
    file: 'odd-numbers.csv',
    exit: 1,
    says: [
      ...[
        ['C2', '1e309'],
        ['C3', 'NaN'],
        ['C5', 'Infinity'],
        ['C6', '-1e309'],
        ['C7', '9007199254740993'],
      ].map(([cell, text]) => new RegExp(`^ {2}error: responses/odd-numbers\\.csv ${cell} \\(employees\\): expected an integer >= 0, found "${text}"$`, 'm')),
      // -0 is a number: its row is kept
      /responses\/odd-numbers\.csv\s+6 read, 1 kept, 5 quarantined/,
    ],
  },
  {
    file: 'odd-numbers.xlsx',
    exit: 1,
    says: [
      ...['C2', 'C3', 'C5'].map((cell) => new RegExp(`^ {2}error: responses/odd-numbers\\.xlsx 'Sheet1'!${cell} \\(employees\\): expected an integer >= 0, found `, 'm')),
      /responses\/odd-numbers\.xlsx\s+4 read, 1 kept, 3 quarantined/,
    ],
  },
];

/** No header or value of the corpus reached Object.prototype. */
function expectNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(objectPrototypeKeys);
  expect(probe.constructor).toBe(Object);
}

const objectPrototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

describe('a broken or hostile data file', () => {
  it.each(cases)('$file', async ({ file, exit, says, also }) => {
    const { root, survey } = await makeSurvey({ responses: [`files/${file}`] });
    const out = path.join(root, 'out');
    await cp(previous, out, { recursive: true });
    const inputsBefore = await hashTree(survey);
    const outputsBefore = await hashTree(out, (rel) => rel.startsWith('validation/'));
    const started = performance.now();
    const result = await cli(['validate', survey, '--out', out], root);
    const ms = performance.now() - started;
    expectNoCrash(result);
    for (const line of says) expect(result.stderr).toMatch(line);
    expect(result.code, result.stderr).toBe(exit);
    // the good file next to it is read in full
    expect(result.stderr).toMatch(/responses\/good\.csv\s+6 read, 6 kept, 0 quarantined/);
    also?.(result, ms);
    // the survey is untouched, and so is every output but validation/
    expect(await hashTree(survey)).toEqual(inputsBefore);
    expect(await hashTree(out, (rel) => rel.startsWith('validation/'))).toEqual(outputsBefore);
  }, 30_000);
});

describe('limits from survey.json', () => {
  it('refuses a zip bomb (2.7 GB from 70 KB) at the configured inflated size, quickly and in bounded memory', async () => {
    const { root, survey } = await makeSurvey({ responses: ['files/zip-bomb.xlsx'], patch: { limits: { max_inflated_bytes: 50_000_000 } } });
    const started = performance.now();
    const result = await cli(['validate', survey], root);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: responses\/zip-bomb\.xlsx: the file is too big to read safely: more than 50000000 bytes once unzipped \(raise limits in survey\.json if it is genuine\)$/m,
    );
    expect(result.stderr).toMatch(/responses\/good\.csv\s+6 read, 6 kept, 0 quarantined/);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().rss).toBeLessThan(1024 ** 3);
  }, 30_000);

  it('refuses a file with more non-empty cells than limits.max_cells', async () => {
    const { root, survey } = await makeSurvey({ responses: ['files/valid.xlsx'], patch: { limits: { max_cells: 20 } } });
    const result = await cli(['validate', survey], root);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: responses\/good\.csv: the file is too big to read safely: more than 20 non-empty cells \(limits\.max_cells\) \(raise limits in survey\.json if it is genuine\)$/m);
    expect(result.stderr).toMatch(/responses\/valid\.xlsx\s+2 read, 2 kept, 0 quarantined/);
  }, 30_000);

  it('refuses a file larger than limits.max_file_bytes without reading it', async () => {
    const { root, survey } = await makeSurvey({ responses: ['files/valid.xlsx'], patch: { limits: { max_file_bytes: 1000 } } });
    const result = await cli(['validate', survey], root);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: responses\/valid\.xlsx: the file is 2\.0 KB, more than the limit of 1000 bytes \(limits\.max_file_bytes in survey\.json\)$/m);
  }, 30_000);

  it('rejects an unknown limit and a limit that is not a positive integer', async () => {
    const { root, survey } = await makeSurvey({ patch: { limits: { max_inflated_bytes: -1, max_rows: 5 } } });
    const result = await cli(['validate', survey], root);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('survey.json: limits: unknown key "max_rows"');
    expect(result.stderr).toMatch(/survey\.json: limits\.max_inflated_bytes: expected .*0.*, found -1/);
  }, 30_000);
});

describe('a run over every broken file at once', () => {
  it('reads the good rows, lists each broken file in the issues, and still makes the reports', async () => {
    const broken = cases.filter((c) => c.exit === 1).map((c) => `files/${c.file}`);
    const { root, survey } = await makeSurvey({ responses: [...broken, 'files/zip-bomb.xlsx'], patch: { limits: { max_inflated_bytes: 50_000_000 } } });
    const out = path.join(root, 'out');
    const result = await cli(['run', survey, '--out', out], root);
    expectNoCrash(result);
    // bad rows and unreadable files are reported, not fatal: the run goes on with what could be read
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(await readFile(path.join(out, 'validation', 'summary.json'), 'utf8')) as {
      files: { file: string; rows_read: number; rows_kept: number; errors: number }[];
    };
    const byFile = new Map(summary.files.map((f) => [f.file, f]));
    expect(byFile.get('responses/good.csv')).toMatchObject({ rows_read: 6, rows_kept: 6, errors: 0 });
    for (const file of [...broken, 'files/zip-bomb.xlsx']) {
      const name = `responses/${path.basename(file)}`;
      expect(byFile.get(name)?.errors, name).toBeGreaterThan(0);
    }
    expect(result.stderr).toMatch(/^✓ report .* 3 reports$/m);
  }, 60_000);
});
