/**
 * Where the header is: guessed by scoring candidate rows (codebook matches, typed data below), or given with
 * `--header-row N` / survey.json `header_row`; and estimate refusing error cells instead of dropping them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEstimateCommand } from '../../pipeline/estimate/run-estimate-command.js';
import { headerRowOf } from '../../pipeline/ingest/ingest-survey.js';
import { ingestFile } from '../../pipeline/ingest/ingest-file.js';
import { readDataFile } from '../../pipeline/ingest/read-data-file.js';
import { parseExpression } from '../../pipeline/validate/parse-expression.js';
import { Codebook } from '../../schemas/codebook.js';
import { makeXlsx } from './make-xlsx.js';

const dir = mkdtempSync(path.join(tmpdir(), 'thinktank-header-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { info() {}, warn() {}, error() {} };
const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => (e instanceof Error ? e.message : String(e)));

const s = (text: string) => `<c t="inlineStr"><is><t>${text}</t></is></c>`;
const n = (value: number) => `<c><v>${value}</v></c>`;
const row = (r: number, cells: string) => `<row r="${r}">${cells}</row>`;

/** A sheet like readxl's deaths.xlsx: notes of several cells above the real header, data below it. */
const deaths = path.join(dir, 'deaths.xlsx');
writeFileSync(
  deaths,
  makeXlsx({
    sheets: [
      {
        name: 'arts',
        rows:
          row(1, s('Lots of people') + s('simply cannot resist writing')) +
          row(2, s('at') + s('the') + s('top') + s('of') + s('their spreadsheets')) +
          row(3, s('or') + s('merging') + s('cells')) +
          row(5, s('Name') + s('Profession') + s('Age') + s('Has kids') + s('Weight.kg')) +
          row(6, s('David Bowie') + s('musician') + n(69) + '<c t="b"><v>1</v></c>' + n(70)) +
          row(7, s('Carrie Fisher') + s('actor') + n(60) + '<c t="b"><v>1</v></c>' + n(55)) +
          row(8, s('Chuck Berry') + s('musician') + n(90) + '<c t="b"><v>1</v></c>' + '<c t="e"><v>#DIV/0!</v></c>') +
          row(9, s('Bill Paxton') + s('actor') + n(61) + '<c t="b"><v>1</v></c>' + '<c><f>A1/0</f><v></v></c>'),
      },
    ],
  }),
);

describe('the header row', () => {
  it('is guessed below note rows of several cells, where typed data follows (readxl deaths.xlsx)', async () => {
    const file = await readDataFile(deaths);
    expect(file.headerRow).toBe(5);
    expect(file.headers).toEqual(['Name', 'Profession', 'Age', 'Has kids', 'Weight.kg']);
    expect(file.rows).toHaveLength(4);
  });

  it('is the row given by --header-row, and a blank row given is refused with the row', async () => {
    const file = await readDataFile(deaths, { headerRow: 2 });
    expect(file.headerRow).toBe(2);
    expect(file.headers.slice(0, 2)).toEqual(['at', 'the']);
    expect(await failure(readDataFile(deaths, { headerRow: 4 }))).toBe(
      `${deaths} 'arts': expected the header in row 4 (--header-row or header_row in survey.json), found a blank row there`,
    );
  });

  it('is taken from survey.json header_row: one number, or the first glob matching the file', () => {
    expect(headerRowOf({ header_row: 3 }, 'responses/a.xlsx')).toBe(3);
    const perGlob = { header_row: { 'responses/hq/*.xlsx': 2, './responses/**/*.csv': 4 } };
    expect(headerRowOf(perGlob, 'responses/hq/a.xlsx')).toBe(2);
    expect(headerRowOf(perGlob, 'responses/x/b.csv')).toBe(4);
    expect(headerRowOf(perGlob, 'responses/b.xlsx')).toBeUndefined();
    expect(headerRowOf({}, 'responses/b.xlsx')).toBeUndefined();
  });

  it('is given to ingest, which reads the named row against the codebook', async () => {
    const codebook = Codebook.parse([
      { name: 'Name', type: 'id', label: { zh: '姓名', en: 'Name' } },
      { name: 'Age', type: 'integer', label: { zh: '年龄', en: 'Age' } },
    ]);
    const guessed = await ingestFile(deaths, codebook, {}, quiet);
    expect(guessed.parts[0]!.header_row).toBe(5);
    const forced = await ingestFile(deaths, codebook, { headerRow: 4 }, quiet);
    expect(forced.issues.map((i) => i.message)).toEqual([
      `${deaths} 'arts': expected the header in row 4 (--header-row or header_row in survey.json), found a blank row there`,
    ]);
  });
});

