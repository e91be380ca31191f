import { beforeAll, describe, expect, it } from 'vitest';
import type { FigureBlock, ReportModel } from '../../schemas/report-model.js';
import { InputError } from '../../pipeline/errors.js';
import { buildReportModel, renderReport } from '../../pipeline/report/index.js';
import { readPdf, type OutlineEntry } from '../helpers/pdf-text.js';
import { fixtureInput } from '../fixtures/report/make-fixture.js';
import { fonts, info, pageTexts, squash } from './pdf-tools.js';

const creationDate = new Date('2026-10-15T00:00:00Z');

interface Rendered {
  model: ReportModel;
  bytes: Uint8Array;
  pages: string[];
}

const rendered: Record<string, Rendered> = {};

async function render(scope: string, lang: 'zh' | 'en'): Promise<Rendered> {
  const model = buildReportModel(fixtureInput(scope, lang));
  const bytes = await renderReport(model, { creationDate });
  return { model, bytes, pages: await pageTexts(bytes) };
}

/** The headings the outline and the contents should list: every section, and its level-2 headings. */
function expectedHeadings(model: ReportModel): { title: string; children: string[] }[] {
  // the citation page (kind front) is not a chapter: neither outline nor contents lists it
  return model.sections.filter((s) => s.kind !== 'front').map((s) => ({
    title: `${s.number} ${s.title}`.trim(),
    children: s.blocks.flatMap((b) => (b.kind === 'heading' && b.level === 2 && b.toc ? [`${b.number} ${b.text}`] : [])),
  }));
}

/** The contents entries as printed: title and page number, from the pages before the first section. */
function contents(pages: string[], label: string, lists: string[]): { title: string; page: number }[] {
  const entries: { title: string; page: number }[] = [];
  // the contents follow the cover and the citation page
  const first = pages.findIndex((text, i) => i > 0 && text.includes(label));
  for (const text of pages.slice(Math.max(first, 1))) {
    // the lists of figures and tables follow the contents ("图目录" holds "目录")
    if (!text.includes(label) || lists.some((l) => text.includes(l))) break;
    for (const line of text.split('\n')) {
      const m = /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(line);
      if (m && !line.includes(' / ')) entries.push({ title: squash(m[1] ?? ''), page: Number(m[2]) });
    }
  }
  return entries;
}

