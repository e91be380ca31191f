/**
 * Safe outputs (test/fixtures/hostile/unsafe/): a survey whose answers and codebook labels carry formula text
 * (`=HYPERLINK(...)`, `+1+1`, `@SUM(...)`, `-2+3`, a leading tab or CR) and whose region codes are not file
 * names (`../evil`, `a/b`, `..`, Chinese). After a full run, no CSV field reads as a formula, no workbook cell
 * is a formula, every file lies inside the output folder with a distinct, sanitised name. Also: variables
 * and headers named `__proto__`, `constructor` and `prototype` flow through every stage without polluting
 * objects.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileNamePart, reportFileName } from '../../pipeline/report/write-reports.js';
import { terminalText } from '../../pipeline/cli/terminal-text.js';
import { csvField } from '../../pipeline/publish/csv-field.js';
import { cli, corpus, expectManifestMatches, expectNoCrash, listAll, looksLikeFormula, makeSurvey, parseCsvText, unzip } from './helpers.js';

const formula = '=HYPERLINK("http://x","click")';

describe('a survey with formula text and hostile region codes', () => {
  let root = '';
  let out = '';
  let stderr = '';

  beforeAll(async () => {
    const made = await makeSurvey({ from: 'unsafe' });
    root = made.root;
    out = path.join(root, 'out');
    const result = await cli(['run', made.survey, '--out', out], root);
    expectNoCrash(result);
    stderr = result.stderr;
    expect(result.code, result.stderr).toBe(0);
  }, 60_000);

  it('writes estimates.csv with every formula-like text prefixed by a quote, the text itself kept', async () => {
    const records = parseCsvText(await readFile(path.join(out, 'tables', 'estimates.csv'), 'utf8'));
    const fields = records.flat();
    expect(fields.filter(looksLikeFormula)).toEqual([]);
    for (const label of ["=cmd|' /C calc'!A0", '+1+1', '@SUM(1,2)', '-2+3']) expect(fields).toContain(`'${label}`);
    // numbers, negative ones included, are numbers still
    const header = records[0]!;
    const estimate = header.indexOf('estimate');
    const ciLow = header.indexOf('ci_low');
    expect(records.slice(1).every((r) => Number.isFinite(Number(r[estimate])))).toBe(true);
    expect(records.slice(1).some((r) => Number(r[ciLow]) < 0 && !r[ciLow]!.startsWith("'"))).toBe(true);
  });

  it('writes text into every workbook as string cells only, never as a formula', async () => {
    const seen = new Map<string, string[]>();
    for (const file of ['validation/issues.xlsx', 'validation/quarantine.xlsx', 'tables/estimates.xlsx']) {
      const parts = unzip(await readFile(path.join(out, file)));
      const sheets = [...parts.entries()].filter(([name]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name));
      expect(sheets.length).toBeGreaterThan(0);
      for (const [, xml] of sheets) {
        const text = xml.toString('utf8');
        expect(text).not.toMatch(/<f[ >]/);
        // a cell is a number (no t), a shared string (t="s"), an inline string or a boolean; never t="str" (a formula result)
        expect(text).not.toMatch(/<c [^>]*t="(str|e)"/);
      }
      const strings = (parts.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').match(/<t[^>]*>[^<]*<\/t>/g) ?? [];
      seen.set(file, strings.map((t) => t.replace(/^<t[^>]*>|<\/t>$/g, '').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')));
    }
    // the formula texts are there, as text: the quarantined answer as it was typed, and in the issue about it
    expect(seen.get('validation/quarantine.xlsx')).toContain(formula);
    expect(seen.get('validation/issues.xlsx')?.some((s) => s.includes(formula.replace(/"/g, '\\"')))).toBe(true);
    expect(seen.get('tables/estimates.xlsx')).toContain("=cmd|' /C calc'!A0");
  });

  it('names reports after the regions with file-name-safe, distinct names inside reports/', async () => {
    const files = await listAll(out);
    const reports = files.filter((f) => f.startsWith('reports/')).sort();
    const expected = ['province', '../evil', 'a/b', '哈尔滨', '..'].map((scope) => `reports/${reportFileName('unsafe', scope, 'en')}`).sort();
    expect(reports).toEqual(expected);
    expect(new Set(reports).size).toBe(5);
    expect(reports).toContain('reports/unsafe-哈尔滨.en.pdf');
    expect(reports).toContain('reports/unsafe-province.en.pdf');
    for (const file of files) {
      expect(file.split('/')).not.toContain('..');
      expect(file).toMatch(/^(\.cache\/[a-z]+\/[0-9a-f]{64}\.(json|bin)|[a-z-]+\.(json|jsonl)|(validation|tables|charts|reports)\/[^/]+)$/);
    }
    // nothing was written beside the output folder
    expect((await listAll(root)).filter((f) => !f.startsWith('out/') && !f.startsWith('survey/'))).toEqual([]);
    expect(stderr).toMatch(/report \d\/5 unsafe-evil-[0-9a-f]{8}\.en\.pdf/);
    await expectManifestMatches(out);
  });
});

describe('fileNamePart', () => {
  it('keeps codes and names that are already safe, in any script', () => {
    for (const name of ['230100', 'province', '哈尔滨市', 'Région_2', 'a-b']) expect(fileNamePart(name)).toBe(name);
  });

  it('makes hostile names safe and keeps different names apart', () => {
    const names = ['../evil', '..', '.', 'a/b', 'a_b', 'a\\b', 'a b', 'CON', '', ' ', '\u0000', 'x'.repeat(300), '长'.repeat(100), 'e\u0301', '\u00e9'];
    const parts = names.map(fileNamePart);
    expect(new Set(parts).size).toBe(names.length);
    for (const part of parts) {
      expect(part).toMatch(/^[\p{L}\p{N}_-]+$/u);
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(200);
      expect(part.startsWith('.')).toBe(false);
    }
    expect(fileNamePart('../evil')).toMatch(/^evil-[0-9a-f]{8}$/);
    expect(fileNamePart('a/b')).toMatch(/^a_b-[0-9a-f]{8}$/);
  });
});

describe('csvField', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    [formula, `"'=HYPERLINK(""http://x"",""click"")"`],
    ['+1+1', `"'+1+1"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(1,2)', `"'@SUM(1,2)"`],
    ['\t=1', `"'\t=1"`],
    ['\r=1', `"'\r=1"`],
    ['-0.5', '-0.5'],
    ['+3', '+3'],
    ['1e-9', '1e-9'],
    ['plain, with comma', '"plain, with comma"'],
    ['a "quote"', '"a ""quote"""'],
  ])('%j -> %s', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it('writes numbers as numbers and non-finite ones as empty', () => {
    expect([-3, 0.25, Number.NaN, Number.POSITIVE_INFINITY, null, undefined, true].map(csvField)).toEqual(['-3', '0.25', '', '', '', '', 'true']);
  });
});

describe('variables and headers named __proto__, constructor and prototype', () => {
  it('run through every stage without polluting objects', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const { root, survey } = await makeSurvey({ codebook: 'codebooks/proto-names.codebook.json', responses: ['files/proto-headers.csv'] });
    const out = path.join(root, 'out');
    const result = await cli(['run', survey, '--out', out], root);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    const estimates = JSON.parse(await readFile(path.join(out, 'tables', 'estimates.json'), 'utf8')) as { estimates: { variable: string; level: string | null }[] };
    expect(estimates.estimates.filter((e) => e.variable === 'prototype').map((e) => e.level)).toContain('polluted');
    const summary = JSON.parse(await readFile(path.join(out, 'validation', 'summary.json'), 'utf8')) as { rows_read: number; rows_kept: number };
    expect(summary).toMatchObject({ rows_read: 8, rows_kept: 8 });
    await expectManifestMatches(out);
  }, 60_000);
});

describe('text from the data on the terminal', () => {
  it('escapes what would act on the terminal, keeping line ends, tabs, Chinese and (when asked) colours', () => {
    expect(terminalText('a\u001b]0;pwned\u0007b\u001b[2Jc\u009b1m\u202e\r')).toBe('a\\u001b]0;pwned\\u0007b\\u001b[2Jc\\u009b1m\\u202e\\u000d');
    expect(terminalText('哈尔滨\tx\ny')).toBe('哈尔滨\tx\ny');
    expect(terminalText('\u001b[31merror\u001b[39m \u001b]0;t\u0007', { keepColour: true })).toBe('\u001b[31merror\u001b[39m \\u001b]0;t\\u0007');
  });

  it('shows the estimate table of values with escape sequences escaped', async () => {
    const { root } = await makeSurvey();
    const result = await cli(['estimate', path.join(corpus, 'files', 'control-chars.csv'), '--prop', 'comment'], root);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    // the table is the result: stdout
    expect(result.stdout).toContain('\\u001b[31mred\\u001b[0m \\u001b]0;pwned\\u0007');
    expect(result.stdout).toContain('right-to-left \\u202e override');
    // eslint-disable-next-line no-control-regex
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  }, 30_000);
});

describe('figureId', () => {
  it('gives distinct regions distinct chart ids, whatever their codes are made of', async () => {
    const { figureId } = await import('../../pipeline/chart/figure-id.js');
    const scopes = ['哈尔滨', '大庆', '..', 'a/b', 'a_b', 'a-b', '230100'];
    const ids = scopes.map((scope) => figureId(scope, 'q1', 'bars', 'zh', 'q1'));
    expect(new Set(ids).size).toBe(scopes.length);
    for (const id of ids) expect(id).toMatch(/^[\p{L}\p{N}_-]+$/u);
  });
});
