import { describe, expect, it } from 'vitest';
import type { SurveyEstimates } from '../../schemas/estimates.js';
import { buildRegionsSpec } from '../../pipeline/chart/build-regions-spec.js';
import { codebook, config, estimates } from './fixtures.js';

const indicator = { statistic: 'prop', variable: 'recruit_difficulty', level: '1' } as const;
const own = '232700';

/** The fixture with the report's own region's estimate of the indicator withheld under the presentation standard. */
function withOwnSuppressed(): { data: SurveyEstimates; withheld: number } {
  const target = estimates.estimates.find((e) => Object.values(e.domain ?? {}).includes(own) && e.variable === indicator.variable && e.statistic === 'prop' && e.level === indicator.level);
  if (target === undefined) throw new Error('the fixture has no regional estimate to withhold');
  const data = { ...estimates, estimates: estimates.estimates.map((e) => (e === target ? { ...e, flags: ['suppressed' as const], reasons: ['effective sample size 12 < 30'] } : e)) };
  return { data, withheld: target.estimate };
}

describe("a regional report's own region, withheld", () => {
  it('is highlighted with "—" only: no ring at its estimate, and the estimate is not in the chart data', () => {
    const { data, withheld } = withOwnSuppressed();
    const chart = buildRegionsSpec({ estimates: data, codebook, config, lang: 'zh', scope: own }, indicator);
    expect(chart).not.toBeNull();
    const spec = chart!.spec as { data: { values: { own: boolean; value: number; text: string }[] }; layer: { mark: { type: string; size?: number } }[] };
    const row = spec.data.values.find((r) => r.own);
    expect(row?.text).toBe('—');
    expect(row?.value).not.toBe(withheld);
    // the ring (a hollow point of size 150) marks the region's estimate: there is none to mark
    expect(spec.layer.some((l) => l.mark.type === 'point' && l.mark.size === 150)).toBe(false);
  });
});
