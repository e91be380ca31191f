/**
 * Decoding the text of XML documents as XML 1.0 defines it, for the xlsx reader: line ends normalised, the five
 * predefined entities and character references replaced. Documents with a DOCTYPE are refused elsewhere, so no
 * other entity can be defined; an unknown entity is a malformed document.
 */

/** Thrown for malformed XML (bad entities, DOCTYPE declarations, unbalanced markup). */
export class XmlError extends Error {
  override readonly name = 'XmlError';
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*)?;?/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes character data: `\r\n` and lone `\r` become `\n` (before references, so `&#13;` stays `\r`), then
 * `&amp; &lt; &gt; &quot; &apos; &#N; &#xN;` are replaced. XmlError for an unknown entity, a missing `;`, or
 * a reference to a character XML does not allow (NUL, surrogates, beyond U+10FFFF).
 */
export function decodeXml(raw: string): string {
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  return text.includes('&') ? text.replace(ENTITY, replaceEntity) : text;
}

/** Decodes an attribute value: as decodeXml, and literal tabs and line ends become spaces (XML 1.0 §3.3.3). */
export function decodeXmlAttribute(raw: string): string {
  const text = /[\t\n\r]/.test(raw) ? raw.replace(/\r\n?|[\t\n]/g, ' ') : raw;
  return text.includes('&') ? text.replace(ENTITY, replaceEntity) : text;
}

function replaceEntity(whole: string, body: string | undefined): string {
  if (body === undefined || !whole.endsWith(';')) throw new XmlError(`a stray "&" in text (${JSON.stringify(whole)})`);
  if (body.charCodeAt(0) === 35 /* # */) {
    const code = body.charCodeAt(1) === 120 /* x */ ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    if (!(code >= 1 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
      throw new XmlError(`a reference to a character XML does not allow (${whole})`);
    }
    return String.fromCodePoint(code);
  }
  const named = NAMED[body];
  if (named === undefined || !Object.hasOwn(NAMED, body)) throw new XmlError(`an undefined entity ${whole}`);
  return named;
}

const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * Decodes the `_xHHHH_` escapes OOXML string values use for characters XML cannot carry (`_x000D_` is a carriage
 * return, `_x005F_` an underscore, so `_x005F_x000D_` is the literal text `_x000D_`).
 */
export function decodeOoxmlEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(OOXML_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
