/**
 * Issue 13 against R (test/fixtures/r/domain-df.R -> domain-df.json): every interval on the df of what it is
 * about (R degf(subset(des, ...))), not-estimable intervals where R gives NA/NaN, Korn-Graubard intervals
 * (svyciprop method "beta"), region-vs-province tests on the region's df, and the NCHS presentation rules on
 * constructed proportions either side of each threshold.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli/main.js';
import { betaInterval } from '../../pipeline/estimate/confidence-interval.js';
import { estimateInterval } from '../../pipeline/estimate/estimate-interval.js';
import { estimateSurvey } from '../../pipeline/estimate/estimate-survey.js';
import { flagEstimate } from '../../pipeline/estimate/flag-estimate.js';
import { runEstimateCommand } from '../../pipeline/estimate/run-estimate-command.js';
import { weight } from '../../pipeline/weight/weight.js';
import type { Estimate, SurveyEstimates } from '../../schemas/estimates.js';
import { PresentationRules, type SurveyConfig } from '../../schemas/survey.js';
import { apiCodebook, apiConfig, apiTable } from './api-survey.js';
import { testEffects } from '../run/fake-stages.js';
import { apiMargins } from './r-designs.js';
import { fixtureDir, relDiff } from './r-fixtures.js';

interface DfCase {
  design: 'clus1' | 'strat_clus' | 'rake';
  statistic: 'mean' | 'total' | 'prop' | 'quantile';
  variable: string;
  level: string | null;
  domain: Record<string, string> | null;
  p: number | null;
  df_rule: 'domain' | 'design' | 'inf';
  ci_method: 'logit' | 'beta' | null;
  estimate: number | null;
  se: number | null;
  df: number | null;
  ci_low: number | null;
  ci_high: number | null;
}
interface DfContrast {
  design: string;
  statistic: 'mean' | 'prop';
  variable: string;
  level: string | null;
  domain: { stype: string };
  difference: number;
  se: number;
  df: number;
  p_value: number;
  ci_low: number;
  ci_high: number;
  p_value_design_df: number;
}
interface NchsCase {
  p: number;
  se: number;
  n: number;
  df: number;
  rows: number;
  ci_low: number;
  ci_high: number;
  n_eff: number;
  step: 'n_eff' | 'small' | 'width' | 'relative' | 'ok';
  suppressed: boolean;
  review: boolean;
}
const ref: { degf: Record<string, number>; cases: DfCase[]; contrasts: DfContrast[]; nchs: NchsCase[] } = JSON.parse(
  readFileSync(path.join(fixtureDir, 'domain-df.json'), 'utf8'),
);

const files = {
  clus1: { data: path.join(fixtureDir, 'apiclus1.csv'), weights: 'pw', cluster: 'dnum', fpc: 'fpc' },
  strat_clus: { data: path.join(fixtureDir, 'apistrat.csv'), weights: 'pw', strata: 'stype', cluster: 'dnum' },
};

/** Compares one row with R: estimate, SE, df and interval to 1e-6, or no interval (and a note) where R has NA. */
function expectAsR(got: Estimate | undefined, c: DfCase, what: string): void {
  if (!got) throw new Error(`missing ${what}`);
  // R's logit estimate comes from a glm fit (to about 1e-9)
  expect(relDiff(got.estimate, c.estimate!), `${what} estimate`).toBeLessThan(c.ci_method === 'logit' ? 1e-6 : 1e-9);
  if (c.ci_low === null || c.ci_high === null) {
    expect(got.ci_low, `${what}: R gives NA, so no interval`).toBeNull();
    expect(got.ci_high, `${what}: R gives NA, so no interval`).toBeNull();
    expect(got.note, `${what}: a reason`).toMatch(/.+/);
    if (c.statistic === 'quantile') expect(got.se, `${what}: R's SE is NaN`).toBeNull();
    // not estimable is suppressed, unless the estimate has no sampling variance (a calibrated share) or is 0 or 1
    if (got.se !== 0 && (c.statistic !== 'prop' || (c.estimate! > 0 && c.estimate! < 1))) expect(got.flags, what).toContain('suppressed');
  } else {
    expect(relDiff(got.ci_low!, c.ci_low), `${what} ci_low ${got.ci_low} vs R ${c.ci_low}`).toBeLessThan(1e-6);
    expect(relDiff(got.ci_high!, c.ci_high), `${what} ci_high ${got.ci_high} vs R ${c.ci_high}`).toBeLessThan(1e-6);
    expect(got.note).toBeUndefined();
  }
  if (c.se !== null && c.se > 1e-9 && c.statistic !== 'quantile') expect(relDiff(got.se!, c.se), `${what} se`).toBeLessThan(1e-9);
  if (c.df_rule !== 'inf') expect(got.df, `${what} df`).toBe(c.df);
  else expect(got.df).toBeNull();
}

