import { describe, expect, it } from 'vitest';
import { openFontkit } from '../pipeline/fonts.js';

interface Font {
  getGlyph(gid: number, characters?: number[]): { codePoints: number[] };
  _cmapProcessor: { lookup(codePoint: number): number };
}

describe('openFontkit', () => {
  it('gives a glyph first made without characters those the cmap maps to it, so the PDF text layer does not depend on what was drawn before', () => {
    for (const face of ['serifLatin', 'regular'] as const) {
      const font = openFontkit(face) as Font;
      // the minus sign, made first as the subsetter makes glyphs: by id alone
      const gid = font._cmapProcessor.lookup(0x2212);
      expect(gid).toBeGreaterThan(0);
      expect(font.getGlyph(gid).codePoints).toEqual([0x2212]);
    }
  });
});
