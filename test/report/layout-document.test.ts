import { describe, expect, it } from 'vitest';
import type { Block, FigureBlock, ReportModel, TableBlock } from '../../schemas/report-model.js';
import { buildReportModel } from '../../pipeline/report/index.js';
import type { LaidPage, StructNode } from '../../pipeline/report/layout/flow.js';
import { checkLayout, minLastPageFill, minPageFill, pageFill } from '../../pipeline/report/layout/check-layout.js';
import { layoutDocument, runningTitle } from '../../pipeline/report/layout/layout-document.js';
import { loadFonts } from '../../pipeline/report/layout/measure-text.js';
import { columnWidth, page, styles } from '../../pipeline/report/layout/typography.js';
import { measure } from '../../pipeline/report/layout/set-text.js';
import { minFigureScale } from '../../pipeline/report/layout/layout-figure.js';
import { minContinuedRows, minSplitRows } from '../../pipeline/report/layout/layout-table.js';
import { barChartSvg, fixtureInput } from '../fixtures/report/make-fixture.js';

const sentence = {
  zh: '数字化转型正在改变企业的组织方式，研发投入和人才结构也随之调整。',
  en: 'Digital transformation is changing how organisations work, and their R&D spending and staff change with it. ',
};

/** The fixture report with a stress section: paragraphs of 1 to 12 sentences between headings, and a long table. */
function stressModel(lang: 'zh' | 'en'): ReportModel {
  const model = buildReportModel(fixtureInput('province', lang));
  const blocks: Block[] = [];
  for (let k = 1; k <= 12; k++) {
    blocks.push({ kind: 'heading', level: 2, number: `9.${k}`, text: `${lang === 'zh' ? '小节' : 'Part'} ${k}`, toc: true, origin: null });
    for (let p = 0; p < 3; p++) blocks.push({ kind: 'paragraph', style: 'body', text: sentence[lang].repeat(k + p), origin: null });
  }
  const table: TableBlock = {
    kind: 'table',
    id: 'long',
    number: '9.1',
    label: lang === 'zh' ? '表9.1' : 'Table 9.1',
    caption: lang === 'zh' ? '长表' : 'A long table',
    columns: [
      { align: 'left', format: { style: 'text' }, wrap: true },
      { align: 'right', format: { style: 'integer' }, wrap: false },
    ],
    header_rows: [[{ text: lang === 'zh' ? '行' : 'Row', span: 1 }, { text: 'n', span: 1 }]],
    body_rows: Array.from({ length: 90 }, (_, i) => ({ cells: [{ value: `${lang === 'zh' ? '第' : 'Row '}${i + 1}`, mark: null }, { value: i * 37, mark: null }], style: 'normal' as const })),
    notes: ['Note.'],
    source: null,
    origin: null,
  };
  blocks.push(table);
  model.sections.push({ id: 'stress', kind: 'theme', number: '9', title: lang === 'zh' ? '压力测试' : 'Stress test', new_page: true, blocks });
  return model;
}

function textItems(p: LaidPage) {
  return p.items.filter((i) => i.kind === 'text');
}

/** For each structure node, the pages its text lines are on and how many lines on each. */
function linesByNode(pages: LaidPage[], type: string): Map<StructNode, Map<number, Set<number>>> {
  const out = new Map<StructNode, Map<number, Set<number>>>();
  pages.forEach((p, index) => {
    for (const item of textItems(p)) {
      if (item.kind !== 'text' || item.struct?.type !== type) continue;
      const perPage = out.get(item.struct) ?? new Map<number, Set<number>>();
      const ys = perPage.get(index) ?? new Set<number>();
      ys.add(Math.round(item.y * 100));
      perPage.set(index, ys);
      out.set(item.struct, perPage);
    }
  });
  return out;
}

