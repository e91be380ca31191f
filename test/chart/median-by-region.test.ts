import { describe, expect, it } from 'vitest';
import type { Estimate, SurveyEstimates } from '../../schemas/estimates.js';
import { buildNumericSpec } from '../../pipeline/chart/build-numeric-spec.js';
import { displayUnit } from '../../pipeline/chart/display-unit.js';
import { summaryOf } from '../../pipeline/chart/number-summary.js';
import { buildTrendSpec } from '../../pipeline/chart/build-trend-spec.js';
import { questionIndicator } from '../../pipeline/chart/key-indicators.js';
import { codebook, config, estimates, previous } from './fixtures.js';

/**
 * The fixture's estimates with medians added: for every mean of `variable`, a quantile at p = 0.5 of a third of
 * it, with a lopsided (Woodruff-like) interval that stays above zero, and a quantile at p = 0.9 that must not be
 * taken for the median.
 */
function withMedians(variable: string, from: SurveyEstimates = estimates): SurveyEstimates {
  const medians: Estimate[] = from.estimates
    .filter((e) => e.variable === variable && e.statistic === 'mean')
    .flatMap((e) => [
      { ...e, statistic: 'quantile' as const, p: 0.5, estimate: e.estimate / 3, ci_low: e.estimate / 4, ci_high: e.estimate / 2 },
      { ...e, statistic: 'quantile' as const, p: 0.9, estimate: e.estimate * 5, ci_low: e.estimate * 4, ci_high: e.estimate * 6 },
    ]);
  return { ...from, estimates: [...from.estimates, ...medians] };
}

/** The values a dot plot draws: its data rows (`value`, `lo`, `hi`) from the spec. */
function plotted(spec: Record<string, unknown>): { value: number; lo: number | null; hi: number | null }[] {
  const data = (spec['data'] as { values: { value: number; lo: number | null; hi: number | null }[] }).values;
  return data.map((r) => ({ value: r.value, lo: r.lo, hi: r.hi }));
}

describe('regional figures of skewed amounts and counts', () => {
  it('show the median by region with its interval, never the mean, for a count with a unit', () => {
    const chart = buildNumericSpec({ estimates: withMedians('employees'), codebook, config, lang: 'en', scope: 'province' }, 'employees');
    expect(chart?.title).toBe(`${codebook.find((v) => v.name === 'employees')?.label.en}: median by region`);
    const spec = JSON.stringify(chart?.spec);
    expect(spec).toContain('"title":"Median (persons)"');
    expect(spec).not.toContain('Mean');
    const means = estimates.estimates.filter((e) => e.variable === 'employees' && e.statistic === 'mean' && e.domain !== null).map((e) => e.estimate / 3);
    const rows = plotted(chart!.spec);
    expect(rows.map((r) => r.value).sort((a, b) => a - b)).toEqual(means.sort((a, b) => a - b));
    // the medians' intervals, not the means' (which reach below zero for a skewed count)
    for (const r of rows) if (r.lo !== null) expect(r.lo).toBeGreaterThan(0);
    // a median of whole numbers is written whole
    expect(spec).toMatch(/"text":"Province \d+"/);
  });

  it('write money in the unit each language reads: million yuan in English, 万元 in Chinese, values converted', () => {
    const input = { estimates: withMedians('revenue'), codebook, config, scope: 'province' };
    const en = buildNumericSpec({ ...input, lang: 'en' }, 'revenue');
    const zh = buildNumericSpec({ ...input, lang: 'zh' }, 'revenue');
    expect(JSON.stringify(en?.spec)).toContain('"title":"Median (million yuan)"');
    expect(JSON.stringify(zh?.spec)).toContain('"title":"中位数（万元）"');
    expect(zh?.title).toMatch(/：各地区中位数$/);
    const ratio = plotted(en!.spec).map((r, i) => r.value / plotted(zh!.spec)[i]!.value);
    for (const r of ratio) expect(r).toBeCloseTo(0.01, 10);
  });

  it('fall back to the mean when the estimates have no regional medians, and keep the mean for a codebook `summary: mean`', () => {
    const plain = buildNumericSpec({ estimates, codebook, config, lang: 'en', scope: 'province' }, 'employees');
    expect(plain?.title).toMatch(/: mean by region$/);
    const book = codebook.map((v) => (v.name === 'employees' ? { ...v, summary: 'mean' as const } : v));
    const chosen = buildNumericSpec({ estimates: withMedians('employees'), codebook: book, config, lang: 'en', scope: 'province' }, 'employees');
    expect(chosen?.title).toMatch(/: mean by region$/);
  });

  it('choose the median for amounts and counts with a unit other than %, the mean otherwise', () => {
    expect(summaryOf({ unit: { zh: '人', en: 'persons' } })).toBe('median');
    expect(summaryOf({ unit: { zh: '%', en: '%' } })).toBe('mean');
    expect(summaryOf({})).toBe('mean');
    expect(summaryOf({ unit: { zh: '%', en: '%' }, summary: 'median' })).toBe('median');
  });
});

