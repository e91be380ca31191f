import { inflateRawSync } from 'node:zlib';

/** The entries of a zip archive (an xlsx), inflated: name -> bytes. Throws on a damaged archive. */
export function unzip(bytes: Buffer): Map<string, Buffer> {
  let end = -1;
  for (let i = bytes.length - 22; i >= 0; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('no end of central directory');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  let total = 0;
  for (let k = 0; k < count; k++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = bytes.readUInt16LE(at + 10);
    const packed = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + packed);
    // a damaged entry may inflate without end: the harness refuses (its caller falls back to byte damage)
    entries.set(name, method === 8 ? inflateRawSync(data, { maxOutputLength: 16 << 20 }) : Buffer.from(data));
    total += entries.get(name)!.length;
    if (total > 32 << 20) throw new Error('the entries inflate to more than 32 MB');
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}
