/** The kernel's shortcuts give exactly the numbers of the plain computations they replace. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateDomainMeans, type DomainItem } from '../../pipeline/estimate/estimate-domain-means.js';
import { estimateDomainQuantiles, estimateQuantile, type QuantileOptions } from '../../pipeline/estimate/estimate-quantile.js';
import { buildDesign, toKeyColumn } from '../../pipeline/weight/build-design.js';
import type { Design } from '../../schemas/design.js';
import { designFor } from './r-designs.js';
import { dataOf, num, txt } from './r-fixtures.js';

/** Explicit 0/1 arrays (NaN where the code is missing) of each level. */
function explicit(codes: Int32Array, levels: number): Float64Array[] {
  return Array.from({ length: levels }, (_, l) => Float64Array.from(codes, (c) => (c < 0 ? Number.NaN : c === l ? 1 : 0)));
}

function sameArrays(a: Float64Array | null, b: Float64Array | null): void {
  expect(a === null).toBe(b === null);
  if (!a || !b) return;
  // Object.is: bit-for-bit up to NaN payloads
  expect(Array.from(a).map((v, i) => Object.is(v, b[i]!) || `${i}: ${v} vs ${b[i]}`).filter((v) => v !== true)).toEqual([]);
}

function compareKernel(design: Design, items: DomainItem[], plain: Float64Array[], domain: { codes: Int32Array; count: number } | null): void {
  const a = estimateDomainMeans(design, items, domain, { deff: true });
  const b = estimateDomainMeans(design, plain, domain, { deff: true });
  for (const key of ['mean', 'meanSe', 'total', 'totalSe', 'weightSum', 'n', 'deff', 'deffReplace', 'totalDeff'] as const) sameArrays(a[key], b[key]);
  sameArrays(a.state.acc, b.state.acc);
  a.state.calib.forEach((c, j) => sameArrays(c, b.state.calib[j]!));
}

const apiDomain = (design: string) => {
  const stypes = ['E', 'H', 'M'];
  return { codes: Int32Array.from(txt(dataOf(design), 'stype'), (s) => stypes.indexOf(s!)), count: 3 };
};

describe('indicator items', () => {
  it('equal explicit 0/1 arrays, mixed with numeric items, on a raked design', () => {
    const design = designFor('rake');
    const data = dataOf('rake');
    const both = txt(data, 'both');
    const codes = Int32Array.from(both, (v, i) => (i % 7 === 0 ? -1 : v === 'Yes' ? 1 : v === 'No' ? 0 : -1));
    const x = num(data, 'api00');
    const items: DomainItem[] = [x, { codes, level: 0 }, { codes, level: 1 }, { codes, level: 2 }];
    const plain = [x, ...explicit(codes, 3)];
    compareKernel(design, items, plain, apiDomain('rake'));
    compareKernel(design, items, plain, null);
  });

  it('equal explicit arrays on random stratified cluster samples', () => {
    const row = fc.record({
      stratum: fc.integer({ min: 0, max: 3 }),
      cluster: fc.integer({ min: 0, max: 4 }),
      weight: fc.double({ min: 0.5, max: 50, noNaN: true }),
      code: fc.integer({ min: -1, max: 3 }),
      domain: fc.integer({ min: -1, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 8, maxLength: 50 }), (rows) => {
        const design = buildDesign({
          rowCount: rows.length,
          weights: Float64Array.from(rows, (r) => r.weight),
          strata: toKeyColumn(rows.map((r) => `s${r.stratum}`)),
          cluster: toKeyColumn(rows.map((r) => `c${r.cluster}`)),
          fpc: null,
          lonelyPsu: 'adjust',
          source: { weights: 'w', strata: 's', cluster: 'c', fpc: null },
        });
        const codes = Int32Array.from(rows, (r) => r.code);
        const items: DomainItem[] = [0, 1, 2, 3].map((level) => ({ codes, level }));
        compareKernel(design, items, explicit(codes, 4), { codes: Int32Array.from(rows, (r) => r.domain), count: 3 });
      }),
      { numRuns: 60 },
    );
  });
});

