import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** What a reader of a PDF gets back: the text of every page and the outline (bookmarks) titles, nested. */
export interface PdfContent {
  pages: string[];
  outline: OutlineEntry[];
  info: Record<string, unknown>;
}
export interface OutlineEntry {
  title: string;
  page: number | null;
  children: OutlineEntry[];
}

/**
 * pdf.js 5.4.624 can throw "Invalid page request" for a valid page when several documents are read at once
 * (mozilla/pdf.js#20629, a regression of that release): documents are read one at a time.
 */
let reading: Promise<unknown> = Promise.resolve();

/** Extracts page text and the outline from PDF bytes with pdf.js (no system tools needed). */
export function readPdf(source: Uint8Array | string): Promise<PdfContent> {
  const read = reading.then(() => readPdfNow(source));
  reading = read.catch(() => undefined);
  return read;
}

async function readPdfNow(source: Uint8Array | string): Promise<PdfContent> {
  const bytes = typeof source === 'string' ? new Uint8Array(await readFile(source)) : new Uint8Array(source);
  const doc = await getDocument({ data: bytes, useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push(text);
  }
  const resolvePage = async (dest: unknown): Promise<number | null> => {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit[0] == null) return null;
    return (await doc.getPageIndex(explicit[0])) + 1;
  };
  type RawOutline = { title: string; dest: unknown; items: RawOutline[] };
  const walk = async (items: RawOutline[] | null): Promise<OutlineEntry[]> =>
    Promise.all((items ?? []).map(async (o) => ({ title: o.title, page: await resolvePage(o.dest), children: await walk(o.items) })));
  const outline = await walk((await doc.getOutline()) as RawOutline[] | null);
  const meta = await doc.getMetadata();
  await doc.destroy();
  return { pages, outline, info: (meta.info ?? {}) as Record<string, unknown> };
}
