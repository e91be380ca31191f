/**
 * `thinktank init DIR --from DATA...`: a codebook and survey.json drafted from data, which validate the data
 * they came from; on the example's own responses, the differences from the hand-written codebook are only
 * the names (headers are Chinese), and the types the example's planted defects change.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli/main.js';
import { readCodebook } from '../../pipeline/ingest/read-codebook.js';
import { defaultStages } from '../../pipeline/run/stages.js';
import { testEffects } from '../run/fake-stages.js';

const dir = mkdtempSync(path.join(tmpdir(), 'thinktank-init-from-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = path.resolve(import.meta.dirname, '../..');

async function cli(argv: string[]) {
  const effects = testEffects(dir);
  const code = await main(argv, effects, defaultStages);
  return { code, stderr: effects.lines.join('\n'), stdout: effects.out.join('') };
}

const rows = [
  'ID,Region,Employees,Revenue (m),Founded,Tools used,Satisfaction,Comment,Weight',
  ...Array.from({ length: 40 }, (_, i) =>
    [
      `R${String(i + 1).padStart(3, '0')}`,
      ['North', 'South', 'East'][i % 3],
      10 + ((i * 7) % 50),
      (1.5 + i * 0.25).toFixed(2),
      `2020-0${(i % 9) + 1}-1${i % 10}`,
      ['1;3', '2', '1;2;4', '3'][i % 4],
      ['Agree', 'Strongly agree', 'Neutral', 'Disagree'][i % 4],
      i % 5 === 0 ? `"note number ${i}, with a comma"` : '',
      (10.5 + (i % 4)).toFixed(1),
    ].join(','),
  ),
];
writeFileSync(path.join(dir, 'field.csv'), `${rows.join('\n')}\n`);

describe('thinktank init DIR --from DATA', () => {
  it('drafts a codebook with each type inferred, and a survey.json whose validate accepts the data', async () => {
    const drafted = await cli(['init', 'draft', '--from', 'field.csv', '--json']);
    expect(drafted.code).toBe(0);
    expect(JSON.parse(drafted.stdout).files).toEqual(['survey.json', 'codebook.xlsx', 'responses/field.csv']);
    const codebook = await readCodebook(path.join(dir, 'draft', 'codebook.xlsx'));
    expect(codebook.map((v) => [v.name, v.type])).toEqual([
      ['ID', 'id'],
      ['Region', 'single'],
      ['Employees', 'integer'],
      ['revenue_m', 'number'],
      ['Founded', 'date'],
      ['tools_used', 'multi'],
      ['Satisfaction', 'likert'],
      ['Comment', 'text'],
      ['Weight', 'number'],
    ]);
    expect(codebook[1]!.codes!.map((c) => c.label.en)).toEqual(['East', 'North', 'South']);
    expect(codebook[2]).toMatchObject({ min: 10, max: 59 });
    expect(codebook[5]!.codes!.map((c) => c.code)).toEqual([1, 2, 3, 4]);
    expect(codebook[6]!.codes!.map((c) => `${c.code} ${c.label.en} ${c.label.zh}`)).toEqual([
      '1 Strongly disagree 非常不同意',
      '2 Disagree 不同意',
      '3 Neutral 一般',
      '4 Agree 同意',
      '5 Strongly agree 非常同意',
    ]);
    expect(codebook[3]!.label).toEqual({ zh: 'Revenue (m)', en: 'Revenue (m)' });
    const config = JSON.parse(await readFile(path.join(dir, 'draft', 'survey.json'), 'utf8'));
    expect(config).toMatchObject({ responses: ['responses/*.csv'], header_row: { 'responses/field.csv': 1 }, design: { weights: 'Weight' }, region: 'Region' });
    const validated = await cli(['validate', 'draft', '--json']);
    expect(JSON.parse(validated.stdout)).toMatchObject({ errors: 0, rows_read: 40, rows_kept: 40 });
    expect(validated.code).toBe(0);
  });

  it('drafts codes from the value labels of a .sav file, and the variable labels as labels', async () => {
    expect((await cli(['init', 'sav', '--from', path.join(root, 'test/fixtures/sav/apistrat.sav')])).code).toBe(0);
    const codebook = await readCodebook(path.join(dir, 'sav', 'codebook.xlsx'));
    const stype = codebook.find((v) => v.name === 'stype')!;
    expect(stype).toMatchObject({ type: 'single', label: { zh: 'School type', en: 'School type' } });
    expect(stype.codes!.map((c) => [c.code, c.label.en])).toEqual([[1, 'Elementary'], [2, 'Middle'], [3, 'High']]);
    expect(codebook.find((v) => v.name === 'awards')!.codes!.map((c) => c.label.en)).toEqual(['Yes', 'No', '3']);
    expect(codebook.find((v) => v.name === 'comp.imp')!.type).toBe('single');
    expect((await cli(['validate', 'sav'])).code).toBe(0);
  });

  it('refuses a folder that is not empty and a data file that does not exist', async () => {
    expect((await cli(['init', 'draft', '--from', 'field.csv'])).code).toBe(1);
    expect((await cli(['init', 'other', '--from', 'nope.csv'])).code).toBe(2);
  });

  it('on the example responses, validates them and differs from the hand-written codebook only where planted defects are', async () => {
    const files = (await import('node:fs')).readdirSync(path.join(root, 'inputs/heilongjiang-2026/responses')).map((f) => path.join(root, 'inputs/heilongjiang-2026/responses', f));
    expect((await cli(['init', 'example', '--from', ...files])).code).toBe(0);
    const validated = await cli(['validate', 'example', '--json']);
    expect(JSON.parse(validated.stdout)).toMatchObject({ errors: 0, rows_read: 3000, rows_kept: 3000 });
    const hand = await readCodebook(path.join(root, 'inputs/heilongjiang-2026/codebook.xlsx'));
    const draft = await readCodebook(path.join(dir, 'example', 'codebook.xlsx'));
    expect(draft).toHaveLength(hand.length);
    const differences = hand.flatMap((h, k) => {
      const d = draft[k]!;
      const codes = (v: typeof h) => (v.codes ?? []).map((c) => String(c.code)).join(',');
      return h.type !== d.type || codes(h) !== codes(d) ? [`${h.name}: ${h.type} -> ${d.type}${codes(h) !== codes(d) ? ` codes ${codes(d)}` : ''}`] : [];
    });
    expect(differences).toEqual([
      'prefecture: single -> single codes 230000,230100,230200,230300,230400,230500,230600,230700,230800,230900,231000,231100,231200,232700',
      'county: text -> integer',
      'survey_date: date -> text',
      'employees: integer -> text',
      'revenue: number -> text',
      'tech_adopted: multi -> multi codes 1,2,3,4,5,6,7,8,9,10',
      'cloud_use: single -> single codes 1,2,3,4',
      'de_env_3: likert -> single codes 1,2,3,4,5,6',
      // the hand-written codebook makes recruitment difficulty a rating scale; its answers are no agree wording
      'recruit_difficulty: likert -> single',
      'turnover_rate: number -> text',
      'talent_env_2: likert -> single codes 0,1,2,3,4,5',
    ]);
  });
});
