import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createInflateRaw, crc32, inflateRawSync } from 'node:zlib';

/** One file inside a zip archive, as its central directory describes it. */
export interface ZipEntry {
  /** The name as stored (`xl/worksheets/sheet1.xml`). */
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  /** Offset of the entry's local header in the file. */
  localOffset: number;
}

/** Thrown when a zip archive is damaged or uses what we do not read; the xlsx reader names the file. */
export class ZipError extends Error {
  override readonly name = 'ZipError';
}

/** Thrown when the bytes inflated from an archive pass the caller's limit. */
export class ZipLimitError extends Error {
  override readonly name = 'ZipLimitError';
}

/** Bytes read from the file at a time, and inflated at a time. */
const READ_CHUNK = 256 * 1024;
const INFLATE_CHUNK = 128 * 1024;
/** Entries up to this size (packed and inflated) are read and inflated in one piece. */
const SMALL_PACKED = 512 * 1024;
const SMALL_INFLATED = 8 * 1024 * 1024;
const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * An open zip archive: its entries (looked up by name, case-insensitively, as OPC part names are), and their
 * contents as streams of inflated chunks. Every chunk read counts against one budget of inflated bytes shared
 * by all entries (a zip-bomb guard). `close` releases the file.
 */
export class ZipArchive {
  private inflated = 0;
  private readonly byName = new Map<string, ZipEntry>();

