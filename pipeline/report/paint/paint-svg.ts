import type { FontFace, FontSet } from '../layout/measure-text.js';
import { messages } from '../messages.js';
import { lineOptions } from './line-options.js';
import { CLOSE, CURVE, LINE, MOVE, parsePath } from './parse-path.js';
import { readLength, readNumber, refuse } from './svg-values.js';
import { parseSvg, type SvgElement } from './parse-svg.js';

/**
 * Draws the SVG the chart stage writes (Vega's SVG renderer, and the report fixtures' hand-made charts) with
 * pdfkit, much faster than a general SVG library. It reads a fixed subset: <svg>, <title>, <desc>, <g>, <rect>,
 * <line>, <path> (M L H V Z A), <text> with one-line <tspan>s; fill, stroke, stroke-width, stroke-miterlimit,
 * stroke-dasharray, opacity, display, translate(), font-family (Noto Sans SC), font-size, font-weight and
 * text-anchor. Anything else is refused with an error rather than drawn differently from a browser.
 */

type Rgb = [number, number, number];

/** The inherited presentation attributes, resolved. */
interface Style {
  fill: Rgb | null;
  stroke: Rgb | null;
  strokeWidth: number;
  miterLimit: number;
  dash: number[] | null;
  fontSize: number;
  bold: boolean;
  /** the share of a line's width it moves left: 0 start, 0.5 middle, 1 end */
  anchor: number;
}

/** SVG's initial values. */
const initialStyle: Style = { fill: [0, 0, 0], stroke: null, strokeWidth: 1, miterLimit: 4, dash: null, fontSize: 16, bold: false, anchor: 0 };

/** Where a chart goes on the page, in pt. */
export interface SvgBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What a drawing needs besides the page: the measured faces and the names they are registered under. */
export interface SvgFonts {
  measured: FontSet;
  names: Record<'regular' | 'bold', string>;
}

/** Attributes with no effect on the drawing (accessibility, interactivity, namespaces). */
const inert = new Set(['class', 'role', 'pointer-events', 'xmlns', 'xmlns:xlink', 'version']);

/** Each element's own geometry attributes (presentation attributes are read on g, shapes and text). */
const geometry = new Map<string, ReadonlySet<string>>([
  ['g', new Set()],
  ['rect', new Set(['x', 'y', 'width', 'height'])],
  ['line', new Set(['x1', 'y1', 'x2', 'y2'])],
  ['path', new Set(['d'])],
  ['text', new Set(['x', 'y'])],
]);

const translateText = /^translate\(\s*([^,\s)]+)(?:\s*[,\s]\s*([^,\s)]+))?\s*\)$/;
const named = new Map<string, Rgb | null>([['none', null], ['transparent', null], ['white', [255, 255, 255]], ['black', [0, 0, 0]]]);

function readColour(element: string, name: string, value: string): Rgb | null {
  const known = named.get(value);
  if (known !== undefined) return known;
  const hex = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.exec(value)?.[1];
  if (hex === undefined) refuse(element, name, value);
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [parseInt(full.slice(0, 2), 16), parseInt(full.slice(2, 4), 16), parseInt(full.slice(4, 6), 16)];
}

function readDash(element: string, value: string): number[] | null {
  if (value === 'none') return null;
  const parts = value.trim().split(/\s*,\s*|\s+/).map((part) => readLength(element, 'stroke-dasharray', part));
  // A zero or negative length makes the pattern invalid in SVG; pdfkit would refuse it too.
  if (parts.some((part) => !(part > 0))) refuse(element, 'stroke-dasharray', value);
  return parts.length % 2 === 1 ? [...parts, ...parts] : parts;
}

/** An element's attributes read against its parent's style. */
interface Resolved {
  style: Style;
  opacity: number;
  dx: number;
  dy: number;
  hidden: boolean;
}

/** The element's own copy of its parent's style, made when it first sets an attribute. */
function fork(style: Style | null, parent: Style): Style {
  return style ?? { ...parent };
}

