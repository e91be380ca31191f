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

  it('writes the example finding sentence in both languages', () => {
    const zh = findings(buildReportModel(fixtureInput('230100', 'zh')));
    const en = findings(buildReportModel(fixtureInput('230100', 'en')));
    expect(zh[0]?.text).toBe('哈尔滨市70%的单位（误差±5个百分点，n=420）在“是否开展研发活动”中选择了“是”，显著高于全省的62%。');
    expect(en[0]?.text).toBe('70% (±5\u00a0points, n\u00a0=\u00a0420) of organisations in Harbin chose “Yes” for “Does the organisation do R&D”, significantly above the provincial 62%.');
  });

  it('states number, margin of error and base in every finding', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const scope of ['province', '230100', '230200']) {
        const list = findings(buildReportModel(fixtureInput(scope, lang)));
        expect(list.length).toBeGreaterThan(0);
        for (const f of list) {
          expect(f.text).toContain('±');
          expect(f.text.replace(/\u00a0/g, ' ')).toMatch(/n ?= ?[\d,]+/);
          expect(f.moe).toBeGreaterThan(0);
          expect(f.low_base).toBe(false);
        }
      }
    }
  });

  it('calls a difference significant only where the corrected comparison is, and in its direction', () => {
    const estimates = fixtureEstimates(3);
    for (const scope of ['province', '230100', '230200']) {
      for (const f of findings(buildReportModel(fixtureInput(scope, 'en')))) {
        const above = f.text.includes('significantly above');
        const below = f.text.includes('significantly below');
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

  it('makes no finding from a low-base region and says why', () => {
    const model = buildReportModel(fixtureInput('230300', 'en'));
    expect(findings(model)).toEqual([]);
    const text = JSON.stringify(model.sections[0]);
    expect(text).toContain('Jixi has 25 responses');
  });

  it('reports changes since the previous wave only when given, and only significant ones', () => {
    const input = fixtureInput('province', 'en');
    const none = buildReportModel(input);
    expect(JSON.stringify(none)).not.toContain('previous wave');
    const same = buildReportModel({ ...input, previous: fixtureEstimates(3) });
    expect(findings(same).filter((f) => f.rule === 'change')).toEqual([]);
    expect(JSON.stringify(same.sections[0])).toContain('changed significantly');
    const before: SurveyEstimates = fixtureEstimates(3);
    before.estimates = before.estimates.map((e) => (e.variable === 'cloud_use' && e.level === '1' ? { ...e, estimate: 0.4 } : e));
    const changed = findings(buildReportModel({ ...input, previous: before })).filter((f) => f.rule === 'change');
    expect(changed.map((f) => f.text)).toContain('58% (±5\u00a0points, n\u00a0=\u00a0625) of organisations chose “Yes” for “Does the organisation use cloud services”, up significantly from 40% in the previous wave.');
  });

  it('puts the narrative first in its theme, then numbered figures with captions and bases', () => {
    const model = buildReportModel(fixtureInput('province', 'zh'));
    const theme = model.sections.find((s) => s.id === 'theme-frontier_tech');
    expect(theme?.number).toBe('4');
    expect(theme?.blocks[0]).toMatchObject({ kind: 'paragraph', origin: 'narrative frontier_tech.zh.md' });
    const figures = theme?.blocks.filter((b) => b.kind === 'figure') ?? [];
    expect(figures.map((f) => (f.kind === 'figure' ? f.label : ''))).toEqual(['图4.1', '图4.2']);
    for (const f of figures) if (f.kind === 'figure') expect(f.base).toMatch(/^样本基数：n = /);
  });

  it('leads with the top-two share of a rating scale, named by its two answers and never by the raw level', () => {
    const model = buildReportModel(fixtureInput('province', 'zh'));
    const texts = findings(model).map((f) => f.text);
    expect(texts).toContain('全省34%的单位（误差±4个百分点，n=625）对“数字化转型程度”表示“较高或很高”。');
    const en = findings(buildReportModel(fixtureInput('province', 'en'))).find((f) => f.variable === 'hire_difficulty');
    expect(en?.level).toBe('top2');
    expect(en?.text).toContain('answered “high or very high” to “Difficulty of hiring”');
    for (const lang of ['zh', 'en'] as const) {
      for (const scope of ['province', '230100']) {
        // every text of the model (the findings' `level` field keeps the estimate's level, as data)
        const texts = JSON.stringify(buildReportModel(fixtureInput(scope, lang)).sections, (key, value: unknown) => (key === 'level' ? undefined : value));
        expect(texts).not.toMatch(/top2|bottom2/);
      }
    }
  });

  it('states no share that reads 0% or 100%, whose margin would print as ±0 or exceeds the share, and no average of years', () => {
    const input = fixtureInput('province', 'en');
    const estimates = structuredClone(input.estimates);
    for (const e of estimates.estimates) {
      if (e.variable === 'rd_active' && e.level === '1' && e.domain === null) Object.assign(e, { estimate: 0.998, se: 0.001, ci_low: 0.996, ci_high: 0.9995 });
      if (e.variable === 'cloud_use' && e.level === '1' && e.domain === null) Object.assign(e, { estimate: 0.5, se: 0.0001, ci_low: 0.4998, ci_high: 0.5002 });
      // "3% ± 38 points": a logit interval from a handful of clusters, which "±" cannot state
      if (e.variable === 'talent_gap' && e.level === '1' && e.domain === null) Object.assign(e, { estimate: 0.03, se: 0.2, ci_low: 0.002, ci_high: 0.77 });
    }
    const codebook = input.codebook.map((v) => (v.name === 'employees' ? { ...v, name: 'employees', min: 1900, max: 2026 } : v));
    const list = findings(buildReportModel({ ...input, estimates, codebook }));
    const changed = ['rd_active 1', 'cloud_use 1', 'talent_gap 1'];
    expect(list.some((f) => f.domain === null && changed.includes(`${f.variable} ${f.level}`))).toBe(false);
    expect(list.some((f) => f.variable === 'employees')).toBe(false);
    for (const f of list) expect(f.text).not.toMatch(/±0(\.0+)?[^.\d]/);
  });

  it('states no share of a calibration variable (the sample\'s make-up) as a finding', () => {
    for (const scope of ['province', '230100']) {
      const list = findings(buildReportModel(fixtureInput(scope, 'en')));
      expect(list.some((f) => f.variable === 'sector' || f.variable === 'prefecture')).toBe(false);
    }
  });

  it('states no finding from an estimate without sampling variance', () => {
    const input = fixtureInput('province', 'en');
    const estimates = structuredClone(input.estimates);
    for (const e of estimates.estimates) if (e.variable === 'cloud_use' && e.domain === null) Object.assign(e, { se: 0, ci_low: e.estimate, ci_high: e.estimate });
    const list = findings(buildReportModel({ ...input, estimates }));
    expect(list.some((f) => f.variable === 'cloud_use' && f.domain === null)).toBe(false);
    expect(list.every((f) => f.moe > 0)).toBe(true);
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

  it('gives a rating battery\'s top-two shares by region a table of their own, headed by the statements alone', () => {
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
    expect(table.header_rows[0]?.[1]?.text).toBe('回答“较高或很高”的比例（%，95%置信区间）');
    expect(table.header_rows[1]?.map((h) => h.text)).toEqual(['地区', '数字化转型程度', '招聘难度']);
  });

  it('describes the sample\'s make-up (prefecture by sector) in the methodology, not in the summary', () => {
    const model = buildReportModel(fixtureInput('province', 'en'));
    const [summary, methodology] = model.sections;
    expect(JSON.stringify(summary)).not.toContain('Type of organisation');
    const table = methodology?.blocks.find((b) => b.kind === 'table' && b.id === 'responses-by-region');
    if (table?.kind !== 'table') throw new Error('the responses table');
    expect(table.caption).toBe('Responses by region and type of organisation');
    expect(table.body_rows[0]?.cells.map((c) => c.value)).toEqual(['Harbin', 420, 420 / 625, 231, 147, 42]);
    expect(table.body_rows.at(-1)?.cells.slice(3).map((c) => c.value)).toEqual([344, 219, 62]);
  });

  it('writes calendar years in the questionnaire without thousands separators', () => {
    const input = fixtureInput('province', 'zh');
    const codebook = [...input.codebook, { name: 'founded_year', type: 'integer' as const, label: { zh: '成立年份', en: 'Year founded' }, min: 1900, max: 2026 }];
    const table = buildReportModel({ ...input, codebook }).sections.find((s) => s.id === 'questionnaire')?.blocks.find((b) => b.kind === 'table');
    if (table?.kind !== 'table') throw new Error('the questionnaire table');
    expect(table.body_rows.at(-1)?.cells[4]?.value).toBe('1900–2026');
  });

  it('has every section in both languages', () => {
    const titles = (lang: 'zh' | 'en') => buildReportModel(fixtureInput('province', lang)).sections.map((s) => `${s.number} ${s.title}`);
    expect(titles('zh')).toEqual(['1 执行摘要', '2 调查方法', '3 受访单位基本情况', '4 前沿科技应用与研发创新', '5 数字经济与数字化转型', '6 人才引进与保留', 'A 调查问卷', 'B 数据质量']);
    expect(titles('en')).toEqual([
      '1 Executive summary',
      '2 Methodology',
      '3 The organisations surveyed',
      '4 Frontier technology and R&D',
      '5 The digital economy',
      '6 Attracting and keeping talent',
      'A Questionnaire',
      'B Data quality',
    ]);
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
