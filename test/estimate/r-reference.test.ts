/**
 * Every number in test/fixtures/r/reference.json (R survey 4.1.1, script reference.R beside it) recomputed
 * with thinktank's engine: to relative 1e-6 for estimates, SEs, intervals and design effects.
 */
import { describe, expect, it } from 'vitest';
import { logitInterval } from '../../pipeline/estimate/confidence-interval.js';
import { degreesOfFreedom } from '../../pipeline/estimate/design-variance.js';
import { estimateCrosstab } from '../../pipeline/estimate/estimate-crosstab.js';
import { domainMeanContrast, estimateDomainMeans } from '../../pipeline/estimate/estimate-domain-means.js';
import { estimateQuantile } from '../../pipeline/estimate/estimate-quantile.js';
import { estimateMean, estimateRatio, estimateTotal } from '../../pipeline/estimate/linear-estimates.js';
import { toKeyColumn } from '../../pipeline/weight/build-design.js';
import { designFor } from './r-designs.js';
import { dataOf, num, reference, relDiff, txt, type RCase } from './r-fixtures.js';

const TOL = 1e-6;
const stypes = ['E', 'H', 'M'];

/** Compares one number with R's: relative 1e-6; an R value that is rounding noise next to `scale` must be noise here too. */
function close(got: number, want: number | null, scale: number, what: string): void {
  if (want === null) {
    expect(got, `${what}: R gives NA`).toBeNaN();
    return;
  }
  if (Math.abs(want) < 1e-9 * Math.abs(scale)) {
    expect(Math.abs(got), `${what}: R's value is rounding noise`).toBeLessThan(1e-9 * Math.abs(scale));
    return;
  }
  expect(relDiff(got, want), `${what}: got ${got}, R ${want}`).toBeLessThan(TOL);
}

function domainMask(c: RCase): Uint8Array | null {
  if (!c.domain) return null;
  return Uint8Array.from(txt(dataOf(c.design), 'stype'), (s) => (s === c.domain!.stype ? 1 : 0));
}

function describeCase(c: RCase): string {
  return `${c.design}/${c.lonely_psu} ${c.statistic} ${c.variable}${c.level ? `=${c.level}` : ''}${c.domain ? ` in ${c.domain.stype}` : ''}${c.p ? ` p=${c.p}` : ''}`;
}

/** 0/1 (NaN missing) indicator of a proportion case. */
function indicatorOf(c: RCase): Float64Array {
  const data = dataOf(c.design);
  if (c.variable === 'multi') return Float64Array.from(txt(data, 'multi'), (v) => (v === null ? Number.NaN : v.split(';').includes(c.level!) ? 1 : 0));
  if (c.level === 'top2') return Float64Array.from(num(data, 'grade'), (v) => (v >= 4 ? 1 : 0));
  return Float64Array.from(txt(data, c.variable), (v) => (v === null ? Number.NaN : v === c.level ? 1 : 0));
}

const emptyDomain = (c: RCase) => c.statistic === 'mean' && c.domain !== null && c.variable === 'acs_k3' && c.domain.stype !== 'E';

