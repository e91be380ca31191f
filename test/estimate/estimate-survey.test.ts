import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { adjustPValues } from '../../pipeline/estimate/adjust-p-values.js';
import { compositeIndex, estimateSurvey } from '../../pipeline/estimate/estimate-survey.js';
import { weight } from '../../pipeline/weight/weight.js';
import { SurveyEstimates, type Estimate } from '../../schemas/estimates.js';
import type { SurveyConfig } from '../../schemas/survey.js';
import { apiCodebook, apiConfig, apiTable } from './api-survey.js';
import { apiMargins } from './r-designs.js';
import { reference, relDiff } from './r-fixtures.js';

const table = apiTable();
const config = apiConfig('rake');
const weighted = weight(table, config, apiMargins);
const result = estimateSurvey(table, weighted, apiCodebook, config);
// the intervals reference.json holds: logit for shares and Woodruff on the domain's df, normal for means and totals
const withAnalysis = (analysis: Partial<SurveyConfig['analysis']>) => ({ ...config, analysis: { ...config.analysis, ...analysis } });
const logit = estimateSurvey(table, weighted, apiCodebook, withAnalysis({ ci: 'logit' }));
const normal = estimateSurvey(table, weighted, apiCodebook, withAnalysis({ ci: 'logit', df: 'inf' }));

function find(statistic: string, variable: string, level: string | null, stype: string | null, from = result): Estimate | undefined {
  return from.estimates.find(
    (e) => e.statistic === statistic && e.variable === variable && e.level === level && (e.domain?.stype ?? null) === stype && (statistic !== 'quantile' || e.p === 0.5),
  );
}

function expectClose(got: number, want: number, what: string): void {
  expect(relDiff(got, want), `${what}: ${got} vs R ${want}`).toBeLessThan(1e-6);
}

