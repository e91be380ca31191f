import { describe, expect, it } from 'vitest';
import { pfUpper, pnorm, pt, qnorm, qt } from '../../pipeline/estimate/distributions.js';
import { reference } from './r-fixtures.js';

describe('distribution functions', () => {
  it('agree with R qt, pt, pf, qnorm and pnorm to 1e-9 (1e-12 for df below 1e5)', () => {
    expect(reference.distributions.length).toBeGreaterThan(150);
    for (const d of reference.distributions) {
      const df = d.df === null || d.df === undefined ? Infinity : Number(d.df);
      const value = Number(d.value);
      const got =
        d.fn === 'qt' ? qt(Number(d.p), df)
        : d.fn === 'pt' ? pt(Number(d.t), df)
        : d.fn === 'pf_upper' ? pfUpper(Number(d.f), Number(d.df1), Number(d.df2))
        : d.fn === 'qnorm' ? qnorm(Number(d.p))
        : pnorm(Number(d.x));
      const tolerance = df >= 1e5 && df !== Infinity ? 1e-9 : 1e-12;
      // values below 1e-300 are stored as 0 in the JSON
      expect(Math.abs(got - value) / Math.max(Math.abs(value), 1e-290), JSON.stringify(d)).toBeLessThan(tolerance);
    }
  });

  it('gives NaN outside the domain and the limits at the ends', () => {
    expect(qt(0.5, 7)).toBe(0);
    expect(qt(0.975, 0)).toBeNaN();
    expect(qnorm(0)).toBe(-Infinity);
    expect(qnorm(1)).toBe(Infinity);
    expect(pfUpper(0, 2, 3)).toBe(1);
    expect(pt(Infinity, 4)).toBe(1);
  });
});
