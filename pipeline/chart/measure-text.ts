import { openFontkit } from '../fonts.js';

/** The part of a fontkit font this module uses (its widths match the PDF's: fontkit is pdfkit's font engine). */
interface FontkitFont {
  unitsPerEm: number;
  layout(text: string): { advanceWidth: number };
}

const widthCache = new Map<string, number>();

function fontFor(isBold: boolean): FontkitFont {
  return openFontkit(isBold ? 'bold' : 'regular') as FontkitFont;
}

/** Whether a CSS/Vega font weight is drawn with the bold face (`bold`, `bolder` or 600 and above). */
export function isBoldWeight(weight: string | number | null | undefined): boolean {
  if (weight == null) return false;
  if (weight === 'bold' || weight === 'bolder') return true;
  const numeric = Number(weight);
  return Number.isFinite(numeric) && numeric >= 600;
}

/**
 * The advance width in px (= pt in the PDF) of one line of `text` set in Noto Sans SC at `size`, measured with
 * fontkit on the font the PDF embeds. Cached per (text, size, weight); an empty text is 0 wide.
 */
export function measureText(text: string, size: number, isBold = false): number {
  if (text.length === 0 || size <= 0) return 0;
  const key = `${isBold ? 'b' : 'r'}${size}|${text}`;
  let width = widthCache.get(key);
  if (width === undefined) {
    const font = fontFor(isBold);
    width = (font.layout(text).advanceWidth / font.unitsPerEm) * size;
    widthCache.set(key, width);
  }
  return width;
}

const ellipsis = '…';

/** `text` cut at the end, with an ellipsis, so that it is at most `maxWidth` px wide; unchanged if it fits. */
export function truncateText(text: string, maxWidth: number, size: number, isBold = false): string {
  if (measureText(text, size, isBold) <= maxWidth) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (measureText(chars.slice(0, mid).join('').trimEnd() + ellipsis, size, isBold) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + ellipsis;
}

// CJK ideographs, kana, full-width forms.
const cjk = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/u;
// Punctuation that must not start a line (Chinese line-breaking rules, 避头) or end one (避尾).
const noLineStart = /^[，。、；：！？）】》」』”’,.;:!?)\]…%]/u;
const noLineEnd = /[（【《「『“‘(\[]$/u;
const words = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Splits text into the pieces a line may break between: words, as ICU finds them (`Intl.Segmenter`, which
 * knows Chinese words by dictionary), each with its trailing space. A Latin word stays whole with its hyphens
 * and brackets; closing punctuation stays with the word before it and opening punctuation with the word after.
 */
function breakPieces(text: string): string[] {
  const pieces: string[] = [];
  for (const { segment } of words.segment(text)) {
    const last = pieces[pieces.length - 1];
    const glue =
      last !== undefined &&
      (segment.trim() === '' ||
        noLineStart.test(segment) ||
        noLineEnd.test(last) ||
        (!/\s$/u.test(last) && !cjk.test(segment[0] ?? '') && !cjk.test(last.slice(-1))));
    if (glue) pieces[pieces.length - 1] = last + segment;
    else pieces.push(segment);
  }
  return pieces;
}

/**
 * Wraps `text` into at most `maxLines` lines, each at most `maxWidth` px wide: breaks between words only, in
 * Chinese as in English (never before closing punctuation); a word longer than a line is cut;
 * what does not fit in the last line is truncated with an ellipsis. Always returns at least one line.
 */
export function wrapText(text: string, maxWidth: number, size: number, options: { maxLines?: number; bold?: boolean } = {}): string[] {
  const maxLines = options.maxLines ?? 2;
  const isBold = options.bold ?? false;
  const clean = text.replace(/\s+/g, ' ').trim();
  if (measureText(clean, size, isBold) <= maxWidth) return [clean];
  const lines: string[] = [];
  let line = '';
  const pieces = breakPieces(clean);
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as string;
    const candidate = line + piece;
    if (measureText(candidate.trimEnd(), size, isBold) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (lines.length === maxLines - 1) {
      lines.push(truncateText(line + pieces.slice(i).join(''), maxWidth, size, isBold));
      return lines;
    }
    if (line.trim().length > 0) {
      lines.push(line.trimEnd());
      line = '';
    }
    // A word wider than a line is cut into line-wide parts.
    let rest = piece;
    while (measureText(rest.trimEnd(), size, isBold) > maxWidth) {
      if (lines.length === maxLines - 1) {
        lines.push(truncateText(rest + pieces.slice(i + 1).join(''), maxWidth, size, isBold));
        return lines;
      }
      const cut = truncateText(rest, maxWidth, size, isBold).slice(0, -ellipsis.length) || rest.slice(0, 1);
      lines.push(cut);
      rest = rest.slice(cut.length);
    }
    line = rest;
  }
  if (line.trim().length > 0) lines.push(line.trimEnd());
  return lines;
}

/** The subset of a Vega scenegraph text item that text measurement reads. */
export interface TextItem {
  fontSize?: number;
  fontWeight?: string | number | null;
}

/**
 * Vega's `textMetrics.width` replacement: the raw (untruncated) width of `text` in the item's size and weight.
 * Vega itself applies `limit` truncation on top, calling this for each candidate prefix.
 */
export function vegaTextWidth(item: TextItem, text: unknown): number {
  const value = text == null ? '' : String(text).trim();
  return measureText(value, item.fontSize ?? 11, isBoldWeight(item.fontWeight));
}