describe('--header-row on the command line', () => {
  it('validate DATA --codebook reads the header from the row given, and refuses a folder with it', async () => {
    const { main } = await import('../../pipeline/cli/main.js');
    const { defaultStages } = await import('../../pipeline/run/stages.js');
    const { testEffects } = await import('../run/fake-stages.js');
    writeFileSync(
      path.join(dir, 'codebook.json'),
      JSON.stringify([
        { name: 'at', type: 'text', label: { zh: 'at', en: 'at' } },
        { name: 'the', type: 'text', label: { zh: 'the', en: 'the' } },
      ]),
    );
    const run = async (argv: string[]) => {
      const effects = testEffects(dir);
      const code = await main(argv, effects, defaultStages);
      return { code, stdout: effects.out.join(''), stderr: effects.lines.join('\n') };
    };
    // guessed: row 2 names both variables, 6 rows below it; given row 3: 5 rows below it
    const guessed = await run(['validate', 'deaths.xlsx', '--codebook', 'codebook.json', '--json']);
    expect(JSON.parse(guessed.stdout).files[0]).toMatchObject({ rows_read: 6 });
    const given = await run(['validate', 'deaths.xlsx', '--codebook', 'codebook.json', '--header-row', '3', '--json']);
    expect(JSON.parse(given.stdout).files[0]).toMatchObject({ rows_read: 5 });
    expect((await run(['validate', '.', '--header-row', '2'])).code).toBe(2);
    expect((await run(['estimate', 'deaths.xlsx', '--header-row', '0', '--mean', 'Age'])).code).toBe(2);
    const estimated = await run(['estimate', 'deaths.xlsx', '--header-row', '5', '--mean', 'Age', '--json']);
    expect(JSON.parse(estimated.stdout).estimates[0]).toMatchObject({ variable: 'Age', estimate: 70 });
  });
});

describe('thinktank estimate and error cells', () => {
  it('refuses #DIV/0! and uncalculated formulas in a column it uses, naming the cells, instead of dropping them', async () => {
    expect(await failure(runEstimateCommand({ data: deaths, mean: ['Weight.kg'] }))).toBe(
      `deaths.xlsx 'arts'!E8 (Weight.kg): expected a value for --mean Weight.kg, found the error "#DIV/0!" ` +
        `(and 1 more: deaths.xlsx 'arts'!E9 a formula never calculated "=A1/0"); recalculate the workbook in Excel or clear these cells`,
    );
  });

  it('uses the other columns as they are, dotted names included', async () => {
    const result = await runEstimateCommand({ data: deaths, mean: ['Age'] });
    expect(result.estimates[0]).toMatchObject({ variable: 'Age', estimate: 70, n: 4 });
  });
});

describe('names with dots', () => {
  it('are codebook names and expression variables, as R and SPSS write them', () => {
    const codebook = Codebook.safeParse([{ name: 'sch.wide', type: 'single', label: { zh: '达标', en: 'Met target' }, skip_if: 'comp.imp == 2 and .x > 1' }]);
    expect(codebook.success).toBe(true);
    const parsed = parseExpression('sch.wide == 1 or comp.imp != 2 and x < .5');
    expect(parsed.ok).toBe(true);
    expect(JSON.stringify(parsed)).toContain('"sch.wide"');
    expect(JSON.stringify(parsed)).toContain('"comp.imp"');
    expect(Codebook.safeParse([{ name: '.5x', type: 'text', label: { zh: 'a', en: 'a' } }]).success).toBe(false);
    expect(Codebook.safeParse([{ name: '1x', type: 'text', label: { zh: 'a', en: 'a' } }]).success).toBe(false);
  });
});
