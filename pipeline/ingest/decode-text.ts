import iconv from 'iconv-lite';

/** A text encoding thinktank reads CSV files in. */
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** A file whose lines are in two encodings: some valid UTF-8 with non-ASCII text, others not UTF-8 at all. */
export interface MixedEncoding {
  utf8Line: number;
  otherLine: number;
}

/**
 * Decodes the bytes of a text file: a UTF-8 or UTF-16 byte-order mark wins; with `auto`, bytes that are valid
 * UTF-8 are UTF-8, anything else is GB18030 (a superset of GBK and GB2312, what Chinese Excel saves CSV as).
 * Returns the text without the byte-order mark and the encoding used, and with `auto`, `mixed` when the
 * file is part UTF-8 and part something else (two files pasted together), which no single decoding reads.
 */
export function decodeText(
  bytes: Uint8Array,
  encoding: 'auto' | 'utf-8' | 'gb18030' = 'auto',
): { text: string; encoding: TextEncoding; mixed?: MixedEncoding } {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (b0 === 0xff && b1 === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (b0 === 0xfe && b1 === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (encoding === 'gb18030') return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' };
  if (encoding === 'utf-8') return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const mixed = findMixedEncoding(bytes);
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030', ...(mixed ? { mixed } : {}) };
  }
}

/** The first line that is UTF-8 with non-ASCII text and the first that is not UTF-8, if the file has both. */
function findMixedEncoding(bytes: Uint8Array): MixedEncoding | null {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let utf8Line = 0;
  let otherLine = 0;
  let start = 0;
  for (let line = 1; start <= bytes.length && (utf8Line === 0 || otherLine === 0); line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const part = bytes.subarray(start, end);
    if (part.some((b) => b >= 0x80)) {
      try {
        strict.decode(part);
        utf8Line ||= line;
      } catch {
        otherLine ||= line;
      }
    }
    start = end + 1;
  }
  return utf8Line > 0 && otherLine > 0 ? { utf8Line, otherLine } : null;
}
