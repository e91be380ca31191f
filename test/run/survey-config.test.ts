import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../pipeline/errors.js';
import { runDate } from '../../pipeline/run/fixed-date.js';
import { parseSurveyConfig, readSurveyConfig, resolveInside } from '../../pipeline/run/read-survey-config.js';
import { jsonSchemaTargets, renderJsonSchema } from '../../schemas/generate-json-schemas.js';
import { makeTempDir } from './temp-dirs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const base = { id: 'x-2026', title: { zh: '甲', en: 'A' }, issuer: { zh: '乙', en: 'B' }, date: '2026-10-15', region: 'prefecture' };
const messages = (config: unknown) => {
  const checked = parseSurveyConfig(typeof config === 'string' ? config : JSON.stringify(config));
  return checked.ok ? [] : checked.issues.map((issue) => issue.message);
};

describe('parseSurveyConfig', () => {
  it('fills in the defaults of a minimal survey.json', () => {
    const checked = parseSurveyConfig(JSON.stringify(base));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.responses).toEqual(['responses/*.xlsx']);
    expect(checked.value.reports.languages).toEqual(['zh', 'en']);
  });

  it('names the key path, what was expected and what was found', () => {
    expect(messages({ ...base, design: { weights: 3 } })).toEqual(['survey.json: design.weights: expected string, found 3']);
    expect(messages({ ...base, id: 'My Survey' })).toEqual([
      'survey.json: id: expected lower-case letters, digits and -, found "My Survey"',
    ]);
    expect(messages({ ...base, reports: { languages: ['zh', 'fr'] } })).toEqual([
      'survey.json: reports.languages.1: expected one of "zh", "en", found "fr"',
    ]);
    expect(messages({ ...base, region: undefined })).toEqual(['survey.json: region: expected string, found nothing']);
    expect(messages({ ...base, analysis: { level: 95 } })).toEqual(['survey.json: analysis.level: expected number to be <1, found 95']);
  });

  it('refuses unknown keys and suggests the nearest known one', () => {
    expect(messages({ ...base, design: { weight: 'w' } })).toEqual(['survey.json: design: unknown key "weight" (did you mean "weights"?)']);
    expect(messages({ ...base, Title: 'x' })).toEqual(['survey.json: unknown key "Title" (did you mean "title"?)']);
    expect(messages({ ...base, calibration: { method: 'rake', variables: ['a'], zzz: 1 } })[0]).toMatch(
      /^survey\.json: calibration: unknown key "zzz" \(known keys: method, margins, variables, /,
    );
  });

  it('refuses paths that leave the survey folder', () => {
    expect(messages({ ...base, codebook: '../shared/codebook.xlsx', responses: ['/data/*.xlsx', 'responses/*.xlsx'] })).toEqual([
      'survey.json: codebook: expected a path inside the survey folder, found "../shared/codebook.xlsx"; copy the file into the survey folder and give its relative path',
      'survey.json: responses.0: expected a path inside the survey folder, found "/data/*.xlsx"; copy the file into the survey folder and give its relative path',
    ]);
    expect(resolveInside('/s', 'a/../b.xlsx')).toBe(path.resolve('/s/b.xlsx'));
    expect(resolveInside('/s', '..')).toBeNull();
    expect(resolveInside('/s', '..data/x.csv')).toBe(path.resolve('/s/..data/x.csv'));
  });

  it('points at the line and column of a JSON syntax error', () => {
    expect(messages('{\n  "id": "x",\n  "date": 2026-10-15\n}')).toEqual([
      expect.stringMatching(/^survey\.json: not valid JSON at line 3, column \d+: /),
    ]);
  });
});

describe('readSurveyConfig', () => {
  it('throws an InputError with every issue, or one naming the folder when there is no survey.json', async () => {
    const dir = await makeTempDir('config');
    await expect(readSurveyConfig(dir)).rejects.toThrow(/no survey\.json here/);
    await writeFile(path.join(dir, 'survey.json'), JSON.stringify({ ...base, id: 3, design: { weight: 'w' } }));
    const error = await readSurveyConfig(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('survey.json has 2 problems');
    expect((error as InputError).issues.map((i) => i.column)).toEqual(['id', 'design.weight']);
  });

  it('reads the example survey', async () => {
    const config = await readSurveyConfig(path.join(root, 'inputs', 'heilongjiang-2026'));
    expect(config.id).toBe('heilongjiang-2026');
  });
});

describe('runDate', () => {
  it('is the survey date at 00:00 UTC, or SOURCE_DATE_EPOCH when set', () => {
    expect(runDate({ date: '2026-10-15' }, {}).toISOString()).toBe('2026-10-15T00:00:00.000Z');
    expect(runDate({ date: '2026-10-15' }, { SOURCE_DATE_EPOCH: '1700000000' }).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(() => runDate({ date: '2026-10-15' }, { SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(UsageError);
  });
});

describe('JSON Schemas', () => {
  it('are up to date with the zod schemas (run schemas/generate-json-schemas.ts)', async () => {
    for (const entry of jsonSchemaTargets) {
      expect(await readFile(path.join(root, 'schemas', entry.file), 'utf8')).toBe(renderJsonSchema(entry));
    }
  });

  it('let the example survey.json point at the survey schema', async () => {
    const text = await readFile(path.join(root, 'inputs', 'heilongjiang-2026', 'survey.json'), 'utf8');
    const ref = (JSON.parse(text) as { $schema: string }).$schema;
    const schema = JSON.parse(await readFile(path.resolve(root, 'inputs', 'heilongjiang-2026', ref), 'utf8')) as { title: string; required: string[] };
    expect(schema.title).toBe('thinktank survey project');
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'title', 'issuer', 'date', 'region']));
    expect(schema.required).not.toContain('responses');
  });
});
