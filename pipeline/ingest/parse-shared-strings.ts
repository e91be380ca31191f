import { isBlankText } from './cell-value.js';
import { decodeOoxmlEscapes, XmlError } from './decode-xml.js';
import { scanChunks } from './scan-chunks.js';
import { GridLimitError } from './sheet-grid.js';
import { isName, localStart, LT, readText, scanNameEnd, scanTagEnd, skipSpecial, SLASH, type TextRead } from './scan-xml.js';

/** A workbook's shared string table: the strings, and which of them are blank (only white space). */
export interface SharedStrings {
  strings: string[];
  blank: Uint8Array;
}

/** How many shared strings, and characters in all of them, a workbook may hold (survey.json `limits`). */
export interface SharedStringBudget {
  maxStrings: number;
  maxChars: number;
}

/**
 * Reads `xl/sharedStrings.xml` as it streams: one string per `<si>`, its `<t>` texts concatenated (the runs of
 * rich text; phonetic guides `<rPh>` left out), entities and `_xHHHH_` escapes decoded. GridLimitError when one
 * string's XML passes `maxUnitBytes`, or the table passes `budget` (checked as each string is added, so a
 * table of hundreds of millions of `<si/>` stops at the limit instead of growing an array past what V8 can
 * hold); XmlError for malformed XML.
 */
export async function parseSharedStrings(
  chunks: AsyncIterable<Buffer>,
  maxUnitBytes: number,
  tooLarge: string,
  budget: SharedStringBudget = { maxStrings: Infinity, maxChars: Infinity },
): Promise<SharedStrings> {
  const strings: string[] = [];
  const text: TextRead = { text: '', end: 0 };
  let chars = 0;
  const check = (): void => {
    if (strings.length > budget.maxStrings) {
      throw new GridLimitError(`more than ${budget.maxStrings.toLocaleString('en-US')} shared strings (limits.max_shared_strings)`);
    }
    chars += strings[strings.length - 1]!.length;
    if (chars > budget.maxChars) {
      throw new GridLimitError(`more than ${budget.maxChars.toLocaleString('en-US')} characters of shared strings (limits.max_shared_chars)`);
    }
  };
  const parse = (buf: Buffer): number => {
    let p = 0;
    for (;;) {
      const lt = buf.indexOf(LT, p);
      if (lt < 0) return buf.length;
      const b = buf[lt + 1];
      if (b === undefined) return lt;
      if (b === 0x21 || b === 0x3f) {
        const next = skipSpecial(buf, lt);
        if (next < 0) return lt;
        p = next;
        continue;
      }
      const nameStart = b === SLASH ? lt + 2 : lt + 1;
      const nameEnd = scanNameEnd(buf, nameStart);
      const gt = nameEnd < 0 ? -1 : scanTagEnd(buf, nameEnd);
      if (gt < 0) return lt;
      if (b !== SLASH && isName(buf, localStart(buf, nameStart, nameEnd), nameEnd, 'si')) {
        if (buf[gt - 1] === SLASH) {
          strings.push('');
          check();
          p = gt + 1;
          continue;
        }
        const end = readItem(buf, gt + 1, strings, text);
        if (end < 0) return lt;
        check();
        p = end;
        continue;
      }
      p = gt + 1;
    }
  };
  await scanChunks(chunks, parse, maxUnitBytes, tooLarge);
  const blank = new Uint8Array(strings.length);
  for (let k = 0; k < strings.length; k++) if (isBlankText(strings[k]!)) blank[k] = 1;
  return { strings, blank };
}

/** Reads the content of one `<si>` from p; pushes its string and returns the index after `</si>`, or -1. */
function readItem(buf: Buffer, p: number, strings: string[], text: TextRead): number {
  let value = '';
  let phonetic = 0;
  for (;;) {
    const lt = buf.indexOf(LT, p);
    if (lt < 0) return -1;
    const b = buf[lt + 1];
    if (b === undefined) return -1;
    if (b === 0x21 || b === 0x3f) {
      const next = skipSpecial(buf, lt);
      if (next < 0) return -1;
      p = next;
      continue;
    }
    const closing = b === SLASH;
    const nameStart = closing ? lt + 2 : lt + 1;
    const nameEnd = scanNameEnd(buf, nameStart);
    const gt = nameEnd < 0 ? -1 : scanTagEnd(buf, nameEnd);
    if (gt < 0) return -1;
    const local = localStart(buf, nameStart, nameEnd);
    p = gt + 1;
    if (closing) {
      if (isName(buf, local, nameEnd, 'si')) {
        strings.push(decodeOoxmlEscapes(value));
        return p;
      }
      if (isName(buf, local, nameEnd, 'rPh')) phonetic--;
      continue;
    }
    if (buf[gt - 1] === SLASH) continue;
    if (isName(buf, local, nameEnd, 'rPh')) {
      phonetic++;
    } else if (isName(buf, local, nameEnd, 't')) {
      if (!readText(buf, p, text)) return -1;
      if (phonetic === 0) value += text.text;
      p = text.end;
    } else if (isName(buf, local, nameEnd, 'si')) {
      throw new XmlError('a shared string inside a shared string');
    }
  }
}
