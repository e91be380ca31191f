import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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

  it('finds a whisker that runs past the plot, where the axis would clip its interval', async () => {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 200,
      height: 40,
      data: { values: [{ lo: 0.5, hi: 2.6, y: 'a' }] },
      mark: { type: 'rule' },
      encoding: { x: { field: 'lo', type: 'quantitative', scale: { domain: [0, 2] } }, x2: { field: 'hi' }, y: { field: 'y', type: 'nominal' } },
    };
    expect((await sceneOverlaps(spec)).join('\n')).toMatch(/a whisker runs past the plot/);
    const inside = { ...spec, data: { values: [{ lo: 0.5, hi: 1.6, y: 'a' }] } };
    expect(await sceneOverlaps(inside)).toEqual([]);
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

describe('the example survey’s charts, from their scenegraphs', () => {
  it('have no label over another, no label crossed by a line and no clipped whisker (the province, the largest and the smallest prefecture)', async () => {
    const charts = path.join(import.meta.dirname, '../../outputs/heilongjiang-2026/charts');
    const files = readdirSync(charts).filter((f) => /^(province|230100|232700)-.*\.vl\.json$/.test(f));
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      const spec = JSON.parse(readFileSync(path.join(charts, file), 'utf8')) as Record<string, unknown>;
      for (const p of await sceneOverlaps(spec)) found.push(`${file}: ${p}`);
    }
    expect(found).toEqual([]);
  }, 120_000);
});
