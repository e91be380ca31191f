import { describe, expect, it } from 'vitest';
import { isBoldWeight, measureText, truncateText, vegaTextWidth, wrapText } from '../../pipeline/chart/measure-text.js';

describe('measuring text with Noto Sans SC', () => {
  it('gives a Chinese character about one em and Latin letters less', () => {
    expect(measureText('哈', 10)).toBeCloseTo(10, 0);
    expect(measureText('Harbin', 10)).toBeGreaterThan(20);
    expect(measureText('Harbin', 10)).toBeLessThan(40);
  });

  it('scales with the size, is wider in bold, and is 0 for empty text', () => {
    expect(measureText('哈尔滨市', 20)).toBeCloseTo(2 * measureText('哈尔滨市', 10), 6);
    expect(measureText('Harbin', 10, true)).toBeGreaterThan(measureText('Harbin', 10));
    expect(measureText('', 10)).toBe(0);
  });

  it('reads bold from Vega font weights', () => {
    expect(isBoldWeight('bold')).toBe(true);
    expect(isBoldWeight(700)).toBe(true);
    expect(isBoldWeight('600')).toBe(true);
    expect(isBoldWeight('normal')).toBe(false);
    expect(isBoldWeight(undefined)).toBe(false);
    expect(vegaTextWidth({ fontSize: 10, fontWeight: 'bold' }, ' Harbin ')).toBe(measureText('Harbin', 10, true));
    expect(vegaTextWidth({}, null)).toBe(0);
  });
});

describe('wrapping and truncating labels', () => {
  const label = '缺乏具有工程技术背景且愿意在本地长期工作的高层次复合型人才';

  it('keeps a label that fits on one line', () => {
    expect(wrapText('哈尔滨市', 100, 9)).toEqual(['哈尔滨市']);
  });

  it('breaks Chinese between characters, every line within the width, nothing lost', () => {
    const lines = wrapText(label, 120, 9, { maxLines: 3 });
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(label);
    for (const line of lines) expect(measureText(line, 9)).toBeLessThanOrEqual(120);
  });

  it('breaks English at spaces', () => {
    const text = 'A lack of highly qualified engineers willing to stay in the region';
    const lines = wrapText(text, 150, 9, { maxLines: 4 });
    expect(lines.join(' ')).toBe(text);
    for (const line of lines) expect(measureText(line, 9)).toBeLessThanOrEqual(150);
  });

  it('never starts a line with closing punctuation', () => {
    for (let width = 40; width <= 160; width += 3) {
      for (const line of wrapText('企业发展，人才为先。创新驱动，质量为本！', width, 9, { maxLines: 6 }).slice(1)) {
        expect(line).not.toMatch(/^[，。！]/);
      }
    }
  });

  it('truncates what does not fit in the last line with an ellipsis', () => {
    const lines = wrapText(label + label, 100, 9, { maxLines: 2 });
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith('…')).toBe(true);
    for (const line of lines) expect(measureText(line, 9)).toBeLessThanOrEqual(100);
  });

  it('cuts a word longer than the line', () => {
    const lines = wrapText('Supercalifragilisticexpialidocious', 50, 9, { maxLines: 5 });
    expect(lines.join('')).toBe('Supercalifragilisticexpialidocious');
    for (const line of lines) expect(measureText(line, 9)).toBeLessThanOrEqual(50);
  });

  it('truncates a single line to the width', () => {
    const cut = truncateText(label, 60, 9);
    expect(cut.endsWith('…')).toBe(true);
    expect(measureText(cut, 9)).toBeLessThanOrEqual(60);
    expect(truncateText('短', 60, 9)).toBe('短');
  });

  it('handles empty and blank text', () => {
    expect(wrapText('', 50, 9)).toEqual(['']);
    expect(wrapText('   ', 50, 9)).toEqual(['']);
  });
});
