/**
 * SPSS system files (.sav, and .zsav's zlib blocks), read as the format is documented by GNU PSPP ("System File
 * Format", PSPP Developers Guide): the file header, variable, value-label, document and extension records, the
 * dictionary terminator, then the cases, uncompressed, bytecode-compressed or zlib-compressed.
 *
 * Why our own reader: the two npm readers measured (sav-reader 2.0.8, @codious/sav-reader-writer 1.1.4) both
 * fail on the files haven and SPSS write by default (bytecode-compressed): the first returns one case of 200,
 * the second none, and neither reads zsav or a declared code page such as GBK.
 */
import { inflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { CellKind } from './cell-value.js';
import { GridBuilder, type SheetGrid } from './sheet-grid.js';

/** A variable of a .sav file: its name, label, value labels (value -> label) and user-missing values. */
export interface SavVariable {
  name: string;
  label: string | null;
  /** Value labels by value: numbers for numeric variables, trimmed texts for string ones. */
  valueLabels: Map<number | string, string> | null;
  type: 'numeric' | 'string';
  /** Whether the print format is a date or date-time (values become dates). */
  date: boolean;
}

/** A .sav file as read: one grid (row 1 the variable names, then one row a case) and its variables by column. */
export interface SavRead {
  grid: SheetGrid;
  variables: SavVariable[];
  encoding: string;
}

/** A .sav file that cannot be read: what is wrong, for the caller's InputError. */
export class SavError extends Error {
  override readonly name = 'SavError';
}

/** Seconds from the Gregorian epoch SPSS counts dates from (1582-10-14) to 1970-01-01. */
const SPSS_EPOCH_SECONDS = 12_219_379_200;
/** SPSS format types that show dates (DATE, ADATE, JDATE, QYR, MOYR, WKYR, EDATE, SDATE) and date-times (DATETIME, YMDHMS). */
const DATE_FORMATS = new Set([20, 22, 23, 24, 28, 29, 30, 38, 39, 41]);
/** Windows code pages of the machine-integer record, as iconv names them. */
const CODE_PAGES: Record<number, string> = { 65001: 'utf-8', 936: 'gbk', 54936: 'gb18030', 950: 'big5', 1252: 'windows-1252', 20127: 'ascii', 28591: 'latin1' };

interface RawVariable {
  shortName: string;
  width: number; // 0 numeric, else string width in bytes
  slots: number; // 8-byte slots it takes
  label: Uint8Array | null;
  missing: number[];
  missingRange: [number, number] | null;
  missingStrings: Uint8Array[];
  printType: number;
  slot: number; // index of its first slot in a case
}

/**
 * Reads the bytes of a .sav or .zsav file into a grid. Numeric cells become numbers (system-missing and
 * user-missing values become empty cells, as R's `haven::read_sav` reads them into NA), date-formatted ones
 * dates; string cells texts without trailing spaces. Very long strings (over 255 bytes) are joined from their
 * segments. Text is decoded in the file's declared encoding (UTF-8 when it declares none). SavError for
 * anything that is not a system file or ends early.
 */
export function parseSav(bytes: Buffer, display: string, maxCells: number): SavRead {
  const r = new Reader(bytes);
  const magic = bytes.toString('latin1', 0, 4);
  if (magic !== '$FL2' && magic !== '$FL3') throw new SavError('not an SPSS system file (it does not start with $FL2)');
  r.pos = 64;
  const layout = bytes.readInt32LE(64);
  r.le = layout === 2 || layout === 3;
  r.pos = 68;
  r.int32(); // nominal case size
  const compression = r.int32();
  r.int32(); // weight index
  const caseCount = r.int32();
  const bias = r.float64();
  r.pos = 176;

  const vars: RawVariable[] = [];
  let slot = 0;
  const labelSets: { labels: [Uint8Array, Uint8Array][]; vars: number[] }[] = [];
  let longNames: string | null = null;
  let veryLong: string | null = null;
  let encodingName: string | null = null;
  let codePage = 0;
  let sysmis = -Number.MAX_VALUE;
  for (;;) {
    const type = r.int32();
    if (type === 2) {
      const width = r.int32();
      const hasLabel = r.int32();
      const nMissing = r.int32();
      const print = r.int32();
      r.int32(); // write format
      const shortName = bytes.toString('latin1', r.pos, r.pos + 8).trimEnd();
      r.pos += 8;
      let label: Uint8Array | null = null;
      if (hasLabel === 1) {
        const len = r.int32();
        label = r.take(len);
        r.pos += (4 - (len % 4)) % 4;
      }
      const missing: number[] = [];
      const missingStrings: Uint8Array[] = [];
      let missingRange: [number, number] | null = null;
      const count = Math.abs(nMissing);
      const values: number[] = [];
      for (let k = 0; k < count; k++) {
        if (width > 0) missingStrings.push(r.take(8));
        else values.push(r.float64());
      }
      if (nMissing < 0) {
        missingRange = [values[0]!, values[1]!];
        if (nMissing === -3) missing.push(values[2]!);
      } else missing.push(...values);
      if (width === -1) {
        slot++; // continuation of a string
        continue;
      }
      const slots = width === 0 ? 1 : Math.ceil(width / 8);
      vars.push({ shortName, width, slots, label, missing, missingRange, missingStrings, printType: (print >> 16) & 0xff, slot });
      slot++;
    } else if (type === 3) {
      const n = r.int32();
      const labels: [Uint8Array, Uint8Array][] = [];
      for (let k = 0; k < n; k++) {
        const value = r.take(8);
        const len = r.uint8();
        const label = r.take(len);
        r.pos += (8 - ((len + 1) % 8)) % 8;
        labels.push([value, label]);
      }
      if (r.int32() !== 4) throw new SavError('a value-label record without its variables');
      const count = r.int32();
      const indices: number[] = [];
      for (let k = 0; k < count; k++) indices.push(r.int32() - 1);
      labelSets.push({ labels, vars: indices });
    } else if (type === 6) {
      const lines = r.int32();
      r.pos += lines * 80;
    } else if (type === 7) {
      const subtype = r.int32();
      const size = r.int32();
      const count = r.int32();
      const data = r.take(size * count);
      if (subtype === 3 && data.length >= 32) codePage = r.le ? Buffer.from(data).readInt32LE(28) : Buffer.from(data).readInt32BE(28);
      else if (subtype === 4 && data.length >= 8) sysmis = r.le ? Buffer.from(data).readDoubleLE(0) : Buffer.from(data).readDoubleBE(0);
      else if (subtype === 13) longNames = Buffer.from(data).toString('latin1');
      else if (subtype === 14) veryLong = Buffer.from(data).toString('latin1');
      else if (subtype === 20) encodingName = Buffer.from(data).toString('latin1').trim();
      else if (subtype === 21) readLongStringLabels(data, r.le, labelSets, vars);
    } else if (type === 999) {
      r.int32();
      break;
    } else {
      throw new SavError(`an unknown record type ${type} at byte ${r.pos - 4}`);
    }
  }
  const encoding = pickEncoding(encodingName, codePage);
  const decode = (b: Uint8Array) => iconv.decode(Buffer.from(b), encoding);

  // long names are in the file's encoding: decode the record's bytes again
  const longNameOf = new Map<string, string>();
  if (longNames !== null) {
    for (const pair of iconv.decode(Buffer.from(longNames, 'latin1'), encoding).split('\t')) {
      const eq = pair.indexOf('=');
      if (eq > 0) longNameOf.set(pair.slice(0, eq).toUpperCase(), pair.slice(eq + 1));
    }
  }
  // very long strings: the first segment gets the whole width, the following segments are folded into it
  const veryLongWidth = new Map<string, number>();
  if (veryLong !== null) {
    for (const pair of veryLong.split(/[\0\t]+/)) {
      const eq = pair.indexOf('=');
      if (eq > 0) veryLongWidth.set(pair.slice(0, eq).toUpperCase(), Number(pair.slice(eq + 1)));
    }
  }
  const columns: { first: RawVariable; segments: RawVariable[]; width: number }[] = [];
  for (let k = 0; k < vars.length; k++) {
    const v = vars[k]!;
    const total = veryLongWidth.get(v.shortName.toUpperCase());
    if (total !== undefined && total > 255) {
      const count = Math.ceil(total / 252);
      columns.push({ first: v, segments: vars.slice(k, k + count), width: total });
      k += count - 1;
    } else columns.push({ first: v, segments: [v], width: v.width });
  }

  const slotToVar = new Map<number, RawVariable>();
  for (const v of vars) slotToVar.set(v.slot, v);
  const variables: SavVariable[] = columns.map(({ first }) => ({
    name: longNameOf.get(first.shortName.toUpperCase()) ?? first.shortName,
    label: first.label === null ? null : decode(first.label).trim() || null,
    valueLabels: null,
    type: first.width === 0 ? 'numeric' : 'string',
    date: first.width === 0 && DATE_FORMATS.has(first.printType),
  }));
  const columnOfVar = new Map<RawVariable, number>();
  columns.forEach((c, k) => columnOfVar.set(c.first, k));
  for (const set of labelSets) {
    for (const index of set.vars) {
      const v = slotToVar.get(index);
      const k = v === undefined ? undefined : columnOfVar.get(v);
      if (k === undefined) continue;
      const variable = variables[k]!;
      const map = (variable.valueLabels ??= new Map());
      for (const [value, label] of set.labels) {
        const b = Buffer.from(value);
        const key = variable.type === 'string' ? decode(value).trimEnd() : r.le ? b.readDoubleLE(0) : b.readDoubleBE(0);
        map.set(key, decode(label));
      }
    }
  }

  // the cases
  const caseSlots = slot;
  const data = compression === 2 ? inflateZsav(bytes, r) : bytes.subarray(r.pos);
  const cases = new CaseReader(data, r.le, compression !== 0, bias);
  const builder = new GridBuilder(maxCells);
  builder.startRow(1);
  variables.forEach((v, c) => builder.setText(c + 1, CellKind.text, v.name));
  builder.endRow();
  const row = new Array<Uint8Array | number | null>(caseSlots);
  for (let n = 0; caseCount < 0 || n < caseCount; n++) {
    if (!cases.readCase(row, vars, caseSlots)) {
      if (caseCount >= 0) throw new SavError(`the file ends after ${n} of its ${caseCount} cases`);
      break;
    }
    builder.startRow(n + 2);
    columns.forEach(({ first, segments, width }, c) => {
      if (width === 0) {
        const x = row[first.slot] as number | null;
        if (x === null || x === sysmis || Number.isNaN(x) || isMissing(first, x)) return;
        if (variables[c]!.date) builder.setNumber(c + 1, CellKind.date, Math.round((x - SPSS_EPOCH_SECONDS) * 1000));
        else builder.setNumber(c + 1, CellKind.number, x === 0 ? 0 : x);
        return;
      }
      const parts: Uint8Array[] = [];
      // each segment holds up to 255 bytes of the string (its width); the last one what is left
      segments.forEach((seg) => {
        const b = row[seg.slot] as Uint8Array;
        parts.push(b.subarray(0, Math.min(seg.width, 255)));
      });
      const raw = Buffer.concat(parts);
      if (first.missingStrings.some((m) => Buffer.compare(Buffer.from(m).subarray(0, Math.min(8, raw.length)), raw.subarray(0, 8)) === 0 && raw.subarray(8).every((b) => b === 0x20))) return;
      const text = decode(raw).replace(/[\s\0]+$/, '');
      if (text !== '') builder.setText(c + 1, CellKind.text, text);
    });
    builder.endRow();
  }
  return { grid: builder.finish(display, null, []), variables, encoding };
}

function isMissing(v: RawVariable, x: number): boolean {
  if (v.missing.includes(x)) return true;
  return v.missingRange !== null && x >= v.missingRange[0] && x <= v.missingRange[1];
}

function pickEncoding(name: string | null, codePage: number): string {
  const candidates = [name, CODE_PAGES[codePage] ?? (codePage > 0 ? `cp${codePage}` : null)];
  for (const c of candidates) if (c && iconv.encodingExists(c)) return c;
  return 'utf-8';
}

/** Subtype 21: value labels of strings longer than 8 bytes. */
function readLongStringLabels(data: Uint8Array, le: boolean, sets: { labels: [Uint8Array, Uint8Array][]; vars: number[] }[], vars: RawVariable[]): void {
  const b = Buffer.from(data);
  const int = (p: number) => (le ? b.readInt32LE(p) : b.readInt32BE(p));
  let p = 0;
  while (p + 4 <= b.length) {
    const nameLen = int(p);
    const name = b.toString('latin1', p + 4, p + 4 + nameLen);
    p += 4 + nameLen + 4; // name, width
    const n = int(p);
    p += 4;
    const labels: [Uint8Array, Uint8Array][] = [];
    for (let k = 0; k < n; k++) {
      const vl = int(p);
      const value = b.subarray(p + 4, p + 4 + vl);
      p += 4 + vl;
      const ll = int(p);
      labels.push([value, b.subarray(p + 4, p + 4 + ll)]);
      p += 4 + ll;
    }
    const v = vars.find((x) => x.shortName.toUpperCase() === name.toUpperCase());
    if (v) sets.push({ labels, vars: [v.slot] });
  }
}

/** Inflates the zlib blocks of a .zsav file (its zheader follows the dictionary) into bytecode-compressed data. */
function inflateZsav(bytes: Buffer, r: Reader): Buffer {
  const trailerOffset = Number(r.le ? bytes.readBigInt64LE(r.pos + 8) : bytes.readBigInt64BE(r.pos + 8));
  const int = (p: number) => (r.le ? bytes.readInt32LE(p) : bytes.readInt32BE(p));
  const blocks = int(trailerOffset + 20);
  const parts: Buffer[] = [];
  for (let k = 0; k < blocks; k++) {
    const at = trailerOffset + 24 + k * 24;
    const offset = Number(r.le ? bytes.readBigInt64LE(at + 8) : bytes.readBigInt64BE(at + 8));
    const size = int(at + 20);
    parts.push(inflateSync(bytes.subarray(offset, offset + size)));
  }
  return Buffer.concat(parts);
}

/** Eight spaces: a string slot compressed away (code 254). */
const SPACES = Buffer.from('        ', 'latin1');

/** Reads whole cases, one 8-byte slot at a time, through the bytecode decompression when it is on. */
class CaseReader {
  private p = 0;
  /** Where the current block of 8 command bytes starts, and the next of them (8: none left). */
  private block = 0;
  private code = 8;
  private done = false;
  private stringSlot: Uint8Array | null = null;
  constructor(
    private readonly data: Buffer,
    private readonly le: boolean,
    private readonly compressed: boolean,
    private readonly bias: number,
  ) {}

  /** Fills `row` (one entry a slot: numbers for numeric slots, 8 bytes for string slots); false at the end. */
  readCase(row: (Uint8Array | number | null)[], vars: RawVariable[], slots: number): boolean {
    if (this.stringSlot === null) {
      this.stringSlot = new Uint8Array(slots);
      for (const v of vars) if (v.width > 0) for (let k = 0; k < v.slots; k++) this.stringSlot[v.slot + k] = 1;
    }
    const stringSlot = this.stringSlot;
    for (let s = 0; s < slots; s++) {
      const value = this.next(stringSlot[s] === 1);
      if (value === undefined) {
        if (s === 0) return false;
        throw new SavError('the file ends inside a case');
      }
      row[s] = value;
    }
    // a string variable's slots, joined into its first slot
    for (const v of vars) {
      if (v.width === 0) continue;
      const parts: Buffer[] = [];
      for (let k = 0; k < v.slots; k++) parts.push(Buffer.from(row[v.slot + k] as Uint8Array));
      row[v.slot] = Buffer.concat(parts);
    }
    return true;
  }

  /** The next slot: a number (null when system-missing), 8 string bytes, or undefined at the end. */
  private next(isString: boolean): Uint8Array | number | null | undefined {
    const data = this.data;
    if (!this.compressed) {
      if (this.p + 8 > data.length) return undefined;
      const at = this.p;
      this.p += 8;
      return isString ? data.subarray(at, at + 8) : this.le ? data.readDoubleLE(at) : data.readDoubleBE(at);
    }
    for (;;) {
      if (this.done) return undefined;
      if (this.code === 8) {
        if (this.p + 8 > data.length) return undefined;
        this.block = this.p;
        this.code = 0;
        this.p += 8;
      }
      const code = data[this.block + this.code++]!;
      if (code === 0) continue;
      if (code === 252) {
        this.done = true;
        return undefined;
      }
      if (code === 253) {
        if (this.p + 8 > data.length) return undefined;
        const at = this.p;
        this.p += 8;
        return isString ? data.subarray(at, at + 8) : this.le ? data.readDoubleLE(at) : data.readDoubleBE(at);
      }
      if (code === 254 || code === 255) return isString ? SPACES : null;
      return isString ? SPACES : code - this.bias;
    }
  }
}

/** A cursor over the dictionary's bytes in the file's byte order. */
class Reader {
  pos = 0;
  le = true;
  constructor(private readonly bytes: Buffer) {}
  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new SavError('the file ends inside its dictionary');
  }
  int32(): number {
    this.need(4);
    const v = this.le ? this.bytes.readInt32LE(this.pos) : this.bytes.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  uint8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }
  float64(): number {
    this.need(8);
    const v = this.le ? this.bytes.readDoubleLE(this.pos) : this.bytes.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }
  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
