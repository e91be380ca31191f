import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Manifest } from '../../schemas/manifest.js';
import { main } from '../../pipeline/cli/main.js';
import { testEffects } from '../run/fake-stages.js';
import { makeTempDir } from '../run/temp-dirs.js';

/**
 * The whole tool with the real stages, on the survey `thinktank init` writes: init, run (cold), run again
 * (everything from the cache), a narrative edit (only the reports of that language again), check. Slow (it renders every report once), so it is one test.
 */
describe('init, then run on the scaffold with the real stages', () => {
  it('runs as it is, is served from the cache the second time, and passes check', async () => {
    const root = await makeTempDir('e2e');
    const cli = async (...argv: string[]) => {
      const effects = testEffects(root);
      const code = await main(argv, effects);
      return { code, stderr: effects.lines.join('\n'), stdout: effects.out.join('') };
    };
    expect((await cli('init', 'demo')).code).toBe(0);

    const cold = await cli('run', 'demo', '--json');
    expect(cold.stderr).not.toMatch(/^error/m);
    expect(cold.code).toBe(0);
    const first = JSON.parse(cold.stdout) as { outDir: string; reports: string[]; stages: { stage: string; status: string }[] };
    // beside the survey, in the scaffold's outputs/ folder
    expect(first.outDir).toBe(path.join(root, 'demo', 'outputs'));
    expect(first.reports).toEqual(
      ['province', 'north', 'central', 'south'].flatMap((scope) => ['zh', 'en'].map((lang) => `reports/demo-${scope}.${lang}.pdf`)),
    );
    const manifest = Manifest.parse(JSON.parse(await readFile(path.join(first.outDir, 'manifest.json'), 'utf8')));
    expect(manifest.inputs.map((f) => f.path)).toEqual([
      'codebook.xlsx',
      'margins.csv',
      'narrative/business.en.md',
      'narrative/business.zh.md',
      'narrative/recommendations.en.md',
      'narrative/recommendations.zh.md',
      'responses/responses.xlsx',
      'survey.json',
    ]);
    for (const prefix of ['validation/', 'tables/', 'charts/', 'reports/']) {
      expect(manifest.outputs.some((f) => f.path.startsWith(prefix))).toBe(true);
    }

    const warm = await cli('run', 'demo', '--json');
    expect(warm.code).toBe(0);
    const second = JSON.parse(warm.stdout) as { ms: number; stages: { stage: string; status: string }[] };
    expect(second.stages.filter((s) => s.stage !== 'publish').map((s) => s.status)).toEqual(Array(6).fill('cached'));
    expect(second.ms).toBeLessThan(1500);

    await writeFile(path.join(root, 'demo', 'narrative', 'business.en.md'), 'Business is steady.\n');
    const edited = await cli('run', 'demo', '--json');
    const third = JSON.parse(edited.stdout) as { stages: { stage: string; status: string; ran: number; cached: number }[] };
    expect(third.stages.find((s) => s.stage === 'chart')?.status).toBe('cached');
    expect(third.stages.find((s) => s.stage === 'report')).toMatchObject({ status: 'partly cached', ran: 4, cached: 4 });

    const check = await cli('check', 'demo');
    expect(check.stdout.startsWith(`✓ ${path.join(root, 'demo', 'outputs')} is what a fresh run makes`)).toBe(true);
    expect(check.code).toBe(0);
  }, 300_000);
});
