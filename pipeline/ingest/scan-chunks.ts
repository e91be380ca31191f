import { XmlError } from './decode-xml.js';
import { GridLimitError } from './sheet-grid.js';

/**
 * Feeds a streamed XML document to `parse` chunk by chunk. `parse(buf)` consumes whole units (a tag, a cell, a
 * shared string) and returns where the first unfinished one starts; those bytes are kept and put in front of the
 * next chunk, so no unit is ever seen cut in two. The joined bytes live in one reused buffer (a new buffer per
 * chunk is external memory that makes V8 collect garbage more often). GridLimitError when one unit passes
 * `maxUnitBytes` (a cell bigger than any the limits allow); XmlError when the document ends inside a unit.
 */
export async function scanChunks(chunks: AsyncIterable<Buffer>, parse: (buf: Buffer) => number, maxUnitBytes: number, tooLarge: string): Promise<void> {
  let scratch = Buffer.allocUnsafe(0);
  let kept = 0;
  for await (const chunk of chunks) {
    let buf: Buffer;
    if (kept === 0) {
      buf = chunk;
    } else {
      if (scratch.length < kept + chunk.length) {
        const grown = Buffer.allocUnsafe(Math.max(kept + chunk.length, scratch.length * 2));
        scratch.copy(grown, 0, 0, kept);
        scratch = grown;
      }
      chunk.copy(scratch, kept);
      buf = scratch.subarray(0, kept + chunk.length);
    }
    const used = parse(buf);
    kept = buf.length - used;
    if (kept > maxUnitBytes) throw new GridLimitError(tooLarge);
    if (kept > 0) {
      if (buf === chunk) {
        if (scratch.length < kept) scratch = Buffer.allocUnsafe(Math.max(kept, 256 * 1024));
        chunk.copy(scratch, 0, used);
      } else {
        scratch.copyWithin(0, used, buf.length);
      }
    }
  }
  if (kept > 0 && scratch.toString('latin1', 0, kept).trim() !== '') throw new XmlError('the document ends inside a tag');
}
