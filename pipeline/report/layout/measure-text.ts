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
  /** The font file bytes, shared with pdfkit's registerFont so the font is read from disk once. */
  bytes: Buffer;
  postscriptName: string;
  hasGlyph(codePoint: number): boolean;
  /** The advance width of `text` at `size` pt with the OpenType `features`, in pt. */
  width(text: string, size: number, features: readonly string[] | undefined): number;
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
  const withFeatures = new Map<string, number>();
  return {
    face,
    bytes,
    postscriptName: font.postscriptName,
    hasGlyph: (codePoint) => font.hasGlyphForCodePoint(codePoint),
    width(text, size, features) {
      if (text.length === 0) return 0;
      if (features && features.length > 0) {
        // pdfkit lays out the whole string in one run when features are given.
        const key = `${features.join(',')}\u0000${text}`;
        let units = withFeatures.get(key);
        if (units === undefined) {
          units = font.layout(text, [...features]).advanceWidth;
          if (withFeatures.size > 200_000) withFeatures.clear();
          withFeatures.set(key, units);
        }
        return units * scale * size;
      }
      // Without features pdfkit lays out each run up to and including a space or tab, and sums them.
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
    },
  };
}

/** The OpenType features text is set with: proportional quotes and dashes in English, the defaults in Chinese. */
export function featuresFor(lang: Lang): string[] | undefined {
  return lang === 'en' ? ['pwid'] : undefined;
}
