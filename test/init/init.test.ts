import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Codebook } from '../../schemas/codebook.js';
import { SurveyConfig } from '../../schemas/survey.js';
import { main } from '../../pipeline/cli/main.js';
import { silentLogger } from '../../pipeline/effects.js';
import { InputError } from '../../pipeline/errors.js';
import { buildScaffold, scaffoldCodebook, scaffoldResponses } from '../../pipeline/init/build-scaffold.js';
import { surveyIdFor, writeScaffold } from '../../pipeline/init/write-scaffold.js';
import { validateSurvey } from '../../pipeline/run.js';
import { defaultStages } from '../../pipeline/run/stages.js';
import { testEffects } from '../run/fake-stages.js';
import { makeTempDir } from '../run/temp-dirs.js';

const tempDir = () => makeTempDir('init');
const date = new Date(Date.UTC(2027, 4, 20));

describe('buildScaffold', () => {
  it('makes a survey.json and a codebook that their schemas accept', () => {
    const scaffold = buildScaffold({ id: 'jilin-2027', date: '2027-05-20', schemaRef: '../schemas/survey.schema.json' });
    const config = SurveyConfig.parse(scaffold.config);
    expect(config).toMatchObject({ id: 'jilin-2027', date: '2027-05-20', region: 'region', design: { strata: 'region', cluster: 'county', weights: 'weight' } });
    expect(scaffold.config.$schema).toBe('../schemas/survey.schema.json');
    const codebook = Codebook.parse(scaffold.codebook);
    expect(codebook.map((v) => v.type)).toEqual(expect.arrayContaining(['id', 'single', 'multi', 'likert', 'number', 'integer', 'text']));
    expect(codebook.filter((v) => v.group === 'satisfaction')).toHaveLength(3);
    for (const theme of new Set(codebook.flatMap((v) => (v.theme ? [v.theme] : [])))) {
      expect(config.themes.map((t) => t.id)).toContain(theme);
    }
  });

  it('draws the same 200 synthetic respondents every time, over three regions, weighted to the population', () => {
    const rows = scaffoldResponses();
    expect(rows).toHaveLength(200);
    expect(scaffoldResponses()).toEqual(rows);
    const scaffold = buildScaffold({ id: 'x', date: '2027-05-20', schemaRef: 's' });
    const regions = scaffoldCodebook().find((v) => v.name === 'region')?.codes?.map((c) => String(c.code)) ?? [];
    for (const region of regions) {
      const mine = rows.filter((r) => r.region === region);
      const population = scaffold.margins.filter((m) => m.region === region).reduce((sum, m) => sum + m.count, 0);
      const weights = mine.reduce((sum, r) => sum + Number(r.weight), 0);
      expect(mine.length).toBeGreaterThanOrEqual(66);
      expect(Math.abs(weights - population)).toBeLessThan(0.01);
      expect(new Set(mine.map((r) => r.county)).size).toBeGreaterThan(1);
    }
    expect(rows.every((r) => (r.rd_active === 2 ? r.rd_spend === null : true))).toBe(true);
    expect(new Set(rows.map((r) => r.resp_id)).size).toBe(200);
  });
});

