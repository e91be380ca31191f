import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { VegaLiteSpec } from '../../pipeline/chart/chart-input.js';
import { renderSvg } from '../../pipeline/chart/render-svg.js';
import { buildReportModel, renderReport } from '../../pipeline/report/index.js';
import { svgText } from '../../pipeline/report/layout/check-glyphs.js';
import { loadFonts } from '../../pipeline/report/layout/measure-text.js';
import { paintSvg, type SvgBox } from '../../pipeline/report/paint/paint-svg.js';
import type { FigureBlock } from '../../schemas/report-model.js';
import { fixtureInput } from '../fixtures/report/make-fixture.js';
import { readPdf } from '../helpers/pdf-text.js';

const pageHeight = 400;
const names = { regular: 'Regular', bold: 'Bold' };

/** Paints `svg` into `box` on a 400 x 400 pt page of an uncompressed PDF (so its drawing operators can be read). */
async function paint(svg: string, box: SvgBox = { x: 0, y: 0, w: 400, h: 400 }): Promise<{ bytes: Uint8Array; content: string }> {
  const fonts = loadFonts();
  const doc = new PDFDocument({ size: [400, pageHeight], margin: 0, compress: false, autoFirstPage: false });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  doc.registerFont(names.regular, fonts.regular.source as Uint8Array);
  doc.registerFont(names.bold, fonts.bold.source as Uint8Array);
  doc.addPage();
  paintSvg(doc, svg, box, { measured: fonts, names });
  doc.end();
  const bytes = await done;
  return { bytes, content: Buffer.from(bytes).toString('latin1') };
}

/** The text runs pdf.js finds on page 1: string, start x, width and baseline y from the top, in pt. */
async function runs(bytes: Uint8Array): Promise<{ str: string; x: number; width: number; y: number; size: number }[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const content = await (await pdf.getPage(1)).getTextContent();
  const out = content.items.flatMap((item) =>
    'str' in item && item.str.trim() !== ''
      ? [{ str: item.str, x: item.transform[4] as number, width: item.width, y: pageHeight - (item.transform[5] as number), size: item.transform[0] as number }]
      : [],
  );
  await pdf.destroy();
  return out;
}

const svg = (body: string, size = 'viewBox="0 0 400 400"') => `<svg xmlns="http://www.w3.org/2000/svg" ${size}>${body}</svg>`;

