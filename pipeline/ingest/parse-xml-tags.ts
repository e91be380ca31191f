import { decodeXmlAttribute, XmlError } from './decode-xml.js';
import { isSpace, localStart, LT, scanNameEnd, scanTagEnd, skipSpecial, SLASH } from './scan-xml.js';

/** A start, end or empty-element tag of a small XML document, with local (prefix-free) names. */
export interface XmlTag {
  name: string;
  kind: 'open' | 'close' | 'empty';
  /** Attribute values by local name, decoded. */
  attributes: Map<string, string>;
}

/**
 * The tags of a whole (small) XML document in order, text ignored: for workbook.xml, its relationships and
 * styles.xml. XmlError for DOCTYPE declarations, malformed tags and documents that end inside a tag.
 */
export function* parseXmlTags(buf: Buffer): Generator<XmlTag> {
  let p = 0;
  for (;;) {
    const lt = buf.indexOf(LT, p);
    if (lt < 0) return;
    const b = buf[lt + 1];
    if (b === 0x21 || b === 0x3f) {
      p = skipSpecial(buf, lt);
      if (p < 0) throw new XmlError('the document ends inside markup');
      continue;
    }
    const closing = b === SLASH;
    const nameStart = closing ? lt + 2 : lt + 1;
    const nameEnd = scanNameEnd(buf, nameStart);
    const gt = nameEnd < 0 ? -1 : scanTagEnd(buf, nameEnd);
    if (gt < 0) throw new XmlError('the document ends inside a tag');
    if (nameEnd === nameStart) throw new XmlError('a tag without a name');
    const name = buf.toString('utf8', localStart(buf, nameStart, nameEnd), nameEnd);
    const empty = !closing && buf[gt - 1] === SLASH;
    yield { name, kind: closing ? 'close' : empty ? 'empty' : 'open', attributes: closing ? new Map() : attributes(buf, nameEnd, empty ? gt - 1 : gt) };
    p = gt + 1;
  }
}

function attributes(buf: Buffer, p: number, end: number): Map<string, string> {
  const out = new Map<string, string>();
  for (;;) {
    while (p < end && isSpace(buf[p])) p++;
    if (p >= end) return out;
    const nameStart = p;
    while (p < end && buf[p] !== 0x3d && !isSpace(buf[p])) p++;
    const nameEnd = p;
    while (p < end && isSpace(buf[p])) p++;
    if (buf[p] !== 0x3d) throw new XmlError('an attribute without a value');
    p++;
    while (p < end && isSpace(buf[p])) p++;
    const quote = buf[p];
    if (quote !== 0x22 && quote !== 0x27) throw new XmlError('an attribute value without quotes');
    const valueEnd = buf.indexOf(quote, p + 1);
    if (valueEnd < 0 || valueEnd >= end) throw new XmlError('an unclosed attribute value');
    const name = buf.toString('utf8', localStart(buf, nameStart, nameEnd), nameEnd);
    if (!out.has(name)) out.set(name, decodeXmlAttribute(buf.toString('utf8', p + 1, valueEnd)));
    p = valueEnd + 1;
  }
}