describe('agreement with R survey 4.1.1', () => {
  const byStatistic = (s: RCase['statistic']) => reference.cases.filter((c) => c.statistic === s);

  it('reads the reference (R version, every design, hundreds of cases)', () => {
    expect(reference.source).toMatch(/^R survey package 4\.1\.1/);
    expect(reference.cases.length).toBeGreaterThan(800);
  });

  it('means and totals, overall and by domain, with deff (row-level influence functions)', () => {
    let checked = 0;
    for (const c of [...byStatistic('mean'), ...byStatistic('total')]) {
      if (emptyDomain(c)) continue;
      const design = designFor(c.design, c.lonely_psu);
      const x = num(dataOf(c.design), c.variable);
      const r = c.statistic === 'mean' ? estimateMean(design, x, domainMask(c)) : estimateTotal(design, x, domainMask(c));
      const what = describeCase(c);
      close(r.estimate, c.estimate, r.estimate, `${what} estimate`);
      close(r.se, c.se, r.estimate, `${what} se`);
      if (c.ci_low !== null) close(r.estimate - 1.959963984540054 * r.se, c.ci_low, r.estimate, `${what} ci`);
      if (c.deff !== null) close(r.deff, c.deff, 1, `${what} deff`);
      if (c.deff_replace != null) close(r.deffReplace, c.deff_replace, 1, `${what} deff replace`);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('means and totals by domain from the one-pass domain kernel', () => {
    const vars = ['api00', 'enroll', 'acs_k3', 'avg_ed', 'grade', 'api00_na'];
    let checked = 0;
    const groups = new Map<string, RCase[]>();
    for (const c of [...byStatistic('mean'), ...byStatistic('total')]) {
      const key = `${c.design}/${c.lonely_psu}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    for (const [key, cases] of groups) {
      const [name, lonely] = key.split('/') as [string, RCase['lonely_psu']];
      const data = dataOf(name);
      const design = designFor(name, lonely);
      const domain = { codes: Int32Array.from(txt(data, 'stype'), (s) => stypes.indexOf(s!)), count: 3 };
      const r = estimateDomainMeans(design, vars.map((v) => num(data, v)), domain, { deff: true });
      for (const c of cases) {
        const at = (c.domain ? stypes.indexOf(c.domain.stype) : 3) * vars.length + vars.indexOf(c.variable);
        const what = `kernel ${describeCase(c)}`;
        if (emptyDomain(c)) {
          expect(r.n[at]).toBe(0);
          expect(r.mean[at]).toBeNaN();
          continue;
        }
        const est = c.statistic === 'mean' ? r.mean[at]! : r.total[at]!;
        close(est, c.estimate, est, `${what} estimate`);
        close(c.statistic === 'mean' ? r.meanSe[at]! : r.totalSe[at]!, c.se, est, `${what} se`);
        if (c.deff !== null) close(c.statistic === 'mean' ? r.deff![at]! : r.totalDeff![at]!, c.deff, 1, `${what} deff`);
        if (c.deff_replace != null) close(r.deffReplace![at]!, c.deff_replace, 1, `${what} deff replace`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('proportions with deff, and svyciprop logit intervals with their degrees of freedom', () => {
    let intervals = 0;
    for (const c of byStatistic('prop')) {
      const design = designFor(c.design, c.lonely_psu);
      const mask = domainMask(c);
      const m = estimateMean(design, indicatorOf(c), mask);
      const what = describeCase(c);
      close(m.estimate, c.estimate, 1, `${what} estimate`);
      close(m.se, c.se, 1, `${what} se`);
      if (c.deff !== null) close(m.deff, c.deff, 1, `${what} deff`);
      if (c.df !== null) {
        const df = degreesOfFreedom(design, mask);
        expect(df, `${what} df`).toBe(c.df);
        const ci = logitInterval(m.estimate, m.se, 0.95, df);
        close(ci.low, c.ci_low, 1, `${what} ci_low`);
        close(ci.high, c.ci_high, 1, `${what} ci_high`);
        intervals++;
      }
    }
    expect(intervals).toBeGreaterThan(100);
  });

  it('quantiles (qrule "math", Woodruff intervals) overall and by domain', () => {
    const cases = byStatistic('quantile');
    expect(cases.length).toBeGreaterThan(70);
    for (const c of cases) {
      const q = estimateQuantile(designFor(c.design, c.lonely_psu), num(dataOf(c.design), c.variable), c.p!, domainMask(c), { level: 0.95 });
      const what = describeCase(c);
      close(q.estimate, c.estimate, q.estimate, `${what} estimate`);
      close(q.se, c.se, q.estimate, `${what} se`);
      close(q.low, c.ci_low, q.estimate, `${what} ci_low`);
      close(q.high, c.ci_high, q.estimate, `${what} ci_high`);
    }
  });

  it('ratios (svyratio) overall and by domain', () => {
    const cases = byStatistic('ratio');
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) {
      const data = dataOf(c.design);
      const r = estimateRatio(designFor(c.design, c.lonely_psu), num(data, c.variable), num(data, c.denominator!), domainMask(c));
      close(r.estimate, c.estimate, r.estimate, `${describeCase(c)} estimate`);
      close(r.se, c.se, r.estimate, `${describeCase(c)} se`);
    }
  });

  it('domain minus whole and domain minus domain, with the full covariance (svytotal + svycontrast)', () => {
    for (const c of reference.contrasts) {
      const data = dataOf(c.design);
      const design = designFor(c.design);
      const x = c.statistic === 'mean' ? num(data, 'api00') : Float64Array.from(txt(data, 'sch_wide'), (v) => (v === c.level ? 1 : 0));
      const domain = { codes: Int32Array.from(txt(data, 'stype'), (s) => stypes.indexOf(s!)), count: 3 };
      const r = estimateDomainMeans(design, [x], domain);
      const versus = c.versus === 'all' ? 'all' : stypes.indexOf(c.versus);
      const got = domainMeanContrast(design, r, 0, stypes.indexOf(c.domain.stype), versus);
      const what = `${c.design} ${c.variable} ${c.domain.stype} - ${c.versus}`;
      close(got.difference, c.difference, c.difference, `${what} difference`);
      close(got.se, c.se, c.difference, `${what} se`);
      expect(degreesOfFreedom(design)).toBe(c.df);
    }
    // for the stratified design, svyby(covmat=TRUE) + svycontrast gives the same E - H
    const check = reference.svyby_contrast_check;
    const design = designFor('strat');
    const data = dataOf('strat');
    const r = estimateDomainMeans(design, [num(data, 'api00')], { codes: Int32Array.from(txt(data, 'stype'), (s) => stypes.indexOf(s!)), count: 3 });
    const got = domainMeanContrast(design, r, 0, 0, 1);
    close(got.difference, check.difference, 1, 'svyby contrast');
    close(got.se, check.se, 1, 'svyby contrast se');
  });

  it('Rao-Scott F tests (svychisq default) and the Pearson X^2 they correct', () => {
    for (const c of reference.chisq) {
      const data = dataOf(c.design);
      const t = estimateCrosstab(designFor(c.design), toKeyColumn(txt(data, c.row)).codes, toKeyColumn(txt(data, c.column)).codes);
      const what = `${c.design} ${c.row} x ${c.column}`;
      close(t.chisq, c.chisq, c.chisq, `${what} X2`);
      if (c.design === 'poststratify' && c.row === 'sch_wide' && c.column === 'stype') {
        // both variables are the post-strata: the design variance of the table is zero, F is rounding noise in both
        expect(t.pValue).toBeLessThan(1e-100);
        expect(c.p_value).toBeLessThan(1e-100);
        continue;
      }
      close(t.f, c.f, c.f, `${what} F`);
      close(t.df1, c.df1, c.df1, `${what} df1`);
      close(t.df2, c.df2, c.df2, `${what} df2`);
      close(t.pValue, c.p_value, c.p_value, `${what} p`);
    }
  });

  it('design degrees of freedom', () => {
    for (const [name, df] of Object.entries(reference.degf)) expect(degreesOfFreedom(designFor(name)), name).toBe(df);
  });
});
