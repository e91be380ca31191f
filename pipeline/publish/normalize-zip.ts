const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** 1980-01-01 00:00:00, the earliest MS-DOS date, in the zip format's date field. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const EXTENDED_TIMESTAMP = 0x5455;

/** Whether `bytes` look like a zip file (xlsx, docx): the local file header signature at offset 0. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 22 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * A copy of a zip file with every entry's modification time set to 1980-01-01 00:00 (and extended
 * timestamps zeroed), so the same contents give the same bytes: zip writers (JSZip inside exceljs) stamp
 * each entry with the wall clock. The compressed data is untouched. Returns the input unchanged when it is
 * not a well-formed zip (no end-of-central-directory record, or headers that do not line up).
 */
export function normalizeZip(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const end = findEnd(view);
  if (end < 0) return bytes;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < entries; i++) {
    if (at + 46 > out.byteLength || view.getUint32(at, true) !== CENTRAL) return bytes;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    view.setUint16(at + 12, 0, true);
    view.setUint16(at + 14, DOS_DATE, true);
    zeroTimestamps(view, at + 46 + nameLength, extraLength);
    if (local + 30 > out.byteLength || view.getUint32(local, true) !== LOCAL) return bytes;
    view.setUint16(local + 10, 0, true);
    view.setUint16(local + 12, DOS_DATE, true);
    zeroTimestamps(view, local + 30 + view.getUint16(local + 26, true), view.getUint16(local + 28, true));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

/** The offset of the end-of-central-directory record, searched backwards over a possible comment; -1 if none. */
function findEnd(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === END) return at;
  }
  return -1;
}

/** Zeroes the times of an extended-timestamp extra field (0x5455) among the extra fields at `start`. */
function zeroTimestamps(view: DataView, start: number, length: number): void {
  let at = start;
  const stop = Math.min(start + length, view.byteLength);
  while (at + 4 <= stop) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === EXTENDED_TIMESTAMP) {
      for (let k = at + 5; k + 4 <= at + 4 + size && k + 4 <= stop; k += 4) view.setUint32(k, 0, true);
    }
    at += 4 + size;
  }
}