describe('estimateSurvey on apiclus1 raked to apipop (R: rake(dclus1, ~stype, ~sch_wide))', () => {
  it('is a valid SurveyEstimates recording the design, options and version', () => {
    expect(() => SurveyEstimates.parse(result)).not.toThrow();
    expect(result.design).toMatchObject({ weights: 'pw', strata: null, cluster: 'dnum', fpc: 'fpc', lonely_psu: 'adjust', calibration: 'rake(stype, sch_wide)', level: 0.95 });
    expect(result.design.version).toBe(`thinktank ${pkg.version}`);
    expect(result).toMatchObject({ survey: 'api-test', n: 183, min_base: 30, weighting: weighted.diagnostics });
  });

  it("agrees with R for every estimate R computed (single, Likert, multi, numbers; overall and by domain)", () => {
    let checked = 0;
    for (const c of reference.cases) {
      if (c.design !== 'rake' || c.denominator !== null) continue;
      const variable = c.variable;
      if (!['sch_wide', 'grade', 'multi', 'api00', 'acs_k3', 'enroll'].includes(variable)) continue;
      if (c.statistic === 'quantile' && c.p !== 0.5) continue;
      if (variable === 'grade' && (c.statistic === 'total' || c.statistic === 'quantile')) continue; // Likert: no totals or medians
      if (c.statistic === 'prop' && variable === 'sch_wide' && c.df === null) continue; // svymean(factor) rows repeat the svyciprop rows
      const from = c.statistic === 'mean' || c.statistic === 'total' ? normal : logit;
      const e = find(c.statistic, variable, c.level, c.domain?.stype ?? null, from);
      const what = `${c.statistic} ${variable} ${c.level} ${c.domain?.stype ?? 'all'}`;
      // acs_k3 is missing for every H and M school: R gives NA means and 0 totals, thinktank no estimate
      if (c.estimate === null || (variable === 'acs_k3' && c.domain && c.domain.stype !== 'E')) {
        expect(e, `${what}: no data, so no estimate`).toBeUndefined();
        continue;
      }
      if (!e) throw new Error(`missing ${what}`);
      expectClose(e.estimate, c.estimate, `${what} estimate`);
      if (c.se !== null && c.se > 1e-9) expectClose(e.se!, c.se, `${what} se`);
      if (c.ci_low !== null && c.ci_high !== null && c.se !== null && c.se > 1e-9) {
        expectClose(e.ci_low!, c.ci_low, `${what} ci_low`);
        expectClose(e.ci_high!, c.ci_high, `${what} ci_high`);
      } else if (c.statistic === 'quantile' || (c.statistic === 'prop' && c.df !== null)) {
        // R gives NA for an end: no interval
        expect(e.ci_low, `${what}: not estimable`).toBeNull();
      }
      if (c.deff !== null && c.se !== null && c.se > 1e-9) expectClose(e.deff!, c.deff, `${what} deff`);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('keeps codebook order, then statistic, then domain (province first, then regions in code order)', () => {
    const order = result.estimates.map((e) => e.variable).filter((v, i, a) => a.indexOf(v) === i);
    expect(order).toEqual(['stype', 'sch_wide', 'grade', 'grades', 'multi', 'api00', 'acs_k3', 'enroll']);
    const api = result.estimates.filter((e) => e.variable === 'api00').map((e) => `${e.statistic}:${e.domain?.stype ?? '-'}`);
    expect(api).toEqual(['mean:-', 'mean:E', 'mean:H', 'mean:M', 'quantile:-', 'quantile:E', 'quantile:H', 'quantile:M', 'total:-', 'total:E', 'total:H', 'total:M']);
    const grade = result.estimates.filter((e) => e.variable === 'grade' && !e.domain).map((e) => `${e.statistic}:${e.level}`);
    expect(grade).toEqual(['mean:null', 'prop:top2', 'prop:1', 'prop:2', 'prop:3', 'prop:4', 'prop:5']);
    // the region variable itself is only estimated for the province
    expect(result.estimates.filter((e) => e.variable === 'stype').every((e) => e.domain === null)).toBe(true);
  });

  it('flags low bases (n < min_base) and leaves out domains with no data', () => {
    expect(find('mean', 'api00', null, 'H')).toMatchObject({ n: 14, flags: ['review', 'low_base'], reasons: ['df 7 < 8', 'n 14 < 30'] });
    expect(find('mean', 'api00', null, 'E')?.flags).not.toContain('low_base');
    expect(find('mean', 'acs_k3', null, 'H')).toBeUndefined();
    expect(find('mean', 'acs_k3', null, null)?.n).toBe(144);
  });

  it('compares each region with the province as R does, BH-adjusted within a question', () => {
    for (const c of reference.contrasts.filter((k) => k.design === 'rake' && k.versus === 'all')) {
      const got = result.comparisons.find(
        (k) => k.variable === c.variable && k.statistic === c.statistic && k.level === c.level && k.domain.stype === c.domain.stype,
      );
      if (!got) throw new Error(`missing comparison ${c.variable} ${c.domain.stype}`);
      expectClose(got.difference, c.difference, 'difference');
      expectClose(got.se, c.se, 'se');
    }
    const family = result.comparisons.filter((k) => k.variable === 'sch_wide');
    expect(family.length).toBe(6);
    expect(family.map((k) => k.p_adjusted)).toEqual(adjustPValues(family.map((k) => k.p_value!), 'bh'));
    for (const k of result.comparisons) expect(k.significant).toBe(k.p_adjusted !== null && k.p_adjusted < 0.05);
  });

  it('cross-tabulates single-choice questions and the region by the other calibration variable only (Rao-Scott)', () => {
    // sch_wide is the one calibration variable besides the region stype: the only "by" variable; Likert
    // items (grade) and the calibration variable itself are not crossed
    expect(result.crosstabs.map((t) => `${t.row}x${t.column}`)).toEqual(['stypexsch_wide']);
    const t = result.crosstabs[0]!;
    // the test is symmetric in rows and columns: R's svychisq(~sch_wide + stype) gives the same F
    const r = reference.chisq.find((k) => k.design === 'rake' && k.row === 'sch_wide' && k.column === 'stype')!;
    expectClose(t.f, r.f, 'F');
    expectClose(t.p_value, r.p_value, 'p');
    expectClose(t.df1, r.df1, 'df1');
    expect(t.row_levels).toEqual(['E', 'H', 'M']);
    expect(t.column_levels).toEqual(['No', 'Yes']);
    expect(t.n).toEqual([[12, 132], [3, 11], [8, 17]]);
    const sum = t.cells.flat().reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 12);
    t.row_percent.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12));
    for (let c = 0; c < t.column_levels.length; c++) expect(t.column_percent.reduce((a, row) => a + row[c]!, 0)).toBeCloseTo(1, 12);
  });

  it('gives a calendar-year variable a mean and a median but no total', () => {
    const codebook = apiCodebook.map((v) => (v.name === 'enroll' ? { ...v, name: 'enroll', min: 1000, max: 9999 } : v));
    const years = estimateSurvey(table, weighted, codebook, config);
    const statistics = new Set(years.estimates.filter((e) => e.variable === 'enroll').map((e) => e.statistic));
    expect([...statistics]).toEqual(['mean', 'quantile']);
  });

  it('builds a Likert battery index on 0-100 from code positions', () => {
    // grade has codes 1..5 with one item: index = 25 x (grade - 1)
    const grade = find('mean', 'grade', null, null)!;
    const index = find('mean', 'grades', 'index', null)!;
    expect(index.estimate).toBeCloseTo(25 * (grade.estimate - 1), 10);
    expect(index.se).toBeCloseTo(25 * grade.se!, 10);
    const two = compositeIndex([
      { kind: 'code', levels: ['1', '2', '3'], codes: Int32Array.of(0, 2, -1, -1) },
      { kind: 'code', levels: ['a', 'b', 'c', 'd', 'e'], codes: Int32Array.of(4, 2, 1, -1) },
    ]);
    expect(Array.from(two)).toEqual([50, 75, 25, Number.NaN]);
  });

  it('is deterministic and leaves its inputs unchanged', () => {
    const weightsBefore = Float64Array.from(weighted.weights);
    const again = estimateSurvey(table, weighted, apiCodebook, config);
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
    expect(weighted.weights).toEqual(weightsBefore);
  });
});