describe('coded items', () => {
  it('equal the arrays of their values by code, mixed with indicators of the same column, on a raked design', () => {
    const design = designFor('rake');
    const data = dataOf('rake');
    const both = txt(data, 'both');
    const codes = Int32Array.from(both, (v, i) => (i % 7 === 0 ? -1 : v === 'Yes' ? 1 : v === 'No' ? 0 : -1));
    // a NaN value (off the scale) and a code past the end of the table (3) are missing
    const values = Float64Array.of(2.5, Number.NaN);
    const top = Float64Array.of(0, 1, 4);
    const byCode = (table: Float64Array) => Float64Array.from(codes, (c) => (c < 0 || c >= table.length ? Number.NaN : table[c]!));
    const items: DomainItem[] = [{ codes, values }, { codes, level: 0 }, { codes, values: top }, { codes, level: 1 }];
    const [zero, one] = explicit(codes, 2);
    const plain = [byCode(values), zero!, byCode(top), one!];
    compareKernel(design, items, plain, apiDomain('rake'));
    compareKernel(design, items, plain, null);
  });
});

describe('estimateDomainQuantiles', () => {
  for (const name of ['rake', 'poststratify', 'strat', 'strat_clus', 'clus1']) {
    it(`equals estimateQuantile per domain (${name})`, () => {
      const design = designFor(name);
      const x = Float64Array.from(num(dataOf(name), 'api00'), (v, i) => (i % 9 === 0 ? Number.NaN : v));
      const domain = apiDomain(name);
      const masks = [null, ...[0, 1, 2].map((d) => Uint8Array.from(domain.codes, (c) => (c === d ? 1 : 0)))];
      for (const options of [{ level: 0.95 }, { level: 0.95, dfRule: 'design' as const, designDf: 10 }, { level: 0.95, dfRule: 'inf' as const }]) {
        const all = estimateDomainQuantiles(design, x, 0.5, domain, options);
        expect(all).toEqual(masks.map((mask) => estimateQuantile(design, x, 0.5, mask, options)));
      }
    });
  }

  it('equals estimateQuantile per domain with ties, -0 and missing values', () => {
    const row = fc.record({
      stratum: fc.integer({ min: 0, max: 2 }),
      cluster: fc.integer({ min: 0, max: 3 }),
      weight: fc.constantFrom(1, 2, 2.5, 0),
      x: fc.constantFrom(-0, 0, 1, 2, 2, 3, Number.NaN, -1.5),
      domain: fc.integer({ min: -1, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 8, maxLength: 40 }), fc.constantFrom(0.25, 0.5, 0.9), (rows, p) => {
        const design = buildDesign({
          rowCount: rows.length,
          weights: Float64Array.from(rows, (r) => r.weight),
          strata: toKeyColumn(rows.map((r) => `s${r.stratum}`)),
          cluster: toKeyColumn(rows.map((r) => `c${r.cluster}`)),
          fpc: null,
          lonelyPsu: 'adjust',
          source: { weights: 'w', strata: 's', cluster: 'c', fpc: null },
        });
        const x = Float64Array.from(rows, (r) => r.x);
        const codes = Int32Array.from(rows, (r) => r.domain);
        const options: QuantileOptions = { level: 0.9, dfRule: p === 0.9 ? 'design' : 'domain', designDf: 3 };
        const all = estimateDomainQuantiles(design, x, p, { codes, count: 3 }, options);
        const masks = [null, ...[0, 1, 2].map((d) => Uint8Array.from(codes, (c) => (c === d ? 1 : 0)))];
        expect(all).toEqual(masks.map((mask) => estimateQuantile(design, x, p, mask, options)));
      }),
      { numRuns: 100 },
    );
  });
});
