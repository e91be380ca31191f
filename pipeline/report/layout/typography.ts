import type { Lang } from '../../../schemas/common.js';
import type { FontFace } from './measure-text.js';

/**
 * The typographic grid of every report: page geometry, type sizes, spacing and colours, in PDF points
 * (1 pt = 1/72 in; 1 mm = 2.8346 pt). One place, so the look is tuned here and nowhere else.
 */

const mm = 72 / 25.4;

/** A4 portrait with ~22 mm margins; the running header and footer sit inside the top and bottom margins. */
export const page = {
  width: 595.28,
  height: 841.89,
  left: 22 * mm,
  right: 595.28 - 22 * mm,
  top: 24 * mm,
  bottom: 841.89 - 22 * mm,
  headerBaseline: 14 * mm,
  headerRule: 16 * mm,
  footerBaseline: 841.89 - 12 * mm,
} as const;

/** The width of the page's type area: headings, figures and tables span it. */
export const columnWidth = page.right - page.left;

/**
 * The measure of running text, flush left in the type area: about 40 ideographs of 10 pt in Chinese, about 75
 * characters of Source Serif 4 at 10 pt in English (4.65 pt a character in the example's text), the longest
 * lines a reader follows without losing the next one (Bringhurst, The Elements of Typographic Style, 2.1.2).
 */
export function textMeasure(lang: Lang): number {
  return lang === 'zh' ? 400 : 350;
}

/** Colours: near-black text, one accent (Okabe-Ito blue, the charts' first colour), greys for secondary text. */
export const colour = {
  text: '#1f1f1f',
  accent: '#0072b2',
  accentDark: '#005a8c',
  grey: '#666666',
  lightGrey: '#9a9a9a',
  rule: '#1f1f1f',
  hairline: '#b8b8b8',
  coverBand: '#0072b2',
  white: '#ffffff',
} as const;

/**
 * A text style: face, size and line distance (leading), all in pt. `serif` and `serifItalic` name the running
 * text face of the report's language (Noto Serif SC in Chinese; Source Serif 4 in English), resolved when the
 * text is set (see `faceOf`).
 */
export interface TextStyle {
  font: FontFace | 'serif' | 'serifItalic';
  size: number;
  leading: number;
  colour: string;
}

/** The text styles of the report. */
export const styles = {
  body: { font: 'serif', size: 10, leading: 16, colour: colour.text },
  lead: { font: 'serif', size: 11.5, leading: 18, colour: colour.text },
  note: { font: 'serif', size: 8, leading: 11.5, colour: colour.grey },
  h1: { font: 'bold', size: 20, leading: 28, colour: colour.accent },
  h2: { font: 'bold', size: 14, leading: 20, colour: colour.text },
  h3: { font: 'bold', size: 11.5, leading: 17, colour: colour.text },
  caption: { font: 'bold', size: 9.5, leading: 14, colour: colour.text },
  tableBody: { font: 'regular', size: 8.5, leading: 12, colour: colour.text },
  tableHead: { font: 'bold', size: 8.5, leading: 12, colour: colour.text },
  running: { font: 'regular', size: 8, leading: 10, colour: colour.grey },
  tocH1: { font: 'bold', size: 11, leading: 17, colour: colour.text },
  tocH2: { font: 'regular', size: 10, leading: 15, colour: colour.text },
} as const satisfies Record<string, TextStyle>;

/** Vertical space above and below blocks (collapsed at the top of a page). */
export const space = {
  h1Above: 0,
  /** above a chapter heading that starts below the top of a page (after a chapter's last few lines) */
  chapterAbove: 40,
  h1Below: 18,
  h2Above: 20,
  h2Below: 7,
  h3Above: 13,
  h3Below: 4,
  paragraph: 8,
  listItem: 4,
  finding: 9,
  figureAbove: 14,
  figureBelow: 16,
  captionBelow: 6,
  notesAbove: 5,
  tableAbove: 14,
  tableBelow: 16,
} as const;

/** Table cell geometry. */
export const table = {
  padX: 5,
  padY: 1.5,
  ruleHeavy: 0.8,
  ruleLight: 0.4,
  intervalGap: 3,
} as const;

/** Indent of list items and findings (the hanging bullet or number sits in it). */
export const hangingIndent = 18;

/** Where the baseline of a line sits in its line box: centred ideographs (which span about -0.12..0.88 em). */
export function baselineIn(style: TextStyle): number {
  return style.leading / 2 + 0.36 * style.size;
}