describe('the change since the last wave of a skewed amount', () => {
  const employees = codebook.find((v) => v.name === 'employees')!;
  const panels = (spec: Record<string, unknown>) => [...new Set((spec['data'] as { values: { panel: string; text: string }[] }).values.map((r) => r.panel))];
  const texts = (spec: Record<string, unknown>) => (spec['data'] as { values: { text: string }[] }).values.map((r) => r.text);

  it('compares the medians of both waves, named as medians with their unit, as the text states them', () => {
    const indicator = questionIndicator(employees)!;
    expect(indicator).toEqual({ statistic: 'quantile', variable: 'employees', level: null });
    const input = { estimates: withMedians('employees'), previous: withMedians('employees', previous), codebook, config, lang: 'en' as const, scope: 'province' };
    const chart = buildTrendSpec(input, 'profile', [indicator])!;
    expect(panels(chart.spec)).toEqual([`${employees.label.en}, median (${employees.unit!.en})`]);
    // the plotted values are the medians (a third of each mean in this fixture), not the means
    const mean = estimates.estimates.find((e) => e.variable === 'employees' && e.statistic === 'mean' && e.domain === null)!.estimate;
    expect(texts(chart.spec)).toContain((mean / 3).toFixed(1));
    expect(texts(chart.spec)).not.toContain(mean.toFixed(1));
  });

  it('draws no panel when the last wave has no median to compare with', () => {
    const input = { estimates: withMedians('employees'), previous, codebook, config, lang: 'zh' as const, scope: 'province' };
    expect(buildTrendSpec(input, 'profile', [questionIndicator(employees)!])).toBeNull();
  });

  it('writes money in the unit each language reads', () => {
    const revenue = codebook.find((v) => v.name === 'revenue')!;
    const indicator = { statistic: 'mean' as const, variable: 'revenue', level: null };
    const rows = (from: SurveyEstimates) => ({
      ...from,
      estimates: [...from.estimates, ...from.estimates.filter((e) => e.variable === 'employees' && e.statistic === 'mean').map((e) => ({ ...e, variable: 'revenue', estimate: 1560, se: 40, ci_low: 1480, ci_high: 1640 }))],
    });
    const en = buildTrendSpec({ estimates: rows(estimates), previous: rows(previous), codebook, config, lang: 'en', scope: 'province' }, 'profile', [indicator])!;
    expect(panels(en.spec)).toEqual([`${revenue.label.en}, mean (million yuan)`]);
    expect(texts(en.spec)).toContain('15.6');
    const zh = buildTrendSpec({ estimates: rows(estimates), previous: rows(previous), codebook, config, lang: 'zh', scope: 'province' }, 'profile', [indicator])!;
    expect(panels(zh.spec)).toEqual([`${revenue.label.zh}均值（万元）`]);
  });
});

describe('displayUnit', () => {
  it('writes 万元 as million yuan in English and keeps 万元 in Chinese', () => {
    const wan = { zh: '万元', en: '10,000 yuan' };
    expect(displayUnit(wan, 'en', 1560)).toEqual({ factor: 0.01, unit: 'million yuan' });
    expect(displayUnit(wan, 'zh', 1560)).toEqual({ factor: 1, unit: '万元' });
  });

  it('steps up to 亿元 and billion yuan for large amounts, and down to yuan for small ones', () => {
    const wan = { zh: '万元', en: '10,000 yuan' };
    expect(displayUnit(wan, 'zh', 25_000)).toEqual({ factor: 1e-4, unit: '亿元' });
    expect(displayUnit(wan, 'en', 250_000)).toEqual({ factor: 1e-5, unit: 'billion yuan' });
    expect(displayUnit(wan, 'en', 50)).toEqual({ factor: 0.01, unit: 'million yuan' });
    expect(displayUnit(wan, 'en', 5)).toEqual({ factor: 1e4, unit: 'yuan' });
    expect(displayUnit({ zh: '元', en: 'yuan' }, 'en', 3_400_000)).toEqual({ factor: 1e-6, unit: 'million yuan' });
    expect(displayUnit({ zh: '元', en: 'yuan' }, 'zh', 34_000)).toEqual({ factor: 1e-4, unit: '万元' });
  });

  it('recognises money from either language and leaves other units as the codebook gives them', () => {
    expect(displayUnit({ zh: '万元人民币', en: '10,000 yuan' }, 'en', 1560).unit).toBe('million yuan');
    expect(displayUnit({ zh: '人', en: 'persons' }, 'en', 35)).toEqual({ factor: 1, unit: 'persons' });
    expect(displayUnit({ zh: '%', en: '%' }, 'zh', 7)).toEqual({ factor: 1, unit: '%' });
    expect(displayUnit(undefined, 'en', 7)).toEqual({ factor: 1, unit: null });
  });
});