const key = (e: { statistic: string; variable: string; level: string | null; domain: Record<string, string> | null; p?: number | null | undefined }) =>
  `${e.statistic} ${e.variable} ${e.level} ${JSON.stringify(e.domain)} ${e.statistic === 'quantile' ? e.p : ''}`;

describe('thinktank estimate against R on the domain df (confint(..., df = degf(subset(des, ...))), svyciprop, svyquantile)', () => {
  for (const design of ['clus1', 'strat_clus'] as const) {
    for (const rule of ['domain', 'design', 'inf'] as const) {
      it(`means and totals overall and --by stype, --df ${rule} (${design})`, async () => {
        const r = await runEstimateCommand({ ...files[design], mean: ['api00', 'enroll'], total: ['api00', 'enroll'], by: ['stype'], df: rule });
        const all = await runEstimateCommand({ ...files[design], mean: ['api00', 'enroll'], total: ['api00', 'enroll'], df: rule });
        const rows = new Map([...r.estimates, ...all.estimates].map((e) => [key(e), e]));
        const cases = ref.cases.filter((c) => c.design === design && c.df_rule === rule && (c.statistic === 'mean' || c.statistic === 'total') && !c.domain?.['cname']);
        expect(cases.length).toBe(16);
        for (const c of cases) expectAsR(rows.get(key(c)), c, `${design} ${key(c)} --df ${rule}`);
      });
    }
    for (const ci of ['logit', 'beta'] as const) {
      it(`proportions --ci ${ci} equal svyciprop(~I(x == level), subset(...), method = "${ci}") (${design})`, async () => {
        const r = await runEstimateCommand({ ...files[design], prop: ['sch_wide'], by: ['stype'], ci });
        const all = await runEstimateCommand({ ...files[design], prop: ['sch_wide'], ci });
        const rows = new Map([...r.estimates, ...all.estimates].map((e) => [key(e), e]));
        const cases = ref.cases.filter((c) => c.design === design && c.statistic === 'prop' && c.ci_method === ci && !c.domain?.['cname']);
        expect(cases.length).toBe(8);
        for (const c of cases) expectAsR(rows.get(key(c)), c, `${design} ${key(c)} --ci ${ci}`);
      });
    }
    it(`quantiles: Woodruff on the domain's df, NaN ends as no interval (${design})`, async () => {
      const r = await runEstimateCommand({ ...files[design], quantile: ['api00:0.5', 'api00:0.9'], by: ['stype'] });
      const all = await runEstimateCommand({ ...files[design], quantile: ['api00:0.5', 'api00:0.9'] });
      const rows = new Map([...r.estimates, ...all.estimates].map((e) => [key(e), e]));
      const cases = ref.cases.filter((c) => c.design === design && c.statistic === 'quantile' && !c.domain?.['cname']);
      expect(cases.length).toBe(8);
      for (const c of cases) expectAsR(rows.get(key(c)), c, `${design} ${key(c)}`);
    });
  }

  it('takes --df and --ci on the command line: the --json rows equal R (beta by region)', async () => {
    const effects = testEffects('/');
    const argv = ['estimate', files.clus1.data, '--weights', 'pw', '--cluster', 'dnum', '--fpc', 'fpc', '--prop', 'sch_wide', '--mean', 'api00', '--by', 'stype', '--ci', 'beta', '--df', 'domain', '--json'];
    expect(await main(argv, effects)).toBe(0);
    const out: { design: { df: string; ci: string }; estimates: Estimate[] } = JSON.parse(effects.out.join(''));
    expect(out.design).toMatchObject({ df: 'domain', ci: 'beta' });
    const rows = new Map(out.estimates.map((e) => [key(e), e]));
    const cases = ref.cases.filter((c) => c.design === 'clus1' && c.domain?.['stype'] && ((c.statistic === 'prop' && c.ci_method === 'beta') || (c.statistic === 'mean' && c.variable === 'api00' && c.df_rule === 'domain')));
    expect(cases.length).toBe(9);
    for (const c of cases) expectAsR(rows.get(key(c)), c, `cli ${key(c)}`);
    const bad = testEffects('/');
    expect(await main([...argv.slice(0, -3), '--df', 'satterthwaite', '--json'], bad)).toBe(2);
  });

  it('gives no interval where R gives NA: counties within one PSU (df 0), Woodruff outside [0,1], shares of 0 or 1', async () => {
    const r = await runEstimateCommand({ ...files.clus1, mean: ['api00'], prop: ['sch_wide'], quantile: ['api00:0.1', 'api00:0.5', 'api00:0.9'], by: ['cname'], ci: 'beta' });
    const rows = new Map(r.estimates.map((e) => [key(e), e]));
    const cases = ref.cases.filter((c) => c.domain?.['cname'] !== undefined);
    expect(cases.length).toBe(55);
    for (const c of cases) expectAsR(rows.get(key(c)), c, `clus1 ${key(c)}`);
    // the one-PSU counties: R's degf is 0, and the row says so
    const onePsu = cases.filter((c) => c.df === 0);
    expect(onePsu.length).toBeGreaterThan(10);
    for (const c of onePsu) expect(rows.get(key(c))).toMatchObject({ df: 0, ci_low: null, ci_high: null, note: 'domain lies within one PSU: no degrees of freedom' });
    // quantiles whose Woodruff interval leaves [0, 1] in a county that has df
    const woodruff = cases.filter((c) => c.statistic === 'quantile' && (c.df ?? 0) > 0 && c.ci_low === null);
    expect(woodruff.length).toBeGreaterThan(0);
    for (const c of woodruff) expect(rows.get(key(c))).toMatchObject({ ci_low: null, note: 'Woodruff interval outside [0,1]' });
  });
});

