/**
 * Config errors (test/fixtures/hostile/configs/, codebooks/ and symbolic links made here): `thinktank run` over
 * an output folder holding a complete run must exit 1 with a message naming survey.json or the codebook and
 * the key or field at fault, no stack trace, and leave every output file as it was.
 */
import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, expectNoCrash, hashTree, makeSurvey, tempFiles } from './helpers.js';

let previous = '';

beforeAll(async () => {
  const { root, survey } = await makeSurvey();
  previous = path.join(root, 'out');
  // up to the estimates: enough outputs to show they stay untouched, without the slower charts and reports
  const result = await cli(['run', survey, '--out', previous, '--only', 'estimate'], root);
  expect(result.code, result.stderr).toBe(0);
}, 60_000);

/** Runs the survey over a copy of the complete outputs; checks the error is clean and the outputs untouched. */
async function runOverPrevious(root: string, survey: string): Promise<string> {
  const out = path.join(root, 'out');
  await cp(previous, out, { recursive: true });
  const before = await hashTree(out);
  const result = await cli(['run', survey, '--out', out], root);
  expectNoCrash(result);
  expect(result.code, result.stderr).toBe(1);
  expect(await hashTree(out)).toEqual(before);
  expect(await tempFiles(out)).toEqual([]);
  return result.stderr;
}

describe('survey.json errors', () => {
  it.each([
    ['unknown-keys.survey.json', ['error: survey.json has 2 problems', '  survey.json: design: unknown key "strat" (did you mean "strata"?)', '  survey.json: unknown key "respones" (did you mean "responses"?)']],
    [
      'codebook-parent.survey.json',
      ['error: survey.json: codebook: expected a path inside the survey folder, found "../codebook.json"; copy the file into the survey folder and give its relative path'],
    ],
    [
      'responses-absolute.survey.json',
      ['error: survey.json: responses.0: expected a path inside the survey folder, found "/etc/*.csv"; copy the file into the survey folder and give its relative path'],
    ],
    [
      'responses-climb.survey.json',
      ['error: survey.json: responses.0: expected a path inside the survey folder, found "responses/../../*.csv"; copy the file into the survey folder and give its relative path'],
    ],
    [
      'narrative-climb.survey.json',
      ['error: survey.json: narrative: expected a path inside the survey folder, found "../../narrative"; copy the file into the survey folder and give its relative path'],
    ],
  ])('%s', async (config, lines) => {
    const { root, survey } = await makeSurvey({ config: `configs/${config}` });
    const stderr = await runOverPrevious(root, survey);
    expect(stderr.split('\n')).toEqual(lines);
  }, 30_000);
});

describe('symbolic links out of the survey folder', () => {
  /** A file outside the survey folder that a link may point at. */
  async function outsideFile(root: string, name: string, text: string): Promise<string> {
    const dir = path.join(root, 'elsewhere');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, name);
    await writeFile(file, text);
    return file;
  }

  it('refuses a response file that is a link to a file outside', async () => {
    const { root, survey } = await makeSurvey();
    const target = await outsideFile(root, 'secret.csv', 'resp_id,region,employees\nS-1,230100,1\n');
    await symlink(target, path.join(survey, 'responses', 'linked.csv'));
    const stderr = await runOverPrevious(root, survey);
    expect(stderr).toBe(
      `error: survey.json: responses: responses/linked.csv is a symbolic link (to ${target}, outside the survey folder); thinktank reads only real files inside the survey folder: copy the files in instead of linking them`,
    );
  }, 30_000);

  it('refuses a responses folder that is a link to a folder outside', async () => {
    const { root, survey } = await makeSurvey();
    const target = path.dirname(await outsideFile(root, 'a.csv', 'resp_id,region,employees\nS-1,230100,1\n'));
    await rm(path.join(survey, 'responses'), { recursive: true });
    await symlink(target, path.join(survey, 'responses'));
    const stderr = await runOverPrevious(root, survey);
    expect(stderr).toContain(`error: survey.json: responses: responses is a symbolic link (to ${target}, outside the survey folder)`);
  }, 30_000);

  it('refuses a codebook that is a link to a file outside', async () => {
    const { root, survey } = await makeSurvey();
    const target = path.join(root, 'elsewhere', 'codebook.json');
    await mkdir(path.dirname(target), { recursive: true });
    await cp(path.join(survey, 'codebook.json'), target);
    await rm(path.join(survey, 'codebook.json'));
    await symlink(target, path.join(survey, 'codebook.json'));
    const stderr = await runOverPrevious(root, survey);
    expect(stderr).toBe(
      `error: survey.json: codebook: "codebook.json" is a symbolic link to ${target}, outside the survey folder; copy it into the survey folder instead of linking it`,
    );
  }, 30_000);

  it('refuses a narrative text that is a link (it would copy any file into the reports)', async () => {
    const { root, survey } = await makeSurvey();
    const target = await outsideFile(root, 'passwd', 'root:x:0:0:root:/root:/bin/bash\n');
    await mkdir(path.join(survey, 'narrative'));
    await symlink(target, path.join(survey, 'narrative', 'summary.en.md'));
    const stderr = await runOverPrevious(root, survey);
    expect(stderr).toBe(
      `error: ${path.join(survey, 'narrative', 'summary.en.md')}: the narrative file is a symbolic link; thinktank reads only real files inside the survey folder: copy the file in instead`,
    );
  }, 30_000);
});

describe('a codebook that contradicts itself', () => {
  it.each([
    ['duplicate-names.codebook.json', '  codebook.json ([3].name): expected a variable name used once, found "employees"'],
    ['min-above-max.codebook.json', '  codebook.json ([2].min): expected min <= max (10), found "100"'],
    ['skip-unknown.codebook.json', '  codebook.json ([3].skip_if): expected names of codebook variables, found "revenue"'],
  ])('%s', async (codebook, line) => {
    const { root, survey } = await makeSurvey({ codebook: `codebooks/${codebook}` });
    const stderr = await runOverPrevious(root, survey);
    expect(stderr.split('\n')).toEqual(['error: codebook.json: the codebook has 1 problem; fix it and run again', line]);
  }, 30_000);
});
