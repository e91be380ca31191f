import { describe, expect, it } from 'vitest';
import { chartSurvey } from '../../pipeline/chart/chart-survey.js';
import { sceneOverlaps } from '../helpers/scene-overlaps.js';
import { codebook, config, estimates, previous } from './fixtures.js';

describe('chart labels, from the bounds of Vega\'s scenegraph', () => {
  it('finds two texts drawn over each other, and a label crossed by a line', async () => {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 200,
      height: 40,
      data: { values: [{ x: 1, t: 'AAAA' }, { x: 1.02, t: 'BBBB' }] },
      layer: [
        { mark: { type: 'text' }, encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 2] } }, text: { field: 't' } } },
        { mark: { type: 'rule', strokeDash: [4, 3] }, encoding: { x: { datum: 1, type: 'quantitative' } } },
      ],
    };
    const found = await sceneOverlaps(spec);
    expect(found).toContain('"AAAA" (mark) overlaps "BBBB" (mark)');
    expect(found).toContain('"AAAA" is crossed by a reference line');
  });

  it('draws every figure of the fixture survey (province and one region, both languages) without a collision', async () => {
    const regions = codebook.find((v) => v.name === config.region)?.codes?.map((c) => String(c.code)) ?? [];
    const figures = await chartSurvey(estimates, codebook, config, { scopes: ['province', ...regions.slice(0, 1)], langs: ['zh', 'en'], previous });
    expect(figures.length).toBeGreaterThan(25);
    const found: string[] = [];
    for (const f of figures) for (const p of await sceneOverlaps(f.spec)) found.push(`${f.id}: ${p}`);
    expect(found).toEqual([]);
  }, 120_000);
});
