import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fontFiles } from '../../fonts.js';
import type { Lang } from '../../../schemas/common.js';

/** The parts of a fontkit font the layout uses (fontkit ships no type declarations). */
interface FontkitFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  postscriptName: string;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string, features?: string[]): { advanceWidth: number };
}

interface Fontkit {
  create(buffer: Buffer): FontkitFont;
}

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as Fontkit;

/** Which of the two embedded faces a text is set in. */
export type FontFace = 'regular' | 'bold';

/** A face of the report font, measured the way pdfkit measures it, so laid-out lines fit when drawn. */
export interface MeasuredFont {
  face: FontFace;
  /** The parsed fontkit font, handed to pdfkit's registerFont so each document does not parse 10 MB again. */
  source: object;
  postscriptName: string;
  hasGlyph(codePoint: number): boolean;
  /**
   * The advance width of `text` at `size` pt, in pt. With `proportional`, curly quotes take their
   * proportional forms (the font's `pwid` feature; they are full-width by default, too wide for English).
   */
  width(text: string, size: number, proportional: boolean): number;
}

/** Quotation marks that English sets in their proportional forms. */
const proportionalMarks = /([“”‘’])/u;

/** A line cut into runs drawn without features and single quotation marks drawn with `pwid`. */
export function splitProportional(text: string): { text: string; proportional: boolean }[] {
  return text
    .split(proportionalMarks)
    .filter((part) => part !== '')
    .map((part) => ({ text: part, proportional: proportionalMarks.test(part) && [...part].length === 1 }));
}

/** The report font's two faces. */
export interface FontSet {
  regular: MeasuredFont;
  bold: MeasuredFont;
}

let cached: FontSet | null = null;

/**
 * Opens Noto Sans SC regular and bold once per process (about 20 MB of font data; opening is the slow part).
 * The cache holds immutable font data only, so stages stay pure.
 */
export function loadFonts(): FontSet {
  cached ??= { regular: openFont('regular'), bold: openFont('bold') };
  return cached;
}

function openFont(face: FontFace): MeasuredFont {
  const bytes = readFileSync(fontFiles[face]);
  const font = fontkit.create(bytes);
  const scale = 1 / font.unitsPerEm;
  const plain = new Map<string, number>();
  const proportionalWidths = new Map<string, number>();
  const marks = (mark: string) => {
    let w = proportionalWidths.get(mark);
    if (w === undefined) {
      w = font.layout(mark, ['pwid']).advanceWidth;
      proportionalWidths.set(mark, w);
    }
    return w;
  };
  const width = (text: string, size: number, proportional: boolean): number => {
      if (text.length === 0) return 0;
      if (proportional && proportionalMarks.test(text)) {
        return splitProportional(text).reduce((sum, run) => sum + (run.proportional ? marks(run.text) * scale * size : width(run.text, size, false)), 0);
      }
      // As pdfkit does: lay out each run up to and including a space or tab, and sum them.
      let units = 0;
      let last = 0;
      for (let i = 0; i <= text.length; i++) {
        const c = text.charAt(i);
        if ((i === text.length && last < i) || c === ' ' || c === '\t') {
          const run = text.slice(last, i + 1);
          let w = plain.get(run);
          if (w === undefined) {
            w = font.layout(run).advanceWidth;
            if (plain.size > 200_000) plain.clear();
            plain.set(run, w);
          }
          units += w;
          last = i + 1;
        }
      }
      return units * scale * size;
  };
  return { face, source: font, postscriptName: font.postscriptName, hasGlyph: (codePoint) => font.hasGlyphForCodePoint(codePoint), width };
}

/** Whether a language sets quotation marks proportionally (English) or full-width (Chinese). */
export function proportionalQuotes(lang: Lang): boolean {
  return lang === 'en';
}
