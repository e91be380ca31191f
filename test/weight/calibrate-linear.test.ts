/**
 * calibrate() with calfun linear (GREG), raking and logit, with and without bounds, and trimWeights(), through
 * the weight stage (calibration.method in survey.json), against R (test/fixtures/r/advanced.json, "calibration"):
 * the weights, and means, totals and proportions overall and by stype with their linearised SEs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateMean, estimateTotal } from '../../pipeline/estimate/linear-estimates.js';
import { trimWeights } from '../../pipeline/weight/calibrate-linear.js';
import { weight } from '../../pipeline/weight/weight.js';
import type { SurveyConfig } from '../../schemas/survey.js';
import { apiConfig, apiTable } from '../estimate/api-survey.js';
import { apiMargins } from '../estimate/r-designs.js';
import { apiclus1, fixtureDir, num, relDiff, txt } from '../estimate/r-fixtures.js';

interface CalCase {
  name: string;
  config: { method: 'linear' | 'raking' | 'logit'; bounds?: { lower: number; upper: number }; trim_weights?: { lower: number; upper: number } };
  weights: number[];
  rows: { statistic: string; variable: string; level?: string; domain?: { stype: string }; estimate: number; se: number }[];
}
const reference: { calibration: { cases: CalCase[]; replicates: (Omit<CalCase, 'config' | 'weights'> & { make: 'JK1'; method: 'linear' | 'raking' | 'rake' })[] } } = JSON.parse(readFileSync(path.join(fixtureDir, 'advanced.json'), 'utf8'));

describe('calibrate() and trimWeights() as R survey 4.1.1', () => {
  const stype = txt(apiclus1, 'stype');
  const values: Record<string, Float64Array> = {
    api00: num(apiclus1, 'api00'),
    enroll: num(apiclus1, 'enroll'),
    sch_wide: Float64Array.from(txt(apiclus1, 'sch_wide'), (v) => (v === 'Yes' ? 1 : 0)),
  };
  /** Our estimate of one row of R's table: a mean, total or share (of sch_wide), overall or within an stype. */
  const estimateRow = (design: ReturnType<typeof weight>['design'], row: CalCase['rows'][number]) => {
    const mask = row.domain ? Uint8Array.from(stype, (s) => (s === row.domain!.stype ? 1 : 0)) : null;
    const x = row.statistic === 'prop' ? Float64Array.from(values.sch_wide!, (v) => (row.level === 'Yes' ? v : 1 - v)) : values[row.variable]!;
    return row.statistic === 'total' ? estimateTotal(design, x, mask) : estimateMean(design, x, mask);
  };

  for (const c of reference.calibration.cases) {
    it(`${c.name}: weights, estimates and SEs to 1e-6`, () => {
      const config = apiConfig('rake', { ...c.config, tolerance: 1e-13, max_iterations: 200 } as Partial<SurveyConfig['calibration']>);
      const { design, diagnostics } = weight(apiTable(), config, apiMargins);
      expect(diagnostics.method).toBe(c.config.method);
      expect(diagnostics.converged).toBe(true);
      c.weights.forEach((w, i) => expect(relDiff(design.weights[i]!, w), `weight ${i}`).toBeLessThan(1e-6));
      if (c.config.trim_weights) expect(diagnostics.trimmed).toBeGreaterThan(0);
      for (const row of c.rows) {
        const r = estimateRow(design, row);
        const what = `${c.name} ${row.statistic} ${row.variable} ${row.level ?? ''} ${row.domain?.stype ?? 'all'}`;
        expect(relDiff(r.estimate, row.estimate), `${what} estimate`).toBeLessThan(1e-6);
        // a calibrated margin's share has no sampling error: both SEs are rounding noise there
        if (row.se < 1e-9 * Math.abs(row.estimate)) expect(r.se, `${what} se is noise`).toBeLessThan(1e-9 * Math.abs(row.estimate));
        else expect(relDiff(r.se, row.se), `${what} se: got ${r.se}, R ${row.se}`).toBeLessThan(1e-6);
      }
    });
  }

  for (const c of reference.calibration.replicates) {
    it(`replicate weights made from the design (JK1) and calibrated (${c.method}): every replicate recalibrated, SEs as R`, () => {
      const config = apiConfig('rake', { method: c.method, tolerance: 1e-13, max_iterations: 200 });
      const { design } = weight(apiTable(), { ...config, design: { ...config.design, replicates: { make: c.make, replicates: 50, seed: 1 } } }, apiMargins);
      expect(design.replicates?.weights).toHaveLength(15);
      for (const row of c.rows) {
        const r = estimateRow(design, row);
        const what = `${c.name} ${row.statistic} ${row.variable} ${row.level ?? ''} ${row.domain?.stype ?? 'all'}`;
        expect(relDiff(r.estimate, row.estimate), `${what} estimate`).toBeLessThan(1e-6);
        if (row.se < 1e-9 * Math.abs(row.estimate)) expect(r.se, `${what} se is noise`).toBeLessThan(1e-7 * Math.abs(row.estimate));
        else expect(relDiff(r.se, row.se), `${what} se: got ${r.se}, R ${row.se}`).toBeLessThan(1e-6);
      }
    });
  }

  it('trimWeights moves the excess to the weights inside the bounds, in equal shares (R strict = FALSE)', () => {
    const { weights, trimmed } = trimWeights(Float64Array.from([1, 5, 10, 20]), 2, 12);
    expect(trimmed).toBe(2);
    // cut: (1 - 2) + (20 - 12) = 7, shared by the two weights inside (which may then pass a bound, as in R)
    expect([...weights]).toEqual([2, 8.5, 13.5, 12]);
    expect(weights.reduce((a, b) => a + b, 0)).toBe(36);
  });
});