describe('writeScaffold', () => {
  it('writes a survey folder whose responses validate without errors', async () => {
    const dir = path.join(await tempDir(), 'Jilin Survey 2027');
    const files = await writeScaffold(dir, { date });
    expect(files).toEqual([
      'survey.json',
      'codebook.xlsx',
      'responses/responses.xlsx',
      'template.xlsx',
      'margins.csv',
      'narrative/business.zh.md',
      'narrative/business.en.md',
      'narrative/recommendations.zh.md',
      'narrative/recommendations.en.md',
      'README.md',
      '.gitignore',
    ]);
    const config = SurveyConfig.parse(JSON.parse(await readFile(path.join(dir, 'survey.json'), 'utf8')));
    expect(config.id).toBe('jilin-survey-2027');
    expect(config.date).toBe('2027-05-20');
    const summary = await validateSurvey(dir, {}, { log: silentLogger, now: () => date, stdout: () => undefined, env: {}, isTTY: false });
    expect(summary).toMatchObject({ rows_read: 200, rows_kept: 200, rows_quarantined: 0, errors: 0 });
    expect(await readFile(path.join(dir, 'margins.csv'), 'utf8')).toMatch(/^region,sector,count\nnorth,1,400\n/);
  }, 30_000);

  it('writes a codebook workbook that the codebook reader reads back as the scaffold codebook', async () => {
    const dir = path.join(await tempDir(), 'cb');
    await writeScaffold(dir, { date });
    const codebook = await defaultStages.readCodebook(path.join(dir, 'codebook.xlsx'));
    const expected = scaffoldCodebook();
    expect(codebook.map((v) => [v.name, v.type, v.label, v.skip_if, v.group, v.unit])).toEqual(
      expected.map((v) => [v.name, v.type, v.label, v.skip_if, v.group, v.unit]),
    );
    expect(codebook.find((v) => v.name === 'barriers')?.codes?.map((c) => String(c.code))).toEqual(['1', '2', '3', '4', '5']);
  }, 30_000);

  it('writes a response template with Chinese headers and drop-downs that reads back once filled in', async () => {
    const dir = path.join(await tempDir(), 'tpl');
    await writeScaffold(dir, { date });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(dir, 'template.xlsx'));
    const sheet = book.getWorksheet('responses');
    if (!sheet) throw new Error('no responses sheet');
    const codebook = scaffoldCodebook();
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(codebook.map((v) => v.label.zh));
    const regionColumn = sheet.getColumn(codebook.findIndex((v) => v.name === 'region') + 1).letter;
    expect(sheet.getCell(`${regionColumn}2`).dataValidation).toMatchObject({ type: 'list', formulae: ['"north,central,south"'] });
    const employees = sheet.getColumn(codebook.findIndex((v) => v.name === 'employees') + 1).letter;
    expect(sheet.getCell(`${employees}500`).dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [1, 100000] });
    sheet.addRow(['T0001', 'north', 'north-1', 1, 12.5, 30, 2, 2, null, '1;3', 4, 3, 5, '无']);
    const filled = path.join(dir, 'filled.xlsx');
    await writeFile(filled, new Uint8Array(await book.xlsx.writeBuffer()));
    const raw = await defaultStages.ingestFile(filled, await defaultStages.readCodebook(path.join(dir, 'codebook.xlsx')), {}, silentLogger);
    expect(raw.rowCount).toBe(1);
    expect(raw.parts[0]?.mapping.map((m) => m.variable)).toEqual(codebook.map((v) => v.name));
    expect(raw.parts[0]?.unmapped).toEqual([]);
    const validation = await defaultStages.validate(raw, await defaultStages.readCodebook(path.join(dir, 'codebook.xlsx')));
    expect(validation.summary).toMatchObject({ rows_kept: 1, errors: 0 });
  }, 30_000);

  it('refuses a folder that is not empty', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    await expect(writeScaffold(dir, { date })).rejects.toThrow(InputError);
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('derives a survey id from the folder name', () => {
    expect(surveyIdFor('/x/My Survey 2027')).toBe('my-survey-2027');
    expect(surveyIdFor('/x/调查')).toBe('survey');
    expect(surveyIdFor('/x/Éte-2027_a')).toBe('ete-2027-a');
  });
});

describe('thinktank init', () => {
  it('scaffolds a folder, lists the files and exits 1 when run again on the same folder', async () => {
    const root = await tempDir();
    const first = testEffects(root);
    expect(await main(['init', 'surveys/jilin-2027', '--json'], first)).toBe(0);
    const dir = path.join(root, 'surveys', 'jilin-2027');
    expect(JSON.parse(first.out.join(''))).toMatchObject({ dir, files: expect.arrayContaining(['survey.json', 'template.xlsx']) });
    expect(first.lines).toContain(`Next: \`thinktank validate ${dir}\`, then \`thinktank run ${dir}\`; the outputs go to ${path.join(dir, 'outputs')}${path.sep}`);
    const second = testEffects(root);
    expect(await main(['init', 'surveys/jilin-2027'], second)).toBe(1);
    expect(second.lines[0]).toMatch(/^error: .*jilin-2027 is not empty: give a new folder to `thinktank init`$/);
  }, 30_000);
});
