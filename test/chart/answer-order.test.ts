import { describe, expect, it } from 'vitest';
import type { Variable } from '../../schemas/codebook.js';
import { answerOrder, indexEstimates } from '../../pipeline/chart/chart-input.js';
import { selectKeyIndicator } from '../../pipeline/chart/key-indicators.js';
import type { Estimate, SurveyEstimates } from '../../schemas/estimates.js';

const label = (zh: string, en: string) => ({ zh, en });
const stage: Variable = {
  name: 'ai_stage',
  type: 'single',
  label: label('人工智能应用阶段', 'Stage of AI use'),
  ordinal: true,
  codes: [
    { code: 1, label: label('尚未考虑', 'Not considered') },
    { code: 2, label: label('正在了解', 'Exploring') },
    { code: 3, label: label('试点应用', 'Piloting') },
    { code: 9, label: label('不清楚', "Don't know") },
  ],
};
const rows = [
  { code: '1', share: 0.1 },
  { code: '2', share: 0.4 },
  { code: '3', share: 0.2 },
  { code: '9', share: 0.3 },
];

describe('the order answers are shown in', () => {
  it('keeps an ordered question in scale order, with "don’t know" last', () => {
    expect(answerOrder(stage, rows)).toEqual(['1', '2', '3', '9']);
  });

  it('sorts an unordered question by share, with "none of these" and "other" last however common', () => {
    const tech: Variable = {
      ...stage,
      name: 'tech',
      ordinal: undefined,
      codes: [
        { code: 1, label: label('人工智能', 'AI') },
        { code: 2, label: label('以上均未应用', 'None of these') },
        { code: 3, label: label('大数据', 'Big data') },
        { code: 4, label: label('其他', 'Other') },
      ],
    };
    expect(answerOrder(tech, [{ code: '1', share: 0.2 }, { code: '2', share: 0.5 }, { code: '3', share: 0.3 }, { code: '4', share: 0.4 }])).toEqual(['3', '1', '2', '4']);
  });

  it('keeps a two-answer question in code order ("Yes" above "No") however the shares fall', () => {
    const yesNo: Variable = { ...stage, name: 'has_rd', ordinal: undefined, codes: [{ code: 1, label: label('是', 'Yes') }, { code: 2, label: label('否', 'No') }] };
    expect(answerOrder(yesNo, [{ code: '1', share: 0.45 }, { code: '2', share: 0.55 }])).toEqual(['1', '2']);
  });

  it('keeps a rating scale in scale order by default', () => {
    expect(answerOrder({ ...stage, type: 'likert', ordinal: undefined }, rows)).toEqual(['1', '2', '3', '9']);
  });
});

describe('the regional comparison of a theme', () => {
  const estimate = (variable: string, level: string | null, statistic: Estimate['statistic'], region: string | null, value: number): Estimate => ({
    statistic,
    variable,
    level,
    domain: region === null ? null : { prefecture: region },
    estimate: value,
    se: 0.02,
    ci_low: value - 0.04,
    ci_high: value + 0.04,
    df: region === null ? 20 : 5,
    n: 100,
    n_eff: 80,
    rse: 0.1,
    flags: [],
    reasons: [],
  });
  const difficulty: Variable = {
    name: 'recruit_difficulty',
    type: 'likert',
    label: label('招聘难度', 'Difficulty recruiting'),
    codes: [1, 2, 3, 4, 5].map((code) => ({ code, label: label(`${code}`, `${code}`) })),
    negative: true,
  };
  const estimates = {
    estimates: ['230100', '230200', null].flatMap((r) => [
      estimate('recruit_difficulty', '3', 'prop', r, 0.3),
      estimate('recruit_difficulty', '4', 'prop', r, 0.4),
      estimate('recruit_difficulty', 'top2', 'prop', r, 0.6),
      estimate('recruit_difficulty', null, 'mean', r, 3.7),
      estimate('ai_stage', '2', 'prop', r, 0.4),
    ]),
    comparisons: [],
  } as unknown as SurveyEstimates;
  const index = indexEstimates(estimates, 'prefecture', ['230100', '230200']);

  it('compares regions on a rating scale by its top-two share, never by one middle answer', () => {
    expect(selectKeyIndicator([difficulty], index)).toEqual({ statistic: 'prop', variable: 'recruit_difficulty', level: 'top2' });
  });

  it('never compares an ordered single choice by its most common middle stage', () => {
    expect(selectKeyIndicator([stage], index)).toBeNull();
    expect(selectKeyIndicator([stage, difficulty], index)?.level).toBe('top2');
  });
});
