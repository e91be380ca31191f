import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli/main.js';
import { isInOutputs, outputDir } from '../../pipeline/run/output-dir.js';
import { fakeStages, makeFakeSurvey, testEffects } from '../run/fake-stages.js';
import { makeTempDir } from '../run/temp-dirs.js';

describe('outputs beside the survey', () => {
  it('go to <survey>/outputs from any folder, or where survey.json "outputs" or --out say', () => {
    expect(outputDir('/s/demo', {}, { cwd: '/elsewhere' })).toBe('/s/demo/outputs');
    expect(outputDir('/s/demo', { outputs: '../../outputs/demo' }, { cwd: '/elsewhere' })).toBe('/outputs/demo');
    expect(outputDir('/s/demo', { outputs: 'out' }, { cwd: '/elsewhere', out: 'x' })).toBe('/elsewhere/x');
  });

  it('are never read as responses, even by a ** pattern', () => {
    expect(isInOutputs('outputs/tables/estimates.xlsx', {})).toBe(true);
    expect(isInOutputs('responses/outputs.xlsx', {})).toBe(false);
    expect(isInOutputs('results/a.xlsx', { outputs: './results/' })).toBe(true);
    expect(isInOutputs('outputs/a.xlsx', { outputs: '../../outputs/x' })).toBe(false);
  });

  it('run from another folder writes into the survey folder, and a second run does not take its outputs for inputs', async () => {
    const { surveyDir } = await makeFakeSurvey({ outputs: undefined, responses: ['**/*.csv'] });
    const elsewhere = await makeTempDir('elsewhere');
    const rel = path.relative(elsewhere, surveyDir);
    const effects = testEffects(elsewhere);
    expect(await main(['run', rel, '--json'], effects, fakeStages().stages)).toBe(0);
    expect(JSON.parse(effects.out.join(''))).toMatchObject({ outDir: path.join(surveyDir, 'outputs') });
    await mkdir(path.join(surveyDir, 'outputs', 'tables'), { recursive: true });
    await writeFile(path.join(surveyDir, 'outputs', 'tables', 'estimates.csv'), 'x\n1\n');
    expect(await main(['run', rel], testEffects(elsewhere), fakeStages().stages)).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(surveyDir, 'outputs', 'manifest.json'), 'utf8')) as { inputs: { path: string }[] };
    expect(manifest.inputs.map((f) => f.path)).toEqual(['codebook.json', 'responses/a.csv', 'responses/b.csv', 'survey.json']);
  });
});
