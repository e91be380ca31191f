import { describe, expect, it } from 'vitest';
import { adjustPValues } from '../../pipeline/estimate/adjust-p-values.js';
import { logitInterval, waldInterval, wilsonInterval } from '../../pipeline/estimate/confidence-interval.js';
import { psuVariance } from '../../pipeline/estimate/design-variance.js';
import { estimateDomainMeans } from '../../pipeline/estimate/estimate-domain-means.js';
import { estimateSurvey } from '../../pipeline/estimate/estimate-survey.js';
import { estimateQuantile } from '../../pipeline/estimate/estimate-quantile.js';
import { estimateMean, estimateTotal } from '../../pipeline/estimate/linear-estimates.js';
import { InputError } from '../../pipeline/errors.js';
import { buildDesign, toKeyColumn } from '../../pipeline/weight/build-design.js';
import { weight } from '../../pipeline/weight/weight.js';
import type { LonelyPsu } from '../../schemas/survey.js';
import { apiCodebook, apiConfig, apiTable } from './api-survey.js';
import { reference } from './r-fixtures.js';

const source = { weights: 'w', strata: 's', cluster: null, fpc: null };

/** Strata a (3 rows), b (2 rows) and c (1 row: a lonely PSU); each row is its own PSU. */
function smallDesign(lonelyPsu: LonelyPsu) {
  return buildDesign({
    rowCount: 6,
    weights: Float64Array.of(1, 2, 3, 1, 2, 4),
    strata: toKeyColumn(['a', 'a', 'a', 'b', 'b', 'c']),
    cluster: null,
    fpc: null,
    lonelyPsu,
    source,
  });
}
const x = Float64Array.of(1, 2, 3, 4, 5, 6);

describe('edge cases', () => {
  it('an empty domain gives no mean (NaN) and a zero total, and n = 0', () => {
    const design = smallDesign('adjust');
    const r = estimateDomainMeans(design, [x], { codes: Int32Array.of(0, 0, 0, 0, 0, 0), count: 2 });
    expect(r.n[1]).toBe(0);
    expect(r.mean[1]).toBeNaN();
    expect(r.meanSe[1]).toBeNaN();
    expect(r.total[1]).toBe(0);
    expect(r.totalSe[1]).toBe(0);
    expect(estimateMean(design, x, new Uint8Array(6)).estimate).toBeNaN();
    expect(estimateQuantile(design, x, 0.5, new Uint8Array(6), { level: 0.95 })).toMatchObject({ n: 0, estimate: Number.NaN });
  });

  it('an all-missing variable gives NaN, and the survey stage leaves it out', () => {
    const design = smallDesign('adjust');
    const missing = new Float64Array(6).fill(Number.NaN);
    expect(estimateMean(design, missing)).toMatchObject({ n: 0, estimate: Number.NaN });
    expect(estimateTotal(design, missing)).toMatchObject({ n: 0, estimate: 0, se: 0 });
    const table = apiTable();
    const empty = { ...table, columns: new Map(table.columns).set('acs_k3', { kind: 'number' as const, values: new Float64Array(table.rowCount).fill(Number.NaN) }) };
    const config = apiConfig(null);
    const result = estimateSurvey(empty, weight(empty, config, null), apiCodebook, config);
    expect(result.estimates.filter((e) => e.variable === 'acs_k3')).toEqual([]);
  });

  it('a stratum with a single PSU: "adjust" centres it at zero, "remove"/"certainty" drop it, "average" scales', () => {
    const z = Float64Array.of(1, -2, 0.5, 3, -1, 2); // PSU totals, PSUs in stratum order a a a b b c
    const mean = (1 - 2 + 0.5) / 3;
    const partA = (((1 - mean) ** 2 + (-2 - mean) ** 2 + (0.5 - mean) ** 2) * 3) / 2; // n/(n-1) sum of squares
    const partB = ((3 - 1) ** 2 + (-1 - 1) ** 2) * 2;
    expect(psuVariance(smallDesign('adjust'), z)).toBeCloseTo(partA + partB + 4, 12);
    expect(psuVariance(smallDesign('remove'), z)).toBeCloseTo(partA + partB, 12);
    expect(psuVariance(smallDesign('certainty'), z)).toBeCloseTo(partA + partB, 12);
    expect(psuVariance(smallDesign('average'), z)).toBeCloseTo(((partA + partB) * 3) / 2, 12);
    expect(() => smallDesign('fail')).toThrow(InputError);
    // and R agrees on a real design with 13 single-PSU counties (see r-reference.test.ts, design "lonely")
    expect(reference.cases.filter((c) => c.design === 'lonely').length).toBeGreaterThan(50);
  });

  it('reports single-PSU strata in the weighting diagnostics', () => {
    const table = apiTable();
    const config = { ...apiConfig(null), design: { ...apiConfig(null).design, strata: 'stype', cluster: 'dnum' } };
    // strata by school type; one-stage clusters (districts) nested within them
    const w = weight(table, config, null);
    expect(w.diagnostics.lonely_strata).toEqual([]);
    const one = { ...config, design: { ...config.design, strata: 'cds' } };
    expect(weight(table, one, null).diagnostics.lonely_strata).toHaveLength(183);
  });

  it('rows with zero weight do not count in n or the degrees of freedom', () => {
    const design = buildDesign({ rowCount: 4, weights: Float64Array.of(1, 0, 2, 3), strata: null, cluster: null, fpc: null, lonelyPsu: 'adjust', source });
    const m = estimateMean(design, Float64Array.of(1, 100, 3, 5));
    expect(m.n).toBe(3);
    expect(m.estimate).toBeCloseTo((1 + 6 + 15) / 6, 12);
  });

  it('intervals: Wald, logit (degenerate proportions give the point), Wilson, and NaN without df', () => {
    const wald = waldInterval(10, 2, 0.95);
    expect(wald.low).toBeCloseTo(10 - 1.959963984540054 * 2, 12);
    expect(wald.high).toBeCloseTo(10 + 1.959963984540054 * 2, 12);
    expect(logitInterval(0, 0, 0.95, 10)).toEqual({ low: 0, high: 0 });
    expect(logitInterval(1, 0.01, 0.95, 10)).toEqual({ low: 1, high: 1 });
    expect(logitInterval(0.3, 0.05, 0.95, 0).low).toBeNaN();
    // Wilson with n_eff = n reproduces the textbook interval (p = 0.3, n = 100, z = 1.96 at df = Infinity)
    const w = wilsonInterval(0.3, Math.sqrt(0.3 * 0.7 / 100), 0.95, Infinity);
    const z = 1.959963984540054;
    const centre = (0.3 + (z * z) / 200) / (1 + (z * z) / 100);
    const half = (z / (1 + (z * z) / 100)) * Math.sqrt((0.3 * 0.7) / 100 + (z * z) / 40000);
    expect(w.low).toBeCloseTo(centre - half, 14);
    expect(w.high).toBeCloseTo(centre + half, 14);
  });

  it('adjusts p-values as R p.adjust (BH, Bonferroni)', () => {
    const { p, bh, bonferroni } = reference.p_adjust;
    adjustPValues(p, 'bh').forEach((v, i) => expect(v).toBeCloseTo(bh[i]!, 12));
    adjustPValues(p, 'bonferroni').forEach((v, i) => expect(v).toBeCloseTo(bonferroni[i]!, 12));
    expect(adjustPValues(p, 'none')).toEqual(p);
    expect(adjustPValues([0.01, Number.NaN], 'bh')).toEqual([0.01, Number.NaN]);
  });
});
