import { describe, expect, it } from 'vitest';
import {
  formatBase,
  formatCell,
  formatDate,
  formatInteger,
  formatMargin,
  formatMean,
  formatMoePoints,
  formatNumber,
  formatPercent,
  meanDigits,
  quote,
  roundHalfUp,
  spelling,
  zhPunctuation,
} from '../../pipeline/report/format-number.js';

describe('format-number', () => {
  it('groups thousands and uses a true minus sign', () => {
    expect(formatInteger(1204)).toBe('1,204');
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatNumber(-0.5, 1)).toBe('\u22120.5');
    expect(formatNumber(Number.NaN)).toBe('–');
  });

  it('rounds halves away from zero', () => {
    expect(roundHalfUp(0.125, 2)).toBe(0.13);
    expect(roundHalfUp(-2.5, 0)).toBe(-3);
    expect(formatPercent(0.625)).toBe('63%');
    expect(formatPercent(0.6234, 1)).toBe('62.3%');
  });

  it('writes margins of error in whole points, with a decimal below one point', () => {
    expect(formatMoePoints(0.58, 0.66)).toBe('4');
    expect(formatMoePoints(0.615, 0.627)).toBe('0.6');
  });

  it('writes dates as each language does', () => {
    expect(formatDate('2026-10-05', 'zh')).toBe('2026年10月5日');
    expect(formatDate('2026-10-05', 'en')).toBe('5 October 2026');
  });

  it('formats cells by column format, intervals with their bracket apart', () => {
    expect(formatCell({ estimate: 0.62, low: 0.58, high: 0.664 }, { style: 'interval', digits: 0, percent: true })).toEqual({ main: '62', interval: '(58–66)' });
    expect(formatCell({ estimate: 4.3, low: 3.83, high: 4.77 }, { style: 'interval', digits: 2, percent: false })).toEqual({ main: '4.30', interval: '(3.83–4.77)' });
    expect(formatCell(0.672, { style: 'percent', digits: 1 })).toEqual({ main: '67.2', interval: null });
    expect(formatCell(null, { style: 'integer' })).toEqual({ main: '—', interval: null });
    expect(formatCell({ estimate: 0.25, low: null, high: null }, { style: 'interval', digits: 0, percent: true })).toEqual({ main: '25', interval: null });
    expect(formatCell('哈尔滨市', { style: 'text' })).toEqual({ main: '哈尔滨市', interval: null });
  });

  it('writes means to 2-3 significant digits by magnitude, with their unit', () => {
    expect(meanDigits(4698.2)).toBe(0);
    expect(meanDigits(18.08)).toBe(1);
    expect(meanDigits(3.25)).toBe(1);
    expect(meanDigits(0.434)).toBe(2);
    expect(formatMean(4698.2, '元', 'zh')).toBe('4,698元');
    expect(formatMean(18.08, 'employees', 'en')).toBe('18.1 employees');
    expect(formatMean(3.25)).toBe('3.3');
    expect(formatMean(-769.4, 'yuan', 'en')).toBe('\u2212769 yuan');
  });

  it('writes bases, margins, quotes and names one way', () => {
    expect(formatBase(2978, 'en')).toBe('n\u00a0=\u00a02,978');
    expect(formatBase(2978, 'zh')).toBe('n=2,978');
    expect(formatMargin(0.58, 0.66, 'zh', { share: true })).toBe('±4个百分点');
    expect(formatMargin(0.58, 0.66, 'en', { share: true })).toBe('plus or minus 4 points');
    expect(formatMargin(0.61, 0.63, 'en', { share: true })).toBe('plus or minus 1 point');
    expect(formatMargin(10, 13.4, 'zh', { share: false, unit: '万元' })).toBe('±1.7万元');
    expect(quote('adjust')).toBe('“adjust”');
    expect(spelling.benjaminiHochberg).toBe('Benjamini–Hochberg');
  });

  it('makes Chinese punctuation full-width where it touches Chinese, and leaves numbers alone', () => {
    expect(zhPunctuation('从业人员(人)')).toBe('从业人员（人）');
    expect(zhPunctuation('企业,其中')).toBe('企业，其中');
    expect(zhPunctuation('n = 1,204 (95% CI)')).toBe('n = 1,204 (95% CI)');
    expect(zhPunctuation('占比(%)')).toBe('占比（%）');
  });
});
