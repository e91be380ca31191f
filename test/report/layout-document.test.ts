import { describe, expect, it } from 'vitest';
import type { Block, ReportModel, TableBlock } from '../../schemas/report-model.js';
import { buildReportModel } from '../../pipeline/report/index.js';
import type { LaidPage, StructNode } from '../../pipeline/report/layout/flow.js';
import { layoutDocument } from '../../pipeline/report/layout/layout-document.js';
import { loadFonts } from '../../pipeline/report/layout/measure-text.js';
import { page } from '../../pipeline/report/layout/typography.js';
import { fixtureInput } from '../fixtures/report/make-fixture.js';

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
