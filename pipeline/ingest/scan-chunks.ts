import { XmlError } from './decode-xml.js';
import { GridLimitError } from './sheet-grid.js';

/**
 * Feeds a streamed XML document to `parse` chunk by chunk. `parse(buf)` consumes whole units (a tag, a cell, a
 * shared string) and returns where the first unfinished one starts; those bytes are kept and put in front of the
 * next chunk, so no unit is ever seen cut in two. GridLimitError when one unit passes `maxUnitBytes` (a cell
 * bigger than any the limits allow); XmlError when the document ends inside a unit.
 */
export async function scanChunks(chunks: AsyncIterable<Buffer>, parse: (buf: Buffer) => number, maxUnitBytes: number, tooLarge: string): Promise<void> {
  let carry: Buffer | null = null;
  for await (const chunk of chunks) {
    const buf: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
    const used = parse(buf);
    carry = used < buf.length ? buf.subarray(used) : null;
    if (carry !== null && carry.length > maxUnitBytes) throw new GridLimitError(tooLarge);
  }
  if (carry !== null && carry.toString('latin1').trim() !== '') throw new XmlError('the document ends inside a tag');
}
