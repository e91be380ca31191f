import { CellKind, excelSerialToMs, isBlankText } from './cell-value.js';
import { decodeOoxmlEscapes, XmlError } from './decode-xml.js';
import { scanChunks } from './scan-chunks.js';
import {
  decodeXmlBytes,
  findAttribute,
  GT,
  isName,
  localStart,
  LT,
  readText,
  scanNameEnd,
  scanTagEnd,
  skipSpecial,
  SLASH,
  type TextRead,
} from './scan-xml.js';
import type { SharedStrings } from './parse-shared-strings.js';
import { GridLimitError, type CellRange, type GridBuilder } from './sheet-grid.js';
import { TextCache } from './text-cache.js';

/** What a sheet's cells refer to: the workbook's shared strings and date styles, its date system, the limits. */
export interface SheetContext {
  shared: SharedStrings;
  /** Per cell format (`s`): 1 when it shows a date. */
  dateStyles: Uint8Array;
  date1904: boolean;
  maxCellChars: number;
  /** Largest XML of one cell, in bytes (bounds the bytes kept between chunks). */
  maxUnitBytes: number;
}

/** The largest column Excel has (XFD). */
const MAX_COLUMN = 16_384;
/** The last row of a sheet (ECMA-376 Part 1, 18.3.1.73: `r` is at most 1,048,576, as Excel's grid). */
const MAX_ROW = 1_048_576;

// cell types (the t attribute)
const T_NUMBER = 0;
const T_SHARED = 1;
const T_STRING = 2;
const T_INLINE = 3;
const T_BOOLEAN = 4;
const T_ERROR = 5;
const T_DATE = 6;

// element names the parser acts on
const N_OTHER = 0;
const N_C = 1;
const N_V = 2;
const N_F = 3;
const N_T = 4;
const N_ROW = 5;
const N_SHEET_DATA = 6;
const N_MERGE_CELL = 7;
const N_RPH = 8;

/** Powers of ten exactly representable as doubles (for the exact fast path of number parsing). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Reads one worksheet's XML as it streams, straight into `builder`: `<row r>`, `<c r t s>` with `<v>` (the
 * cached value of a formula `<f>` included), inline strings `<is>`, booleans, errors, ISO dates (`t="d"`), and the
 * `<mergeCell ref>` ranges, which it returns. Numbers whose style is a date format become dates (ms UTC). A
 * formula without a cached value (no `<v>`, or an empty one) becomes an error cell holding `=formula`. Blank texts count as empty.
 * GridLimitError (from the builder or for a too long cell), XmlError for malformed XML.
 */
export async function parseSheetXml(chunks: AsyncIterable<Buffer>, context: SheetContext, builder: GridBuilder): Promise<CellRange[]> {
  const parser = new SheetXmlParser(context, builder);
  await scanChunks(chunks, (buf) => parser.parse(buf), context.maxUnitBytes, `a cell of more than ${context.maxCellChars} characters`);
  return parser.merges;
}

/** The tokenizer and its state between chunks (row open or not, the last row and column seen). */
class SheetXmlParser {
  readonly merges: CellRange[] = [];
  private inSheetData = false;
  private rowOpen = false;
  private row = 0;
  private col = 0;
  private readonly text: TextRead = { text: '', end: 0 };
  private readonly attr = { start: 0, end: 0 };
  // the cell being read
  private type = T_NUMBER;
  private style = 0;
  private valueStart = -1;
  private valueEnd = -1;
  private valueText: string | null = null;
  private formulaStart = -1;
  private formulaEnd = -1;
  private formulaText: string | null = null;
  private inline: string | null = null;
  private readonly strings: string[];
  /** Per column (1-based): its `t="str"` texts already decoded. */
  private readonly caches: TextCache[] = [];
  private readonly blank: Uint8Array;
  private readonly dateStyles: Uint8Array;

  constructor(
    private readonly context: SheetContext,
    private readonly builder: GridBuilder,
  ) {
    this.strings = context.shared.strings;
    this.blank = context.shared.blank;
    this.dateStyles = context.dateStyles;
  }

