import { afterAll, describe, expect, it } from 'vitest';
import { chartSurvey } from '../../pipeline/chart/chart-survey.js';
import { RenderPool, sharedKept } from '../../pipeline/run/render-pool.js';
import { codebook, config, estimates } from '../chart/fixtures.js';

// one worker, so every task goes to the worker that has (or has forgotten) the shared arguments
const pool = new RenderPool(1);
afterAll(() => pool.close());

const options = (scope: string) => ({ scopes: [scope], langs: ['en' as const] });

describe('RenderPool', () => {
  it('draws the charts this thread would, sending estimates, codebook and config once and the same objects again by number', async () => {
    const direct = await chartSurvey(estimates, codebook, config, options('230100'));
    const first = await pool.chartSurvey(estimates, codebook, config, options('230600'));
    // the second task finds the three shared arguments in the worker
    const second = await pool.chartSurvey(estimates, codebook, config, options('230100'));
    expect(first.map((f) => f.scope)).toEqual(first.map(() => '230600'));
    expect(second).toEqual(direct);
  }, 60_000);

  it('sends a shared argument again once the worker has forgotten it, and takes changed copies as new', async () => {
    // more distinct estimate objects than a worker keeps: the first is forgotten by both sides, then sent again
    const copies = Array.from({ length: sharedKept + 1 }, () => structuredClone(estimates));
    for (const copy of copies) await pool.chartSurvey(copy, codebook, config, options('230600'));
    const again = await pool.chartSurvey(copies[0]!, codebook, config, options('230100'));
    expect(again).toEqual(await chartSurvey(estimates, codebook, config, options('230100')));
    // a changed object is a different argument: its own values are drawn, not the first one's
    const changed = structuredClone(estimates);
    for (const e of changed.estimates) if (e.statistic === 'prop') e.estimate = 1 - e.estimate;
    const drawn = await pool.chartSurvey(changed, codebook, config, options('230100'));
    expect(drawn).toEqual(await chartSurvey(changed, codebook, config, options('230100')));
    expect(drawn).not.toEqual(again);
  }, 60_000);
});
