import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { ReportModel } from '../../../schemas/report-model.js';
import type { LaidDocument } from '../layout/layout-document.js';
import type { LaidPage, PaintItem, StructNode } from '../layout/flow.js';
import { proportionalQuotes, splitProportional, type FontSet } from '../layout/measure-text.js';
import { page } from '../layout/typography.js';
import { messages } from '../messages.js';

/** svg-to-pdfkit's entry point (the package ships no type declarations). */
type SvgToPdf = (
  doc: PDFKit.PDFDocument,
  svg: string,
  x: number,
  y: number,
  options: {
    width: number;
    height: number;
    assumePt: boolean;
    preserveAspectRatio: string;
    fontCallback: (family: string, bold: boolean, italic: boolean) => string;
    warningCallback: (warning: string) => void;
  },
) => void;

const require = createRequire(import.meta.url);
const svgToPdf = require('svg-to-pdfkit') as SvgToPdf;

const fontName = { regular: 'NotoSansSC', bold: 'NotoSansSC-Bold' } as const;

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
  doc.registerFont(fontName.regular, fonts.regular.source as Uint8Array);
  doc.registerFont(fontName.bold, fonts.bold.source as Uint8Array);

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
    paintPage(doc, laidPage, elements, { fonts, proportional }, (item) => {
      doc.addNamedDestination(item.name, 'XYZ', 0, Math.max(0, item.y - 12), null);
      if (item.outlineLevel === 1) lastOutline = doc.outline.addItem(item.title, { expanded: true, top: Math.max(0, item.y - 12), left: page.width } as { expanded: boolean });
      else if (item.outlineLevel === 2) (lastOutline ?? doc.outline).addItem(item.title, { top: Math.max(0, item.y - 12), left: page.width } as { expanded?: boolean });
    }, model);
  }
  doc.end();
  return done;
}

/**
 * Makes an SVG fill a w x h pt box: its root gets that width and height, and a viewBox of its own size when it
 * had none, so the drawing scales (charts are drawn at 1 px = 1 pt, a column wide).
 */
export function fitSvg(svg: string, w: number, h: number): string {
  return svg.replace(/<svg\b[^>]*>/, (root) => {
    const width = /\swidth="([\d.]+)(?:px)?"/.exec(root)?.[1];
    const height = /\sheight="([\d.]+)(?:px)?"/.exec(root)?.[1];
    let out = root.replace(/\s(width|height)="[^"]*"/g, '');
    if (!/\sviewBox=/.test(out) && width !== undefined && height !== undefined) out = out.replace(/^<svg/, `<svg viewBox="0 0 ${width} ${height}"`);
    return out.replace(/^<svg/, `<svg width="${w.toFixed(3)}" height="${h.toFixed(3)}"`);
  });
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
      const options: PDFKit.Mixins.TextOptions = { lineBreak: false, baseline: 'alphabetic', characterSpacing: item.characterSpacing };
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
    case 'svg': {
      const warnings: string[] = [];
      doc.save();
      svgToPdf(doc, fitSvg(item.svg, item.w, item.h), item.x, item.y, {
        width: item.w,
        height: item.h,
        assumePt: true,
        preserveAspectRatio: 'xMidYMid meet',
        fontCallback: (_family, bold) => (bold ? fontName.bold : fontName.regular),
        warningCallback: (warning) => warnings.push(warning),
      });
      doc.restore();
      if (warnings.length > 0) throw new Error(messages.errors.svgWarnings(model.meta.report_title, item.figureId, warnings));
      return;
    }
    case 'anchor':
      return;
  }
}