describe('estimateSurvey against R: region rows on the region df, Korn-Graubard by default, region vs province on the region df', () => {
  const table = apiTable();
  const run = (calibration: 'rake' | null, analysis: Partial<SurveyConfig['analysis']> = {}): SurveyEstimates => {
    const base = apiConfig(calibration);
    const config = { ...base, analysis: { ...base.analysis, ...analysis } };
    return estimateSurvey(table, weight(table, config, apiMargins), apiCodebook, config);
  };
  const raked = run('rake');
  const rows = new Map(raked.estimates.map((e) => [key(e), e]));

  it('uses the domain df and Korn-Graubard intervals by default (analysis.df "domain", analysis.ci "beta")', () => {
    expect(raked.design).toMatchObject({ df: 'domain', ci: 'beta' });
    const cases = ref.cases.filter(
      (c) =>
        c.design === 'rake' &&
        c.df_rule === 'domain' &&
        // the pipeline estimates medians (p = 0.5) only
        (c.statistic === 'mean' || c.statistic === 'total' || (c.statistic === 'prop' && c.ci_method === 'beta') || (c.statistic === 'quantile' && c.p === 0.5)),
    );
    let checked = 0;
    for (const c of cases) {
      expectAsR(rows.get(key(c)), c, `rake ${key(c)}`);
      checked++;
    }
    expect(checked).toBe(4 * 4 + 8 + 4);
  });

  it('follows analysis.df "design" and "inf" for means', () => {
    for (const rule of ['design', 'inf'] as const) {
      const other = new Map(run('rake', { df: rule }).estimates.map((e) => [key(e), e]));
      for (const c of ref.cases.filter((k) => k.design === 'rake' && k.df_rule === rule && k.statistic === 'mean')) expectAsR(other.get(key(c)), c, `rake ${key(c)} ${rule}`);
    }
  });

  for (const design of ['rake', 'clus1'] as const) {
    it(`tests each region against the province on the region's df, with the difference's interval (${design})`, () => {
      const result = design === 'rake' ? raked : run(null);
      let checked = 0;
      for (const c of ref.contrasts.filter((k) => k.design === design)) {
        const got = result.comparisons.find((k) => k.statistic === c.statistic && k.variable === c.variable && k.level === c.level && k.domain['stype'] === c.domain.stype);
        // a difference fixed by calibration has nothing to test
        if (!got) {
          expect(c.se, `${design} ${c.variable} ${c.level} ${c.domain.stype}`).toBeLessThan(1e-8 * Math.abs(c.difference) + 1e-12);
          continue;
        }
        const what = `${design} ${c.statistic} ${c.variable} ${c.level} ${c.domain.stype}`;
        expect(relDiff(got.difference, c.difference), what).toBeLessThan(1e-8);
        expect(relDiff(got.se, c.se), what).toBeLessThan(1e-8);
        expect(got.df, what).toBe(c.df);
        expect(relDiff(got.p_value!, c.p_value), `${what} p on the region's df`).toBeLessThan(1e-8);
        expect(relDiff(got.ci_low!, c.ci_low), what).toBeLessThan(1e-8);
        expect(relDiff(got.ci_high!, c.ci_high), what).toBeLessThan(1e-8);
        // the region's df is smaller than the design's: the test is more cautious
        expect(got.p_value!).toBeGreaterThanOrEqual(c.p_value_design_df * (1 - 1e-9));
        // the mark and the interval say the same thing
        if (got.significant) expect(got.ci_low! > 0 || got.ci_high! < 0, what).toBe(true);
        checked++;
      }
      expect(checked).toBeGreaterThan(3);
    });
  }

  it('discloses the design of the whole and of each region: n, PSUs, strata, df as R degf', () => {
    expect(raked.domains.map((d) => [d.domain?.['stype'] ?? 'all', d.df])).toEqual([
      ['all', ref.degf['rake']],
      ...['E', 'H', 'M'].map((s) => [s, ref.cases.find((c) => c.design === 'rake' && c.domain?.['stype'] === s)!.df]),
    ]);
    expect(raked.domains[0]).toMatchObject({ domain: null, n: 183, psus: 15, strata: 1 });
    expect(raked.domains.slice(1).reduce((n, d) => n + d.n, 0)).toBe(183);
  });

  it('records df, n_eff, rse, flags and reasons on every row, one reason per flag', () => {
    for (const e of raked.estimates) {
      expect(e.reasons.length).toBe(e.flags.length);
      expect(e.df === null || Number.isInteger(e.df)).toBe(true);
      if (e.ci_low === null) expect(e.note).toBeDefined();
      if (e.ci_low !== null) expect(e.ci_high! - e.ci_low).toBeGreaterThan(0);
    }
    // H has 8 PSUs in 1 "stratum" (df 7 < 8): every H row with an interval is flagged for review
    for (const e of raked.estimates.filter((k) => k.domain?.['stype'] === 'H' && k.ci_low !== null && !k.flags.includes('suppressed'))) expect(e.flags).toContain('review');
  });
});