  /** Consumes the whole units of buf; returns where the first unfinished one starts. */
  parse(buf: Buffer): number {
    const len = buf.length;
    let p = 0;
    for (;;) {
      // a loop rather than indexOf: the next tag is usually a few bytes away, and the call would cost more.
      // Every read here and below is bounds-checked: one read past the end makes V8 compile the loops for
      // `undefined` bytes, about a quarter slower.
      let lt = p;
      while (lt < len && buf[lt] !== LT) lt++;
      if (lt + 1 >= len) return lt < len ? lt : len;
      const b = buf[lt + 1]!;
      if (b === 0x21 || b === 0x3f) {
        const next = skipSpecial(buf, lt);
        if (next < 0) return lt;
        p = next;
        continue;
      }
      const closing = b === SLASH;
      const nameStart = closing ? lt + 2 : lt + 1;
      const nameEnd = scanNameEnd(buf, nameStart);
      if (nameEnd < 0) return lt;
      const name = nameOf(buf, nameStart, nameEnd);
      if (name === N_C && !closing && this.rowOpen) {
        const next = this.parseCell(buf, nameEnd);
        if (next < 0) return lt;
        p = next;
        continue;
      }
      const gt = scanTagEnd(buf, nameEnd);
      if (gt < 0) return lt;
      p = gt + 1;
      if (closing) {
        if (name === N_ROW && this.rowOpen) {
          this.rowOpen = false;
          this.builder.endRow();
        } else if (name === N_SHEET_DATA) {
          this.inSheetData = false;
        }
        continue;
      }
      const empty = buf[gt - 1] === SLASH;
      if (name === N_ROW && this.inSheetData) {
        this.startRow(buf, nameEnd, gt);
        if (empty) {
          this.rowOpen = false;
          this.builder.endRow();
        }
      } else if (name === N_SHEET_DATA) {
        this.inSheetData = !empty;
      } else if (name === N_MERGE_CELL) {
        this.addMerge(buf, nameEnd, gt);
      }
    }
  }

  private startRow(buf: Buffer, p: number, gt: number): void {
    const attr = this.attr;
    let row = this.row + 1;
    if (findAttribute(buf, p, gt, 'r', attr)) {
      const r = parseUint(buf, attr.start, attr.end);
      if (r < 1) throw new XmlError('a row number that is not a positive integer');
      // rows come in ascending order (18.3.1.73): a row number repeated or going back would make the blank-row
      // count negative and two rows share a cell reference
      if (r <= this.row) throw new XmlError(`row ${r} comes after row ${this.row} (rows must be in ascending order)`);
      row = r;
    }
    // checked before the row is kept: numbers past the grid would inflate the blank-row count (and a sheet of
    // unnumbered rows would otherwise grow without end)
    if (row > MAX_ROW) throw new XmlError(`a row number past ${MAX_ROW.toLocaleString('en-US')}, the last row of a sheet`);
    this.row = row;
    this.col = 0;
    this.rowOpen = true;
    this.builder.startRow(row);
  }

  private addMerge(buf: Buffer, p: number, gt: number): void {
    if (!findAttribute(buf, p, gt, 'ref', this.attr)) return;
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(buf.toString('latin1', this.attr.start, this.attr.end));
    if (!m) return;
    this.merges.push({ left: letterColumn(m[1]!), top: Number(m[2]), right: letterColumn(m[3]!), bottom: Number(m[4]) });
  }

