import type { Lang } from '../../../schemas/common.js';
import { zhPunctuation } from '../format-number.js';
import { breakLines } from './break-lines.js';
import type { Flow, StructNode, TextItem } from './flow.js';
import { proportionalQuotes, type FontFace, type FontSet } from './measure-text.js';
import { baselineIn, page, type TextStyle } from './typography.js';

/** What setting text needs: the fonts and the language (for line breaking, features and justification). */
export interface TextContext {
  fonts: FontSet;
  lang: Lang;
  /** publication titles set in italic where notes and source lines name them (English only; see `markItalic`) */
  titles?: readonly string[];
}

/** Private-use marks around an italic span of a line (see `markItalic`); measured and drawn, never printed. */
export const italicStart = '\uE000';
export const italicEnd = '\uE001';
const italicMarks = /[\uE000\uE001]/u;

/** The italic of a style: Source Serif 4 Italic for English running text; sans and Chinese have none, and stay. */
function italicOf(style: TextStyle): TextStyle {
  return style.font === 'serif' ? { ...style, font: 'serifItalic' } : style;
}

/** A marked line cut into roman and italic runs (empty runs dropped). */
function italicRuns(text: string): { text: string; italic: boolean }[] {
  const runs: { text: string; italic: boolean }[] = [];
  let italic = false;
  for (const part of text.split(/([\uE000\uE001])/u)) {
    if (part === italicStart) italic = true;
    else if (part === italicEnd) italic = false;
    else if (part !== '') runs.push({ text: part, italic });
  }
  return runs;
}

/** The embedded face a style sets text in, in the report's language. */
export function faceOf(ctx: TextContext, style: TextStyle): FontFace {
  if (style.font === 'serif') return ctx.lang === 'zh' ? 'serifSc' : 'serifLatin';
  if (style.font === 'serifItalic') return ctx.lang === 'zh' ? 'serifSc' : 'serifLatinItalic';
  return style.font;
}

/**
 * The style to set a whole paragraph in: an English serif paragraph holding a character Source Serif 4 lacks
 * (a Chinese name) is set in Noto Serif SC throughout, so no line mixes two faces' metrics.
 */
export function styleFor(ctx: TextContext, style: TextStyle, text: string): TextStyle {
  const face = faceOf(ctx, style);
  if (face !== 'serifLatin' && face !== 'serifLatinItalic') return style;
  const font = ctx.fonts[face];
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp > 0x20 && !italicMarks.test(char) && !font.hasGlyph(cp)) return { ...style, font: 'serifSc' };
  }
  return style;
}

/** The width of `text` in `style`, in pt. */
export function measure(ctx: TextContext, style: TextStyle, text: string): number {
  if (italicMarks.test(text)) return italicRuns(text).reduce((w, run) => w + measure(ctx, run.italic ? italicOf(style) : style, run.text), 0);
  return ctx.fonts[faceOf(ctx, style)].width(text, style.size, proportionalQuotes(ctx.lang));
}

// Lines already set, by fonts, language, face, size, width and text: the fonts are process-wide, so the same paragraph,
// note or table cell (the methodology, the questionnaire, a column tried at several widths) is broken once per
// process rather than once per report or per try.
const setCaches = new WeakMap<FontSet, Map<string, readonly string[]>>();

/** Breaks `text` into lines of at most `width` pt in `style`; with `words`, only between words (table cells). */
export function setLines(ctx: TextContext, style: TextStyle, text: string, width: number, options: { words?: boolean } = {}): string[] {
  if (text.trim() === '') return [];
  const key = `${ctx.lang}|${faceOf(ctx, style)}|${style.size}|${width}|${options.words ? 'w' : ''}|${text}`;
  let setCache = setCaches.get(ctx.fonts);
  if (!setCache) setCaches.set(ctx.fonts, (setCache = new Map()));
  let lines = setCache.get(key);
  if (lines === undefined) {
    lines = breakItalicLines(ctx, style, text, width, options);
    if (setCache.size > 100_000) setCache.clear();
    setCache.set(key, lines);
  }
  return [...lines];
}

