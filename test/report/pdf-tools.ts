import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reading a rendered PDF back as a reader's tools would, with pdf.js (pure JavaScript, so `npm test` needs no
 * system tools): page texts laid out in lines, the fonts, the document facts.
 */

/**
 * The text of every page in reading lines (index 0 is page 1), as `pdftotext -layout` gives it: items on one
 * baseline joined left to right, with two or more spaces where there is a visible gap (a TOC's leader gap).
 */
export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    const lines = new Map<number, { x: number; end: number; text: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      const y = Math.round(item.transform[5] as number);
      const key = [...lines.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
      const x = item.transform[4] as number;
      (lines.get(key) ?? lines.set(key, []).get(key)!).push({ x, end: x + item.width, text: item.str });
    }
    const text = [...lines.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, items]) => {
        items.sort((a, b) => a.x - b.x);
        let line = '';
        let end = -Infinity;
        for (const item of items) {
          // pdf.js reports a gap as a whitespace item as wide as the gap
          const gap = item.text.trim() === '' ? item.end - item.x : item.x - end;
          if (line !== '' && gap > 12) line = `${line.trimEnd()}   `;
          else if (line !== '' && gap > 1.5 && !line.endsWith(' ')) line += ' ';
          if (item.text.trim() !== '') line += item.text;
          end = item.end;
        }
        return line;
      })
      .join('\n');
    pages.push(text);
  }
  await doc.destroy();
  return pages;
}

/** The embedded fonts: name, and whether each is embedded, a subset and has a Unicode map (pdffonts' columns). */
export function fonts(bytes: Uint8Array): { name: string; emb: string; sub: string; uni: string }[] {
  const raw = Buffer.from(bytes).toString('latin1');
  const found = new Map<string, { name: string; emb: string; sub: string; uni: string }>();
  // a Type0 font names its descendant and its ToUnicode map; the descendant's descriptor holds the font file
  for (const m of raw.matchAll(/\/Type \/Font\n\/Subtype \/Type0\n\/BaseFont \/([A-Z]{6}\+[^\s/]+)[\s\S]*?>>/g)) {
    const name = m[1] ?? '';
    found.set(name, { name, emb: 'no', sub: /^[A-Z]{6}\+/.test(name) ? 'yes' : 'no', uni: m[0].includes('/ToUnicode') ? 'yes' : 'no' });
  }
  for (const m of raw.matchAll(/\/FontName \/([A-Z]{6}\+[^\s/]+)[\s\S]*?>>/g)) {
    const font = found.get(m[1] ?? '');
    if (font && /\/FontFile2 \d+ 0 R/.test(m[0])) font.emb = 'yes';
  }
  return [...found.values()];
}

/** The facts pdfinfo prints that the tests use: Tagged, Pages, CreationDate. */
export async function info(bytes: Uint8Array): Promise<Record<string, string>> {
  const raw = Buffer.from(bytes).toString('latin1');
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const meta = (await doc.getMetadata()).info as Record<string, unknown>;
  const out = {
    Tagged: /\/Marked true/.test(raw) && raw.includes('/StructTreeRoot') ? 'yes' : 'no',
    Pages: String(doc.numPages),
    CreationDate: String(meta['CreationDate'] ?? ''),
  };
  await doc.destroy();
  return out;
}

/** Collapses runs of spaces, so laid-out text compares with model text. */
export function squash(text: string): string {
  return text.replace(/[ \u00a0]+/g, ' ');
}
