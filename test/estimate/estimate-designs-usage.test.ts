/** `thinktank estimate`'s issue-17 flags: what goes together and what does not (usage errors, exit 2). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEstimateCommand } from '../../pipeline/estimate/run-estimate-command.js';
import { InputError, UsageError } from '../../pipeline/errors.js';
import { fixtureDir } from './r-fixtures.js';

const clus2 = path.join(fixtureDir, 'apiclus2.csv');
const jk1 = path.join(fixtureDir, 'rep-jk1.csv');

describe('thinktank estimate: stages, replicates and models', () => {
  it.each([
    [{ data: clus2, cluster: ['dnum', 'snum'], fpc: ['fpc1'], mean: ['api00'] }, '--fpc given 1 time for 2 stages: give one --fpc per --cluster, in stage order, or none'],
    [{ data: jk1, weights: 'pw', repweights: 'repw[0-9]+', mean: ['api00'] }, '--repweights needs --type JK1, JKn, BRR, Fay or bootstrap'],
    [{ data: jk1, weights: 'pw', repweights: 'repw[0-9]+', type: 'JKn' as const, mean: ['api00'] }, 'type JKn needs --rscales (one (n_h - 1) / n_h per replicate, comma-separated), as R svrepdesign'],
    [{ data: jk1, weights: 'pw', repweights: 'repw[0-9]+', type: 'Fay' as const, mean: ['api00'] }, 'type Fay needs --rho (the Fay coefficient, 0 < rho < 1), as R svrepdesign'],
    [{ data: jk1, weights: 'pw', repweights: 'nothing[0-9]+', type: 'JK1' as const, mean: ['api00'] }, '--repweights nothing[0-9]+: no column name matches this pattern'],
    [{ data: jk1, weights: 'pw', repweights: 'repw[0-9]+', type: 'JK1' as const, cluster: 'dnum', mean: ['api00'] }, '--cluster cannot be combined with --repweights: replicate weights carry the design (R svrepdesign has no strata or clusters)'],
    [{ data: jk1, weights: 'pw', type: 'JK1' as const, mean: ['api00'] }, '--type only applies to replicate weights: give --repweights too'],
    [{ data: jk1, weights: 'pw', glm: 'api00 ~ ell', by: ['stype'] }, '--glm fits one model to the whole sample: --by is not supported with it'],
    [{ data: jk1, weights: 'pw', glm: 'api00 ~ ell', mean: ['api00'] }, '--glm cannot be combined with --mean, --total, --prop, --quantile, --ratio or --var'],
    [{ data: jk1, weights: 'pw', glm: 'api00 ~ ell ~ x' }, '--glm "api00 ~ ell ~ x": expected "Y ~ X1 + X2"'],
    [{ data: jk1, weights: 'pw', glm: 'api00 ~ nosuch' }, '--glm nosuch: no such column;'],
  ])('refuses %j', async (args, message) => {
    const run = runEstimateCommand(args);
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(message);
  });

  it('refuses a quasibinomial response outside [0, 1] as bad input', async () => {
    const run = runEstimateCommand({ data: jk1, weights: 'pw', glm: 'api00 ~ ell', family: 'quasibinomial' });
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow('--glm: the quasibinomial response "api00" must hold proportions between 0 and 1, found 608, 684, 612');
  });

  it('fits I(column op value) responses as R does a logical response', async () => {
    const a = await runEstimateCommand({ data: jk1, weights: 'pw', glm: 'I(sch_wide == "Yes") ~ ell', family: 'quasibinomial' });
    const b = await runEstimateCommand({ data: jk1, weights: 'pw', glm: 'sw ~ ell', family: 'quasibinomial' });
    expect(a.estimates.map((e) => e.estimate)).toEqual(b.estimates.map((e) => e.estimate));
    const c = await runEstimateCommand({ data: jk1, weights: 'pw', glm: 'I(api00 >= 700) ~ ell', family: 'quasibinomial' });
    expect(c.estimates[1]!.estimate).toBeLessThan(0);
  });
});
