/**
 * Byte-level helpers for the streaming xlsx parsers (shared strings, sheets). They work on a Buffer holding part
 * of a document and return -1 when the construct they look at runs past its end (the caller then keeps the
 * unfinished bytes and retries once the next inflated chunk has arrived). No per-token objects are created.
 */
import { decodeXml, XmlError } from './decode-xml.js';

/** The bytes `<`, `>` and `/`. */
export const LT = 0x3c;
/** `>` */
export const GT = 0x3e;
/** `/` */
export const SLASH = 0x2f;
const QUOT = 0x22;
const APOS = 0x27;
const EQ = 0x3d;
const BANG = 0x21;
const QUESTION = 0x3f;
const COLON = 0x3a;
const DASH = 0x2d;
const OPEN_BRACKET = 0x5b;

const CDATA_OPEN = Buffer.from('<![CDATA[');
const CDATA_CLOSE = Buffer.from(']]>');
const COMMENT_CLOSE = Buffer.from('-->');
const PI_CLOSE = Buffer.from('?>');

/** Whether byte b is XML white space. */
export function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** The end of the tag name starting at p (the first space, `/` or `>`), or -1 when the buffer ends first. */
export function scanNameEnd(buf: Buffer, p: number): number {
  const len = buf.length;
  while (p < len) {
    const b = buf[p]!;
    if (b === GT || b === SLASH || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) return p;
    p++;
  }
  return -1;
}

/** Where the local part of the name [start, end) begins (after a namespace prefix such as `x:`). */
export function localStart(buf: Buffer, start: number, end: number): number {
  for (let i = end - 1; i > start; i--) if (buf[i] === COLON) return i + 1;
  return start;
}

/** Whether the bytes [start, end) spell the ASCII `word`. */
export function isName(buf: Buffer, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (buf[start + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** The index of the `>` closing the tag whose attributes start at p (quotes respected), or -1. */
export function scanTagEnd(buf: Buffer, p: number): number {
  const len = buf.length;
  while (p < len) {
    const b = buf[p]!;
    if (b === GT) return p;
    if (b === QUOT || b === APOS) {
      const q = buf.indexOf(b, p + 1);
      if (q < 0) return -1;
      p = q + 1;
      continue;
    }
    p++;
  }
  return -1;
}

/**
 * Finds attribute `name` (local name, ASCII) in the tag attributes [p, gt). Returns the value as raw bytes
 * [valueStart, valueEnd) in `out`, or false when absent.
 */
export function findAttribute(buf: Buffer, p: number, gt: number, name: string, out: { start: number; end: number }): boolean {
  while (p < gt) {
    while (p < gt && (isSpace(buf[p]) || buf[p] === SLASH)) p++;
    if (p >= gt) return false;
    const nameStart = p;
    while (p < gt && buf[p] !== EQ && !isSpace(buf[p])) p++;
    const nameEnd = p;
    while (p < gt && isSpace(buf[p])) p++;
    if (buf[p] !== EQ) throw new XmlError('an attribute without a value');
    p++;
    while (p < gt && isSpace(buf[p])) p++;
    const quote = buf[p];
    if (quote !== QUOT && quote !== APOS) throw new XmlError('an attribute value without quotes');
    const valueEnd = buf.indexOf(quote, p + 1);
    if (valueEnd < 0 || valueEnd > gt) throw new XmlError('an unclosed attribute value');
    if (isName(buf, localStart(buf, nameStart, nameEnd), nameEnd, name)) {
      out.start = p + 1;
      out.end = valueEnd;
      return true;
    }
    p = valueEnd + 1;
  }
  return false;
}

/**
 * Skips markup starting `<!` or `<?` at lt: a comment, a CDATA section (outside text, ignored) or a processing
 * instruction. Returns the index after it, or -1 when it runs past the buffer. XmlError for a DOCTYPE (entity
 * declarations are refused: they are how XML bombs and external-entity reads work).
 */
export function skipSpecial(buf: Buffer, lt: number): number {
  if (buf[lt + 1] === QUESTION) {
    const end = buf.indexOf(PI_CLOSE, lt + 2);
    return end < 0 ? -1 : end + 2;
  }
  if (lt + 4 > buf.length) return -1;
  if (buf[lt + 2] === DASH && buf[lt + 3] === DASH) {
    const end = buf.indexOf(COMMENT_CLOSE, lt + 4);
    return end < 0 ? -1 : end + 3;
  }
  if (buf[lt + 2] === OPEN_BRACKET) {
    if (lt + 9 > buf.length) return -1;
    if (buf.compare(CDATA_OPEN, 0, 9, lt, lt + 9) === 0) {
      const end = buf.indexOf(CDATA_CLOSE, lt + 9);
      return end < 0 ? -1 : end + 3;
    }
  }
  throw new XmlError('a DOCTYPE or ENTITY declaration (not allowed in a workbook)');
}

/** UTF-8 text [start, end) with its entities and line ends decoded. */
export function decodeXmlBytes(buf: Buffer, start: number, end: number): string {
  const raw = buf.toString('utf8', start, end);
  return decodeXml(raw);
}

/** The result of readText: the decoded text and the index of the `</` that ends it. */
export interface TextRead {
  text: string;
  end: number;
}

/**
 * Reads the character data of an element whose content starts at p, up to its end tag: text, CDATA sections
 * (taken literally), comments and processing instructions (skipped). Sets `out` and returns true, or returns
 * false when the buffer ends first. XmlError when a child element appears.
 */
export function readText(buf: Buffer, p: number, out: TextRead): boolean {
  let text = '';
  for (;;) {
    const lt = buf.indexOf(LT, p);
    if (lt < 0) return false;
    if (lt > p) text += decodeXmlBytes(buf, p, lt);
    const b = buf[lt + 1];
    if (b === undefined) return false;
    if (b === SLASH) {
      out.text = text;
      out.end = lt;
      return true;
    }
    if (b === BANG && buf[lt + 2] === OPEN_BRACKET) {
      if (lt + 9 > buf.length) return false;
      const end = buf.indexOf(CDATA_CLOSE, lt + 9);
      if (end < 0) return false;
      if (buf.compare(CDATA_OPEN, 0, 9, lt, lt + 9) !== 0) throw new XmlError('a DOCTYPE or ENTITY declaration (not allowed in a workbook)');
      const cdata = buf.toString('utf8', lt + 9, end);
      text += cdata.includes('\r') ? cdata.replace(/\r\n?/g, '\n') : cdata;
      p = end + 3;
      continue;
    }
    if (b === BANG || b === QUESTION) {
      const next = skipSpecial(buf, lt);
      if (next < 0) return false;
      p = next;
      continue;
    }
    throw new XmlError('an element inside a text value');
  }
}
