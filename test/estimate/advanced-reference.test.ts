/**
 * `thinktank estimate` against R (test/fixtures/r/advanced.json, script advanced.R beside it): multistage
 * designs (apiclus2 with fpc at both stages; three stages with lonely units), replicate-weight designs from R's
 * own replicate weights (JK1, JKn, BRR, Fay, bootstrap), svyvar and svyglm; estimates, SEs, intervals and df to
 * relative 1e-6.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEstimateCommand } from '../../pipeline/estimate/run-estimate-command.js';
import type { EstimateArgs } from '../../schemas/estimate-command.js';
import { advanced, type RCase } from './advanced-fixtures.js';
import { fixtureDir, relDiff } from './r-fixtures.js';

const TOL = 1e-6;

function near(got: number | null | undefined, want: number | null, what: string): void {
  if (want === null) {
    expect(got ?? null, `${what}: R gives NA`).toBeNull();
    return;
  }
  expect(got, what).not.toBeNull();
  expect(relDiff(got!, want), `${what}: got ${got}, R ${want}`).toBeLessThan(TOL);
}

/** The `thinktank estimate` request that asks for every row of an R case, overall or by its domains. */
function requestOf(c: RCase, byDomain: boolean): EstimateArgs {
  const pick = (s: string) => [...new Set(c.rows.filter((r) => r.statistic === s).map((r) => r.variable))];
  const quantiles = [...new Set(c.rows.filter((r) => r.statistic === 'quantile').map((r) => `${r.variable}:${r.p}`))];
  const ratios = [...new Set(c.rows.filter((r) => r.statistic === 'ratio').map((r) => `${r.variable}/${r.denominator}`))];
  const by = [...new Set(c.rows.flatMap((r) => (r.domain ? Object.keys(r.domain) : [])))];
  return {
    data: path.join(fixtureDir, c.data),
    ...c.args,
    mean: pick('mean'),
    total: pick('total'),
    prop: pick('prop'),
    var: byDomain ? [] : pick('var'),
    quantile: quantiles,
    ratio: ratios,
    by: byDomain ? by : [],
  };
}

const keyOf = (r: { statistic: string; variable: string; level: string | null; domain: Record<string, string> | null; p?: number | null }) =>
  `${r.statistic} ${r.variable} ${r.level ?? ''} ${r.domain ? JSON.stringify(r.domain) : 'all'}${r.statistic === 'quantile' ? ` p=${r.p}` : ''}`;

describe(`agreement with ${advanced.source.split(' (')[0]}: issue 17 designs`, () => {
  it('reads the reference', () => {
    expect(advanced.source).toMatch(/^R survey package 4\.1\.1/);
    expect(advanced.cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const c of advanced.cases) {
    it(`${c.name}: every estimate, SE, interval and df as R (${c.rows.length} rows)`, async () => {
      const overall = await runEstimateCommand(requestOf(c, false));
      const byDomain = await runEstimateCommand(requestOf(c, true));
      const got = new Map([...overall.estimates, ...byDomain.estimates].map((e) => [keyOf(e), e]));
      for (const want of c.rows) {
        const key = keyOf(want);
        const e = got.get(key);
        expect(e, `${c.name}: ${key} missing`).toBeDefined();
        near(e!.estimate, want.estimate, `${c.name} ${key} estimate`);
        near(e!.se, want.se, `${c.name} ${key} se`);
        // R gives NaN for one end when the Woodruff interval leaves [0, 1]: the row is then not estimable
        const oneEnd = (want.ci_low === null) !== (want.ci_high === null);
        near(e!.ci_low, oneEnd ? null : want.ci_low, `${c.name} ${key} ci_low`);
        near(e!.ci_high, oneEnd ? null : want.ci_high, `${c.name} ${key} ci_high`);
        near(e!.df, want.df, `${c.name} ${key} df`);
      }
    });
  }

  for (const g of advanced.glm) {
    it(`svyglm ${g.name}: ${g.args.glm} (${g.args.family}) coefficients, SEs, intervals, p-values as R`, async () => {
      const { glm, family, ...design } = g.args;
      const result = await runEstimateCommand({ data: path.join(fixtureDir, g.data), ...design, glm, family });
      expect(result.estimates.map((e) => e.variable)).toEqual(g.coefficients.map((c) => c.variable));
      g.coefficients.forEach((want, j) => {
        const e = result.estimates[j]!;
        const what = `${g.name} ${want.variable}`;
        expect(e.statistic).toBe('coef');
        expect(e.n).toBe(g.n);
        near(e.estimate, want.estimate, `${what} estimate`);
        near(e.se, want.se, `${what} se`);
        near(e.ci_low, want.ci_low, `${what} ci_low`);
        near(e.ci_high, want.ci_high, `${what} ci_high`);
        near(e.df, want.df, `${what} df`);
        near(e.p ?? null, want.p, `${what} p`);
      });
    });
  }
});