describe('layoutDocument', () => {
  const fonts = loadFonts();
  for (const lang of ['zh', 'en'] as const) {
    const laid = layoutDocument(stressModel(lang), fonts);

    it(`leaves no paragraph with a single line at the foot or head of a page (${lang})`, () => {
      let split = 0;
      for (const perPage of linesByNode(laid.pages, 'P').values()) {
        if (perPage.size < 2) continue;
        split++;
        for (const ys of perPage.values()) expect(ys.size).toBeGreaterThanOrEqual(2);
      }
      expect(split).toBeGreaterThan(0);
    });

    it(`never ends a page with a heading (${lang})`, () => {
      for (const p of laid.pages.filter((x) => x.kind === 'body')) {
        const body = textItems(p).filter((i) => i.kind === 'text' && i.struct !== null);
        const last = body.reduce<(typeof body)[number] | undefined>((a, b) => (a === undefined || (b.kind === 'text' && a.kind === 'text' && b.y > a.y) ? b : a), undefined);
        if (last?.kind === 'text') expect(['H1', 'H2', 'H3']).not.toContain(last.struct?.type);
      }
    });

    it(`keeps every figure with its caption and notes on one page (${lang})`, () => {
      let figures = 0;
      for (const p of laid.pages) {
        for (const item of p.items) {
          if (item.kind !== 'svg') continue;
          figures++;
          const types = textItems(p).map((i) => (i.kind === 'text' ? i.struct?.type : undefined));
          expect(types).toContain('Caption');
          expect(item.y + item.h).toBeLessThanOrEqual(page.bottom + 1e-6);
        }
      }
      const captions = linesByNode(laid.pages, 'Caption');
      for (const perPage of captions.values()) expect(perPage.size).toBe(1);
      expect(figures).toBeGreaterThan(5);
    });

    it(`repeats the table header on every page the table runs onto (${lang})`, () => {
      const header = lang === 'zh' ? '行' : 'Row';
      const pagesWithRows = laid.pages.filter((p) => textItems(p).some((i) => i.kind === 'text' && i.text.startsWith(lang === 'zh' ? '第' : 'Row ') && i.struct?.type === 'TD'));
      expect(pagesWithRows.length).toBeGreaterThan(1);
      for (const p of pagesWithRows) expect(textItems(p).some((i) => i.kind === 'text' && i.text === header)).toBe(true);
      for (const p of pagesWithRows.slice(1)) expect(textItems(p).some((i) => i.kind === 'text' && i.text.endsWith(lang === 'zh' ? '（续）' : '(continued)'))).toBe(true);
    });

    it(`keeps all drawing inside the page frame (${lang})`, () => {
      for (const p of laid.pages.filter((x) => x.kind !== 'cover')) {
        for (const item of textItems(p)) {
          if (item.kind !== 'text' || item.struct === null) continue;
          expect(item.x).toBeGreaterThanOrEqual(page.left - 1e-6);
          expect(item.x + item.width).toBeLessThanOrEqual(page.right + 6);
          expect(item.y).toBeLessThanOrEqual(page.bottom);
        }
      }
    });
  }

  it('lays out the same model to the same pages', () => {
    const model = stressModel('zh');
    expect(JSON.stringify(layoutDocument(model, fonts).pages)).toBe(JSON.stringify(layoutDocument(model, fonts).pages));
  });
});

