import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fontFiles } from '../../pipeline/fonts.js';
import { loadFonts } from '../../pipeline/report/layout/measure-text.js';

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}
interface Run {
  glyphs: { id: number }[];
  positions: Position[];
  advanceWidth: number;
}
interface Font {
  unitsPerEm: number;
  layout(text: string, features?: string[]): Run;
}

const fontkit = createRequire(import.meta.url)('fontkit') as { create(bytes: Buffer): Font };

describe('the shared report fonts', () => {
  it('hand pdfkit fresh positions from the process-wide layout memo, with a width that follows them', () => {
    const font = loadFonts().regular.source as Font;
    const first = font.layout('Regional 差异 ');
    const xAdvances = first.positions.map((p) => p.xAdvance);
    // pdfkit's layoutRun scales the positions it gets in place.
    for (const p of first.positions) p.xAdvance *= 1000 / font.unitsPerEm;
    expect(first.advanceWidth).toBeCloseTo((xAdvances.reduce((a, b) => a + b, 0) * 1000) / font.unitsPerEm, 6);
    const second = font.layout('Regional 差异 ');
    expect(second.positions).not.toBe(first.positions);
    expect(second.positions.map((p) => p.xAdvance)).toEqual(xAdvances);
    expect(second.glyphs.map((g) => g.id)).toEqual(first.glyphs.map((g) => g.id));
    expect(font.layout('“', ['pwid']).advanceWidth).toBeLessThan(font.layout('“').advanceWidth);
  });

  it('measure exactly what an unshared fontkit font measures, run by run as pdfkit does', { timeout: 30_000 }, () => {
    const fresh = fontkit.create(readFileSync(fontFiles.regular));
    const { regular } = loadFonts();
    for (const text of ['Hello world', 'Base: n = 1,204 ', '全省的调查结果，基于1,638份有效回答。', 'tab\tseparated  twice', ' ']) {
      const runs = text.match(/[^ \t]*[ \t]|[^ \t]+$/g) ?? [];
      const units = runs.reduce((sum, run) => sum + fresh.layout(run).advanceWidth, 0);
      expect(regular.width(text, 9.5, false)).toBe((units / fresh.unitsPerEm) * 9.5);
      expect(regular.width(text, 9.5, false)).toBe(regular.width(text, 9.5, false));
    }
  });

  it('answer whether a character is in the font, the same when asked again', () => {
    const { regular, bold } = loadFonts();
    for (let round = 0; round < 2; round++) {
      expect(regular.hasGlyph(0x4e2d)).toBe(true);
      expect(bold.hasGlyph(0x4e2d)).toBe(true);
      expect(regular.hasGlyph(0x1f600)).toBe(false);
    }
  });
});
