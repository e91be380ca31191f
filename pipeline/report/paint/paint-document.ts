import PDFDocument from 'pdfkit';
import type { ReportModel } from '../../../schemas/report-model.js';
import type { LaidDocument } from '../layout/layout-document.js';
import type { LaidPage, PaintItem, StructNode } from '../layout/flow.js';
import { fontFaces, proportionalQuotes, splitProportional, type FontFace, type FontSet } from '../layout/measure-text.js';
import { page } from '../layout/typography.js';
import { messages } from '../messages.js';
import { lineOptions } from './line-options.js';
import { paintSvg } from './paint-svg.js';

const fontName: Record<FontFace, string> = {
  regular: 'NotoSansSC',
  bold: 'NotoSansSC-Bold',
  serifSc: 'NotoSerifSC',
  serifLatin: 'SourceSerif4',
  serifLatinItalic: 'SourceSerif4-Italic',
};

/** pdfkit's embedded font, for the one field shared across documents (not in pdfkit's types). */
interface EmbeddedFont {
  layoutCache?: Record<string, unknown>;
}

// Without a prototype, as pdfkit makes its own: a run such as "constructor" must not find Object's.
const emptyRuns = (): Record<FontFace, Record<string, unknown>> =>
  Object.fromEntries(fontFaces.map((face) => [face, Object.create(null) as Record<string, unknown>])) as Record<FontFace, Record<string, unknown>>;
let sharedRuns = emptyRuns();
let documentsSharing = 0;

/**
 * Lets every document of the process use the same shaped runs. pdfkit keeps, per document and font, a cache
 * from a run of text to its glyphs and positions (scaled by the font's 1000 / unitsPerEm, the same for every
 * document), and only reads a run once made; so each new report does not shape its words again. Started
 * afresh every 64 documents so a long-lived process does not grow without bound.
 */
function shareShapedRuns(doc: PDFKit.PDFDocument, faces: ReadonlySet<FontFace>): void {
  if (++documentsSharing % 64 === 0) sharedRuns = emptyRuns();
  // Only the faces the report draws: pdfkit embeds every font it has been asked to select, used or not.
  for (const face of fontFaces) {
    if (!faces.has(face)) continue;
    doc.font(fontName[face]);
    const font = (doc as unknown as { _font?: EmbeddedFont })._font;
    if (font !== undefined && typeof font.layoutCache === 'object') font.layoutCache = sharedRuns[face];
  }
}

/** The faces a laid-out report draws (charts draw in the sans faces, which every report uses). */
function facesUsed(laid: LaidDocument): Set<FontFace> {
  const faces = new Set<FontFace>(['regular', 'bold']);
  for (const p of laid.pages) for (const item of p.items) if (item.kind === 'text') faces.add(item.face);
  return faces;
}

/** What is open on the page's content stream: a structure element's marked content, or an artifact. */
type Open = { kind: 'struct'; node: StructNode; content: PDFKit.PDFStructureContent } | { kind: 'artifact' } | null;

function structOf(item: PaintItem): StructNode | null | undefined {
  switch (item.kind) {
    case 'text':
    case 'svg':
      return item.struct;
    case 'line':
    case 'rect':
      return null;
    case 'anchor':
      return undefined;
  }
}

/**
 * Draws a laid-out report with pdfkit and returns the PDF bytes. Tagged: each structure node's content is
 * marked and attached to its element; running heads, rules and repeated table heads are artifacts. The
 * document dates are `creationDate`, so the bytes (and the file /ID derived from them) are reproducible.
 */