describe('layoutDocument: floats and chapter starts', () => {
  const fonts = loadFonts();
  const chart = barChartSvg(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'], new Array(12).fill(0.5), new Array(12).fill(false));
  const figure = (n: number): FigureBlock => ({
    kind: 'figure',
    id: `f${n}`,
    number: `9.${n}`,
    label: `Figure 9.${n}`,
    caption: `Figure caption ${n}`,
    svg: chart.svg,
    width: chart.width,
    height: chart.height,
    base: 'Base: n = 100',
    source: 'Source: test.',
    notes: [],
    alt: 'A bar chart.',
    low_base: false,
  });
  const table = (n: number, rows: number): TableBlock => ({
    kind: 'table',
    id: `t${n}`,
    number: `9.${n}`,
    label: `Table 9.${n}`,
    caption: `Table caption ${n}`,
    columns: [
      { align: 'left', format: { style: 'text' }, wrap: true },
      { align: 'right', format: { style: 'integer' }, wrap: false },
    ],
    header_rows: [[{ text: 'Row', span: 1 }, { text: 'n', span: 1 }]],
    body_rows: Array.from({ length: rows }, (_, i) => ({ cells: [{ value: `Row ${i + 1}`, mark: null }, { value: i, mark: null }], style: 'normal' as const })),
    notes: [],
    source: null,
    origin: null,
  });
  const model = (sections: { blocks: Block[]; title: string }[]): ReportModel => {
    const base = buildReportModel(fixtureInput('province', 'en'));
    return { ...base, sections: sections.map((s, i) => ({ id: `s${i}`, kind: 'theme' as const, number: String(i + 1), title: s.title, new_page: true, blocks: s.blocks })) };
  };
  const paragraph = (sentences: number): Block => ({ kind: 'paragraph', style: 'body', text: sentence.en.repeat(sentences), origin: null });
  /** The index of the first body page whose text includes `text` (the lists of figures and tables name captions too). */
  const pageOf = (pages: LaidPage[], text: string) => pages.findIndex((p) => p.kind === 'body' && textItems(p).some((i) => i.kind === 'text' && i.text.includes(text)));

  it('defers a figure that does not fit while the text after it continues, and places it at the top of the next page', () => {
    const laid = layoutDocument(model([{ title: 'Floats', blocks: [paragraph(24), figure(1), paragraph(12)] }]), fonts);
    const f1 = pageOf(laid.pages, 'Figure caption 1');
    const first = laid.pages[f1 - 1] as LaidPage;
    // the text after the figure filled the page the figure did not fit on
    expect(pageFill(first)).toBeGreaterThan(minPageFill);
    const onFigurePage = textItems(laid.pages[f1] as LaidPage).filter((i) => i.kind === 'text' && i.struct !== null);
    const caption = onFigurePage.find((i) => i.kind === 'text' && i.text.includes('Figure caption 1'));
    expect(caption?.kind === 'text' && caption.y).toBe(Math.min(...onFigurePage.map((i) => (i.kind === 'text' ? i.y : Infinity))));
  });

  it('moves a table that fits up past a figure that does not, and keeps figures and tables each in order', () => {
    const laid = layoutDocument(model([{ title: 'Floats', blocks: [paragraph(20), figure(1), table(1, 4), figure(2), table(2, 30)] }]), fonts);
    const f1 = pageOf(laid.pages, 'Figure caption 1');
    const t1 = pageOf(laid.pages, 'Table caption 1');
    expect(t1).toBe(pageOf(laid.pages, 'Digital transformation'));
    expect(f1).toBe(t1 + 1);
    expect(pageOf(laid.pages, 'Figure caption 2')).toBeGreaterThanOrEqual(f1);
    expect(pageOf(laid.pages, 'Table caption 2')).toBeGreaterThanOrEqual(t1);
  });

  it('keeps a table that fits on a page whole rather than leaving a few rows for the next', () => {
    const laid = layoutDocument(model([{ title: 'Whole', blocks: [paragraph(26), table(1, 20)] }]), fonts);
    const pages = laid.pages.filter((p) => textItems(p).some((i) => i.kind === 'text' && /^Row \d+$/.test(i.text)));
    expect(pages).toHaveLength(1);
  });

  it('starts a table that does not fit a part-empty page there and continues it overleaf, with at least three rows each side', () => {
    const laid = layoutDocument(model([{ title: 'Split', blocks: [figure(1), table(1, 28)] }]), fonts);
    const rowPages = laid.pages.flatMap((p, index) => (textItems(p).some((i) => i.kind === 'text' && /^Row \d+$/.test(i.text)) ? [index] : []));
    expect(rowPages).toHaveLength(2);
    const first = laid.pages[rowPages[0] as number] as LaidPage;
    expect(pageFill(first)).toBeGreaterThanOrEqual(minPageFill);
    expect(textItems(first).some((i) => i.kind === 'text' && i.text.includes('Figure caption 1'))).toBe(true);
    const rowsOn = (p: LaidPage) => textItems(p).filter((i) => i.kind === 'text' && /^Row \d+$/.test(i.text)).length;
    expect(rowsOn(first)).toBeGreaterThanOrEqual(minSplitRows);
    expect(rowsOn(laid.pages[rowPages[1] as number] as LaidPage)).toBeGreaterThanOrEqual(minSplitRows);
    expect(checkLayout(laid, 'en').filter((p) => /full/.test(p))).toEqual([]);
  });

  it('carries at least four rows overleaf when it splits a table that would fit a page, never a stub of three', () => {
    let splits = 0;
    for (let rows = 20; rows <= 40; rows += 2) {
      for (let sentences = 0; sentences <= 4; sentences += 2) {
        const laid = layoutDocument(model([{ title: 'Split', blocks: [...(sentences > 0 ? [paragraph(sentences)] : []), figure(1), table(1, rows)] }]), fonts);
        const counts = laid.pages.map((p) => textItems(p).filter((i) => i.kind === 'text' && /^Row \d+$/.test(i.text)).length).filter((n) => n > 0);
        if (counts.length === 2) {
          splits++;
          expect(counts[1], `${rows} rows after ${sentences} sentences`).toBeGreaterThanOrEqual(minContinuedRows);
        }
      }
    }
    expect(splits).toBeGreaterThan(0);
  });

  it('draws a figure a little smaller rather than leave the last small table of a chapter alone on a page', () => {
    let shared = 0;
    for (let sentences = 1; sentences <= 30; sentences++) {
      const laid = layoutDocument(model([{ title: 'Last', blocks: [paragraph(sentences), figure(1), table(1, 3)] }]), fonts);
      const f = pageOf(laid.pages, 'Figure caption 1');
      const t = pageOf(laid.pages, 'Table caption 1');
      const svg = laid.pages[f]?.items.find((i) => i.kind === 'svg');
      if (t === f && svg?.kind === 'svg' && svg.w < columnWidth - 1) {
        shared++;
        expect(svg.w).toBeGreaterThanOrEqual(minFigureScale * columnWidth - 1);
      }
      expect(checkLayout(laid, 'en').filter((p) => !/full/.test(p))).toEqual([]);
    }
    expect(shared).toBeGreaterThan(0);
  });

  it('draws a figure a little smaller so that the tables ending the chapter after it share its page, the small last one included', () => {
    let shared = 0;
    for (let sentences = 1; sentences <= 30; sentences++) {
      const laid = layoutDocument(model([{ title: 'Last', blocks: [paragraph(sentences), figure(1), table(1, 4), table(2, 2)] }]), fonts);
      const f = pageOf(laid.pages, 'Figure caption 1');
      const t1 = pageOf(laid.pages, 'Table caption 1');
      const t2 = pageOf(laid.pages, 'Table caption 2');
      const svg = laid.pages[f]?.items.find((i) => i.kind === 'svg');
      expect(t2).toBeGreaterThanOrEqual(t1);
      if (t2 === f && t1 === f && svg?.kind === 'svg' && svg.w < columnWidth - 1) {
        shared++;
        expect(svg.w).toBeGreaterThanOrEqual(minFigureScale * columnWidth - 1);
      }
      expect(checkLayout(laid, 'en').filter((p) => !/full/.test(p))).toEqual([]);
    }
    expect(shared).toBeGreaterThan(0);
  });

  it('prints notes and a source shared with an earlier table of the chapter once, and refers back to it', () => {
    const withNotes = (n: number, notes: string[]): TableBlock => ({ ...table(n, 3), notes, source: 'Source: Institute, Survey 2026.' });
    const laid = layoutDocument(model([{ title: 'Notes', blocks: [withNotes(1, ['Shared note.']), withNotes(2, ['Shared note.']), withNotes(3, ['Shared note.', 'Own note.'])] }]), fonts);
    const texts = laid.pages.flatMap((p) => textItems(p).map((i) => (i.kind === 'text' ? i.text : '')));
    expect(texts.filter((t) => t === 'Shared note.')).toHaveLength(1);
    expect(texts).toContain('Notes and source as for Table 9.1.');
    expect(texts).toContain('Own note.');
    expect(texts).toContain('Other notes and source as for Table 9.1.');
  });

  it('sets the publication title and the lead-in of a source line in italic in English, in roman in Chinese', () => {
    const base = model([{ title: 'Italic', blocks: [{ ...figure(1), source: 'Source: Institute, The Survey 2026.' }] }]);
    const en = layoutDocument({ ...base, meta: { ...base.meta, title: 'The Survey 2026' } }, fonts);
    const items = en.pages.flatMap((p) => p.items.filter((i) => i.kind === 'text'));
    const faces = (text: string) => items.flatMap((i) => (i.kind === 'text' && i.text === text ? [i.face] : []));
    expect(faces('Source:')).toEqual(['serifLatinItalic']);
    expect(faces('The Survey 2026')).toContain('serifLatinItalic');
    expect(faces(' Institute, ')).toEqual(['serifLatin']);
    expect(items.some((i) => i.kind === 'text' && /[\uE000\uE001]/u.test(i.text))).toBe(false);
    const zh = layoutDocument({ ...base, meta: { ...base.meta, lang: 'zh', title: 'The Survey 2026' } }, fonts);
    const zhItems = zh.pages.flatMap((p) => p.items.filter((i) => i.kind === 'text'));
    expect(zhItems.some((i) => i.kind === 'text' && i.face === 'serifLatinItalic')).toBe(false);
  });

  it('starts every chapter on a new page, and balances a chapter whose last page would hold a stranded line or two', () => {
    const one = layoutDocument(model([{ title: 'First', blocks: [paragraph(40)] }]), fonts);
    const body = (d: typeof one) => d.pages.filter((p) => p.kind === 'body');
    expect(body(one)).toHaveLength(2);
    // the chapter's last page holds more than a stranded line or two
    expect(pageFill(body(one)[1] as LaidPage)).toBeGreaterThanOrEqual(minLastPageFill);
    expect(pageFill(body(one)[0] as LaidPage)).toBeGreaterThanOrEqual(minPageFill);
    const two = layoutDocument(model([{ title: 'First', blocks: [paragraph(40)] }, { title: 'Second', blocks: [paragraph(2)] }]), fonts);
    expect(body(two)).toHaveLength(3);
    const second = two.headings.find((h) => h.title === '2 Second');
    expect(second?.pageIndex).toBe(two.pages.length - 1);
    const items = two.pages[second?.pageIndex ?? 0]?.items.filter((i) => i.kind === 'text' && i.struct !== null) ?? [];
    expect(Math.min(...items.map((i) => (i.kind === 'text' ? i.y : Infinity)))).toBeLessThan(page.top + 30);
    expect(checkLayout(two, 'en').filter((p) => /full|chapter/.test(p))).toEqual([]);
  });

  it('sets one running title on every page: the full title if it fits beside every section, else the short title, never an ellipsis', () => {
    const title = 'Heilongjiang Survey of Innovation, the Digital Economy and Talent 2026';
    const meta = { title, report_title: `${title}: Harbin`, running_title: 'Heilongjiang Innovation Survey 2026: Harbin' };
    const ctx = { fonts, lang: 'en' as const };
    const width = (text: string) => measure(ctx, styles.running, text);
    expect(runningTitle(ctx, meta, width(meta.report_title) + 1)).toBe(meta.report_title);
    expect(runningTitle(ctx, meta, width(meta.report_title) - 1)).toBe(meta.running_title);
    // without a short title, the title is cut after its last whole phrase, keeping the year and the region
    const { running_title: _, ...noShort } = meta;
    expect(runningTitle(ctx, noShort, width(meta.report_title) - 1)).toBe('Heilongjiang Survey of Innovation 2026: Harbin');
    const zhTitle = '黑龙江省科技创新、数字经济与人才发展调查 2026';
    const zh = { fonts, lang: 'zh' as const };
    const zhMeta = { title: zhTitle, report_title: `${zhTitle}（哈尔滨市）` };
    expect(runningTitle(zh, zhMeta, measure(zh, styles.running, zhMeta.report_title) - 1)).toBe('黑龙江省科技创新 2026（哈尔滨市）');

    // in a laid report whose longest chapter title leaves too little room, every page carries the short title
    const long = 'A chapter title long enough to leave the running title too little room beside it';
    const base = model([{ title: 'Short', blocks: [paragraph(30)] }, { title: long, blocks: [paragraph(30)] }]);
    const laid = layoutDocument({ ...base, meta: { ...base.meta, ...meta } }, fonts);
    const heads = laid.pages.slice(1).map((p) => p.items.find((i) => i.kind === 'text' && i.struct === null && i.x === page.left && i.y < page.top));
    expect(heads.every((h) => h?.kind === 'text' && h.text === meta.running_title), JSON.stringify(heads.map((h) => h?.kind === 'text' && h.text))).toBe(true);
  });

  it('balances a table header that would leave a short word alone on its last line', () => {
    const t: TableBlock = {
      ...table(1, 3),
      columns: [
        { align: 'left', format: { style: 'text' }, wrap: true },
        ...Array.from({ length: 5 }, () => ({ align: 'right' as const, format: { style: 'integer' as const }, wrap: false })),
      ],
      header_rows: [[{ text: 'Indicator', span: 1 }, ...['Harbin region estimate', 'Province estimate', 'Difference from the province (CI)', 'Standard error (SE)', 'n'].map((text) => ({ text, span: 1 }))]],
      body_rows: Array.from({ length: 3 }, (_, i) => ({ cells: [{ value: `A row label that takes some room ${i}`, mark: null }, ...[1, 2, 3, 4, 5].map((v) => ({ value: v * 1000 + i, mark: null }))], style: 'normal' as const })),
    };
    const laid = layoutDocument(model([{ title: 'Headers', blocks: [t] }]), fonts);
    const heads = new Map<StructNode, string[]>();
    for (const p of laid.pages) for (const i of textItems(p)) if (i.kind === 'text' && i.struct?.type === 'TH') heads.set(i.struct, [...(heads.get(i.struct) ?? []), i.text]);
    const wrapped = [...heads.values()].filter((lines) => lines.length > 1);
    expect(wrapped.length).toBeGreaterThan(0);
    for (const lines of wrapped) {
      const last = lines[lines.length - 1] as string;
      // no short last word ("(CI)", "n") alone under a line of several words
      expect(last.includes(' ') || last.length > 4 || (lines[lines.length - 2] as string).split(' ').length < 2, lines.join(' | ')).toBe(true);
    }
    expect(checkLayout(laid, 'en').filter((p) => /header/.test(p))).toEqual([]);
  });
});