function resolve(element: SvgElement, parent: Style): Resolved {
  const own = geometry.get(element.name) ?? new Set<string>();
  const out: Resolved = { style: parent, opacity: 1, dx: 0, dy: 0, hidden: false };
  let style: Style | null = null;
  const name = element.name;
  for (const [key, value] of element.attrs) {
    if (own.has(key) || inert.has(key) || key.startsWith('aria-')) continue;
    switch (key) {
      case 'fill':
      case 'stroke':
        style = fork(style, parent);
        style[key] = readColour(name, key, value);
        break;
      case 'stroke-width': {
        const width = readLength(name, key, value);
        if (width < 0) refuse(name, key, value);
        style = fork(style, parent);
        style.strokeWidth = width;
        break;
      }
      case 'stroke-miterlimit': {
        const limit = readNumber(name, key, value);
        if (limit < 1) refuse(name, key, value);
        style = fork(style, parent);
        style.miterLimit = limit;
        break;
      }
      case 'stroke-dasharray':
        style = fork(style, parent);
        style.dash = readDash(name, value);
        break;
      case 'font-family':
        // The PDF embeds Noto Sans SC only; a chart asking for another face would be drawn in the wrong one.
        if (value.split(',')[0]?.trim().replace(/^["']|["']$/g, '') !== 'Noto Sans SC') refuse(name, key, value);
        break;
      case 'font-size': {
        const size = readLength(name, key, value);
        if (!(size > 0)) refuse(name, key, value);
        style = fork(style, parent);
        style.fontSize = size;
        break;
      }
      case 'font-weight':
        style = fork(style, parent);
        if (value === 'normal' || value === '400') style.bold = false;
        else if (value === 'bold' || value === '700') style.bold = true;
        else refuse(name, key, value);
        break;
      case 'text-anchor':
        style = fork(style, parent);
        if (value === 'start') style.anchor = 0;
        else if (value === 'middle') style.anchor = 0.5;
        else if (value === 'end') style.anchor = 1;
        else refuse(name, key, value);
        break;
      case 'opacity':
        out.opacity = readNumber(name, key, value);
        if (out.opacity < 0 || out.opacity > 1) refuse(name, key, value);
        break;
      case 'display':
        if (value === 'none') out.hidden = true;
        else if (value !== 'inline') refuse(name, key, value);
        break;
      case 'transform': {
        const match = translateText.exec(value.trim());
        if (match === null) refuse(name, key, value);
        out.dx = readNumber(name, key, match[1] ?? '');
        out.dy = match[2] === undefined ? 0 : readNumber(name, key, match[2]);
        break;
      }
      default:
        refuse(name, key, value);
    }
  }
  if (style !== null) out.style = style;
  return out;
}

/** A length attribute, 0 when absent. */
function lengthAttr(element: SvgElement, name: string): number {
  const value = element.attrs.get(name);
  return value === undefined ? 0 : readLength(element.name, name, value);
}

function shapeOf(element: SvgElement): number[] {
  const get = lengthAttr;
  switch (element.name) {
    case 'rect': {
      const [x, y, w, h] = [get(element, 'x'), get(element, 'y'), get(element, 'width'), get(element, 'height')];
      return w > 0 && h > 0 ? [MOVE, x, y, LINE, x + w, y, LINE, x + w, y + h, LINE, x, y + h, CLOSE] : [];
    }
    case 'line': {
      const [x1, y1, x2, y2] = [get(element, 'x1'), get(element, 'y1'), get(element, 'x2'), get(element, 'y2')];
      return x1 === x2 && y1 === y2 ? [] : [MOVE, x1, y1, LINE, x2, y2];
    }
    default:
      return parsePath(element.attrs.get('d') ?? '');
  }
}

/** A number as pdfkit writes it (rounded to 6 decimals). */
function pdfNumber(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** An RGB colour as pdfkit writes it: the DeviceRGB space, then the components (0-1). */
function colourOps(rgb: Rgb, stroke: boolean): string {
  return `/DeviceRGB ${stroke ? 'CS' : 'cs'}\n${rgb[0] / 255} ${rgb[1] / 255} ${rgb[2] / 255} ${stroke ? 'SCN' : 'scn'}`;
}

/**
 * Draws a shape with the operators pdfkit's own calls would write (colour space and components, cm, w, M, d,
 * m l c h, f S B), as one string: a chart has thousands of shapes, and a call into pdfkit per operator was most
 * of the time of drawing it.
 */
function drawShape(doc: PDFKit.PDFDocument, element: SvgElement, { style, opacity }: Resolved, x: number, y: number): void {
  if (element.children.length > 0) throw new Error(messages.errors.svgMarkup(`<${element.name}> with content`));
  const fill = opacity > 0 ? style.fill : null;
  const stroke = opacity > 0 && style.strokeWidth > 0 ? style.stroke : null;
  if (fill === null && stroke === null) return;
  const ops = shapeOf(element);
  if (ops.length === 0) return;
  const out: string[] = [];
  if (x !== 0 || y !== 0) out.push(`1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} cm`);
  if (fill !== null) out.push(colourOps(fill, false));
  if (stroke !== null) {
    out.push(colourOps(stroke, true), `${pdfNumber(style.strokeWidth)} w`, `${pdfNumber(style.miterLimit)} M`);
    if (style.dash !== null) out.push(`[${style.dash.map(pdfNumber).join(' ')}] 0 d`);
  }
  for (let i = 0; i < ops.length; ) {
    const op = ops[i];
    const count = op === CURVE ? 6 : op === CLOSE ? 0 : 2;
    let line = '';
    for (let k = 1; k <= count; k++) line += `${pdfNumber(ops[i + k] ?? 0)} `;
    out.push(line + (op === MOVE ? 'm' : op === LINE ? 'l' : op === CURVE ? 'c' : 'h'));
    i += count + 1;
  }
  out.push(fill !== null && stroke !== null ? 'B' : fill !== null ? 'f' : 'S');
  doc.save();
  // pdfkit keeps one ExtGState per opacity and names it on the page.
  if (opacity < 1) doc.opacity(opacity);
  doc.addContent(out.join('\n'));
  doc.restore();
}

/** A line of a <text>: where it starts (null: the text's own x) and how far below the previous line. */
interface TextLine {
  x: number | null;
  dy: number;
  raw: string;
}

function textLines(element: SvgElement): TextLine[] {
  const strings = element.children.every((child) => typeof child === 'string');
  if (strings) return [{ x: null, dy: 0, raw: element.children.join('') }];
  return element.children.map((child, i) => {
    // Vega writes a multi-line label as one <tspan> a line, each after the first placed by x and dy.
    if (typeof child === 'string' || child.name !== 'tspan') throw new Error(messages.errors.svgMarkup(`<text> mixing text and elements`));
    let x: number | null = null;
    let dy = 0;
    for (const [key, value] of child.attrs) {
      if (key === 'x') x = readLength('tspan', key, value);
      else if (key === 'dy') dy = readLength('tspan', key, value);
      else refuse('tspan', key, value);
    }
    if (i > 0 && x === null) throw new Error(messages.errors.svgMarkup('a <tspan> after the first without x'));
    if (!child.children.every((c) => typeof c === 'string')) throw new Error(messages.errors.svgMarkup('a <tspan> holding elements'));
    return { x, dy, raw: child.children.join('') };
  });
}

function drawText(doc: PDFKit.PDFDocument, element: SvgElement, { style, opacity }: Resolved, ox: number, oy: number, fonts: SvgFonts): void {
  const lines = textLines(element);
  if (style.stroke !== null && style.strokeWidth > 0) refuse('text', 'stroke', `rgb(${style.stroke.join(',')})`);
  if (style.fill === null || opacity === 0) return;
  const face: FontFace = style.bold ? 'bold' : 'regular';
  const measured = fonts.measured[face];
  doc.save();
  doc.fillColor(style.fill, opacity < 1 ? opacity : undefined);
  doc.font(fonts.names[face]).fontSize(style.fontSize);
  const x0 = lengthAttr(element, 'x');
  let y = lengthAttr(element, 'y');
  // SVG's default white-space handling: runs of white space become one space, none at either end of the text.
  let before = '';
  let after = lines.map((line) => line.raw).join('');
  for (const line of lines) {
    after = after.slice(line.raw.length);
    let text = line.raw.replace(/\s+/g, ' ');
    if (before === '' || /\s$/.test(before)) text = text.replace(/^ /, '');
    if (after.trim() === '') text = text.replace(/ $/, '');
    before += line.raw;
    y += line.dy;
    if (text === '') continue;
    const x = (line.x ?? x0) - (style.anchor === 0 ? 0 : style.anchor * measured.width(text, style.fontSize, false));
    doc.text(text, ox + x, oy + y, lineOptions);
  }
  doc.restore();
}

function drawChildren(doc: PDFKit.PDFDocument, parent: SvgElement, style: Style, ox: number, oy: number, fonts: SvgFonts): void {
  for (const child of parent.children) {
    if (typeof child === 'string') {
      if (child.trim() !== '') throw new Error(messages.errors.svgMarkup(`text "${child.trim().slice(0, 20)}" outside <text>`));
      continue;
    }
    if (child.name === 'title' || child.name === 'desc') continue;
    if (!geometry.has(child.name)) throw new Error(messages.errors.svgElement(child.name));
    const resolved = resolve(child, style);
    if (resolved.hidden) continue;
    const x = ox + resolved.dx;
    const y = oy + resolved.dy;
    if (child.name === 'g') {
      // Group opacity composites the group as one image (a transparency group); nothing here needs it.
      if (resolved.opacity !== 1) refuse('g', 'opacity', String(resolved.opacity));
      drawChildren(doc, child, resolved.style, x, y, fonts);
    } else if (child.name === 'text') drawText(doc, child, resolved, x, y, fonts);
    else drawShape(doc, child, resolved, x, y);
  }
}

/** The user-space rectangle the drawing shows: the root's viewBox, or 0 0 width height. */
function viewBoxOf(root: SvgElement): [number, number, number, number] {
  for (const [key, value] of root.attrs) {
    if (key !== 'width' && key !== 'height' && key !== 'viewBox' && !inert.has(key)) refuse('svg', key, value);
  }
  const viewBox = root.attrs.get('viewBox');
  const box = viewBox !== undefined
    ? viewBox.trim().split(/\s*,\s*|\s+/).map((part) => readNumber('svg', 'viewBox', part))
    : [0, 0, readLength('svg', 'width', root.attrs.get('width') ?? ''), readLength('svg', 'height', root.attrs.get('height') ?? '')];
  const [x = 0, y = 0, w = 0, h = 0] = box;
  if (box.length !== 4 || !(w > 0) || !(h > 0)) refuse('svg', 'viewBox', viewBox ?? 'missing, and width or height with it');
  return [x, y, w, h];
}

/**
 * Draws `svg` into `box` on the current page, scaled to fit and centred (preserveAspectRatio xMidYMid meet)
 * and clipped to the box, with text in the report's faces. Throws an Error saying what it cannot draw.
 */
export function paintSvg(doc: PDFKit.PDFDocument, svg: string, box: SvgBox, fonts: SvgFonts): void {
  const root = parseSvg(svg);
  const [vx, vy, vw, vh] = viewBoxOf(root);
  const scale = Math.min(box.w / vw, box.h / vh);
  doc.save();
  doc.rect(box.x, box.y, box.w, box.h).clip();
  doc.transform(scale, 0, 0, scale, box.x + (box.w - vw * scale) / 2 - vx * scale, box.y + (box.h - vh * scale) / 2 - vy * scale);
  drawChildren(doc, root, initialStyle, 0, 0, fonts);
  doc.restore();
}