  private constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
    readonly entries: ZipEntry[],
    private readonly maxInflated: number,
  ) {
    for (const entry of entries) {
      const key = normalizeName(entry.name);
      if (!this.byName.has(key)) this.byName.set(key, entry);
    }
  }

  /**
   * Opens `file` and reads its central directory. `maxInflated` bounds the bytes all entries may inflate to.
   * ZipError for archives without a readable central directory (truncated files), encrypted entries and
   * compression methods other than stored and deflate.
   */
  static async open(file: string, maxInflated: number): Promise<ZipArchive> {
    const handle = await open(file, 'r');
    try {
      const entries = await readCentralDirectory(handle);
      return new ZipArchive(file, handle, entries, maxInflated);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** The entry named `name` (a leading `/` and letter case are ignored), or null. */
  entry(name: string): ZipEntry | null {
    return this.byName.get(normalizeName(name)) ?? null;
  }

  /**
   * The contents of an entry as inflated chunks (streamed: a large entry is never in memory as a whole; a small
   * one is read and inflated at once, which saves the stream's round trips). Checks the size and CRC-32 the
   * directory declares. ZipLimitError when the shared budget runs out.
   */
  async *read(entry: ZipEntry): AsyncGenerator<Buffer> {
    const start = await this.dataStart(entry);
    if (entry.compressedSize === 0) {
      if (entry.size !== 0) throw new ZipError(`${entry.name}: no data`);
      return;
    }
    const small = entry.compressedSize <= SMALL_PACKED && entry.size <= SMALL_INFLATED;
    let size = 0;
    let crc = 0;
    try {
      for await (const chunk of small ? this.inflateWhole(entry, start) : this.inflateStream(entry, start)) {
        size += chunk.length;
        this.inflated += chunk.length;
        if (this.inflated > this.maxInflated) {
          throw new ZipLimitError(`more than ${this.maxInflated} bytes once unzipped`);
        }
        if (size > entry.size) throw new ZipError(`${entry.name}: more data than its declared size`);
        crc = crc32(chunk, crc);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof ZipError || error instanceof ZipLimitError) throw error;
      const code = (error as { code?: unknown }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new ZipError(`${entry.name}: more data than its declared size`);
      throw new ZipError(`${entry.name}: ${typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)}`);
    }
    if (size !== entry.size) throw new ZipError(`${entry.name}: ${size} bytes, expected ${entry.size}`);
    if ((crc >>> 0) !== entry.crc) throw new ZipError(`${entry.name}: checksum mismatch`);
  }

  /** A small entry in one piece: read, then inflated in this thread (output capped at its declared size). */
  private async *inflateWhole(entry: ZipEntry, start: number): AsyncGenerator<Buffer> {
    const packed = await readAt(this.handle, start, entry.compressedSize);
    yield entry.method === 0 ? packed : inflateRawSync(packed, { maxOutputLength: Math.max(1, entry.size) });
  }

  /** A large entry as a stream: read and inflated chunk by chunk, the inflating done off this thread. */
  private async *inflateStream(entry: ZipEntry, start: number): AsyncGenerator<Buffer> {
    // a stream of its own (not the handle's descriptor: destroying a stream closes the descriptor it reads)
    const raw = createReadStream(this.file, {
      start,
      end: start + entry.compressedSize - 1,
      highWaterMark: READ_CHUNK,
    });
    const source = entry.method === 0 ? raw : raw.pipe(createInflateRaw({ chunkSize: INFLATE_CHUNK }));
    raw.on('error', (error) => source.destroy(error));
    try {
      yield* source as AsyncIterable<Buffer>;
    } finally {
      raw.destroy();
      if (source !== raw) source.destroy();
    }
  }

  /** Releases the file. */
  async close(): Promise<void> {
    await this.handle.close();
  }

  private async dataStart(entry: ZipEntry): Promise<number> {
    const head = Buffer.alloc(30);
    const { bytesRead } = await this.handle.read(head, 0, 30, entry.localOffset);
    if (bytesRead < 30 || head.readUInt32LE(0) !== LOCAL) throw new ZipError(`${entry.name}: bad local header`);
    return entry.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  }

}

/**
 * Opens a zip archive and reads its central directory (see ZipArchive.open): the entries can then be read in
 * any order, so a workbook's shared strings are read before its sheets wherever the writer put them.
 */
export function readZip(file: string, maxInflated: number): Promise<ZipArchive> {
  return ZipArchive.open(file, maxInflated);
}

function normalizeName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  if (bytesRead < length) throw new ZipError('the zip archive ends too early');
  return buf;
}

/** Finds the end-of-central-directory record (zip64 aware) and parses every central directory entry. */
async function readCentralDirectory(handle: FileHandle): Promise<ZipEntry[]> {
  const size = (await handle.stat()).size;
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipError('the zip archive is cut short: no central directory');
  const eocdPosition = size - tailLength + at;
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    if (eocdPosition < 20) throw new ZipError('bad zip64 end of central directory');
    const locator = await readAt(handle, eocdPosition - 20, 20);
    if (locator.readUInt32LE(0) !== EOCD64_LOCATOR) throw new ZipError('bad zip64 end of central directory');
    const record = await readAt(handle, safeNumber(locator.readBigUInt64LE(8)), 56);
    if (record.readUInt32LE(0) !== EOCD64) throw new ZipError('bad zip64 end of central directory');
    count = safeNumber(record.readBigUInt64LE(32));
    cdSize = safeNumber(record.readBigUInt64LE(40));
    cdOffset = safeNumber(record.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size) throw new ZipError('the zip archive is cut short: its central directory lies past the end');
  const cd = await readAt(handle, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipError('damaged central directory');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let entrySize = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const nameStart = p + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > cd.length) throw new ZipError('damaged central directory');
    const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', nameStart, extraStart);
    // zip64: the sizes and offset that overflowed 32 bits are in extra field 0x0001, in this order
    for (let e = extraStart; e + 4 <= extraStart + extraLength; ) {
      const id = cd.readUInt16LE(e);
      const length = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let f = e + 4;
        const take = () => {
          if (f + 8 > e + 4 + length) throw new ZipError(`${name}: bad zip64 field`);
          const v = safeNumber(cd.readBigUInt64LE(f));
          f += 8;
          return v;
        };
        if (entrySize === 0xffffffff) entrySize = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      }
      e += 4 + length;
    }
    if (flags & 0x1) throw new ZipError(`${name} is encrypted`);
    if (!name.endsWith('/') && method !== 0 && method !== 8) {
      throw new ZipError(`${name} uses zip compression method ${method}, which is not read`);
    }
    entries.push({ name, method, compressedSize, size: entrySize, crc, localOffset });
    p = next;
  }
  return entries;
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('a zip64 size beyond reach');
  return Number(v);
}
