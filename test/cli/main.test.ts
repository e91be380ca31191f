import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli/main.js';
import { defaultStages, type StageSet } from '../../pipeline/run/stages.js';
import { fakeStages, makeFakeSurvey, testEffects } from '../run/fake-stages.js';

/** Runs the CLI in-process; returns the exit code, stderr lines and stdout text. */
async function cli(argv: string[], options: { cwd: string; stages?: StageSet; env?: Record<string, string>; tty?: boolean }) {
  const effects = testEffects(options.cwd, options.env);
  const raw: string[] = [];
  if (options.tty) {
    effects.isTTY = true;
    effects.stderr = (text) => {
      raw.push(text);
    };
  }
  const code = await main(argv, effects, options.stages ?? fakeStages().stages);
  return { code, stderr: effects.lines.join('\n'), stdout: effects.out.join(''), raw: raw.join('') };
}

describe('thinktank --help', () => {
  it('lists every command and the exit codes', async () => {
    const { code, stdout } = await cli(['--help'], { cwd: '/' });
    expect(code).toBe(0);
    for (const command of ['init <dir>', 'validate <source>', 'run [survey]', 'estimate <data>', 'check <survey>']) {
      expect(stdout).toContain(`thinktank ${command}`);
    }
    expect(stdout).toContain('Exit codes: 0 ok, 1 bad input (problems found and reported), 2 usage error, 70 internal error.');
  });

  it.each(['init', 'validate', 'run', 'estimate', 'check'])('shows examples for %s', async (command) => {
    const { code, stdout } = await cli([command, '--help'], { cwd: '/' });
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`Examples:\\n  thinktank ${command} `));
  });

  it('shows the contract flags of estimate', async () => {
    const { stdout } = await cli(['estimate', '--help'], { cwd: '/' });
    for (const flag of ['--sheet', '--weights', '--strata', '--cluster', '--fpc', '--mean', '--total', '--prop', '--quantile', '--by', '--level', '--json']) {
      expect(stdout).toContain(flag);
    }
  });

  it('prints the version', async () => {
    const { code, stdout } = await cli(['--version'], { cwd: '/' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('usage errors exit with 2 and point at --help', () => {
  it.each([
    [[], 'error: give a command: init, validate, run, estimate, check, inspect (or `thinktank help`)'],
    [['frobnicate'], 'error: unknown command "frobnicate"; the commands are init, validate, run, estimate, check, inspect'],
    [['valdiate'], 'error: unknown command "valdiate" (did you mean "validate"?); the commands are init, validate, run, estimate, check, inspect'],
    [['help', 'rnu'], 'error: help: no command "rnu" (did you mean "run"?); the commands are init, validate, run, estimate, check, inspect'],
    [['run', '.', '--colour'], 'error: run: unknown option --colour'],
    [['run', '.', '--regoin', 'harbin'], 'error: run: unknown option --regoin (did you mean --region?)'],
    [['estimate', 'x.csv', '--weigths=w'], 'error: estimate: unknown option --weigths (did you mean --weights?)'],
    [['run', '.', '--only', 'paint'], 'error: --only: expected one of ingest, validate, weight, estimate, chart, report, publish, found "paint"'],
    [['run', '.', '--only', 'validat'], 'error: --only: expected one of ingest, validate, weight, estimate, chart, report, publish, found "validat" (did you mean "validate"?)'],
    [['estimate', 'x.csv', '--ci', 'wilsn'], 'error: --ci: expected one of logit, wilson, beta, found "wilsn" (did you mean "wilson"?)'],
    [['run', '.', '--lang', 'zh,fr'], 'error: --lang: expected languages from zh, en separated by commas, found "zh,fr"'],
    [['run', '.', '--lang', 'zh,ne'], 'error: --lang: expected languages from zh, en separated by commas, found "zh,ne" (did you mean "en"?)'],
    [['init'], 'error: missing argument: the usage is `thinktank init <dir>`'],
    [['run', 'no/such/folder'], 'error: run: no such file or folder: /'],
    [['run', '.', 'extra'], 'error: run: unexpected argument "extra"'],
    [['--verison'], 'error: unknown option --verison (did you mean --version?)'],
    [['--debug', 'valdiate'], 'error: unknown command "valdiate" (did you mean "validate"?)'],
    [['run', '.', '--only'], 'error: --only needs a value'],
    [['estimate', 'x.csv', '--mean'], 'error: --mean needs a value'],
  ])('%j', async (argv, message) => {
    const { root } = await makeFakeSurvey();
    const { code, stderr, stdout } = await cli(argv, { cwd: root });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toMatch(/Run `thinktank (\w+ )?--help` for usage\./);
    expect(stdout).toBe('');
  });

  it('asks for --codebook when validating a data file', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    const { code, stderr } = await cli(['validate', path.join(surveyDir, 'responses', 'a.csv')], { cwd: root });
    expect(code).toBe(2);
    expect(stderr).toContain('validate: a data file needs --codebook CODEBOOK');
  });
});

describe('thinktank run', () => {
  it('runs the survey, reports each stage on stderr and nothing on stdout', async () => {
    const { root } = await makeFakeSurvey();
    const { code, stderr, stdout } = await cli(['run', 'inputs/fake'], { cwd: root });
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^✓ ingest {3}\d+\.\d s {3}2 response files$/m);
    expect(stderr).toMatch(/^✓ report {3}\d+\.\d s {3}8 reports$/m);
    expect(stderr).toMatch(/^ {2}report 8\/8 fake-r\d\.(zh|en)\.pdf$/m);
    const last = stderr.split('\n').at(-1) ?? '';
    expect(last).toMatch(/^done in \d+\.\d s: /);
    expect(last.endsWith(`: ${path.join(root, 'outputs', 'fake')} (8 reports)`)).toBe(true);
    const again = await cli(['run', 'inputs/fake'], { cwd: root });
    expect(again.stderr).toMatch(/^· report {3}cached {2}8 reports$/m);
    expect(again.stderr).not.toMatch(/report 1\/8/);
  });

  it('prints the run summary as JSON on stdout with --json', async () => {
    const { root } = await makeFakeSurvey();
    const { code, stdout } = await cli(['run', 'inputs/fake', '--json', '--only', 'estimate'], { cwd: root });
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { survey: string; partial: boolean; stages: { stage: string }[]; manifest: null };
    expect(summary).toMatchObject({ survey: 'fake', partial: true, manifest: null });
    expect(summary.stages.map((s) => s.stage)).toEqual(['ingest', 'validate', 'weight', 'estimate']);
  });

  it('warns about quarantined rows', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    await writeFile(path.join(surveyDir, 'responses', 'a.csv'), 'id,region,score\n1,r1,x\n2,r1,20\n3,r2,30\n');
    const { code, stderr } = await cli(['run', 'inputs/fake', '--only', 'validate'], { cwd: root });
    expect(code).toBe(0);
    expect(stderr).toContain(`warning: 1 of 6 rows quarantined: see ${path.join(root, 'outputs', 'fake', 'validation', 'issues.xlsx')} and quarantine.xlsx`);
  });

  it('exits with 1 for a bad survey.json, naming each problem, without a stack', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    const file = path.join(surveyDir, 'survey.json');
    const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...config, design: { weights: 3, strat: 'region' } }));
    const { code, stderr, stdout } = await cli(['run', 'inputs/fake', '--json'], { cwd: root });
    expect(code).toBe(1);
    expect(stderr.split('\n')).toEqual([
      'error: survey.json has 2 problems',
      '  survey.json: design.weights: expected string, found 3',
      '  survey.json: design: unknown key "strat" (did you mean "strata"?)',
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ error: { exit_code: 1, message: 'survey.json has 2 problems', issues: [{ column: 'design.weights' }, { column: 'design.strat' }] } });
  });

  it('exits with 70 for an internal error, with the stack only under --debug', async () => {
    const { root } = await makeFakeSurvey();
    const broken = fakeStages().stages;
    broken.weight = async () => {
      throw new TypeError('cannot read properties of undefined');
    };
    const plain = await cli(['run', 'inputs/fake'], { cwd: root, stages: broken });
    expect(plain.code).toBe(70);
    expect(plain.stderr).toContain('error: internal error: cannot read properties of undefined');
    expect(plain.stderr).toContain('Add --debug to see where it happened.');
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await cli(['run', 'inputs/fake', '--debug'], { cwd: root, stages: broken });
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/TypeError: cannot read properties of undefined\n\s+at /);
  });

  it('draws a live progress line on a terminal, and plain lines in CI', async () => {
    const { root } = await makeFakeSurvey();
    const live = await cli(['run', 'inputs/fake'], { cwd: root, tty: true });
    expect(live.code).toBe(0);
    expect(live.raw).toContain('\r\u001b[K');
    expect(live.raw).toMatch(/report 8\/8 fake-r\d\.(zh|en)\.pdf/);
    expect(live.stderr).not.toMatch(/report 8\/8/);
    const ci = await cli(['run', 'inputs/fake', '--force'], { cwd: root, tty: true, env: { CI: 'true' } });
    expect(ci.raw).toBe('');
    expect(ci.stderr).toMatch(/^ {2}report 8\/8 fake-r\d\.(zh|en)\.pdf$/m);
  });

  it('colours only when allowed: NO_COLOR wins, FORCE_COLOR forces', async () => {
    const { root } = await makeFakeSurvey();
    const forced = await cli(['run', 'inputs/fake', '--only', 'ingest'], { cwd: root, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain('\u001b[32m✓\u001b[39m');
    const plain = await cli(['run', 'inputs/fake', '--only', 'ingest'], { cwd: root, tty: true, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(plain.stderr + plain.raw).not.toContain('\u001b[3');
  });
});

describe('thinktank validate', () => {
  it('exits 0 and prints the summary object with --json when there are no errors', async () => {
    const { root } = await makeFakeSurvey();
    const { code, stdout, stderr } = await cli(['validate', 'inputs/fake', '--json'], { cwd: root });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(summary).slice(0, 5)).toEqual(['rows_read', 'rows_kept', 'rows_quarantined', 'rows_blank', 'issues']);
    expect(summary).toMatchObject({ rows_read: 6, rows_kept: 6, rows_quarantined: 0, issues: [] });
  });

  it('exits 1 when errors were found, with a readable summary on stdout (the result) and nothing on stderr', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    await writeFile(path.join(surveyDir, 'responses', 'a.csv'), 'id,region,score\n1,r1,x\n2,r1,20\n3,r2,30\n');
    const { code, stderr, stdout } = await cli(['validate', 'inputs/fake'], { cwd: root });
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain('validation: 6 rows read, 5 kept, 1 quarantined, 0 blank rows skipped; 1 error, no warnings');
    expect(stdout).toContain('  by type: not_a_number 1');
    expect(stdout).toContain('  error: responses/a.csv (score) of 1: expected a number, found "x"');
  });

  it('validates one data file against a codebook, and writes validation/ with --out', async () => {
    const { root } = await makeFakeSurvey();
    const { code, stdout } = await cli(
      ['validate', 'inputs/fake/responses/b.csv', '--codebook', 'inputs/fake/codebook.json', '--json', '--out', 'checked'],
      { cwd: root },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ rows_read: 3, rows_kept: 3 });
    expect(await readFile(path.join(root, 'checked', 'validation', 'summary.json'), 'utf8')).toContain('"rows_read": 3');
  });
});

