import { openFontkit } from '../../fonts.js';
import type { Lang } from '../../../schemas/common.js';

/** The parts of a fontkit font the layout uses (fontkit ships no type declarations). */
interface FontkitFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  postscriptName: string;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string, features?: unknown, ...rest: unknown[]): GlyphRun;
}

/** A glyph's placement in a shaped run, in font units (fontkit's GlyphPosition has exactly these fields). */
interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** The parts of fontkit's GlyphRun that pdfkit and the measuring read. */
interface GlyphRun {
  glyphs: unknown[];
  positions: GlyphPosition[];
  readonly advanceWidth: number;
}

/** A memoized run handed out afresh: its own positions (pdfkit scales them in place), width summed like fontkit's. */
class FreshRun implements GlyphRun {
  constructor(
    readonly glyphs: unknown[],
    readonly positions: GlyphPosition[],
  ) {}

  get advanceWidth(): number {
    let width = 0;
    for (const position of this.positions) width += position.xAdvance;
    return width;
  }
}

/** A shaped run as remembered: glyphs, positions (xAdvance, yAdvance, xOffset, yOffset per glyph) and width. */
interface StoredRun {
  glyphs: unknown[];
  positions: Float64Array;
  /** the sum of the xAdvances, as fontkit's GlyphRun.advanceWidth, in font units */
  advanceWidth: number;
}

/**
 * Makes the font remember its shaped runs for the whole process, and returns the lookup. Every report shapes
 * the same words again (methodology, appendix, labels, axis ticks) and pdfkit's own cache lives only as long
 * as one document. Each `font.layout` call (pdfkit's) gets fresh position objects, since pdfkit's layoutRun
 * multiplies them by its scale.
 */
function memoizeLayout(font: FontkitFont): (text: string, features?: string[]) => StoredRun {
  const shape = font.layout.bind(font);
  const runs = new Map<string, StoredRun>();
  const lookup = (text: string, features?: string[]): StoredRun => {
    const key = features === undefined ? text : `${features.join(',')}\u0000${text}`;
    let run = runs.get(key);
    if (run === undefined) {
      const shaped = shape(text, features);
      const positions = new Float64Array(shaped.positions.length * 4);
      shaped.positions.forEach((p, i) => positions.set([p.xAdvance, p.yAdvance, p.xOffset, p.yOffset], i * 4));
      run = { glyphs: shaped.glyphs, positions, advanceWidth: shaped.advanceWidth };
      if (runs.size > 100_000) runs.clear();
      runs.set(key, run);
    }
    return run;
  };
  font.layout = (text: string, features?: unknown, ...rest: unknown[]): GlyphRun => {
    if (rest.length > 0 || (features !== undefined && !Array.isArray(features))) return shape(text, features, ...rest);
    const { glyphs, positions } = lookup(text, features as string[] | undefined);
    const fresh: GlyphPosition[] = new Array<GlyphPosition>(glyphs.length);
    for (let i = 0; i < glyphs.length; i++) {
      fresh[i] = { xAdvance: positions[i * 4] ?? 0, yAdvance: positions[i * 4 + 1] ?? 0, xOffset: positions[i * 4 + 2] ?? 0, yOffset: positions[i * 4 + 3] ?? 0 };
    }
    return new FreshRun(glyphs.slice(), fresh);
  };
  return lookup;
}

/**
 * Which embedded face a text is set in: Noto Sans SC regular and bold (headings, tables, figures), Noto Serif
 * SC (Chinese running text) and Source Serif 4 roman and italic (English running text).
 */
export type FontFace = 'regular' | 'bold' | 'serifSc' | 'serifLatin' | 'serifLatinItalic';

/** Every face, in the order documents register them. */
export const fontFaces: readonly FontFace[] = ['regular', 'bold', 'serifSc', 'serifLatin', 'serifLatinItalic'];

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

/** The report's faces. */
export type FontSet = Record<FontFace, MeasuredFont>;

let cached: FontSet | null = null;

/**
 * Opens the report's faces once per process (about 35 MB of font data; fontkit reads tables lazily, so a face
 * a report never draws costs little). The cache holds immutable font data only, so stages stay pure.
 */
export function loadFonts(): FontSet {
  cached ??= Object.fromEntries(fontFaces.map((face) => [face, openFont(face)])) as FontSet;
  return cached;
}

function openFont(face: FontFace): MeasuredFont {
  const font = openFontkit(face) as FontkitFont;
  const shaped = memoizeLayout(font);
  const scale = 1 / font.unitsPerEm;
  const plain = new Map<string, number>();
  const proportionalWidths = new Map<string, number>();
  const marks = (mark: string) => {
    let w = proportionalWidths.get(mark);
    if (w === undefined) {
      w = shaped(mark, ['pwid']).advanceWidth;
      proportionalWidths.set(mark, w);
    }
    return w;
  };
  const runWidth = (run: string): number => {
    let w = plain.get(run);
    if (w === undefined) {
      w = shaped(run).advanceWidth;
      if (plain.size > 200_000) plain.clear();
      plain.set(run, w);
    }
    return w;
  };
  const width = (text: string, size: number, proportional: boolean): number => {
    if (text.length === 0) return 0;
    if (proportional && proportionalMarks.test(text)) {
      return splitProportional(text).reduce((sum, run) => sum + (run.proportional ? marks(run.text) * scale * size : width(run.text, size, false)), 0);
    }
    // As pdfkit does: lay out each run up to and including a space or tab, and sum them.
    const tabs = text.includes('\t');
    let units = 0;
    let last = 0;
    while (last < text.length) {
      let end = text.indexOf(' ', last);
      const tab = tabs ? text.indexOf('\t', last) : -1;
      if (tab >= 0 && (end < 0 || tab < end)) end = tab;
      const next = end < 0 ? text.length : end + 1;
      units += runWidth(text.slice(last, next));
      last = next;
    }
    return units * scale * size;
  };
  // fontkit walks its cmap for each question; the answers are asked again for every report.
  const glyphs = new Map<number, boolean>();
  const hasGlyph = (codePoint: number): boolean => {
    let has = glyphs.get(codePoint);
    if (has === undefined) {
      has = font.hasGlyphForCodePoint(codePoint);
      glyphs.set(codePoint, has);
    }
    return has;
  };
  return { face, source: font, postscriptName: font.postscriptName, hasGlyph, width };
}

/** Whether a language sets quotation marks proportionally (English) or full-width (Chinese). */
export function proportionalQuotes(lang: Lang): boolean {
  return lang === 'en';
}
