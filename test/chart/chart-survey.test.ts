import { describe, expect, it } from 'vitest';
import { Figure } from '../../schemas/figure.js';
import { chartSurvey } from '../../pipeline/chart/chart-survey.js';
import { planFigures } from '../../pipeline/chart/plan-figures.js';
import { codebook, config, estimates, previous } from './fixtures.js';

describe('chartSurvey', () => {
  it('makes figures for each scope and language that satisfy the Figure schema, with unique file-safe ids', async () => {
    const figures = await chartSurvey(estimates, codebook, config, { scopes: ['province', '230100'], langs: ['zh', 'en'], previous });
    for (const figure of figures) expect(Figure.safeParse(figure).success).toBe(true);
    const ids = figures.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(figures.filter((f) => f.scope === 'province' && f.lang === 'zh').map((f) => f.id)).toMatchInlineSnapshot(`
      [
        "province-recruit_difficulty-bars-zh",
        "province-main_obstacle-bars-zh",
        "province-recruit_difficulty-regions-zh",
        "province-talent-trend-zh",
        "province-support_needs-multi-zh",
        "province-business_env-likert-zh",
        "province-env_fair-regions-zh",
        "province-rd_active-bars-zh",
        "province-rd_active-regions-zh",
        "province-innovation-trend-zh",
        "province-employees-numeric-zh",
        "province-revenue-numeric-zh",
      ]
    `);
    expect(figures.filter((f) => f.scope === '230100' && f.lang === 'en').map((f) => f.id)).toMatchInlineSnapshot(`
      [
        "230100-recruit_difficulty-bars-en",
        "230100-main_obstacle-bars-en",
        "230100-recruit_difficulty-regions-en",
        "230100-talent-trend-en",
        "230100-support_needs-multi-en",
        "230100-business_env-likert-en",
        "230100-env_fair-regions-en",
        "230100-rd_active-bars-en",
        "230100-rd_active-regions-en",
        "230100-innovation-trend-en",
      ]
    `);
    for (const figure of figures) {
      expect(figure.width).toBeLessThanOrEqual(470);
      // the title is no drawn text but the SVG's accessible name, right after the opening tag, and the alt text its description
      expect(figure.svg).toMatch(/^<svg[^>]*><title>[^<]+<\/title><desc>[^<]+<\/desc>/);
      expect(figure.svg).toContain(`<title>${figure.title.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}</title>`);
      expect(figure.svg).not.toMatch(new RegExp(`<text[^>]*>${figure.title.slice(0, 4).replace(/[()]/g, '.')}`));
      expect(figure.svg).not.toContain('n = ');
      expect(figure.source).toBe(figure.lang === 'zh' ? '资料来源：省发展研究中心，黑龙江省企业发展调查（2026年3月31日）。' : 'Source: Provincial Development Research Centre, Heilongjiang Enterprise Survey (31 March 2026).');
    }
  }, 60_000);

  it('leaves out change figures without a previous wave, and cross-tabs (the report sets them as tables)', async () => {
    const figures = await chartSurvey(estimates, codebook, config, { scopes: ['province', '232700'], langs: ['en'] });
    expect(figures.some((f) => f.kind === 'trend')).toBe(false);
    expect(figures.some((f) => f.kind === 'heatmap')).toBe(false);
  }, 60_000);

  it('flags the figures of a low-base region and draws its marks faded and dashed', async () => {
    const figures = await chartSurvey(estimates, codebook, config, { scopes: ['232700'], langs: ['zh'] });
    const bars = figures.find((f) => f.id === '232700-recruit_difficulty-bars-zh');
    expect(bars?.low_base).toBe(true);
    expect(bars?.note).toBe('误差线为95%置信区间。浅色、虚线框的数值按发布标准精度较低（有效样本少、自由度少或置信区间宽），解读时须谨慎。');
    expect(bars?.svg).toMatch(/opacity="0\.35"/);
    expect(bars?.svg).toMatch(/stroke-dasharray="3,2"/);
    const province = await chartSurvey(estimates, codebook, config, { scopes: ['province'], langs: ['zh'] });
    expect(province.find((f) => f.id === 'province-recruit_difficulty-bars-zh')?.low_base).toBe(false);
  }, 60_000);

  it('never writes a dash pattern a PDF cannot draw (a zero or missing length)', async () => {
    const figures = await chartSurvey(estimates, codebook, config, { scopes: ['province', '232700'], langs: ['zh'], previous });
    for (const figure of figures) {
      for (const m of figure.svg.matchAll(/stroke-dasharray="([^"]*)"/g)) {
        for (const length of (m[1] ?? '').split(/[ ,]+/)) expect(Number(length)).toBeGreaterThan(0);
      }
    }
  }, 60_000);

  it('rejects a scope that is neither "province" nor a region code', async () => {
    await expect(chartSurvey(estimates, codebook, config, { scopes: ['999999'], langs: ['zh'] })).rejects.toThrow(/999999/);
  });
});

describe('planFigures', () => {
  it('gives the province one figure per question or battery by theme, a regional comparison and changes per theme', () => {
    const plan = planFigures(estimates, codebook, config, 'province', true);
    expect(plan.map((p) => `${p.theme}:${p.kind}:${'variable' in p ? p.variable : 'group' in p ? p.group : 'indicator' in p ? p.indicator.variable : p.indicators.length}`)).toMatchInlineSnapshot(`
      [
        "talent:bars:recruit_difficulty",
        "talent:bars:main_obstacle",
        "talent:regions:recruit_difficulty",
        "talent:trend:2",
        "policy:multi:support_needs",
        "policy:likert:business_env",
        "policy:regions:env_fair",
        "policy:trend:3",
        "innovation:bars:rd_active",
        "innovation:regions:rd_active",
        "innovation:trend:1",
        "profile:numeric:employees",
        "profile:numeric:revenue",
        "profile:trend:2",
      ]
    `);
  });

  it('does not chart ids, text, the region, design or calibration variables', () => {
    const charted = planFigures(estimates, codebook, config, 'province', false).flatMap((p) => ('variable' in p ? [p.variable] : []));
    for (const name of ['firm_id', 'remarks', 'prefecture', 'sector']) expect(charted).not.toContain(name);
  });
});
