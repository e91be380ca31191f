/** The most texts one cache holds: a column of codes has far fewer; a column of distinct ids soon stops being cached. */
const MAX_ENTRIES = 1024;
/** Longer texts are not cached: free text rarely repeats, and its bytes would be copied for nothing. */
const MAX_KEY_BYTES = 64;

/**
 * The texts already decoded from one sheet column, keyed by their XML bytes: a text cell that repeats one (a code
 * or a place written as text, in every row) is not decoded, checked and hashed as a new string again. Open
 * addressing over FNV-1a hashes of the bytes, the table doubling as it fills (a sheet may have thousands of
 * columns); once full it is bypassed.
 */
export class TextCache {
  private slots = new Int32Array(16).fill(-1);
  private readonly keys: Buffer[] = [];
  private readonly texts: string[] = [];

  /** Whether the cache may hold a text of these bytes (it is not full, they are short enough). */
  accepts(start: number, end: number): boolean {
    return end - start <= MAX_KEY_BYTES && this.texts.length < MAX_ENTRIES;
  }

  /** The text decoded from bytes [start, end) of buf, when cached; else null. */
  get(buf: Buffer, start: number, end: number): string | null {
    const mask = this.slots.length - 1;
    for (let s = hashBytes(buf, start, end) & mask; ; s = (s + 1) & mask) {
      const k = this.slots[s]!;
      if (k < 0) return null;
      if (sameBytes(this.keys[k]!, buf, start, end)) return this.texts[k]!;
    }
  }

  /** Remembers the text decoded from bytes [start, end) of buf (not yet cached; `accepts` said yes). */
  add(buf: Buffer, start: number, end: number, text: string): void {
    const key = Buffer.from(buf.subarray(start, end));
    this.keys.push(key);
    this.texts.push(text);
    // at most half full, so probes stay short
    if (this.texts.length * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2).fill(-1);
      this.keys.forEach((k, index) => this.place(k, index));
    } else this.place(key, this.texts.length - 1);
  }

  private place(key: Buffer, index: number): void {
    const mask = this.slots.length - 1;
    let s = hashBytes(key, 0, key.length) & mask;
    while (this.slots[s]! >= 0) s = (s + 1) & mask;
    this.slots[s] = index;
  }
}

function hashBytes(buf: Buffer, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let p = start; p < end; p++) h = Math.imul(h ^ buf[p]!, 0x01000193);
  return h;
}

function sameBytes(key: Buffer, buf: Buffer, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let j = 0; j < key.length; j++) if (key[j] !== buf[start + j]) return false;
  return true;
}