describe('NCHS Data Presentation Standards for Proportions on constructed cases either side of each threshold (R)', () => {
  const rules = PresentationRules.parse({});
  for (const c of ref.nchs) {
    it(`p ${c.p}, se ${c.se.toFixed(5)}, n ${c.n}, df ${c.df}: ${c.suppressed ? 'suppressed' : c.review ? 'review' : 'presented'} (${c.step})`, () => {
      const ci = betaInterval(c.p, c.se, 0.95, c.df, c.rows);
      expect(relDiff(ci.low, c.ci_low)).toBeLessThan(1e-6);
      expect(relDiff(ci.high, c.ci_high)).toBeLessThan(1e-6);
      const interval = estimateInterval('prop', c.p, c.se, 0.95, c.df, { method: 'beta', rows: c.rows });
      const f = flagEstimate({ statistic: 'prop', estimate: c.p, se: c.se, n: c.n, deff: null, interval }, rules, 30);
      expect(relDiff(f.n_eff!, c.n_eff)).toBeLessThan(1e-9);
      expect(f.flags.includes('suppressed')).toBe(c.suppressed);
      expect(f.flags.includes('review')).toBe(c.review);
      const reason = f.reasons[0] ?? '';
      if (c.step === 'n_eff') expect(reason).toMatch(/^effective sample size \d+ < 30$/);
      if (c.step === 'width') expect(reason).toMatch(/^CI width 0\.\d\d >= 0\.30$/);
      if (c.step === 'relative') expect(reason).toMatch(/^relative CI width \d+% > 130%$/);
    });
  }

  it('flags means by RSE and df, suppresses what is not estimable, marks low bases', () => {
    const wald = (est: number, se: number, df: number) => estimateInterval('wald', est, se, 0.95, df);
    const flag = (est: number, se: number, n: number, df: number) => flagEstimate({ statistic: 'mean', estimate: est, se, n, deff: 2, interval: wald(est, se, df) }, rules, 30);
    expect(flag(100, 29, 200, 20)).toEqual({ n_eff: 100, rse: 0.29, flags: [], reasons: [] });
    expect(flag(100, 31, 200, 20)).toEqual({ n_eff: 100, rse: 0.31, flags: ['review'], reasons: ['RSE 31% > 30%'] });
    expect(flag(100, 10, 200, 7).flags).toEqual(['review']);
    expect(flag(100, 10, 20, 20)).toMatchObject({ flags: ['low_base'], reasons: ['n 20 < 30'] });
    expect(flag(100, 10, 200, 0)).toMatchObject({ flags: ['suppressed'], reasons: ['not estimable: domain lies within one PSU: no degrees of freedom'] });
    // a share of 0: no interval (R's beta is NaN), presented with a review flag when the base is large enough
    const zero = estimateInterval('prop', 0, 0, 0.95, 20, { method: 'beta', rows: 200 });
    expect(zero).toMatchObject({ ci_low: null, ci_high: null, df: 20, note: 'proportion of 0 or 1: interval not estimable' });
    expect(flagEstimate({ statistic: 'prop', estimate: 0, se: 0, n: 200, deff: null, interval: zero }, rules, 30)).toMatchObject({ n_eff: 200, flags: ['review'] });
    expect(flagEstimate({ statistic: 'prop', estimate: 0, se: 0, n: 20, deff: null, interval: zero }, rules, 30).flags).toEqual(['suppressed']);
  });
});
