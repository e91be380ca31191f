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
    expect(zh[2]?.text).toBe('哈尔滨市70%的单位（误差±5个百分点，n=420）在“是否开展研发活动”中选择了“是”，显著高于全省的62%。');
    expect(en[2]?.text).toBe('70% (±5\u00a0points, n\u00a0=\u00a0420) of organisations in Harbin chose “Yes” for “Does the organisation do R&D”, significantly above the provincial 62%.');
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

  it('leads with the top-two share of a rating scale, named by its two answers', () => {
    const model = buildReportModel(fixtureInput('province', 'zh'));
    const texts = findings(model).map((f) => f.text);
    expect(texts).toContain('全省34%的单位（误差±4个百分点，n=625）在“数字化转型程度”中选择了“较高或很高”。');
    const en = findings(buildReportModel(fixtureInput('province', 'en'))).find((f) => f.variable === 'hire_difficulty');
    expect(en?.level).toBe('top2');
    expect(en?.text).toContain('chose “High or Very high” for “Difficulty of hiring”');
  });

  it('states no finding from an estimate without sampling variance', () => {
    const input = fixtureInput('province', 'en');
    const estimates = structuredClone(input.estimates);
    for (const e of estimates.estimates) if (e.variable === 'cloud_use' && e.domain === null) Object.assign(e, { se: 0, ci_low: e.estimate, ci_high: e.estimate });
    const list = findings(buildReportModel({ ...input, estimates }));
    expect(list.some((f) => f.variable === 'cloud_use' && f.domain === null)).toBe(false);
    expect(list.every((f) => f.moe > 0)).toBe(true);
  });

  it('runs the variable with more levels down a cross-tab, and leaves out cross-tabs already drawn', () => {
    const input = fixtureInput('province', 'en');
    const tables = (model: ReportModel) => model.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'table');
    const crosstab = tables(buildReportModel(input)).find((t) => t.kind === 'table' && t.id === 'crosstab-cloud_use-prefecture');
    if (crosstab?.kind !== 'table') throw new Error('the cloud_use x prefecture cross-tab is a table');
    expect(crosstab.body_rows.map((r) => r.cells[0]?.value)).toEqual(['Harbin', 'Qiqihar', 'Jixi']);
    expect(crosstab.body_rows[0]?.cells.slice(1, 3).map((c) => c.value)).toEqual([0.5, 0.5]);
    const drawn = { ...(input.figures[0] as (typeof input.figures)[number]), id: 'heat', scope: 'province', lang: 'en' as const, variables: ['cloud_use', 'prefecture'] };
    const without = tables(buildReportModel({ ...input, figures: [...input.figures, drawn] }));
    expect(without.some((t) => t.kind === 'table' && t.id === 'crosstab-cloud_use-prefecture')).toBe(false);
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