/** `setLines` without the memo. */
function breakItalicLines(ctx: TextContext, style: TextStyle, text: string, width: number, options: { words?: boolean }): string[] {
  // Chinese brackets and commas touching Chinese are set full-width, whoever wrote the text (GB/T 15834).
  const set = ctx.lang === 'zh' ? zhPunctuation(text) : text;
  const lines = breakLines(set, width, (s) => measure(ctx, style, s), options);
  if (!italicMarks.test(set)) return lines;
  // An italic span that runs onto the next line is closed at the line's end and reopened at the next one's start.
  let open = false;
  return lines.map((line) => {
    const start = open ? italicStart : '';
    for (const char of line) if (char === italicStart || char === italicEnd) open = char === italicStart;
    return `${start}${line}${open ? italicEnd : ''}`;
  });
}

/** The text items of one line that may hold italic spans (left-aligned): one item per roman or italic run. */
export function lineItems(
  ctx: TextContext,
  style: TextStyle,
  text: string,
  x: number,
  top: number,
  struct: StructNode | null,
  options: { width?: number; justify?: boolean; colour?: string } = {},
): TextItem[] {
  if (!italicMarks.test(text)) return [lineItem(ctx, style, text, x, top, struct, options)];
  let left = x;
  return italicRuns(text).map((run) => {
    const runStyle = run.italic ? italicOf(style) : style;
    const item = lineItem(ctx, runStyle, run.text, left, top, struct, options.colour === undefined ? {} : { colour: options.colour });
    left += measure(ctx, runStyle, run.text);
    return item;
  });
}

/**
 * A text item for one line whose box starts at `top`. Chinese lines other than the last are justified to
 * `width` by spreading the slack over the gaps between characters (only when the line is nearly full).
 */
export function lineItem(
  ctx: TextContext,
  style: TextStyle,
  text: string,
  x: number,
  top: number,
  struct: StructNode | null,
  options: { width?: number; justify?: boolean; align?: 'left' | 'right' | 'center'; colour?: string } = {},
): TextItem {
  const natural = measure(ctx, style, text);
  let characterSpacing = 0;
  let left = x;
  const width = options.width ?? natural;
  if (options.justify && ctx.lang === 'zh') {
    const count = [...text].length;
    const slack = width - natural;
    if (count > 1 && slack > 0 && slack < width * 0.12) characterSpacing = slack / (count - 1);
  }
  if (options.align === 'right') left = x + width - natural;
  if (options.align === 'center') left = x + (width - natural) / 2;
  return {
    kind: 'text',
    x: left,
    y: top + baselineIn(style),
    text,
    face: faceOf(ctx, style),
    size: style.size,
    colour: options.colour ?? style.colour,
    characterSpacing,
    struct,
    goTo: null,
    width: characterSpacing > 0 ? width : natural,
  };
}

/**
 * Places lines in the flow without leaving one line of a paragraph alone at the foot or the head of a page
 * (no orphans, no widows): a paragraph that would split 1 + n or n + 1 moves lines to keep at least two on
 * each side. `decorate` draws extras beside the first line (a bullet or finding number) at its top.
 */
export function placeLines(
  flow: Flow,
  ctx: TextContext,
  style: TextStyle,
  lines: readonly string[],
  x: number,
  width: number,
  struct: StructNode,
  options: { justify: boolean; decorate?: (top: number) => void },
): void {
  flow.settle();
  let i = 0;
  while (i < lines.length) {
    const left = lines.length - i;
    const fit = Math.floor((flow.bottom - flow.y + 1e-6) / style.leading);
    let take = left;
    if (left > fit) {
      take = fit;
      if (left - take < 2) take = left - 2;
      if (take < 2) {
        if (flow.atTop) take = Math.max(1, fit); // a page cannot hold two lines: give up gracefully
        else {
          flow.newPage();
          continue;
        }
      }
    }
    for (let k = 0; k < take; k++) {
      const index = i + k;
      const text = lines[index] as string;
      if (index === 0 && options.decorate) options.decorate(flow.y);
      const last = index === lines.length - 1;
      for (const item of lineItems(ctx, style, text, x, flow.y, struct, { width, justify: options.justify && !last })) flow.push(item);
      flow.y += style.leading;
    }
    i += take;
    if (i < lines.length) flow.newPage();
  }
}

/** The height the first part of a paragraph needs to start on a page (all of it when it has 3 lines or fewer). */
export function minStartHeight(lineCount: number, leading: number): number {
  return (lineCount <= 3 ? lineCount : 2) * leading;
}