describe('thinktank validate with unreadable inputs', () => {
  it('exits 1 and still prints the summary shape with --json when the codebook cannot be read', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    await writeFile(path.join(surveyDir, 'codebook.json'), '[not json');
    const stages = { ...fakeStages().stages, readCodebook: defaultStages.readCodebook };
    const { code, stdout, stderr } = await cli(['validate', 'inputs/fake', '--json'], { cwd: root, stages });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: /);
    expect(JSON.parse(stdout)).toMatchObject({ rows_read: 0, rows_kept: 0, errors: 1, issues: [{ code: 'unreadable_input', severity: 'error' }] });
  });
});

describe('thinktank check', () => {
  it('passes when the committed outputs are what a fresh run makes', async () => {
    const { root } = await makeFakeSurvey();
    expect((await cli(['run', 'inputs/fake'], { cwd: root })).code).toBe(0);
    const { code, stdout } = await cli(['check', 'inputs/fake'], { cwd: root });
    expect(code).toBe(0);
    expect(stdout).toBe(`✓ ${path.join(root, 'outputs', 'fake')} is what a fresh run makes (19 files)\n`);
    expect(await readdir(path.join(root, 'outputs'))).toEqual(['fake']);
  });

  it('fails listing differing, missing and extra files', async () => {
    const { root, outDir } = await makeFakeSurvey();
    await cli(['run', 'inputs/fake'], { cwd: root });
    await writeFile(path.join(outDir, 'reports', 'fake-r1.en.pdf'), 'edited by hand');
    await rm(path.join(outDir, 'charts', 'r2-score.zh.svg'));
    await writeFile(path.join(outDir, 'charts', 'stale.svg'), '<svg/>');
    const human = await cli(['check', 'inputs/fake'], { cwd: root });
    expect(human.code).toBe(1);
    expect(human.stdout.split('\n')).toEqual([
      `✗ ${outDir} differs from a fresh run:`,
      '  differs  reports/fake-r1.en.pdf',
      '  missing  charts/r2-score.zh.svg (made by the run, not in the committed folder)',
      '  extra    charts/stale.svg (committed, but no longer made)',
      '',
    ]);
    expect(human.stderr).toContain(`Run \`thinktank run ${path.join(root, 'inputs', 'fake')}\` and commit ${outDir}.`);
    const { code, stdout } = await cli(['check', 'inputs/fake', '--json'], { cwd: root });
    expect(code).toBe(1);
    expect(await readdir(path.join(root, 'outputs'))).toEqual(['fake']);
    expect(JSON.parse(stdout)).toMatchObject({
      ok: false,
      differing: ['reports/fake-r1.en.pdf'],
      missing: ['charts/r2-score.zh.svg'],
      extra: ['charts/stale.svg'],
    });
  });
});