export async function paintDocument(laid: LaidDocument, model: ReportModel, fonts: FontSet, creationDate: Date): Promise<Uint8Array> {
  const { meta } = model;
  const doc = new PDFDocument({
    size: [page.width, page.height],
    margin: 0,
    autoFirstPage: false,
    bufferPages: false,
    pdfVersion: '1.7',
    tagged: true,
    lang: meta.lang === 'zh' ? 'zh-CN' : 'en-GB',
    displayTitle: true,
    compress: true,
    info: {
      Title: meta.report_title,
      Author: meta.issuer,
      Subject: model.labels.document_subject,
      Creator: 'thinktank',
      Producer: 'thinktank (pdfkit)',
      CreationDate: creationDate,
      ModDate: creationDate,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  // pdfkit 0.20 takes a parsed fontkit font as well as bytes (PDFFontFactory.open); its types only list bytes.
  for (const face of fontFaces) doc.registerFont(fontName[face], fonts[face].source as Uint8Array);
  shareShapedRuns(doc, facesUsed(laid));

  const elements = new Map<StructNode, PDFKit.PDFStructureElement>();
  const build = (node: StructNode, parent: PDFKit.PDFStructureElement | null) => {
    const options: { alt?: string; lang?: string } = {};
    if (node.alt !== null) options.alt = node.alt;
    if (parent === null) options.lang = meta.lang === 'zh' ? 'zh-CN' : 'en-GB';
    const element = doc.struct(node.type, options);
    elements.set(node, element);
    if (parent === null) doc.addStructure(element);
    else parent.add(element);
    for (const child of node.children) build(child, element);
  };
  build(laid.tree.root, null);

  const proportional = proportionalQuotes(meta.lang);
  let lastOutline: PDFKit.PDFOutline | null = null;
  for (const laidPage of laid.pages) {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    const flush = batchWrites(doc.page);
    paintPage(doc, laidPage, elements, { fonts, proportional }, (item) => {
      doc.addNamedDestination(item.name, 'XYZ', 0, Math.max(0, item.y - 12), null);
      if (item.outlineLevel === 1) lastOutline = doc.outline.addItem(item.title, { expanded: true, top: Math.max(0, item.y - 12), left: page.width } as { expanded: boolean });
      else if (item.outlineLevel === 2) (lastOutline ?? doc.outline).addItem(item.title, { top: Math.max(0, item.y - 12), left: page.width } as { expanded?: boolean });
    }, model);
    flush();
  }
  doc.end();
  return done;
}

/**
 * Gathers a page's content writes and hands them to pdfkit as one when `flush` is called. pdfkit turns every
 * drawing call into a buffer of its own ("text\n"); joined with newlines the stream's bytes are the same, made
 * with one buffer instead of tens of thousands.
 */
function batchWrites(target: PDFKit.PDFPage): () => void {
  const write = target.write.bind(target);
  const parts: string[] = [];
  const flush = () => {
    if (parts.length > 0) write(parts.join('\n'));
    parts.length = 0;
  };
  target.write = (chunk: unknown) => {
    if (typeof chunk === 'string') parts.push(chunk);
    else {
      flush();
      write(chunk);
    }
  };
  return () => {
    flush();
    target.write = write;
  };
}

function paintPage(
  doc: PDFKit.PDFDocument,
  laidPage: LaidPage,
  elements: Map<StructNode, PDFKit.PDFStructureElement>,
  text: TextSetting,
  onAnchor: (item: Extract<PaintItem, { kind: 'anchor' }>) => void,
  model: ReportModel,
): void {
  let open: Open = null;
  const close = () => {
    if (open === null) return;
    doc.endMarkedContent();
    if (open.kind === 'struct') elements.get(open.node)?.add(open.content);
    open = null;
  };
  for (const item of laidPage.items) {
    const struct = structOf(item);
    if (struct === undefined) {
      if (item.kind === 'anchor') onAnchor(item);
      continue;
    }
    if (struct === null) {
      if (open?.kind !== 'artifact') {
        close();
        doc.markContent('Artifact');
        open = { kind: 'artifact' };
      }
    } else if (open?.kind !== 'struct' || open.node !== struct) {
      close();
      open = { kind: 'struct', node: struct, content: doc.markStructureContent(struct.type) };
    }
    drawItem(doc, item, text, model);
  }
  close();
}

/** How text is drawn: the measured fonts, and whether quotation marks take their proportional forms. */
interface TextSetting {
  fonts: FontSet;
  proportional: boolean;
}

function drawItem(doc: PDFKit.PDFDocument, item: PaintItem, text: TextSetting, model: ReportModel): void {
  switch (item.kind) {
    case 'text': {
      doc.font(fontName[item.face]).fontSize(item.size).fillColor(item.colour);
      const options: PDFKit.Mixins.TextOptions = { ...lineOptions, characterSpacing: item.characterSpacing };
      if (text.proportional && /[“”‘’]/u.test(item.text)) {
        // Quotation marks are drawn one by one with the pwid feature; the runs between them keep pdfkit's
        // per-word layout cache (a feature on the whole line would make pdfkit shape every line afresh).
        let x = item.x;
        for (const run of splitProportional(item.text)) {
          doc.text(run.text, x, item.y, run.proportional ? { ...options, features: ['pwid'] } : options);
          x += text.fonts[item.face].width(run.text, item.size, run.proportional) + item.characterSpacing * [...run.text].length;
        }
      } else doc.text(item.text, item.x, item.y, options);
      if (item.goTo !== null) doc.goTo(item.x, item.y - item.size * 0.9, item.width, item.size * 1.3, item.goTo);
      return;
    }
    case 'line':
      doc.save();
      doc.moveTo(item.x1, item.y1).lineTo(item.x2, item.y2).lineWidth(item.width).strokeColor(item.colour);
      if (item.dash !== null) doc.lineCap('round').dash(0.01, { space: item.dash });
      doc.stroke();
      doc.restore();
      return;
    case 'rect':
      doc.save();
      doc.rect(item.x, item.y, item.w, item.h).fill(item.colour);
      doc.restore();
      return;
    case 'svg':
      try {
        paintSvg(doc, item.svg, item, { measured: text.fonts, names: fontName });
      } catch (error) {
        throw new Error(messages.errors.svgRefused(model.meta.report_title, item.figureId, error instanceof Error ? error.message : String(error)));
      }
      return;
    case 'anchor':
      return;
  }
}
