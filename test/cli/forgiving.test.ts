import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli/main.js';
import type { StageSet } from '../../pipeline/run/stages.js';
import { fakeStages, makeFakeSurvey, testEffects } from '../run/fake-stages.js';
import { makeTempDir } from '../run/temp-dirs.js';

/** Runs the CLI in-process; returns the exit code, stderr lines and stdout text. */
async function cli(argv: string[], options: { cwd: string; stages?: StageSet; columns?: number }) {
  const effects = testEffects(options.cwd);
  if (options.columns !== undefined) effects.stdoutColumns = options.columns;
  const code = await main(argv, effects, options.stages ?? fakeStages().stages);
  return { code, stderr: effects.lines.join('\n'), stdout: effects.out.join('') };
}

/** A fake survey whose codebook names the regions r1-r3 as prefectures, in Chinese and English. */
async function surveyWithRegionNames() {
  const survey = await makeFakeSurvey();
  const codes = [
    { code: 'r1', label: { zh: '哈尔滨市', en: 'Harbin' } },
    { code: 'r2', label: { zh: '齐齐哈尔市', en: 'Qiqihar' } },
    { code: 'r3', label: { zh: '大兴安岭地区', en: 'Da Hinggan Ling' } },
  ];
  await writeFile(path.join(survey.surveyDir, 'codebook.json'), JSON.stringify([{ name: 'region', codes }, { name: 'score' }]));
  return survey;
}

describe('help', () => {
  it('`thinktank help` is `thinktank --help`, and `thinktank help run` is `thinktank run --help`', async () => {
    const top = await cli(['--help'], { cwd: '/' });
    expect(await cli(['help'], { cwd: '/' })).toEqual(top);
    const run = await cli(['run', '--help'], { cwd: '/' });
    expect(run.stdout).toContain('--region');
    expect(await cli(['help', 'run'], { cwd: '/' })).toEqual(run);
  });

  it('does not wrap without a terminal, so every example is whole on its line', async () => {
    const { stdout } = await cli(['estimate', '--help'], { cwd: '/' });
    expect(stdout).toMatch(/^ {2}thinktank estimate data\.xlsx --weights weight --cluster county --prop sector --by region +shares by region$/m);
    const narrow = await cli(['estimate', '--help'], { cwd: '/', columns: 60 });
    expect(Math.max(...narrow.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(60);
  });
});

describe('choices without regard to case', () => {
  it('takes --only VALIDATE and --lang ZH,En', async () => {
    const { root } = await makeFakeSurvey();
    const { code, stdout } = await cli(['run', 'inputs/fake', '--only', 'VALIDATE', '--json'], { cwd: root });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { stages: { stage: string }[] }).stages.map((s) => s.stage)).toEqual(['ingest', 'validate']);
    const langs = await cli(['run', 'inputs/fake', '--lang', 'ZH', '--json'], { cwd: root });
    expect(langs.code).toBe(0);
    const reports = (JSON.parse(langs.stdout) as { reports: string[] }).reports;
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((r) => r.endsWith('.zh.pdf'))).toBe(true);
  });
});

describe('--region by code, Chinese or English name', () => {
  it.each([['r1'], ['harbin'], ['HARBIN'], ['哈尔滨市'], ['哈尔滨'], ['da hinggan ling']])('--region %s', async (given) => {
    const { root } = await surveyWithRegionNames();
    const { code, stdout } = await cli(['run', 'inputs/fake', '--region', given, '--json'], { cwd: root });
    expect(code).toBe(0);
    const reports = (JSON.parse(stdout) as { reports: string[] }).reports;
    const expected = given === 'da hinggan ling' ? 'r3' : 'r1';
    expect(reports.sort()).toEqual([`reports/fake-${expected}.en.pdf`, `reports/fake-${expected}.zh.pdf`]);
  });

  it('refuses an unknown region before any stage runs, naming the nearest', async () => {
    const { root } = await surveyWithRegionNames();
    const { stages, calls } = fakeStages();
    const { code, stderr } = await cli(['run', 'inputs/fake', '--region', 'Harbni'], { cwd: root, stages });
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(
      'error: --region: no region "Harbni" in the codebook (did you mean "r1 哈尔滨市 Harbin"?); give a code, the Chinese or the English name: ' +
        'province, r1 哈尔滨市 Harbin, r2 齐齐哈尔市 Qiqihar, r3 大兴安岭地区 Da Hinggan Ling',
    );
    expect(calls.ingestSurvey).toBeUndefined();
  });
});

describe('results on stdout, messages on stderr', () => {
  it('estimate prints its table on stdout, so `estimate ... > table.txt` keeps it', async () => {
    const dir = await makeTempDir('estimate');
    await writeFile(path.join(dir, 'data.csv'), 'x,w\n1,1\n2,1\n3,2\n');
    const { code, stdout, stderr } = await cli(['estimate', 'data.csv', '--weights', 'w', '--mean', 'x'], { cwd: dir });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/x/);
    expect(stdout).toMatch(/2\.25/);
  }, 30_000);

  it('init lists the files it made on stdout, as absolute paths, and what to do next on stderr', async () => {
    const dir = await makeTempDir('init');
    const { code, stdout, stderr } = await cli(['init', 'my-survey'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout.split('\n')).toContain(path.join(dir, 'my-survey', 'survey.json'));
    expect(stderr).toContain(`the outputs go to ${path.join(dir, 'my-survey', 'outputs')}${path.sep}`);
  }, 30_000);
});

describe('no flag silently ignored', () => {
  it.each([
    [['estimate', 'data.csv', '--sheet', 'Sheet1', '--mean', 'x']],
    [['validate', 'data.csv', '--codebook', 'codebook.json', '--sheet', 'Sheet1']],
  ])('%j: --sheet with a CSV file is a usage error', async (argv) => {
    const dir = await makeTempDir('sheet');
    await writeFile(path.join(dir, 'data.csv'), 'x\n1\n');
    await writeFile(path.join(dir, 'codebook.json'), '[]');
    const { code, stderr } = await cli(argv, { cwd: dir });
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('error: --sheet: data.csv is a CSV file, which has no sheets; leave out --sheet');
  });
});