describe('Likert items with an answer off the scale ("don\'t know")', () => {
  it('leave it out of the mean, the top-two share and the battery index, but give its share', () => {
    const book = apiCodebook.map((v) => (v.name === 'grade' ? { ...v, codes: [...v.codes!, { code: '9', label: { zh: '不知道', en: "Don't know" } }] } : v));
    const grade = table.columns.get('grade');
    if (grade?.kind !== 'code') throw new Error('grade is coded');
    const dk = Int32Array.from(grade.codes, (c, i) => (i % 10 === 0 ? 5 : c));
    const withDk = new Map(table.columns);
    withDk.set('grade', { kind: 'code', levels: [...grade.levels, '9'], codes: dk });
    const missing = new Map(table.columns);
    missing.set('grade', { kind: 'code', levels: grade.levels, codes: Int32Array.from(dk, (c) => (c === 5 ? -1 : c)) });
    const a = estimateSurvey({ ...table, columns: withDk }, weighted, book, config);
    const b = estimateSurvey({ ...table, columns: missing }, weighted, apiCodebook, config);
    const get = (r: typeof a, statistic: string, variable: string, level: string | null) =>
      r.estimates.find((e) => e.statistic === statistic && e.variable === variable && e.level === level && e.domain === null)!;
    for (const [statistic, variable, level] of [['mean', 'grade', null], ['prop', 'grade', 'top2'], ['mean', 'grades', 'index']] as const) {
      expect(get(a, statistic, variable, level).estimate).toBeCloseTo(get(b, statistic, variable, level).estimate, 12);
      expect(get(a, statistic, variable, level).n).toBe(get(b, statistic, variable, level).n);
    }
    expect(get(a, 'prop', 'grade', '9').estimate).toBeGreaterThan(0);
  });
});
