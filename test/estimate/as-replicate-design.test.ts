/**
 * Replicate weights made from a design (R as.svrepdesign): JK1 and JKn equal R's own, column for column;
 * bootstrap replicates are seeded (R's draws come from R's RNG, so only their law is checked).
 */
import { describe, expect, it } from 'vitest';
import { asReplicateDesign } from '../../pipeline/estimate/as-replicate-design.js';
import { estimateMean } from '../../pipeline/estimate/linear-estimates.js';
import { buildDesign, toKeyColumn } from '../../pipeline/weight/build-design.js';
import type { Design } from '../../schemas/design.js';
import { advancedMade } from './advanced-fixtures.js';
import { num, readFixtureCsv, txt } from './r-fixtures.js';

function designOf(file: string, spec: { cluster?: string; strata?: string }): Design {
  const data = readFixtureCsv(file);
  return buildDesign({
    rowCount: data.rowCount,
    weights: num(data, 'pw'),
    strata: spec.strata ? toKeyColumn(txt(data, spec.strata)) : null,
    cluster: spec.cluster ? toKeyColumn(Array.from(num(data, spec.cluster))) : null,
    fpc: num(data, 'fpc'),
    lonelyPsu: 'adjust',
    source: { weights: 'pw', strata: spec.strata ?? null, cluster: spec.cluster ?? null, fpc: 'fpc' },
  });
}

describe('as.svrepdesign', () => {
  it.each([
    ['JK1', 'rep-jk1.csv', { cluster: 'dnum' }, 'jk1'],
    ['JKn', 'rep-jkn.csv', { strata: 'stype' }, 'jkn'],
  ] as const)('%s: the same replicate weights, scale and rscales as R', (type, file, spec, key) => {
    const made = advancedMade[key];
    const rep = asReplicateDesign(designOf(file, spec), { type }).replicates!;
    expect(rep.weights.length).toBe(made.weights[0]!.length);
    expect(rep.scale).toBeCloseTo(made.scale, 12);
    const rscales = Array.isArray(made.rscales) ? made.rscales : [made.rscales];
    rep.rscales.forEach((v, r) => expect(v).toBeCloseTo(rscales[r] ?? rscales[0]!, 12));
    made.weights.forEach((row, i) => row.forEach((w, r) => expect(rep.weights[r]![i]!, `row ${i} replicate ${r}`).toBeCloseTo(w, 9)));
  });

  it('bootstrap: seeded, reproducible, factors with mean 1 per replicate stratum-wise, R scale', () => {
    const design = designOf('rep-jk1.csv', { cluster: 'dnum' });
    const a = asReplicateDesign(design, { type: 'bootstrap', replicates: 20, seed: 7 }).replicates!;
    const b = asReplicateDesign(design, { type: 'bootstrap', replicates: 20, seed: 7 }).replicates!;
    const c = asReplicateDesign(design, { type: 'bootstrap', replicates: 20, seed: 8 }).replicates!;
    expect(a.weights).toEqual(b.weights);
    expect(a.weights).not.toEqual(c.weights);
    // 15 PSUs: each replicate draws 14 with replacement, factors n / (n - 1) per draw, so they sum to n over PSUs
    const psus = 15;
    expect(a.scale).toBeCloseTo(psus / ((psus - 1) * 19), 12);
    const seen = new Set<number>();
    for (const w of a.weights) for (let i = 0; i < w.length; i++) seen.add(Math.round((w[i]! / design.weights[i]!) * (psus - 1)));
    for (const k of seen) expect(k % psus).toBe(0);
    // the SE is in the neighbourhood of the linearised one
    const api00 = num(readFixtureCsv('rep-jk1.csv'), 'api00');
    const boot = estimateMean({ ...design, replicates: a }, api00);
    const lin = estimateMean(design, api00);
    expect(boot.estimate).toBeCloseTo(lin.estimate, 9);
    expect(boot.se / lin.se).toBeGreaterThan(0.5);
    expect(boot.se / lin.se).toBeLessThan(2);
  });
});