describe('paintSvg', () => {
  it("draws every text of a Vega chart and its marks (bars, dots as arcs, a dashed rule, multi-line labels)", { timeout: 30_000 }, async () => {
    for (const name of ['regions-230100-zh', 'multi-province-en']) {
      const spec = JSON.parse(readFileSync(`test/golden/chart/${name}.vl.json`, 'utf8')) as VegaLiteSpec;
      const chart = (await renderSvg(spec, { onWarning: () => {} })).svg;
      const { bytes, content } = await paint(chart, { x: 0, y: 0, w: 400, h: 400 });
      const text = (await readPdf(bytes)).pages[0]?.replace(/\s+/g, '') ?? '';
      const expected = svgText(chart).map((t) => t.replace(/\s+/g, ''));
      expect(expected.length).toBeGreaterThan(5);
      for (const t of expected) expect(text).toContain(t);
      expect(content).toMatch(/\bre\b|\bh\nf\b|\bh\nB\b|\d l\nh\nf/);
      if (name === 'regions-230100-zh') {
        expect(content).toMatch(/ c\n/); // the dots' arcs, as curves
        expect(content).toMatch(/\[4 3\] 0 d|\[3 2\] 0 d/);
      }
    }
  });

  it('fills with the colour inherited from a <g> unless the element sets its own', async () => {
    const { content } = await paint(svg('<g fill="#0072B2" stroke="#222"><path d="M0,0h10v10h-10Z"/><rect x="20" width="5" height="5" fill="#D55E00" stroke="none"/></g>'));
    const blue = '0 0.4470588235294118 0.6980392156862745 scn';
    const orange = '0.8352941176470589 0.3686274509803922 0 scn';
    const dark = '0.13333333333333333 0.13333333333333333 0.13333333333333333 SCN';
    expect(content).toContain(blue);
    expect(content).toContain(orange);
    expect(content).toContain(dark); // the path's inherited stroke
    expect(content.match(/\nB\n/g)?.length).toBe(1); // the path: fill and stroke
    expect(content.match(/\nf\n/g)?.length).toBe(1); // the rect: fill only
  });

  it('draws nothing for hidden elements, <title>, <desc>, or a subpath of no length', async () => {
    const { bytes, content } = await paint(
      svg('<title>Title text</title><desc>Described</desc><text display="none" x="5" y="5">Hidden</text><g display="none"><text x="5" y="9">Also</text></g><path d="M5,5h0v0h0Z" fill="#000"/><text x="5" y="20">Shown</text>'),
    );
    expect((await runs(bytes)).map((r) => r.str)).toEqual(['Shown']);
    expect(content).not.toMatch(/\nf\n/);
  });

  it('scales the drawing to fit the box, centred, and places anchored text by its width', async () => {
    // A 200 x 100 drawing in a 100 x 100 box at (50, 100): scale 0.5, 25 pt of space above and below.
    const chart = svg(
      '<text x="100" y="50" text-anchor="end" font-family="Noto Sans SC" font-size="20px">Total 总计</text><text x="100" y="80" text-anchor="middle" font-size="20" font-weight="bold">Mid</text>',
      'width="200" height="100"',
    );
    const [end, middle] = await runs((await paint(chart, { x: 50, y: 100, w: 100, h: 100 })).bytes);
    expect(end?.str).toBe('Total 总计');
    expect(end?.size).toBeCloseTo(10, 5);
    expect((end?.x ?? 0) + (end?.width ?? 0)).toBeCloseTo(50 + 100 * 0.5, 1);
    expect(end?.y).toBeCloseTo(100 + 25 + 50 * 0.5, 3);
    expect((middle?.x ?? 0) + (middle?.width ?? 0) / 2).toBeCloseTo(100, 1);
    expect(middle?.y).toBeCloseTo(100 + 25 + 80 * 0.5, 3);
  });

  it('sets each <tspan> line of a label at its own x and dy, anchored line by line', async () => {
    const chart = svg('<text text-anchor="middle" transform="translate(200,50)" font-size="10px"><tspan>A longer first line</tspan><tspan x="0" dy="12">Short</tspan></text>');
    const [first, second] = await runs((await paint(chart)).bytes);
    expect([first?.str, second?.str]).toEqual(['A longer first line', 'Short']);
    expect((first?.x ?? 0) + (first?.width ?? 0) / 2).toBeCloseTo(200, 1);
    expect((second?.x ?? 0) + (second?.width ?? 0) / 2).toBeCloseTo(200, 1);
    expect(first?.y).toBeCloseTo(50, 3);
    expect(second?.y).toBeCloseTo(62, 3);
  });

  it('decodes character references in text', async () => {
    const [run] = await runs((await paint(svg('<text x="5" y="20">&lt;5 &amp; &#x4E2D;&#25991; &quot;x&quot;</text>'))).bytes);
    expect(run?.str).toBe('<5 & 中文 "x"');
  });

  const refused: [string, RegExp][] = [
    ['<circle r="3"/>', /draws no <circle> element/],
    ['<rect width="1" height="1" fill-opacity="0.5"/>', /<rect> with fill-opacity="0\.5"/],
    ['<rect width="1" height="1" fill="red"/>', /<rect> with fill="red"/],
    ['<g transform="rotate(45)"><rect width="1" height="1"/></g>', /<g> with transform="rotate\(45\)"/],
    ['<g opacity="0.5"><rect width="1" height="1"/></g>', /<g> with opacity="0\.5"/],
    ['<path d="M0,0C1,1,2,2,3,3" fill="#000"/>', /<path> with d="M0,0C1,1,2,2,3,3"/],
    ['<path d="M0,0A3,3,0,2,1,6,0" fill="#000"/>', /<path> with d=/],
    ['<path d="M0,0h10" stroke="#000" stroke-dasharray="0,2"/>', /stroke-dasharray="0,2"/],
    ['<text font-family="Arial" x="1" y="1">x</text>', /<text> with font-family="Arial"/],
    ['<text x="1" y="1">a<tspan>b</tspan></text>', /mixing text and elements/],
    ['<text x="1" y="1"><tspan>a</tspan><tspan dy="10">b</tspan></text>', /after the first without x/],
    ['<!-- a note --><rect width="1" height="1"/>', /markup other than plain elements/],
    ['<rect width="1" height="1">', /"<\/svg>" closing <rect>/],
    ['loose words', /text "loose words" outside <text>/],
  ];
  for (const [body, message] of refused) {
    it(`refuses rather than draws differently: ${body}`, async () => {
      await expect(paint(svg(body))).rejects.toThrow(message);
    });
  }

  it('names the report and figure when a chart cannot be drawn', { timeout: 30_000 }, async () => {
    const model = buildReportModel(fixtureInput('province', 'en'));
    const figure = model.sections.flatMap((s) => s.blocks).find((b): b is FigureBlock => b.kind === 'figure');
    if (figure === undefined) throw new Error('the fixture has figures');
    figure.svg = figure.svg.replace('</svg>', '<circle r="2"/></svg>');
    await expect(renderReport(model, { creationDate: new Date('2026-10-15T00:00:00Z') })).rejects.toThrow(
      /figure province-[a-z_]+(-[a-z]+)?-en: the chart's SVG cannot be drawn: the painter draws no <circle> element/,
    );
  });
});
