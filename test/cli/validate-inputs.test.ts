import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli/main.js';
import { fakeStages, makeFakeSurvey, testEffects } from '../run/fake-stages.js';

async function cli(argv: string[], cwd: string) {
  const effects = testEffects(cwd);
  const code = await main(argv, effects, fakeStages().stages);
  return { code, stderr: effects.lines.join('\n'), stdout: effects.out.join('') };
}

/** A fake survey calibrated on region (codes r1-r3) with the given margins.csv and design. */
async function calibratedSurvey(margins: string, design: Record<string, string> = {}) {
  const survey = await makeFakeSurvey({ calibration: { method: 'rake', variables: ['region'] }, design });
  const codes = ['r1', 'r2', 'r3'].map((code) => ({ code, label: { zh: code, en: code } }));
  await writeFile(path.join(survey.surveyDir, 'codebook.json'), JSON.stringify([{ name: 'region', codes }, { name: 'score' }, { name: 'w' }]));
  await writeFile(path.join(survey.surveyDir, 'margins.csv'), margins);
  return survey;
}

describe('validate checks survey.json and margins.csv too, not only the responses', () => {
  it('passes a survey whose survey.json and margins.csv agree with the codebook', async () => {
    const { root } = await calibratedSurvey('region,count\nr1,10\nr2,20\nr3,30\n', { weights: 'w' });
    const { code, stdout } = await cli(['validate', 'inputs/fake', '--json'], root);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ errors: 0, issues: [] });
  });

  it('names a margins.csv code the codebook does not know, with its line number, and exits 1', async () => {
    const { root } = await calibratedSurvey('region,count\nr1,10\nr2,20\n\nr9,30\n');
    const { code, stdout } = await cli(['validate', 'inputs/fake'], root);
    expect(code).toBe(1);
    expect(stdout).toContain('  error: margins.csv line 5 (region): expected one of the codes r1, r2, r3, found "r9"');
    const json = await cli(['validate', 'inputs/fake', '--json'], root);
    expect(JSON.parse(json.stdout)).toMatchObject({ errors: 1, issues: [{ file: 'margins.csv', row: 5, column: 'region', code: 'margins_unknown_code' }] });
  });

  it('names a margins.csv line that does not parse', async () => {
    const { root } = await calibratedSurvey('region,count\nr1,10\nr2,lots\n');
    const { code, stdout } = await cli(['validate', 'inputs/fake'], root);
    expect(code).toBe(1);
    expect(stdout).toContain('  error: margins.csv line 3: expected a population count >= 0, found "lots"');
  });

  it('names a survey.json variable that is not in the codebook, with the nearest', async () => {
    const { root } = await calibratedSurvey('region,count\nr1,10\nr2,20\nr3,30\n', { weights: 'ww' });
    const { code, stdout } = await cli(['validate', 'inputs/fake'], root);
    expect(code).toBe(1);
    expect(stdout).toContain('  error: survey.json: design.weights: expected a variable named in sheet "variables", found "ww" (did you mean "w"?)');
  });

  it('says where the issues past the first ten are: the workbook by its absolute path with --out, else how to get them', async () => {
    const bad = Array.from({ length: 12 }, (_, i) => `r${i + 10},${i}`).join('\n');
    const { root } = await calibratedSurvey(`region,count\nr1,10\n${bad}\n`);
    const plain = await cli(['validate', 'inputs/fake'], root);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('  … and 2 more: --out DIR writes every issue to DIR/validation/issues.xlsx, --json prints them');
    const out = await cli(['validate', 'inputs/fake', '--out', 'checked'], root);
    expect(out.stdout).toContain(`  … and 2 more in ${path.join(root, 'checked', 'validation', 'issues.xlsx')}`);
    expect(path.isAbsolute(path.join(root, 'checked'))).toBe(true);
  });

  it('run stops before weighting on the same problem, with the line number', async () => {
    const { root } = await calibratedSurvey('region,count\nr1,10\nr2,20\nr9,30\n');
    const { code, stderr } = await cli(['run', 'inputs/fake'], root);
    expect(code).toBe(1);
    expect(stderr).toContain('error: margins.csv line 4 (region): expected one of the codes r1, r2, r3, found "r9"');
    expect(stderr).not.toMatch(/✓ weight/);
  });
});