describe('renderReport', () => {
  beforeAll(async () => {
    rendered['province.zh'] = await render('province', 'zh');
    rendered['province.en'] = await render('province', 'en');
    rendered['230100.en'] = await render('230100', 'en');
  }, 120_000);

  it('renders the same model to the same bytes', { timeout: 60_000 }, async () => {
    const { model, bytes } = rendered['province.zh'] as Rendered;
    const again = await renderReport(model, { creationDate });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
  });

  for (const key of ['province.zh', 'province.en', '230100.en']) {
    it(`lists the headings in the outline, pointing at the pages they land on (${key})`, async () => {
      const { model, bytes, pages } = rendered[key] as Rendered;
      const pdf = await readPdf(bytes);
      const strip = (o: OutlineEntry[]) => o.map((e) => ({ title: e.title, children: e.children.map((c) => c.title) }));
      expect(strip(pdf.outline)).toEqual(expectedHeadings(model));
      for (const entry of pdf.outline.flatMap((e) => [e, ...e.children])) {
        expect(entry.page).not.toBeNull();
        expect(squash(pages[(entry.page ?? 0) - 1] ?? '')).toContain(entry.title);
      }
    });

    it(`prints contents page numbers that match where the headings land (${key})`, () => {
      const { model, pages } = rendered[key] as Rendered;
      const entries = contents(pages, model.labels.contents, [model.labels.list_of_figures, model.labels.list_of_tables]);
      expect(entries.map((e) => e.title)).toEqual(expectedHeadings(model).flatMap((h) => [h.title, ...h.children]));
      for (const entry of entries) {
        const text = squash(pages[entry.page - 1] ?? '');
        expect(text, `${entry.title} on page ${entry.page}`).toMatch(new RegExp(`^\\s*${entry.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm'));
      }
    });

    it(`gives every figure its caption above and its base below, on one page (${key})`, () => {
      const { model, pages } = rendered[key] as Rendered;
      const figures = model.sections.flatMap((s) => s.blocks.filter((b): b is FigureBlock => b.kind === 'figure'));
      expect(figures.length).toBeGreaterThan(3);
      for (const figure of figures) {
        const caption = squash(`${figure.label} ${figure.caption}`);
        // the last page that names it: the list of figures names it too
        const index = pages.findLastIndex((p) => squash(p).includes(caption));
        expect(index, caption).toBeGreaterThan(0);
        const text = squash(pages[index] ?? '');
        const at = text.indexOf(caption);
        expect(text.indexOf(squash(figure.base), at), `${figure.base} below ${caption}`).toBeGreaterThan(at);
      }
    });

    it(`has the running header and an "n / N" footer on every page but the cover (${key})`, () => {
      const { model, pages } = rendered[key] as Rendered;
      const n = pages.length;
      expect(pages[0]).not.toContain(` / ${n}`);
      pages.slice(1).forEach((text, i) => {
        expect(text).toContain(`${i + 2} / ${n}`);
        expect(squash(text)).toContain(model.meta.report_title);
      });
    });
  }

  it('writes each language when asked', () => {
    const zh = (rendered['province.zh'] as Rendered).pages.join('\n');
    const en = (rendered['province.en'] as Rendered).pages.join('\n');
    expect(zh).toContain('执行摘要');
    expect(zh).toContain('目录');
    expect(zh).not.toContain('Executive summary');
    expect(en).toContain('Executive summary');
    expect(en).toContain('Contents');
    expect(en).not.toContain('执行摘要');
  });

  it('extracts the Chinese finding sentences exactly', () => {
    const { model, pages } = rendered['province.zh'] as Rendered;
    const text = pages.join('').replace(/\s+/g, '');
    for (const section of model.sections) {
      for (const block of section.blocks) if (block.kind === 'finding') expect(text).toContain(block.text.replace(/\s+/g, ''));
    }
  });

  it('embeds the sans for headings, tables and figures, the serif of the language for running text and notes, and in English its italic, as subsets with Unicode maps', () => {
    const names = (key: string) => fonts((rendered[key] as Rendered).bytes).map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort();
    expect(names('province.zh')).toEqual(['NotoSansSC-Bold', 'NotoSansSC-Regular', 'NotoSerifSC-Regular']);
    // the citation page quotes the Chinese citation too, set in the Chinese serif; titles and lead-ins of notes in italic
    expect(names('province.en')).toEqual(['NotoSansSC-Bold', 'NotoSansSC-Regular', 'NotoSerifSC-Regular', 'SourceSerif4-Italic', 'SourceSerif4-Regular']);
    for (const key of ['province.zh', 'province.en']) for (const f of fonts((rendered[key] as Rendered).bytes)) expect([f.emb, f.sub, f.uni]).toEqual(['yes', 'yes', 'yes']);
  });

  it('is a tagged PDF with the document language, fixed dates and alt text for every figure', async () => {
    const { model, bytes } = rendered['province.en'] as Rendered;
    const fields = await info(bytes);
    expect(fields['Tagged']).toBe('yes');
    expect(fields['Pages']).toBe(String((rendered['province.en'] as Rendered).pages.length));
    expect(fields['CreationDate']).toMatch(/2026/);
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toContain('/Lang (en-GB)');
    const figures = model.sections.flatMap((s) => s.blocks.filter((b) => b.kind === 'figure')).length;
    expect(raw.match(/\/S \/Figure\n\/Alt /g)?.length ?? raw.match(/\/S \/Figure/g)?.length).toBe(figures);
    expect(raw.match(/\/Alt \(/g)?.length).toBe(figures);
  });

  it('sets words named like Object properties, the same in every report of the process (shared shaped runs)', { timeout: 60_000 }, async () => {
    const model = buildReportModel(fixtureInput('province', 'en'));
    const first = model.sections.find((s) => s.id === 'theme-frontier_tech')?.blocks[0];
    if (first?.kind !== 'paragraph') throw new Error('the fixture theme starts with its narrative');
    // A run ends at a space or at the line's end: the paragraph's last word is a run of its own.
    first.text = `${first.text} toString __proto__ hasOwnProperty valueOf constructor`;
    const once = await renderReport(model, { creationDate });
    const again = await renderReport(model, { creationDate });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(once))).toBe(0);
    const text = squash((await pageTexts(once)).join(' '));
    expect(text).toContain('toString __proto__ hasOwnProperty valueOf constructor');
  });

  it('fails on a character the font lacks, saying where it came from', async () => {
    const model = buildReportModel(fixtureInput('province', 'zh'));
    const theme = model.sections.find((s) => s.id === 'theme-frontier_tech');
    const first = theme?.blocks[0];
    if (first?.kind !== 'paragraph') throw new Error('the fixture theme starts with its narrative');
    first.text = `${first.text}😀`;
    await expect(renderReport(model, { creationDate })).rejects.toThrow(InputError);
    await expect(renderReport(model, { creationDate })).rejects.toThrowErrorMatchingInlineSnapshot(`[InputError: report fixture-2026-province.zh: section 3 "前沿科技应用与研发创新", paragraph 1 (from narrative frontier_tech.zh.md), in "…的应用仍集中于少数行业。😀": the character "😀" (U+1F600) is not in the embedded font Noto Sans SC; replace or remove it]`);
  });

  it('fails on a character the font lacks inside a chart', async () => {
    const model = buildReportModel(fixtureInput('province', 'en'));
    const figure = model.sections.flatMap((s) => s.blocks).find((b): b is FigureBlock => b.kind === 'figure');
    if (figure === undefined) throw new Error('the fixture has figures');
    figure.svg = figure.svg.replace('</svg>', '<text x="1" y="1">&#x1F600;</text></svg>');
    await expect(renderReport(model, { creationDate })).rejects.toThrow(/figure 2\.1 \(province-sector-en\) chart text.*U\+1F600/);
  });
});
