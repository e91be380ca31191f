import { describe, expect, it } from 'vitest';
import type { Variable } from '../../schemas/codebook.js';
import { batteryTitle, likertScale } from '../../pipeline/chart/build-likert-spec.js';
import { chartContext, indexEstimates } from '../../pipeline/chart/chart-input.js';
import { figureId, fileSafe } from '../../pipeline/chart/figure-id.js';
import { formatCount, formatNumber, formatPercent, formatPoints, meanDigits } from '../../pipeline/chart/format.js';
import { indicatorLabel, questionIndicator, selectKeyIndicator } from '../../pipeline/chart/key-indicators.js';
import { normalQuantile } from '../../pipeline/chart/normal-quantile.js';
import { buildNumericSpec } from '../../pipeline/chart/build-numeric-spec.js';
import { likertColors, okabeIto } from '../../pipeline/chart/theme.js';
import { codebook, config, estimates } from './fixtures.js';

const likert = (codes: (string | number)[], label = { zh: '题', en: 'Item' }): Variable => ({
  name: 'q',
  type: 'likert',
  label,
  codes: codes.map((code) => ({ code, label: { zh: String(code), en: String(code) } })),
});

describe('Likert scales', () => {
  it('keeps the run of consecutive codes from the smallest and sets aside "don\'t know" codes', () => {
    expect(likertScale(likert([1, 2, 3, 4, 5, 9]))).toEqual({ scale: ['1', '2', '3', '4', '5'], excluded: ['9'] });
    expect(likertScale(likert([0, 1, 2, 3, 99]))).toEqual({ scale: ['0', '1', '2', '3'], excluded: ['99'] });
    expect(likertScale(likert(['a', 'b', 'c']))).toEqual({ scale: ['a', 'b', 'c'], excluded: [] });
  });

  it('takes a battery title from the common prefix of its item labels', () => {
    const items = [likert([1], { zh: '营商环境：公平', en: 'Environment: fair' }), likert([1], { zh: '营商环境：高效', en: 'Environment: efficient' })];
    expect(batteryTitle(items, 'zh', '备用')).toEqual({ title: '营商环境', labels: ['公平', '高效'] });
    expect(batteryTitle(items, 'en', 'fallback')).toEqual({ title: 'Environment', labels: ['fair', 'efficient'] });
    expect(batteryTitle([likert([1], { zh: '甲', en: 'A' }), likert([1], { zh: '乙', en: 'B' })], 'zh', '备用').title).toBe('备用');
  });

  it('colours negative answers warm, neutral grey, positive blue (Okabe-Ito)', () => {
    expect(likertColors(5)).toEqual([okabeIto.vermillion, okabeIto.orange, '#C4C4C4', okabeIto.skyBlue, okabeIto.blue]);
    expect(likertColors(4)).toEqual([okabeIto.vermillion, okabeIto.orange, okabeIto.skyBlue, okabeIto.blue]);
    expect(likertColors(7)).toHaveLength(7);
    expect(likertColors(2)).toEqual([okabeIto.vermillion, okabeIto.blue]);
  });
});

describe('figure ids', () => {
  it('are ASCII and file-safe, with a fallback for a subject without ASCII letters', () => {
    expect(figureId('230100', 'recruit_difficulty', 'bars', 'zh', 'x')).toBe('230100-recruit_difficulty-bars-zh');
    expect(figureId('province', '营商环境', 'likert', 'en', 'env_fair')).toBe('province-env_fair-likert-en');
    expect(fileSafe('a b/c..d')).toBe('a-b-c-d');
  });
});

describe('number formats', () => {
  it('use thousands separators, whole percentages and signed points', () => {
    expect(formatCount(2911)).toBe('2,911');
    expect(formatCount(-1234567)).toBe('-1,234,567');
    expect(formatPercent(0.623)).toBe('62%');
    expect(formatNumber(12345.66, 1)).toBe('12,345.7');
    expect(formatNumber(-0.04, 1)).toBe('0.0');
    expect(formatPoints(0.052)).toBe('+5');
    expect(formatPoints(-0.031)).toBe('-3');
    expect(meanDigits([3.2, 4.1])).toBe(1);
    expect(meanDigits([86.4])).toBe(1);
    expect(meanDigits([5230])).toBe(0);
  });

  it('find the normal critical value', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
    expect(() => normalQuantile(1)).toThrow();
  });
});

describe('estimate lookups and key indicators', () => {
  it('index the province (domain null) and single-region domains only', () => {
    const index = indexEstimates(estimates, 'prefecture', ['230100', '230600', '232700']);
    expect(index.get('prop', 'recruit_difficulty', '1', null)?.estimate).toBe(0.55);
    expect(index.get('prop', 'recruit_difficulty', '1', '230100')?.estimate).toBe(0.62);
    expect(index.regions('mean', 'employees', null)).toEqual(['230100', '230600', '232700']);
    expect(index.comparison('prop', 'recruit_difficulty', '1', '230600')?.significant).toBe(true);
  });

  it('pick a yes/no question as a theme\'s key indicator, its first answer\'s share', () => {
    const ctx = chartContext({ estimates, codebook, config, lang: 'zh', scope: 'province' });
    const talent = codebook.filter((v) => v.theme === 'talent');
    expect(selectKeyIndicator(talent, ctx.index)).toEqual({ statistic: 'prop', variable: 'recruit_difficulty', level: '1' });
    expect(selectKeyIndicator(codebook.filter((v) => v.theme === 'policy'), ctx.index)).toEqual({ statistic: 'mean', variable: 'env_fair', level: null });
    expect(selectKeyIndicator(codebook.filter((v) => v.theme === 'profile'), ctx.index)).toBeNull();
    const recruit = codebook.find((v) => v.name === 'recruit_difficulty') as Variable;
    expect(indicatorLabel(codebook, questionIndicator(recruit)!, 'en')).toBe('Difficulty recruiting engineers in the past year: share answering “Yes”');
  });
});

describe('calendar years and regional plots', () => {
  it('write a year variable\'s means whole and without thousands separators, on the axis too', () => {
    const book = codebook.map((v) => (v.name === 'employees' ? { ...v, min: 1900, max: 2026, unit: undefined } : v));
    const shifted = {
      ...estimates,
      estimates: estimates.estimates.map((e) => (e.variable === 'employees' && e.statistic === 'mean' ? { ...e, estimate: e.estimate + 1900, ci_low: e.ci_low === null ? null : e.ci_low + 1900, ci_high: e.ci_high === null ? null : e.ci_high + 1900 } : e)),
    };
    const chart = buildNumericSpec({ estimates: shifted, codebook: book, config, lang: 'zh', scope: 'province' }, 'employees');
    const text = JSON.stringify(chart?.spec);
    expect(text).toContain('"format":".0f"');
    expect(text).not.toMatch(/"text":"[^"]*\d,\d{3}/);
    expect(text).toMatch(/"text":"全省 \d{4}"/);
  });

  it('leave out the legend of a ranked plot where no region differs, and say so in the note', () => {
    const none = { ...estimates, comparisons: estimates.comparisons.map((c) => ({ ...c, significant: false })) };
    const chart = buildNumericSpec({ estimates: none, codebook, config, lang: 'en', scope: 'province' }, 'employees');
    expect(JSON.stringify(chart?.spec)).toContain('"legend":null');
    expect(chart?.note).toContain('No region differs significantly from the province at the 95% level');
  });
});
