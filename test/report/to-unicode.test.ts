import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openFontkit } from '../../pipeline/fonts.js';

/**
 * Copied text must keep every character a report draws: each embedded glyph needs its Unicode in the font's
 * ToUnicode map. A fontkit font shared by the documents of one render worker once lost them for glyphs the
 * subsetter had asked for first (the minus sign disappeared from the copied text of later reports).
 */
type Font = {
  getGlyph(id: number, codePoints?: number[]): { codePoints: number[] };
  layout(text: string): { glyphs: { codePoints: number[] }[] };
};

const minus = 0x2212;

describe('glyphs of the shared report fonts', () => {
  it('keep their code points when the subsetter asked for them first', () => {
    const font = openFontkit('serifLatinItalic') as Font;
    // pdfkit's subsetter asks for a composite glyph's parts by id alone: the glyph is made without code points
    const bare = font.getGlyph(findGlyphId(font, minus));
    expect(bare.codePoints).toEqual([]);
    // the next document lays out a minus sign: its glyph must carry U+2212 into that document's ToUnicode map
    expect(font.layout('−1.2').glyphs[0]?.codePoints).toEqual([minus]);
  });
});

/** A glyph id for a code point read from the cmap without making the glyph (fontkit caches what it makes). */
function findGlyphId(font: Font, codePoint: number): number {
  const cmap = (font as unknown as { _cmapProcessor: { lookup(cp: number): number } })._cmapProcessor;
  return cmap.lookup(codePoint);
}

const reports = path.join(import.meta.dirname, '../../outputs/heilongjiang-2026/reports');

/** The ToUnicode CMaps of a PDF's fonts, inflated. */
function toUnicodeMaps(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const ids = [...text.matchAll(/\/ToUnicode (\d+) 0 R/g)].map((m) => m[1]!);
  return ids.map((id) => {
    const start = text.indexOf(`\n${id} 0 obj`);
    const from = text.indexOf('stream\n', start) + 'stream\n'.length;
    const to = text.indexOf('\nendstream', from);
    return inflateSync(pdf.subarray(from, to)).toString('latin1');
  });
}

describe('the ToUnicode maps of the 28 example reports', () => {
  it('give every embedded glyph its characters', () => {
    const files = readdirSync(reports).filter((f) => f.endsWith('.pdf'));
    expect(files).toHaveLength(28);
    const empty = files.flatMap((f) => {
      const maps = toUnicodeMaps(readFileSync(path.join(reports, f)));
      expect(maps.length).toBeGreaterThan(0);
      return maps.some((m) => m.includes('<>')) ? [f] : [];
    });
    expect(empty).toEqual([]);
  });
});
