/**
 * The weight and estimate stages with the designs of issue 17 declared in survey.json: a two-stage design
 * (design.cluster and design.fpc as lists), replicate weights (design.replicates), and a model
 * (analysis.models), against the R results in test/fixtures/r/advanced.json.
 */
import { describe, expect, it } from 'vitest';
import { estimateDomainMeans } from '../../pipeline/estimate/estimate-domain-means.js';
import { fitSurveyModels } from '../../pipeline/estimate/fit-survey-models.js';
import { estimateMean } from '../../pipeline/estimate/linear-estimates.js';
import { weight } from '../../pipeline/weight/weight.js';
import { SurveyConfig } from '../../schemas/survey.js';
import type { CleanTable, Column } from '../../schemas/table.js';
import { advanced } from '../estimate/advanced-fixtures.js';
import { readFixtureCsv, relDiff, type CsvData } from '../estimate/r-fixtures.js';

/** A CleanTable of a fixture: the named text columns coded (levels sorted), every other column a number. */
function tableOf(data: CsvData, coded: string[]): CleanTable {
  const columns = new Map<string, Column>();
  for (const [name, values] of data.text) {
    if (coded.includes(name)) {
      const levels = [...new Set(values.filter((v): v is string => v !== null))].sort();
      columns.set(name, { kind: 'code', levels, codes: Int32Array.from(values, (v) => (v === null ? -1 : levels.indexOf(v))) });
    } else if (data.numbers.has(name)) columns.set(name, { kind: 'number', values: data.numbers.get(name)! });
  }
  return {
    rowCount: data.rowCount,
    columns,
    source: { files: ['fixture.csv'], sheets: [''], file: new Int32Array(data.rowCount), sheet: new Int32Array(data.rowCount), row: Int32Array.from({ length: data.rowCount }, (_, i) => i + 2) },
  };
}

const configOf = (design: object, analysis: object = {}) =>
  SurveyConfig.parse({ id: 'test', title: { zh: 't', en: 't' }, issuer: { zh: 't', en: 't' }, date: '2026-01-01', design, region: 'stype', analysis });

const rowOf = (caseName: string, statistic: string, variable: string, stype: string | null) =>
  advanced.cases.find((c) => c.name === caseName)!.rows.find((r) => r.statistic === statistic && r.variable === variable && (r.domain?.stype ?? null) === stype)!;

describe('survey.json designs of issue 17', () => {
  it('a two-stage design from lists of clusters and fpcs: weights from the fpcs, SEs as R svyrecvar', () => {
    const table = tableOf(readFixtureCsv('apiclus2.csv'), ['stype', 'sch_wide']);
    const { design, diagnostics } = weight(table, configOf({ cluster: ['dnum', 'snum'], fpc: ['fpc1', 'fpc2'] }), null);
    expect(design.stages).toHaveLength(1);
    expect(design.source.cluster).toBe('dnum + snum');
    expect(diagnostics.lonely_strata).toEqual([]);
    const api00 = (table.columns.get('api00') as { values: Float64Array }).values;
    const r = estimateMean(design, api00);
    const want = rowOf('clus2_adjust', 'mean', 'api00', null);
    expect(relDiff(r.estimate, want.estimate)).toBeLessThan(1e-9);
    expect(relDiff(r.se, want.se!)).toBeLessThan(1e-9);
    const stype = table.columns.get('stype') as { codes: Int32Array; levels: string[] };
    const byType = estimateDomainMeans(design, [api00], { codes: stype.codes, count: stype.levels.length });
    stype.levels.forEach((level, d) => {
      const w = rowOf('clus2_adjust', 'mean', 'api00', level);
      expect(relDiff(byType.meanSe[d]!, w.se!), `${level}`).toBeLessThan(1e-9);
    });
  });

  it('replicate weights named by a regular expression: estimates and SEs as R svrepdesign', () => {
    const table = tableOf(readFixtureCsv('rep-jk1.csv'), ['stype', 'sch_wide']);
    const { design } = weight(table, configOf({ weights: 'pw', replicates: { columns: 'repw[0-9]+', type: 'JK1' } }), null);
    expect(design.replicates?.weights).toHaveLength(15);
    const api00 = (table.columns.get('api00') as { values: Float64Array }).values;
    const r = estimateMean(design, api00);
    const want = rowOf('rep_jk1', 'mean', 'api00', null);
    expect(relDiff(r.estimate, want.estimate)).toBeLessThan(1e-9);
    expect(relDiff(r.se, want.se!)).toBeLessThan(1e-9);
  });

  it('analysis.models: the coefficients of svyglm, with odds ratios for a logistic model', () => {
    const table = tableOf(readFixtureCsv('apiclus2.csv'), ['stype', 'sch_wide']);
    const config = configOf({ cluster: ['dnum', 'snum'], fpc: ['fpc1', 'fpc2'] }, { models: [{ name: 'sw', formula: 'sw ~ ell + factor(band) + stype' }] });
    const { design } = weight(table, config, null);
    const [model] = fitSurveyModels(table, design, config.analysis.models, 0.95);
    const want = advanced.glm.find((g) => g.name === 'clus2_logit')!;
    expect(model!.coefficients.map((c) => c.term)).toEqual(want.coefficients.map((c) => c.variable));
    model!.coefficients.forEach((c, j) => {
      const w = want.coefficients[j]!;
      expect(relDiff(c.estimate, w.estimate)).toBeLessThan(1e-6);
      expect(relDiff(c.se, w.se)).toBeLessThan(1e-6);
      expect(relDiff(c.odds_ratio!, Math.exp(w.estimate))).toBeLessThan(1e-6);
      expect(relDiff(c.or_low!, Math.exp(w.ci_low))).toBeLessThan(1e-6);
    });
    expect(model!.coefficients.find((c) => c.term === 'stypeH')).toMatchObject({ variable: 'stype', level: 'H' });
    expect(model!.coefficients.find((c) => c.term === 'factor(band)2')).toMatchObject({ variable: 'band', level: '2' });
  });
});
