/** Laws that hold for any design: weights' scale, row order and how rows are split into files do not matter. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateDomainMeans } from '../../pipeline/estimate/estimate-domain-means.js';
import { estimateQuantile } from '../../pipeline/estimate/estimate-quantile.js';
import { estimateMean } from '../../pipeline/estimate/linear-estimates.js';
import { buildDesign, toKeyColumn } from '../../pipeline/weight/build-design.js';
import type { Design } from '../../schemas/design.js';
import type { LonelyPsu } from '../../schemas/survey.js';

interface Row {
  stratum: number;
  cluster: number;
  weight: number;
  x: number;
  domain: number;
}

const row = fc.record({
  stratum: fc.integer({ min: 0, max: 3 }),
  cluster: fc.integer({ min: 0, max: 4 }),
  weight: fc.double({ min: 0.5, max: 50, noNaN: true }),
  // about one value in eight missing
  x: fc.oneof({ weight: 7, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(Number.NaN) }),
  domain: fc.integer({ min: -1, max: 2 }),
});
const sample = fc.array(row, { minLength: 12, maxLength: 60 });
const lonely = fc.constantFrom<LonelyPsu>('adjust', 'remove', 'certainty', 'average');

function designOf(rows: Row[], lonelyPsu: LonelyPsu, scale = 1): Design {
  return buildDesign({
    rowCount: rows.length,
    weights: Float64Array.from(rows, (r) => r.weight * scale),
    strata: toKeyColumn(rows.map((r) => `s${r.stratum}`)),
    cluster: toKeyColumn(rows.map((r) => `c${r.cluster}`)),
    fpc: null,
    lonelyPsu,
    source: { weights: 'w', strata: 's', cluster: 'c', fpc: null },
  });
}

/** Every mean and SE (overall and by domain), and the median, as one list. */
function summary(rows: Row[], lonelyPsu: LonelyPsu, scale = 1): number[] {
  const design = designOf(rows, lonelyPsu, scale);
  const x = Float64Array.from(rows, (r) => r.x);
  const r = estimateDomainMeans(design, [x], { codes: Int32Array.from(rows, (r) => r.domain), count: 3 });
  const q = estimateQuantile(design, x, 0.5, null, { level: 0.95 });
  return [...r.mean, ...r.meanSe, ...r.n, q.estimate];
}

function expectSame(a: number[], b: number[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    if (Number.isNaN(v)) expect(b[i]).toBeNaN();
    else expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
  });
}

const enoughPsus = (rows: Row[]) => new Set(rows.map((r) => `${r.stratum}/${r.cluster}`)).size >= 2;

describe('properties of the estimates', () => {
  it('scaling every weight leaves means and their SEs unchanged', () => {
    fc.assert(
      fc.property(sample.filter(enoughPsus), lonely, fc.double({ min: 0.01, max: 1000, noNaN: true }), (rows, mode, c) => {
        expectSame(summary(rows, mode), summary(rows, mode, c));
      }),
      { numRuns: 150, seed: 1 },
    );
  });

  it('permuting the rows changes nothing', () => {
    fc.assert(
      fc.property(sample.filter(enoughPsus), lonely, fc.integer(), (rows, mode, seed) => {
        const shuffled = rows
          .map((r, i) => ({ r, k: Math.sin(seed + i * 12.9898) }))
          .sort((a, b) => a.k - b.k)
          .map((e) => e.r);
        expectSame(summary(rows, mode), summary(shuffled, mode));
      }),
      { numRuns: 150, seed: 2 },
    );
  });

  it("splitting a stratum's rows across two files (read one after the other) changes nothing", () => {
    fc.assert(
      fc.property(sample.filter(enoughPsus), lonely, fc.integer({ min: 0, max: 3 }), (rows, mode, h) => {
        // file 1: every other row of stratum h; file 2: the rest of the sample and the other rows of h
        const inH = rows.filter((r) => r.stratum === h);
        const first = inH.filter((_, i) => i % 2 === 0);
        const second = [...rows.filter((r) => r.stratum !== h), ...inH.filter((_, i) => i % 2 === 1)];
        expectSame(summary(rows, mode), summary([...second, ...first], mode));
      }),
      { numRuns: 150, seed: 3 },
    );
  });

  it('the domain kernel and row-level influence functions agree', () => {
    fc.assert(
      fc.property(sample.filter(enoughPsus), lonely, (rows, mode) => {
        const design = designOf(rows, mode);
        const x = Float64Array.from(rows, (r) => r.x);
        const codes = Int32Array.from(rows, (r) => r.domain);
        const k = estimateDomainMeans(design, [x], { codes, count: 3 });
        for (let d = 0; d <= 3; d++) {
          const mask = d === 3 ? null : Uint8Array.from(codes, (c) => (c === d ? 1 : 0));
          const m = estimateMean(design, x, mask);
          expectSame([k.mean[d]!, k.meanSe[d]!, k.n[d]!], [m.estimate, m.se, m.n]);
        }
      }),
      { numRuns: 150, seed: 4 },
    );
  });
});
