import { describe, expect, it } from 'vitest';
import type { ParagraphBlock, ReportModel } from '../../schemas/report-model.js';
import { InputError } from '../../pipeline/errors.js';
import { buildReportModel } from '../../pipeline/report/index.js';
import { fixtureInput } from '../fixtures/report/make-fixture.js';

/** The report built with `text` as the frontier_tech narrative (and `extra` narrative files). */
function withNarrative(scope: string, lang: 'zh' | 'en', text: string, extra: Record<string, string> = {}): ReportModel {
  const input = fixtureInput(scope, lang);
  return buildReportModel({ ...input, narrative: { ...input.narrative, frontier_tech: text, ...extra } });
}

function narrativeText(model: ReportModel, theme = 'theme-frontier_tech'): string {
  const section = model.sections.find((s) => s.id === theme);
  return (section?.blocks ?? [])
    .filter((b): b is ParagraphBlock => b.kind === 'paragraph' && b.origin !== null)
    .map((b) => b.text)
    .join('\n');
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('live numbers in the narrative', () => {
  it('fills a share with its margin and base, in the report language and number style', () => {
    expect(narrativeText(withNarrative('province', 'en', 'Doing R&D: {{ share rd_active 1 }}.'))).toBe('Doing R&D: 62% (±5\u00a0points, n\u00a0=\u00a0625).');
    expect(narrativeText(withNarrative('province', 'zh', '开展研发：{{ share rd_active 1 }}。'))).toBe('开展研发：62%（误差±5个百分点，n=625）。');
  });

  it('takes the report’s own region by default, the province or another region when named, and the bare figure with `number`', () => {
    const text = '{{ share rd_active 1 number }} here, {{ share rd_active 1 province number }} in the province, {{ share rd_active 1 230200 number }} in Qiqihar; {{ n }} responses of {{ n province }}; {{ name }}.';
    expect(narrativeText(withNarrative('230100', 'en', text, { '230100/frontier_tech': text }))).toBe('70% here, 62% in the province, 48% in Qiqihar; 420 responses of 625; Harbin.');
  });

  it('puts the margin and base inside a bracket the figure fills, never a bracket within a bracket', () => {
    expect(narrativeText(withNarrative('province', 'en', 'Many do R&D ({{ share rd_active 1 }}).'))).toBe('Many do R&D (62%, ±5\u00a0points, n\u00a0=\u00a0625).');
    expect(narrativeText(withNarrative('province', 'zh', '多数单位开展研发（{{ share rd_active 1 }}）。'))).toBe('多数单位开展研发（62%，误差±5个百分点，n=625）。');
    // a figure that shares its bracket with words keeps its own
    expect(narrativeText(withNarrative('province', 'en', 'Many ({{ share rd_active 1 }} of them) do R&D.'))).toBe('Many (62% (±5\u00a0points, n\u00a0=\u00a0625) of them) do R&D.');
  });

  it('opens a paragraph after a heading with a capital', () => {
    const model = withNarrative('province', 'en', 'x', { recommendations: '# 1. Keep people\n\n{{ sentence rd_active }}, so we recommend more.' });
    const text = narrativeText(model, 'recommendations');
    expect(text).toMatch(/^[A-Z]/);
  });

  it('continues an English sentence after a colon in lower case', () => {
    expect(narrativeText(withNarrative('province', 'en', 'They differ in size: {{ sentence employees }}.'))).toMatch(/^They differ in size: the (median|average) number of employees is /);
  });

  it('fills a mean with its unit and a rating scale’s top-two share', () => {
    const text = narrativeText(withNarrative('province', 'en', '{{ mean employees }} / {{ share digital_maturity top2 }}'));
    expect(text).toMatch(/^\d[\d,.]*\u00a0people \(±[\d.]+\u00a0people, n\u00a0=\u00a0625\) \/ 34% \(±4\u00a0points, n\u00a0=\u00a0625\)$/);
  });

  it('writes the summary’s sentence for a question', () => {
    expect(narrativeText(withNarrative('province', 'en', '{{ sentence cloud_use }}.'))).toBe('More than half of organisations (58%, ±5\u00a0points, n\u00a0=\u00a0625) use cloud services.');
  });

  it('continues the analyst’s sentence with a generated one in lower case, but keeps names', () => {
    const text = narrativeText(withNarrative('province', 'en', 'We note that {{ sentence cloud_use }}; {{ name 230100 }} leads.'));
    expect(text).toMatch(/^We note that more than half of organisations \(58%/);
    expect(text).toMatch(/; Harbin leads\.$/);
  });

  it('fails the run on a reference that names nothing, giving the file and line', () => {
    const bad: [string, RegExp][] = [
      ['{{ share rd_activ 1 }}', /expected a variable of the codebook, found "rd_activ"/],
      ['{{ share rd_active 7 }}', /expected an answer code of rd_active/],
      ['{{ average employees }}', /expected share, mean, median, sentence, n or name/],
      ['{{ mean rd_active }}', /mean needs a number question/],
      ['{{ share rd_active 1 999999 }}', /expected region, province, a region code or number, found "999999"/],
      ['{{ share rd_active }}', /share takes the form/],
    ];
    for (const [reference, why] of bad) {
      const message = failure(() => withNarrative('province', 'en', `First line.\n\nSecond paragraph with ${reference} in it.`));
      expect(message).toMatch(/^narrative\/frontier_tech\.en\.md:3: /);
      expect(message).toContain(reference);
      expect(message).toMatch(why);
    }
  });

  it('gives a region its own narrative, and generated text (never the province’s) when it has none', () => {
    const own = withNarrative('230100', 'en', 'Provincial text.', { '230100/frontier_tech': 'Harbin’s own text: {{ share rd_active 1 }}.' });
    expect(narrativeText(own)).toBe('Harbin’s own text: 70% (±5\u00a0points, n\u00a0=\u00a0420).');
    const none = withNarrative('230200', 'en', 'Provincial text.');
    const theme = none.sections.find((s) => s.id === 'theme-frontier_tech');
    expect(JSON.stringify(theme)).not.toContain('Provincial text');
    expect(theme?.blocks[0]).toMatchObject({ kind: 'paragraph', origin: null });
    expect((theme?.blocks[0] as ParagraphBlock).text).toMatch(/^In Qiqihar, |in Qiqihar/);
  });

  it('sets recommendations from recommendations.<lang>.md, with live numbers', () => {
    const model = withNarrative('province', 'zh', '', { recommendations: '# 一、扩大研发\n\n目前{{ share rd_active 1 number }}的单位开展研发。' });
    const section = model.sections.find((s) => s.kind === 'recommendations');
    expect(section?.blocks).toEqual([
      { kind: 'heading', level: 3, number: null, text: '一、扩大研发', toc: false, origin: 'narrative recommendations.zh.md' },
      { kind: 'paragraph', style: 'body', text: '目前62%的单位开展研发。', origin: 'narrative recommendations.zh.md' },
    ]);
  });
});
