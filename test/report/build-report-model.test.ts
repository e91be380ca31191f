import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingBlock, ReportModel } from '../../schemas/report-model.js';
import type { SurveyEstimates } from '../../schemas/estimates.js';
import { InputError } from '../../pipeline/errors.js';
import { buildReportModel } from '../../pipeline/report/index.js';
import { fixtureEstimates, fixtureInput } from '../fixtures/report/make-fixture.js';

const golden = path.join(import.meta.dirname, '../golden/report');

/** The model as the golden file keeps it: SVGs replaced by their length, so diffs stay readable. */
function forGolden(model: ReportModel): unknown {
  return JSON.parse(JSON.stringify(model, (key, value: unknown) => (key === 'svg' && typeof value === 'string' ? `<svg: ${value.length} characters>` : value)));
}

function findings(model: ReportModel): FindingBlock[] {
  return model.sections.flatMap((s) => s.blocks.filter((b): b is FindingBlock => b.kind === 'finding'));
}

describe('buildReportModel', () => {
  for (const [scope, lang] of [
    ['province', 'zh'],
    ['province', 'en'],
    ['230100', 'zh'],
    ['230100', 'en'],
  ] as const) {
    it(`matches the golden model for ${scope} in ${lang}`, () => {
      const model = forGolden(buildReportModel(fixtureInput(scope, lang)));
      const file = path.join(golden, `fixture-${scope}.${lang}.json`);
      if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, `${JSON.stringify(model, null, 2)}\n`);
      expect(model).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    });
  }

  it('writes the headline message an editor would, with the difference from the province and its interval', () => {
    const zh = findings(buildReportModel(fixtureInput('230100', 'zh')));
    const en = findings(buildReportModel(fixtureInput('230100', 'en')));
    expect(zh[0]?.text).toBe('哈尔滨市约七成单位开展研发活动（70%，误差±5个百分点，n=420），显著高于全省的62%（差值8个百分点，95%置信区间5至11）。');
    expect(en[0]?.text).toBe(
      'About seven in ten organisations in Harbin (70%, ±5\u00a0points, n\u00a0=\u00a0420) do R&D, significantly above the provincial 62% (a difference of 8\u00a0points, 95% CI 5 to 11).',
    );
    // the claim with its numbers opens the headline, set in bold; the comparison with the province follows
    expect(en[0]?.lead).toBe('About seven in ten organisations in Harbin (70%, ±5\u00a0points, n\u00a0=\u00a0420) do R&D,');
    expect(zh[0]?.lead).toBe('哈尔滨市约七成单位开展研发活动（70%，误差±5个百分点，n=420），');
  });

  it('states number, margin of error and base in every headline that rests on an estimate, ranked by salience', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const scope of ['province', '230100', '230200']) {
        const list = findings(buildReportModel(fixtureInput(scope, lang)));
        expect(list.length).toBeGreaterThanOrEqual(3);
        expect(list.length).toBeLessThanOrEqual(7);
        expect(list.map((f) => f.number)).toEqual(list.map((_, i) => i + 1));
        const salience = list.map((f) => f.salience ?? 0);
        expect(salience).toEqual([...salience].sort((a, b) => b - a));
        for (const f of list) {
          expect(f.rule).toBe('headline');
          if (f.theme === 'regions') continue;
          expect(f.text.startsWith(f.lead ?? '')).toBe(true);
          expect(f.text).toMatch(/±|置信区间|CI/);
          expect(f.text.replace(/\u00a0/g, ' ')).toMatch(/n ?= ?[\d,]+/);
        }
      }
    }
  });

  it('calls a difference significant only where the comparison on the region’s df is, and in its direction', () => {
    const estimates = fixtureEstimates(3);
    for (const scope of ['230100', '230200']) {
      for (const f of findings(buildReportModel(fixtureInput(scope, 'en')))) {
        const above = f.text.includes('significantly above the provincial');
        const below = f.text.includes('significantly below the provincial');
        const same = f.text.includes('not significantly different');
        if (!above && !below && !same) continue;
        const c = estimates.comparisons.find((x) => x.variable === f.variable && x.level === f.level && x.domain['prefecture'] === f.domain);
        expect(c, f.text).toBeDefined();
        expect(c?.significant).toBe(above || below);
        if (above) expect(c?.difference).toBeGreaterThan(0);
        if (below) expect(c?.difference).toBeLessThan(0);
      }
    }
  });

  it('marks the headlines of a low-base region as low precision rather than stating them as solid', () => {
    const list = findings(buildReportModel(fixtureInput('230300', 'en'))).filter((f) => f.theme !== 'regions');
    expect(list.length).toBeGreaterThan(0);
    for (const f of list) {
      expect(f.low_base).toBe(true);
      expect(f.text).toContain('low precision, read with caution');
    }
  });

  it('says how the lead indicator changed since the previous wave only when given one, and significant only when it is', () => {
    const input = fixtureInput('province', 'en');
    expect(JSON.stringify(buildReportModel(input))).not.toContain('previous wave');
    const same = findings(buildReportModel({ ...input, previous: fixtureEstimates(3) }));
    expect(same.some((f) => f.text.includes('not significantly changed from'))).toBe(true);
    expect(same.some((f) => /(up|down) significantly from/.test(f.text))).toBe(false);
    const before: SurveyEstimates = fixtureEstimates(3);
    before.estimates = before.estimates.map((e) => (e.variable === 'rd_active' && e.level === '1' && e.domain === null ? { ...e, estimate: 0.4 } : e));
    const changed = findings(buildReportModel({ ...input, previous: before }));
    expect(changed.find((f) => f.variable === 'rd_active')?.text).toContain('up significantly from 40% in the previous wave');
  });

  it('puts the narrative first in its theme, then numbered figures with captions and bases', () => {
    const model = buildReportModel(fixtureInput('province', 'zh'));
    const theme = model.sections.find((s) => s.id === 'theme-frontier_tech');
    expect(theme?.number).toBe('3');
    expect(theme?.blocks[0]).toMatchObject({ kind: 'paragraph', origin: 'narrative frontier_tech.zh.md' });
    const figures = theme?.blocks.filter((b) => b.kind === 'figure') ?? [];
    expect(figures.map((f) => (f.kind === 'figure' ? f.label : ''))).toEqual(['图3.1', '图3.2']);
    for (const f of figures) if (f.kind === 'figure') expect(f.base).toMatch(/^样本基数：n = /);
  });

  it('opens a theme without narrative with its generated headline, never "this section covers N questions"', () => {
    const theme = buildReportModel(fixtureInput('province', 'zh')).sections.find((s) => s.id === 'theme-digital_economy');
    expect(theme?.blocks[0]).toMatchObject({ kind: 'paragraph', origin: null });
    expect((theme?.blocks[0] as { text: string }).text).toMatch(/^约三分之一的单位对“数字化转型程度”的评价为“较高或很高”（34%，误差±4个百分点，n=625）。/);
  });

  it('leads with the top-two share of a rating scale, named by its two answers and never by the raw level', () => {
    const texts = findings(buildReportModel(fixtureInput('province', 'zh'))).map((f) => f.text);
    expect(texts.some((t) => t.includes('约三分之一的单位对“数字化转型程度”的评价为“较高或很高”（34%，误差±4个百分点，n=625）'))).toBe(true);
    for (const lang of ['zh', 'en'] as const) {
      for (const scope of ['province', '230100']) {
        // every text of the model (the findings' `level` field keeps the estimate's level, as data)
        const texts = JSON.stringify(buildReportModel(fixtureInput(scope, lang)).sections, (key, value: unknown) => (key === 'level' ? undefined : value));
        expect(texts).not.toMatch(/top2|bottom2/);
      }
    }
  });

  it('states no share whose interval is degenerate, and no average of calendar years', () => {
    const input = fixtureInput('province', 'en');
    const estimates = structuredClone(input.estimates);
    for (const e of estimates.estimates) if (e.variable === 'rd_active' && e.domain === null) Object.assign(e, { se: 0, ci_low: e.estimate, ci_high: e.estimate });
    const codebook = input.codebook.map((v) => (v.name === 'employees' ? { ...v, min: 1900, max: 2026 } : v));
    const list = findings(buildReportModel({ ...input, estimates, codebook }));
    expect(list.some((f) => f.theme !== 'regions' && (f.variable === 'rd_active' || f.variable === 'employees'))).toBe(false);
    for (const f of list) expect(f.text).not.toMatch(/±0(\.0+)?[^.\d]|\(0[–-]0\)/);
  });

  it('states no share of a calibration variable (the sample\'s make-up) as a finding', () => {
    for (const scope of ['province', '230100']) {
      const list = findings(buildReportModel(fixtureInput(scope, 'en')));
      expect(list.some((f) => f.variable === 'sector' || f.variable === 'prefecture')).toBe(false);
    }
  });

  it('sets a sector cross-tab as one table right after its question\'s figure: answers within each sector, the Rao-Scott test below', () => {
    const model = buildReportModel(fixtureInput('province', 'en'));
    const theme = model.sections.find((s) => s.id === 'theme-frontier_tech');
    const blocks = theme?.blocks ?? [];
    const at = blocks.findIndex((b) => b.kind === 'table' && b.id === 'crosstab-rd_active-sector');
    expect(blocks[at - 1]).toMatchObject({ kind: 'figure', id: 'province-rd_active-en' });
    const table = blocks[at];
    if (table?.kind !== 'table') throw new Error('the rd_active x sector cross-tab is a table');
    expect(table.caption).toBe('Does the organisation do R&D, by type of organisation (%)');
    expect(table.header_rows[1]?.map((h) => h.text)).toEqual(['Does the organisation do R&D?', 'Industrial enterprise', 'Service enterprise', 'Research institute', 'Total']);
    // each sector's column: the distribution of its answers, adding up to 100%
    expect(table.body_rows.map((r) => r.cells[0]?.value)).toEqual(['Yes', 'No', 'n']);
    expect(table.body_rows.slice(0, 2).map((r) => r.cells[3]?.value)).toEqual([0.9, 0.1]);
    expect(table.body_rows[0]?.cells[4]?.value).toBeCloseTo(0.62, 10);
    expect(table.notes[0]).toBe('Weighted percentages of the answers within each type of organisation (each column adds up to 100%); n is the unweighted number of responses.');
    expect(table.notes[1]).toMatch(/^Rao–Scott test of independence: F = 21\.70 \(df 1\.9, 182\.4\), p < 0\.001\.$/);
    // one table per cross-tab, none in a regional report, and no figure of it
    expect(model.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'table' && b.id.startsWith('crosstab-'))).toHaveLength(1);
    expect(buildReportModel(fixtureInput('230100', 'en')).sections.flatMap((s) => s.blocks).some((b) => b.kind === 'table' && b.id.startsWith('crosstab-'))).toBe(false);
  });

  it('gives a rating battery\'s top-two shares by region tables of their own: estimate and difference from the province per statement, n and df', () => {
    const input = fixtureInput('province', 'zh');
    const codebook = input.codebook.map((v) =>
      v.name === 'digital_maturity' || v.name === 'hire_difficulty'
        ? { ...v, theme: 'digital_economy', group: 'env', label: { zh: `环境：${v.label.zh}`, en: `Environment: ${v.label.en}` } }
        : v,
    );
    const theme = buildReportModel({ ...input, codebook }).sections.find((s) => s.id === 'theme-digital_economy');
    const table = theme?.blocks.find((b) => b.kind === 'table' && b.caption?.startsWith('环境'));
    if (table?.kind !== 'table') throw new Error('the battery table');
    expect(table.caption).toBe('环境：各地区回答“较高或很高”的比例（%）');
    expect(table.header_rows[0]?.map((h) => [h.text, h.span])).toEqual([['', 1], ['数字化转型程度', 2], ['招聘难度', 2], ['', 2]]);
    expect(table.header_rows[1]?.map((h) => h.text)).toEqual(['地区', '%（95%置信区间）', '与全省之差（置信区间）', '%（95%置信区间）', '与全省之差（置信区间）', 'n', '自由度']);
  });

  it('marks a regional table\'s difference * only where significant and its printed interval excludes zero', () => {
    for (const scope of ['province', '230100', '230200']) {
      const model = buildReportModel(fixtureInput(scope, 'en'));
      let marks = 0;
      for (const b of model.sections.flatMap((s) => s.blocks)) {
        if (b.kind !== 'table') continue;
        for (const row of b.body_rows) {
          for (const c of row.cells) {
            if (!(c.mark ?? '').includes('*')) continue;
            marks++;
            const v = c.value;
            if (v === null || typeof v !== 'object' || v.low === null || v.high === null) throw new Error('a mark needs its interval');
            expect(v.low > 0 || v.high < 0).toBe(true);
          }
        }
      }
      expect(marks).toBeGreaterThan(0);
    }
  });

  it('describes the sample\'s make-up and the design by region in the methodology, not in the summary', () => {
    const model = buildReportModel(fixtureInput('province', 'en'));
    const summary = model.sections.find((s) => s.id === 'summary');
    const methodology = model.sections.find((s) => s.id === 'methodology');
    expect(JSON.stringify(summary)).not.toContain('Type of organisation');
    const table = methodology?.blocks.find((b) => b.kind === 'table' && b.id === 'responses-by-region');
    if (table?.kind !== 'table') throw new Error('the responses table');
    expect(table.caption).toBe('Responses by region and type of organisation');
    expect(table.body_rows[0]?.cells.map((c) => c.value)).toEqual(['Harbin', 420, 420 / 625, 231, 147, 42]);
    const design = methodology?.blocks.find((b) => b.kind === 'table' && b.id === 'design-by-region');
    if (design?.kind !== 'table') throw new Error('the design table');
    // n, PSUs (df + 1: each region is one stratum) and df per region
    expect(design.body_rows[0]?.cells.slice(4).map((c) => c.value)).toEqual([420, 9, 8]);
  });

  it('prints the questionnaire as respondents saw it: no variable names or expressions, routing in words', () => {
    for (const lang of ['zh', 'en'] as const) {
      const input = fixtureInput('province', lang);
      const codebook = [...input.codebook, { name: 'founded_year', type: 'integer' as const, label: { zh: '成立年份', en: 'Year founded' }, min: 1900, max: 2026 }];
      const section = buildReportModel({ ...input, codebook }).sections.find((s) => s.id === 'questionnaire');
      const text = JSON.stringify(section);
      // a name that is also an English word of some label ("employees") cannot be told apart: those are skipped
      const words = JSON.stringify(codebook.map((v) => [v.label, v.codes]));
      for (const v of codebook) if (!new RegExp(`\\b${v.name}\\b`, 'i').test(words)) expect(text).not.toMatch(new RegExp(`\\b${v.name}\\b`));
      expect(text).not.toMatch(/==|!=|<=|>=/);
      expect(text).toContain('1900–2026');
      expect(text).toMatch(lang === 'zh' ? /（请跳至第11题）/ : /\(go to Q11\)/);
    }
  });

  it('has every section in both languages, in the order of a publication', () => {
    const titles = (lang: 'zh' | 'en') => buildReportModel(fixtureInput('province', lang)).sections.map((s) => `${s.kind} ${s.number} ${s.title}`);
    expect(titles('zh')).toEqual([
      'front  引用与声明',
      'summary 1 执行摘要',
      'theme 2 受访单位基本情况',
      'theme 3 前沿科技应用与研发创新',
      'theme 4 数字经济与数字化转型',
      'theme 5 人才引进与保留',
      'recommendations 6 对策建议',
      'methodology 7 调查方法',
      'glossary 8 术语表',
      'appendix A 调查问卷',
      'appendix B 数据质量',
    ]);
    expect(titles('en')).toEqual([
      'front  Citation and disclaimer',
      'summary 1 Executive summary',
      'theme 2 The organisations surveyed',
      'theme 3 Frontier technology and R&D',
      'theme 4 The digital economy',
      'theme 5 Attracting and keeping talent',
      'recommendations 6 Recommendations',
      'methodology 7 Methodology',
      'glossary 8 Glossary',
      'appendix A Questionnaire',
      'appendix B Data quality',
    ]);
    const model = buildReportModel(fixtureInput('230100', 'en'));
    expect(model.labels).toMatchObject({ list_of_figures: 'List of figures', list_of_tables: 'List of tables', not_estimable: 'not estimable' });
    const front = JSON.stringify(model.sections[0]);
    expect(front).toContain('《黑龙江省科技创新调查 2026（哈尔滨市）》');
    expect(front).toContain('Heilongjiang Innovation Survey 2026: Harbin');
  });

  it('does not change its input', () => {
    const input = fixtureInput('230100', 'en');
    const before = JSON.stringify(input);
    buildReportModel(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('rejects a scope that is not a region code', () => {
    expect(() => buildReportModel(fixtureInput('999999', 'en'))).toThrow(InputError);
  });
});
