import iconv from 'iconv-lite';

/** A text encoding thinktank reads CSV files in. */
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** A file whose lines are in two encodings: some clearly UTF-8 Chinese, others not UTF-8 at all. */
export interface MixedEncoding {
  utf8Line: number;
  otherLine: number;
}

/** Bytes that are not text in the encoding the file is read in: the 1-based line they are on. */
export interface Undecodable {
  line: number;
  encoding: TextEncoding;
}

/** What decodeText gives: the text, the encoding used, and what stops the file being read as one text. */
export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  mixed?: MixedEncoding;
  undecodable?: Undecodable;
}

/**
 * Decodes the bytes of a text file: a UTF-8 or UTF-16 byte-order mark wins; with `auto`, bytes that are valid
 * UTF-8 throughout are UTF-8, anything else is GB18030 (a superset of GBK and GB2312, what Chinese Excel saves
 * CSV as). A file is in one encoding unless the evidence says otherwise: a line that decodes either way
 * ("双鸭山" in GB18030 is also valid UTF-8) is read as the rest of the file is, and `mixed` is set only when one
 * line is not UTF-8 and another is UTF-8 Chinese that GB18030 cannot read as well (two files pasted
 * together). `undecodable` names the first line holding bytes that are not text in the encoding chosen
 * (invalid GB18030, an odd-length UTF-16 file) rather than letting them become replacement characters.
 */
export function decodeText(bytes: Uint8Array, encoding: 'auto' | 'utf-8' | 'gb18030' = 'auto'): DecodedText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return decodeUtf8(bytes.subarray(3));
  if (b0 === 0xff && b1 === 0xfe) return decodeUtf16(bytes.subarray(2), 'utf-16le');
  if (b0 === 0xfe && b1 === 0xff) return decodeUtf16(bytes.subarray(2), 'utf-16be');
  if (encoding === 'gb18030') return decodeGb18030(bytes, null);
  if (encoding === 'utf-8') return decodeUtf8(bytes);
  let utf8: string;
  try {
    utf8 = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeGb18030(bytes, findMixedEncoding(bytes));
  }
  return looksGb18030(bytes, utf8) ? decodeGb18030(bytes, null) : { text: utf8, encoding: 'utf-8' };
}

/**
 * Whether bytes that are valid UTF-8 are nonetheless GB18030: all of their non-ASCII text is everyday Chinese
 * in GB18030 and almost none of it is in UTF-8 (a file whose only Chinese is "双鸭山", which UTF-8 reads as
 * `˫Ѽɽ`). Judged on the first 64 KB.
 */
function looksGb18030(bytes: Uint8Array, utf8: string): boolean {
  if (!bytes.some((b) => b >= 0x80)) return false;
  // real UTF-8 Chinese answers this at once: its text is everyday Chinese
  if (commonShare(utf8.slice(0, 1 << 15)) > 0.1) return false;
  const gb = iconv.decode(Buffer.from(bytes.subarray(0, 1 << 16)), 'gb18030');
  return !gb.slice(0, -1).includes('\ufffd') && commonShare(gb) >= 0.9;
}

function decodeUtf8(bytes: Uint8Array): DecodedText {
  const encoding = 'utf-8';
  const text = new TextDecoder(encoding).decode(bytes);
  if (!text.includes('\ufffd')) return { text, encoding };
  const strict = new TextDecoder('utf-8', { fatal: true });
  const line = firstLine(bytes, (part) => {
    try {
      strict.decode(part);
      return false;
    } catch {
      return true;
    }
  });
  return line > 0 ? { text, encoding, undecodable: { line, encoding } } : { text, encoding };
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  const text = new TextDecoder(encoding).decode(bytes);
  if (bytes.length % 2 === 1) {
    // a byte left over: the file was cut or is not UTF-16; the line is the last one
    return { text, encoding, undecodable: { line: text.split(/\r\n|\n|\r/).length, encoding } };
  }
  if (!text.includes('\ufffd')) return { text, encoding };
  // UTF-16 code units map one to one onto the text (a lone surrogate becomes one U+FFFD): the first U+FFFD the
  // bytes did not hold is the bad unit
  const le = encoding === 'utf-16le';
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) {
    const unit = le ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
    if (unit !== 0xfffd) return { text, encoding, undecodable: { line: text.slice(0, i).split(/\r\n|\n|\r/).length, encoding } };
  }
  return { text, encoding };
}

function decodeGb18030(bytes: Uint8Array, mixed: MixedEncoding | null): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = iconv.decode(buffer, 'gb18030');
  const out: DecodedText = { text, encoding: 'gb18030', ...(mixed ? { mixed } : {}) };
  if (!text.includes('\ufffd')) return out;
  // U+FFFD is itself encodable in GB18030: a line is undecodable only when its text does not encode back to it
  const line = firstLine(bytes, (part) => !isGb18030(part));
  return line > 0 ? { ...out, undecodable: { line, encoding: 'gb18030' } } : out;
}

/** Whether bytes are GB18030 text: they decode without replacement, or their decoding encodes back to them. */
function isGb18030(part: Uint8Array): boolean {
  const text = iconv.decode(Buffer.from(part), 'gb18030');
  return !text.includes('\ufffd') || Buffer.compare(iconv.encode(text, 'gb18030'), Buffer.from(part)) === 0;
}

/** The 1-based number of the first `\n`-separated line for which `bad` holds (0 when none). */
function firstLine(bytes: Uint8Array, bad: (part: Uint8Array) => boolean): number {
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const part = bytes.subarray(start, end);
    if (part.some((b) => b >= 0x80) && bad(part)) return line;
    start = end + 1;
  }
  return 0;
}

/**
 * The first line that is not UTF-8 and the first that is evidence of UTF-8, if the file has both. A line is
 * evidence of UTF-8 when it is valid UTF-8 and either is not GB18030 or reads as more common Chinese in UTF-8
 * than in GB18030 (the share of its non-ASCII characters in GB2312, the everyday character set): "双鸭山" written
 * in GB18030 reads in UTF-8 as `˫Ѽɽ`, no evidence of anything.
 */
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
      let utf8: string | null = null;
      try {
        utf8 = strict.decode(part);
      } catch {
        otherLine ||= line;
      }
      if (utf8 !== null && utf8Line === 0) {
        const gb = iconv.decode(Buffer.from(part), 'gb18030');
        if (gb.includes('\ufffd') || commonShare(utf8) > commonShare(gb)) utf8Line = line;
      }
    }
    start = end + 1;
  }
  return utf8Line > 0 && otherLine > 0 ? { utf8Line, otherLine } : null;
}

/**
 * The share of a text's non-ASCII characters (the first 2,000) that GB2312 holds (two bytes A1-F7, A1-FE in
 * GB18030).
 */
function commonShare(text: string): number {
  let all = 0;
  let common = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    if (++all > 2000) {
      all--;
      break;
    }
    const b = iconv.encode(ch, 'gb18030');
    if (b.length === 2 && b[0]! >= 0xa1 && b[0]! <= 0xf7 && b[1]! >= 0xa1 && b[1]! <= 0xfe) common++;
  }
  return all === 0 ? 0 : common / all;
}