  /**
   * Reads a `<c>` element whose attributes start at p, up to and including its end; sets the cell in the builder.
   * Returns the index after the element, or -1 when the buffer ends first (nothing is set then).
   */
  private parseCell(buf: Buffer, p: number): number {
    const len = buf.length;
    let col = -1;
    let type = T_NUMBER;
    let style = 0;
    let empty = false;
    // attributes
    for (;;) {
      let b = 0;
      while (p < len && ((b = buf[p]!) === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) p++;
      if (p >= len) return -1;
      if (b === GT) {
        p++;
        break;
      }
      if (b === SLASH) {
        if (p + 1 >= len) return -1;
        if (buf[p + 1] !== GT) throw new XmlError('a malformed cell tag');
        p += 2;
        empty = true;
        break;
      }
      const nameStart = p;
      while (p < len && (b = buf[p]!) !== 0x3d && b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) p++;
      const nameEnd = p;
      while (p < len && ((b = buf[p]!) === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) p++;
      if (p >= len) return -1;
      if (b !== 0x3d) throw new XmlError('an attribute without a value');
      p++;
      while (p < len && ((b = buf[p]!) === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) p++;
      if (p >= len) return -1;
      if (b !== 0x22 && b !== 0x27) throw new XmlError('an attribute value without quotes');
      const valueStart = p + 1;
      let valueEnd = valueStart;
      while (valueEnd < len && buf[valueEnd] !== b) valueEnd++;
      if (valueEnd >= len) return -1;
      p = valueEnd + 1;
      if (nameEnd - nameStart !== 1) continue;
      const a = buf[nameStart];
      if (a === 0x72 /* r */) col = refColumn(buf, valueStart, valueEnd);
      else if (a === 0x74 /* t */) type = typeCode(buf, valueStart, valueEnd);
      else if (a === 0x73 /* s */) style = parseUint(buf, valueStart, valueEnd);
    }
    if (col < 0) col = this.col + 1;
    if (col > MAX_COLUMN) throw new XmlError('a cell beyond column XFD');
    this.valueStart = -1;
    if (!empty && p + 2 < len && buf[p] === LT && buf[p + 1] === 0x76 && buf[p + 2] === GT) {
      // fast path: `<v>text</v></c>`, the shape of nearly every cell
      let q = p + 3;
      while (q < len && buf[q] !== LT) q++;
      if (
        q + 7 < len &&
        buf[q + 1] === SLASH &&
        buf[q + 2] === 0x76 &&
        buf[q + 3] === GT &&
        buf[q + 4] === LT &&
        buf[q + 5] === SLASH &&
        buf[q + 6] === 0x63 &&
        buf[q + 7] === GT
      ) {
        if (type === T_NUMBER) {
          // the commonest cell of all, a plain number: set here, without the general path
          this.col = col;
          const v = parseNumber(buf, p + 3, q);
          if (v !== null) this.setNumber(col, v, style);
          return q + 8;
        }
        this.valueStart = p + 3;
        this.valueEnd = q;
        p = q + 8;
      }
    }
    this.type = type;
    this.style = style;
    this.valueText = null;
    this.formulaStart = -1;
    this.formulaText = null;
    this.inline = null;
    if (!empty && this.valueStart < 0) {
      p = this.parseCellContent(buf, p);
      if (p < 0) return -1;
    }
    this.col = col;
    this.setCell(buf, col);
    return p;
  }

  /** Reads the children of a `<c>` from p to its end tag; returns the index after `</c>`, or -1. */
  private parseCellContent(buf: Buffer, p: number): number {
    const len = buf.length;
    let phonetic = 0;
    for (;;) {
      let lt = p;
      while (lt < len && buf[lt] !== LT) lt++;
      if (lt + 1 >= len) return -1;
      const b = buf[lt + 1]!;
      if (b === 0x21 || b === 0x3f) {
        const next = skipSpecial(buf, lt);
        if (next < 0) return -1;
        p = next;
        continue;
      }
      const closing = b === SLASH;
      const nameStart = closing ? lt + 2 : lt + 1;
      const nameEnd = scanNameEnd(buf, nameStart);
      if (nameEnd < 0) return -1;
      const name = nameOf(buf, nameStart, nameEnd);
      // fast path: `<v>` with plain text and its end tag right after
      if (name === N_V && !closing && buf[nameEnd] === GT) {
        let q = nameEnd + 1;
        while (q < len && buf[q] !== LT) q++;
        if (q + 1 >= len) return -1;
        if (buf[q + 1] === SLASH) {
          this.valueStart = nameEnd + 1;
          this.valueEnd = q;
          this.valueText = null;
          p = q;
          continue;
        }
      }
      const gt = scanTagEnd(buf, nameEnd);
      if (gt < 0) return -1;
      p = gt + 1;
      if (closing) {
        if (name === N_C) return p;
        if (name === N_RPH) phonetic--;
        continue;
      }
      if (buf[gt - 1] === SLASH) {
        // `<f t="shared" si="0"/>`: a formula whose text lives in another cell
        if (name === N_F && this.formulaStart < 0) {
          this.formulaStart = 0;
          this.formulaText = '';
        }
        continue;
      }
      if (name === N_V) {
        if (!readText(buf, p, this.text)) return -1;
        this.valueStart = 0;
        this.valueText = this.text.text;
        p = this.text.end;
      } else if (name === N_F) {
        const q = buf.indexOf(LT, p);
        if (q < 0 || q + 1 >= len) return -1;
        if (buf[q + 1] === SLASH) {
          this.formulaStart = p;
          this.formulaEnd = q;
          this.formulaText = null;
          p = q;
        } else {
          if (!readText(buf, p, this.text)) return -1;
          this.formulaStart = 0;
          this.formulaText = this.text.text;
          p = this.text.end;
        }
      } else if (name === N_T) {
        if (!readText(buf, p, this.text)) return -1;
        if (phonetic === 0) this.inline = (this.inline ?? '') + this.text.text;
        p = this.text.end;
      } else if (name === N_RPH) {
        phonetic++;
      } else if (name === N_C) {
        throw new XmlError('a cell inside a cell');
      }
    }
  }

  /** Sets the cell just read (type, style, value or inline text or formula) in column col of the current row. */
  private setCell(buf: Buffer, col: number): void {
    const builder = this.builder;
    const type = this.type;
    if (this.valueStart < 0 && this.inline === null) {
      // no value: a styled empty cell, or a formula never calculated
      if (this.formulaStart >= 0) builder.setText(col, CellKind.error, `=${this.formula(buf)}`);
      return;
    }
    // `<f>10*2</f><v></v>`, as some writers leave a formula they never calculated: an empty cached value is no
    // value (only a text formula, t="str", can calculate to the empty text)
    if (this.formulaStart >= 0 && type !== T_STRING && this.inline === null && isBlankText(this.value(buf))) {
      builder.setText(col, CellKind.error, `=${this.formula(buf)}`);
      return;
    }
    if (type === T_NUMBER) {
      const v = this.valueText === null ? parseNumber(buf, this.valueStart, this.valueEnd) : parseNumberText(this.valueText);
      if (v !== null) this.setNumber(col, v, this.style);
      return;
    }
    if (type === T_SHARED) {
      const index = this.valueText === null ? parseUint(buf, this.valueStart, this.valueEnd) : Number(this.valueText.trim());
      if (!(index >= 0 && index < this.strings.length)) {
        throw new XmlError(`a cell refers to shared string ${JSON.stringify(this.value(buf))}, which does not exist`);
      }
      if (this.blank[index] === 1) return;
      const s = this.strings[index]!;
      if (s.length > this.context.maxCellChars) this.tooLong(col);
      builder.setShared(col, index, s);
      return;
    }
    if (type === T_STRING && this.valueText === null && this.valueStart >= 0) {
      this.setStringBytes(buf, col);
      return;
    }
    if (type === T_INLINE && this.inline !== null) {
      this.setText(col, decodeOoxmlEscapes(this.inline));
      return;
    }
    const text = this.value(buf);
    switch (type) {
      case T_INLINE:
      case T_STRING:
        this.setText(col, decodeOoxmlEscapes(text));
        return;
      case T_BOOLEAN: {
        const t = text.trim();
        if (t === '') return;
        builder.setNumber(col, CellKind.boolean, t === 'true' || (t !== 'false' && Number.parseInt(t, 10) !== 0) ? 1 : 0);
        return;
      }
      case T_ERROR:
        if (!isBlankText(text)) builder.setText(col, CellKind.error, text.trim());
        return;
      case T_DATE: {
        const t = text.trim();
        if (t === '') return;
        const ms = Date.parse(/(?:Z|[+-]\d\d:?\d\d)$/.test(t) || !t.includes('T') ? t : `${t}Z`);
        if (Number.isFinite(ms)) builder.setNumber(col, CellKind.date, ms);
        else builder.setText(col, CellKind.error, '#VALUE!');
        return;
      }
    }
  }

  private setNumber(col: number, v: number, style: number): void {
    if (!Number.isFinite(v)) this.builder.setText(col, CellKind.error, '#NUM!');
    // a date format on a number past Excel's last date (9999-12-31, serial 2,958,465) or before its first: Excel
    // shows #####, and as a date it is no time JavaScript can format (serial 1e10 was an internal error)
    else if (style < this.dateStyles.length && this.dateStyles[style] === 1 && v >= 0 && v < 2_958_466) {
      this.builder.setNumber(col, CellKind.date, excelSerialToMs(v, this.context.date1904));
    } else this.builder.setNumber(col, CellKind.number, v === 0 ? 0 : v);
  }

  /** A `t="str"` cell from its bytes: a short text repeated in its column is decoded once (TextCache). */
  private setStringBytes(buf: Buffer, col: number): void {
    const start = this.valueStart;
    const end = this.valueEnd;
    const cache = (this.caches[col] ??= new TextCache());
    if (!cache.accepts(start, end)) {
      this.setText(col, decodeOoxmlEscapes(decodeXmlBytes(buf, start, end)));
      return;
    }
    const known = cache.get(buf, start, end);
    if (known !== null) {
      this.builder.setText(col, CellKind.text, known);
      return;
    }
    const text = decodeOoxmlEscapes(decodeXmlBytes(buf, start, end));
    this.setText(col, text);
    if (!isBlankText(text)) cache.add(buf, start, end, text);
  }

  private setText(col: number, text: string): void {
    if (isBlankText(text)) return;
    if (text.length > this.context.maxCellChars) this.tooLong(col);
    this.builder.setText(col, CellKind.text, text);
  }

  private tooLong(col: number): never {
    throw new GridLimitError(`a cell of more than ${this.context.maxCellChars} characters`, { row: this.row, col });
  }

  private value(buf: Buffer): string {
    return this.valueText ?? decodeXmlBytes(buf, this.valueStart, this.valueEnd);
  }

  private formula(buf: Buffer): string {
    return this.formulaText ?? decodeXmlBytes(buf, this.formulaStart, this.formulaEnd);
  }
}

/** The name id of the (possibly prefixed) element name [start, end). */
function nameOf(buf: Buffer, start: number, end: number): number {
  const s = end - start === 1 ? start : localStart(buf, start, end);
  switch (end - s) {
    case 1: {
      const b = buf[s];
      return b === 0x63 ? N_C : b === 0x76 ? N_V : b === 0x66 ? N_F : b === 0x74 ? N_T : N_OTHER;
    }
    case 3:
      return isName(buf, s, end, 'row') ? N_ROW : isName(buf, s, end, 'rPh') ? N_RPH : N_OTHER;
    case 9:
      return isName(buf, s, end, 'sheetData') ? N_SHEET_DATA : isName(buf, s, end, 'mergeCell') ? N_MERGE_CELL : N_OTHER;
    default:
      return N_OTHER;
  }
}

/** The cell type code of a t attribute value. */
function typeCode(buf: Buffer, start: number, end: number): number {
  const n = end - start;
  const b = buf[start];
  if (n === 1) {
    if (b === 0x73) return T_SHARED; // s
    if (b === 0x6e) return T_NUMBER; // n
    if (b === 0x62) return T_BOOLEAN; // b
    if (b === 0x65) return T_ERROR; // e
    if (b === 0x64) return T_DATE; // d
  } else if (n === 3 && isName(buf, start, end, 'str')) return T_STRING;
  else if (n === 9 && isName(buf, start, end, 'inlineStr')) return T_INLINE;
  throw new XmlError(`an unknown cell type "${buf.toString('latin1', start, end)}"`);
}

/** The column number of a cell reference (`AB12` -> 28); -1 when it has no letters. */
function refColumn(buf: Buffer, start: number, end: number): number {
  let col = 0;
  let p = start;
  for (; p < end; p++) {
    const b = buf[p]!;
    if (b >= 0x41 && b <= 0x5a) col = col * 26 + (b - 0x40);
    else if (b >= 0x61 && b <= 0x7a) col = col * 26 + (b - 0x60);
    else break;
    if (col > MAX_COLUMN) return col;
  }
  return p === start ? -1 : col;
}

function letterColumn(letters: string): number {
  let col = 0;
  for (let i = 0; i < letters.length; i++) col = col * 26 + (letters.charCodeAt(i) - 64);
  return col;
}

/** A non-negative integer written in [start, end) (spaces around allowed); -1 when it is not one. */
function parseUint(buf: Buffer, start: number, end: number): number {
  while (start < end && buf[start] === 0x20) start++;
  while (end > start && buf[end - 1] === 0x20) end--;
  if (start === end || end - start > 15) return -1;
  let n = 0;
  for (let p = start; p < end; p++) {
    const d = buf[p]! - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The number written in [start, end): an exact fast path for plain decimals of at most 15 digits (an integer
 * mantissa divided by an exact power of ten is correctly rounded, as Number() is), otherwise Number(). Null
 * when the text is empty; NaN when it is not a number.
 */
function parseNumber(buf: Buffer, start: number, end: number): number | null {
  let p = start;
  let negative = false;
  if (buf[p] === 0x2d) {
    negative = true;
    p++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; p < end; p++) {
    const b = buf[p]!;
    if (b >= 0x30 && b <= 0x39) {
      mantissa = mantissa * 10 + (b - 0x30);
      digits++;
      if (dot) scale++;
    } else if (b === 0x2e && !dot) {
      dot = true;
    } else break;
  }
  if (p === end && digits > 0 && digits <= 15) {
    const v = scale === 0 ? mantissa : mantissa / POW10[scale]!;
    return negative ? -v : v;
  }
  return parseNumberText(decodeXmlBytes(buf, start, end));
}

function parseNumberText(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  if (t === 'INF') return Number.POSITIVE_INFINITY;
  if (t === '-INF') return Number.NEGATIVE_INFINITY;
  return Number(t);
}
