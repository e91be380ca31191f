import { describe, expect, it } from 'vitest';
import {
  cellReference,
  columnLetters,
  columnNumber,
  excelSerialToMs,
  formatDateMs,
  parseDateText,
  parseNumberText,
} from '../../pipeline/ingest/cell-value.js';

describe('parseNumberText', () => {
  it('reads plain, signed, decimal and exponent numbers', () => {
    expect(parseNumberText('42')).toBe(42);
    expect(parseNumberText('-3.5')).toBe(-3.5);
    expect(parseNumberText('+7')).toBe(7);
    expect(parseNumberText('.5')).toBe(0.5);
    expect(parseNumberText('1.5e3')).toBe(1500);
  });
  it('reads thousands separators, trailing spaces and full-width digits', () => {
    expect(parseNumberText('1,234')).toBe(1234);
    expect(parseNumberText(' 12,000.50  ')).toBe(12000.5);
    expect(parseNumberText('１２３')).toBe(123);
    expect(parseNumberText('－５')).toBe(-5);
  });
  it('rejects text, misplaced separators, NaN, infinities and overflow', () => {
    for (const bad of ['', '  ', 'n/a', '12a', '1,23', '1,2345', 'NaN', 'Infinity', '-Infinity', '1e309', '--1', '1.2.3', '约10%', '—']) {
      expect(parseNumberText(bad), bad).toBeNull();
    }
  });
  it('turns -0 into 0', () => {
    expect(Object.is(parseNumberText('-0'), 0)).toBe(true);
  });
});

describe('excelSerialToMs', () => {
  it('converts 1900-system serials, with the time of day', () => {
    expect(formatDateMs(excelSerialToMs(46085))).toBe('2026-03-04');
    expect(formatDateMs(excelSerialToMs(25569))).toBe('1970-01-01');
    expect(formatDateMs(excelSerialToMs(45000.5))).toBe('2023-03-15T12:00:00');
  });
  it('corrects for the fictitious 1900-02-29 below serial 61', () => {
    expect(formatDateMs(excelSerialToMs(1))).toBe('1900-01-01');
    expect(formatDateMs(excelSerialToMs(59))).toBe('1900-02-28');
    expect(formatDateMs(excelSerialToMs(61))).toBe('1900-03-01');
  });
  it('supports the 1904 system and returns NaN for non-finite serials', () => {
    expect(formatDateMs(excelSerialToMs(0, true))).toBe('1904-01-01');
    expect(excelSerialToMs(Number.POSITIVE_INFINITY)).toBeNaN();
  });
});

describe('parseDateText', () => {
  it('reads ISO, slashes, dots and Chinese dates', () => {
    for (const text of ['2026-03-15', '2026/3/15', '2026.03.15', '2026年3月15日', ' 2026-3-15 ']) {
      expect(formatDateMs(parseDateText(text)!), text).toBe('2026-03-15');
    }
    expect(formatDateMs(parseDateText('2026-03-15 08:30')!)).toBe('2026-03-15T08:30:00');
  });
  it('rejects impossible days and months', () => {
    for (const text of ['2026年13月5日', '2026-02-30', '2026-00-10', '15/03/2026', 'soon']) {
      expect(parseDateText(text), text).toBeNull();
    }
  });
});

describe('cell references', () => {
  it('converts between column numbers and letters', () => {
    expect([1, 26, 27, 52, 703].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
    expect(['A', 'Z', 'AA', 'ab'].map(columnNumber)).toEqual([1, 26, 27, 28]);
    expect(columnNumber('A1')).toBeNaN();
  });
  it('quotes the sheet for Excel Go To, doubling quotes, and leaves CSV cells bare', () => {
    expect(cellReference('调查数据', 4, 14)).toBe("'调查数据'!D14");
    expect(cellReference("O'Brien", 'AB', 2)).toBe("'O''Brien'!AB2");
    expect(cellReference(null, 3, 9)).toBe('C9');
  });
});
