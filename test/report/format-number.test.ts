import { describe, expect, it } from 'vitest';
import { formatCell, formatDate, formatInteger, formatMoePoints, formatNumber, formatPercent, roundHalfUp } from '../../pipeline/report/format-number.js';

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
    expect(formatCell(null, { style: 'integer' })).toEqual({ main: '–', interval: null });
    expect(formatCell('哈尔滨市', { style: 'text' })).toEqual({ main: '哈尔滨市', interval: null });
  });
});
