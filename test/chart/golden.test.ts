import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../schemas/common.js';
import { buildBarsSpec } from '../../pipeline/chart/build-bars-spec.js';
import { buildHeatmapSpec } from '../../pipeline/chart/build-heatmap-spec.js';
import { buildLikertSpec } from '../../pipeline/chart/build-likert-spec.js';
import { buildMultiSpec } from '../../pipeline/chart/build-multi-spec.js';
import { buildNumericSpec } from '../../pipeline/chart/build-numeric-spec.js';
import { buildRegionsSpec } from '../../pipeline/chart/build-regions-spec.js';
import { buildTrendSpec } from '../../pipeline/chart/build-trend-spec.js';
import type { ChartInput, ChartSpec } from '../../pipeline/chart/chart-input.js';
import { renderSvg } from '../../pipeline/chart/render-svg.js';
import { stableStringify } from '../../pipeline/chart/stable-json.js';
import { codebook, config, estimates, previous } from './fixtures.js';

const goldenDir = fileURLToPath(new URL('../golden/chart/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

const input = (scope: string, lang: Lang): ChartInput => ({ estimates, codebook, config, lang, scope, previous });
const recruitYes = { statistic: 'prop', variable: 'recruit_difficulty', level: '1' } as const;
const trendIndicators = [recruitYes, { statistic: 'prop', variable: 'rd_active', level: '1' }, { statistic: 'mean', variable: 'employees', level: null }] as const;

/** One golden spec per figure kind, in the province and a regional report, Chinese and English. */
const cases: [string, () => ChartSpec | null][] = [
  ['bars-province-zh', () => buildBarsSpec(input('province', 'zh'), 'main_obstacle')],
  ['bars-230100-en', () => buildBarsSpec(input('230100', 'en'), 'main_obstacle')],
  ['bars-232700-zh', () => buildBarsSpec(input('232700', 'zh'), 'recruit_difficulty')],
  ['multi-province-en', () => buildMultiSpec(input('province', 'en'), 'support_needs')],
  ['likert-province-zh', () => buildLikertSpec(input('province', 'zh'), 'business_env')],
  ['likert-230100-en', () => buildLikertSpec(input('230100', 'en'), 'business_env')],
  ['numeric-province-zh', () => buildNumericSpec(input('province', 'zh'), 'employees')],
  ['regions-230100-zh', () => buildRegionsSpec(input('230100', 'zh'), recruitYes)],
  ['heatmap-province-en', () => buildHeatmapSpec(input('province', 'en'), 'recruit_difficulty', 'sector')],
  ['trend-province-zh', () => buildTrendSpec(input('province', 'zh'), 'talent', trendIndicators)],
  ['trend-232700-en', () => buildTrendSpec(input('232700', 'en'), 'talent', trendIndicators)],
];

describe('chart specs match their golden files (UPDATE_GOLDEN=1 rewrites them)', () => {
  for (const [name, build] of cases) {
    it(`${name}.vl.json has the same content`, async () => {
      const chart = build();
      expect(chart).not.toBeNull();
      const spec = JSON.parse(JSON.stringify((chart as ChartSpec).spec)) as unknown;
      const file = path.join(goldenDir, `${name}.vl.json`);
      if (update || !existsSync(file)) {
        if (!update) throw new Error(`no golden file ${file}: run with UPDATE_GOLDEN=1`);
        await mkdir(goldenDir, { recursive: true });
        await writeFile(file, stableStringify(spec));
      }
      expect(spec).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    });

    it(`${name} renders without any Vega or Vega-Lite warning`, async () => {
      const chart = build() as ChartSpec;
      const rendered = await renderSvg(chart.spec);
      expect(rendered.width).toBeLessThanOrEqual(470);
      expect(rendered.svg.startsWith('<svg')).toBe(true);
    }, 20_000);
  }
});
