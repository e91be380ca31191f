import { messages } from '../messages.js';

/** An element of a parsed SVG: its name, its attributes (entities decoded) and its children. */
export interface SvgElement {
  name: string;
  attrs: Map<string, string>;
  children: SvgNode[];
}

/** A child of an element: an element or a run of character data (entities decoded). */
export type SvgNode = SvgElement | string;

/** A start tag, an end tag or character data; anything else (comments, CDATA, <?...?>, <!...>) does not match. */
const token = /<(\/?)([A-Za-z][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"<]*")*)\s*(\/?)>|([^<]+)/y;
const attribute = /([A-Za-z_][\w.:-]*)\s*=\s*"([^"<]*)"/g;
const entity = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(quot|amp|lt|gt|apos));|&/g;
const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(entity, (match, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    if (dec !== undefined) return String.fromCodePoint(Number(dec));
    if (name !== undefined) return named[name] ?? match;
    throw new Error(messages.errors.svgMarkup('an "&" that starts no character reference'));
  });
}

/**
 * Parses the plain XML an SVG chart is written in: elements with double-quoted attributes, character data and
 * the five named and the numeric character references. Anything else (a comment, CDATA, a DOCTYPE, a stray
 * "<", unbalanced tags) is refused, so a drawing never silently loses part of its markup.
 */
export function parseSvg(svg: string): SvgElement {
  const root: SvgElement = { name: '', attrs: new Map(), children: [] };
  const open: SvgElement[] = [root];
  token.lastIndex = 0;
  while (token.lastIndex < svg.length) {
    const at = token.lastIndex;
    const match = token.exec(svg);
    if (match === null) throw new Error(messages.errors.svgMarkup(`"${svg.slice(at, at + 20)}" at character ${at}`));
    const parent = open[open.length - 1] as SvgElement;
    const [, slash, name, attrText, selfClosing, text] = match;
    if (text !== undefined) {
      parent.children.push(decode(text));
    } else if (slash === '/') {
      if (parent.name !== name || attrText !== '' || selfClosing === '/') throw new Error(messages.errors.svgMarkup(`"</${name}>" closing <${parent.name || 'nothing'}>`));
      open.pop();
    } else {
      const element: SvgElement = { name: name ?? '', attrs: new Map(), children: [] };
      for (const [, key, value] of (attrText ?? '').matchAll(attribute)) {
        if (element.attrs.has(key ?? '')) throw new Error(messages.errors.svgMarkup(`<${element.name}> with ${key} twice`));
        element.attrs.set(key ?? '', decode(value ?? ''));
      }
      parent.children.push(element);
      if (selfClosing !== '/') open.push(element);
    }
  }
  if (open.length !== 1) throw new Error(messages.errors.svgMarkup(`<${open[open.length - 1]?.name}> never closed`));
  const elements = root.children.filter((child): child is SvgElement => typeof child !== 'string');
  const stray = root.children.some((child) => typeof child === 'string' && child.trim() !== '');
  const svgRoot = elements[0];
  if (elements.length !== 1 || stray || svgRoot?.name !== 'svg') throw new Error(messages.errors.svgMarkup('a document whose only element is not <svg>'));
  return svgRoot;
}
