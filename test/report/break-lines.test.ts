import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakLines, canBreakBetween, splitPieces, splitWords } from '../../pipeline/report/layout/break-lines.js';
import { breaksBetweenWords } from '../../pipeline/report/layout/check-layout.js';

/** Every character one unit wide: line widths become character counts. */
const unit = (text: string) => [...text].length;

const closing = [...'，。、；：？！）」』》'];
const opening = [...'（「『《“'];

describe('breakLines (Chinese)', () => {
  it('never starts a line with closing punctuation', () => {
    const text = '哈尔滨市62%的企业（误差±4个百分点，n=1,204）报告招聘工程师困难，显著高于全省的55%。';
    for (let width = 3; width <= 30; width++) {
      const lines = breakLines(text, width, unit);
      for (const line of lines.slice(1)) expect(closing).not.toContain([...line][0]);
    }
  });

  it('never ends a line with opening punctuation', () => {
    const text = '这是一段测试文字（包括括号）和《书名号》以及「引号」的内容，用于检查断行。';
    for (let width = 3; width <= 20; width++) {
      for (const line of breakLines(text, width, unit).slice(0, -1)) expect(opening).not.toContain([...line].at(-1));
    }
  });

  it('pushes the character before a closing mark down with it', () => {
    expect(breakLines('一二三四，五六', 4, unit)).toEqual(['一二三', '四，五六']);
  });

  it('keeps every character, in order', () => {
    const cjk = fc.constantFrom(...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动', ...closing, ...opening, 'A', 'b', '1', '%');
    fc.assert(
      fc.property(fc.array(cjk, { minLength: 1, maxLength: 80 }), fc.integer({ min: 2, max: 30 }), (chars, width) => {
        const text = chars.join('');
        const lines = breakLines(text, width, unit);
        expect(lines.join('')).toBe(text);
        lines.forEach((line, i) => {
          if (i > 0) expect(closing).not.toContain([...line][0]);
          // A line may only exceed the width when one piece is longer than the line (then it is cut).
          if (unit(line) > width) expect(splitPieces(line)).toHaveLength(1);
        });
      }),
    );
  });

  it('moves a one-character last line up with a companion from the line before', () => {
    const lines = breakLines('一二三四五六七八九十甲', 10, unit);
    expect(lines).toEqual(['一二三四五六七八九', '十甲']);
  });
});

describe('breakLines (English)', () => {
  it('breaks at spaces and never inside a word', () => {
    const text = 'Frontier technologies are spreading from a few leading firms to many smaller ones.';
    const lines = breakLines(text, 24, unit);
    expect(lines.join(' ')).toBe(text);
    for (const line of lines) expect(unit(line)).toBeLessThanOrEqual(24);
  });

  it('keeps "n = 1,204" together through its no-break spaces', () => {
    const text = 'of enterprises (±4\u00a0points, n\u00a0=\u00a01,204) report difficulty';
    for (let width = 12; width < 40; width++) {
      const lines = breakLines(text, width, unit);
      expect(lines.some((l) => l.includes('n\u00a0=\u00a01,204'))).toBe(true);
    }
  });

  it('may break after a hyphen between letters', () => {
    expect(canBreakBetween('-', 'b')).toBe(true);
    expect(breakLines('design-based estimates', 10, unit)).toEqual(['design-', 'based', 'estimates']);
  });

  it('allows breaks between Chinese and Latin text but not before a closing mark', () => {
    expect(canBreakBetween('的', 'A')).toBe(true);
    expect(canBreakBetween('A', '，')).toBe(false);
    expect(canBreakBetween('（', '的')).toBe(false);
    expect(canBreakBetween('…', '…')).toBe(false);
  });

  it('collapses white space and returns nothing for empty text', () => {
    expect(breakLines('  a \n\n b  ', 10, unit)).toEqual(['a b']);
    expect(breakLines('   ', 10, unit)).toEqual([]);
  });
});

describe('breaking between words (table cells, chart labels)', () => {
  it('keeps Chinese words whole, as ICU segments them', () => {
    expect(splitWords('尚无专门措施').map((p) => p.text)).toEqual(['尚', '无', '专门', '措施']);
    expect(splitWords('扶持政策').map((p) => p.text)).toEqual(['扶持', '政策']);
    // closing punctuation stays with the word before it
    expect(splitWords('产学研合作：是').map((p) => p.text)).toEqual(['产', '学研', '合作：', '是']);
  });

  it('breaks a narrow header only between words, never inside one', () => {
    const width = (s: string) => [...s].length;
    for (const text of ['尚无专门措施', '科研成果转化', '晋升通道不畅']) {
      const lines = breakLines(text, 4, width, { words: true });
      expect(lines.length).toBeGreaterThan(1);
      for (let k = 1; k < lines.length; k++) expect(breaksBetweenWords(lines[k - 1] as string, lines[k] as string), lines.join('|')).toBe(true);
    }
    expect(breaksBetweenWords('尚无专', '门措施')).toBe(false);
    expect(breaksBetweenWords('Share of', 'sample')).toBe(true);
  });
});

describe('balanced breaking (table headers, headings, cover title)', () => {
  it('leaves no short last word alone when an even break exists', () => {
    const text = 'Difference from the province (CI)';
    expect(breakLines(text, 30, unit, { words: true })).toEqual(['Difference from the province', '(CI)']);
    expect(breakLines(text, 30, unit, { words: true, balance: true })).toEqual(['Difference from', 'the province (CI)']);
  });

  it('keeps the number of lines, every line within the width, every word whole', () => {
    const words = fc.constantFrom('a', 'of', 'the', 'share', 'province', 'difference', '(CI)', 'organisations', 'n');
    fc.assert(
      fc.property(fc.array(words, { minLength: 1, maxLength: 14 }), fc.integer({ min: 13, max: 40 }), (list, width) => {
        const text = list.join(' ');
        const plain = breakLines(text, width, unit, { words: true });
        const even = breakLines(text, width, unit, { words: true, balance: true });
        expect(even).toHaveLength(plain.length);
        expect(even.join(' ')).toBe(text);
        for (const line of even) expect(unit(line)).toBeLessThanOrEqual(width);
        // the longest line is never longer than first fit's
        expect(Math.max(...even.map(unit))).toBeLessThanOrEqual(Math.max(...plain.map(unit)));
      }),
    );
  });

  it('balances Chinese headers between words', () => {
    const width = (s: string) => [...s].length;
    const lines = breakLines('与全省之差（置信区间）', 9, width, { words: true, balance: true });
    expect(lines).toEqual(['与全省之差', '（置信区间）']);
  });

  it('breaks a two-line title after a phrase, not inside a compound', () => {
    const title = '黑龙江省科技创新、数字经济与人才发展调查 2026';
    const lines = breakLines(title, 18, unit, { words: true, balance: true });
    expect(lines).toEqual(['黑龙江省科技创新、', '数字经济与人才发展调查 2026']);
    const en = breakLines('Heilongjiang Survey of Innovation, the Digital Economy and Talent 2026', 45, unit, { words: true, balance: true });
    expect(en).toEqual(['Heilongjiang Survey of Innovation,', 'the Digital Economy and Talent 2026']);
    // a lopsided phrase break is not taken
    expect(breakLines('Note: the difference from the province is shown with its interval', 40, unit, { words: true, balance: true })[0]).not.toBe('Note:');
  });
});
