import { describe, expect, it } from 'vitest';
import type { Variable } from '../../schemas/codebook.js';
import { createModelContext } from '../../pipeline/report/build/model-context.js';
import { estimateOf, leadIndicator, sentenceFor, summaryOf, titleFor, type Indicator } from '../../pipeline/report/build/state-indicator.js';
import { quantityOf } from '../../pipeline/report/messages-findings.js';
import { fixtureInput } from '../fixtures/report/make-fixture.js';

/** The fixture's context in `lang`, its codebook changed by `edit`. */
function context(lang: 'zh' | 'en', scope = 'province', edit: (v: Variable) => Variable = (v) => v) {
  const input = fixtureInput(scope, lang);
  return createModelContext({ ...input, codebook: input.codebook.map(edit) });
}

function say(lang: 'zh' | 'en', variable: string, level: string | null, statistic: Indicator['statistic'] = 'prop', edit?: (v: Variable) => Variable, plain = false) {
  const ctx = context(lang, 'province', edit);
  const v = ctx.variable(variable);
  if (v === undefined) throw new Error(variable);
  const ind: Indicator = { statistic, variable: v, level };
  const e = estimateOf(ctx, ind, null);
  if (e === undefined) throw new Error(`${variable} ${level}`);
  return sentenceFor(ctx, ind, e, null, plain);
}

const phrases: Record<string, { zh: string; en: string }> = {
  rd_active: { zh: '开展研发活动', en: 'do R&D' },
  digital_maturity: { zh: '认为本单位数字化程度较高', en: 'rate their digital maturity as high' },
  talent_gap: { zh: '最紧缺的人才类型', en: 'most needed kind of staff' },
  employees: { zh: '从业人员数', en: 'number of employees' },
};
const withPhrases = (v: Variable): Variable => (phrases[v.name] ? { ...v, phrase: phrases[v.name] } : v);

describe('the sentences an editor writes, per question type', () => {
  it('states a yes/no question by what "yes" means, with a quantity word its interval supports', () => {
    expect(say('zh', 'rd_active', '1', 'prop', withPhrases)).toBe('过半数单位开展研发活动（62%，误差±5个百分点，n=625）');
    expect(say('en', 'rd_active', '1', 'prop', withPhrases)).toBe('More than half of organisations (62%, ±5\u00a0points, n\u00a0=\u00a0625) do R&D');
    // led by the number when a title already carries the quantity word
    expect(say('zh', 'rd_active', '1', 'prop', withPhrases, true)).toBe('62%的单位（误差±5个百分点，n=625）开展研发活动');
    expect(say('en', 'rd_active', '1', 'prop', withPhrases, true)).toBe('62% of organisations (±5\u00a0points, n\u00a0=\u00a0625) do R&D');
  });

  it('states a rating scale by its top two points, as its phrase or as "agree" with the statement', () => {
    expect(say('zh', 'digital_maturity', 'top2', 'prop', withPhrases)).toBe('约三分之一的单位认为本单位数字化程度较高（34%，误差±4个百分点，n=625）');
    expect(say('en', 'digital_maturity', 'top2')).toBe('About a third of organisations (34%, ±4\u00a0points, n\u00a0=\u00a0625) rate “Digital maturity” high or very high');
  });

  it('states a single choice by its answer and a multiple response by the answer named', () => {
    expect(say('zh', 'talent_gap', '1', 'prop', withPhrases)).toBe('44%的单位（误差±5个百分点，n=625）最紧缺的人才类型为“研发工程师”');
    expect(say('en', 'talent_gap', '1', 'prop', withPhrases)).toBe('For 44% of organisations (±5\u00a0points, n\u00a0=\u00a0625) the most needed kind of staff is “R&D engineers”');
    expect(say('en', 'frontier_tech', '2')).toMatch(/^\d+% of organisations \(±\d+\u00a0points, n\u00a0=\u00a0[\d,]+\) name [a-z ]+ among frontier technologies in use$/);
    expect(say('zh', 'frontier_tech', '2')).toMatch(/^\d+%的单位（误差±\d+个百分点，n=[\d,]+）将“[^”]+”列为已应用的前沿技术$/);
  });

  it('states an amount by its mean with unit and margin', () => {
    expect(say('zh', 'employees', null, 'mean', withPhrases)).toMatch(/^单位从业人员数的平均值为\d+人（误差±\d+人，n=625）$/);
    expect(say('en', 'employees', null, 'mean', withPhrases)).toMatch(/^The average number of employees is \d+\u00a0people \(±\d+\u00a0people, n\u00a0=\u00a0625\)$/);
  });

  it('opens a filtered question with its base in words', () => {
    const filtered = (v: Variable): Variable => withPhrases(v.name === 'cloud_use' ? { ...v, skip_if: 'rd_active == 2' } : v);
    expect(say('zh', 'cloud_use', '1', 'prop', filtered)).toMatch(/^在开展研发活动的单位中，/);
    expect(say('en', 'cloud_use', '1', 'prop', filtered)).toMatch(/^Among those that do R&D, more than half \(\d+%, ±\d+\u00a0points, n\u00a0=\u00a0[\d,]+\) use cloud services$/);
    // a filter on another kind of question names the answer left out
    expect(say('zh', 'hire_difficulty', 'top2')).toMatch(/^在“无紧缺”以外的单位中，/);
    expect(say('en', 'hire_difficulty', 'top2')).toMatch(/^Among organisations whose most needed kind of staff is not “no shortage”, /);
  });

  it('titles a headline with the claim alone, and states the figure instead when the interval is too wide for a word', () => {
    const ctx = context('en', 'province', withPhrases);
    const v = ctx.variable('rd_active')!;
    const ind: Indicator = { statistic: 'prop', variable: v, level: '1' };
    expect(titleFor(ctx, ind, estimateOf(ctx, ind, null)!, null)).toBe('More than half of organisations do R&D');
    const e = { ...estimateOf(ctx, ind, null)!, ci_low: 0.3, ci_high: 0.9 };
    expect(titleFor(ctx, ind, e, null)).toBe('62% of organisations do R&D');
  });
});

describe('the right indicator for each question', () => {
  it('leads a rating scale by its top-two share and a yes/no question by its first answer', () => {
    const ctx = context('en');
    expect(leadIndicator(ctx, ctx.variable('digital_maturity')!, null)).toMatchObject({ statistic: 'prop', level: 'top2' });
    expect(leadIndicator(ctx, ctx.variable('rd_active')!, null)).toMatchObject({ statistic: 'prop', level: '1' });
  });

  it('never leads with "none", "other" or "don’t know", however common', () => {
    const ctx = context('en', 'province', (v) =>
      v.name === 'talent_gap' ? { ...v, codes: v.codes?.map((c) => (String(c.code) === '1' ? { ...c, label: { zh: '其他', en: 'Other' } } : c)) } : v,
    );
    expect(leadIndicator(ctx, ctx.variable('talent_gap')!, null)?.level).not.toBe('1');
  });

  it('summarises amounts and counts with a unit by the median, percentages and unitless numbers by the mean, unless the codebook says', () => {
    const base: Variable = { name: 'x', type: 'number', label: { zh: 'x', en: 'x' } };
    expect(summaryOf({ ...base, unit: { zh: '万元', en: '10,000 yuan' } })).toBe('median');
    expect(summaryOf({ ...base, unit: { zh: '%', en: '%' } })).toBe('mean');
    expect(summaryOf(base)).toBe('mean');
    expect(summaryOf({ ...base, unit: { zh: '人', en: 'persons' }, summary: 'mean' })).toBe('mean');
  });

  it('states nothing for a question switched off, an id, text or date', () => {
    const ctx = context('en', 'province', (v) => (v.name === 'employees' ? { ...v, report: false } : v));
    expect(leadIndicator(ctx, ctx.variable('employees')!, null)).toBeNull();
    expect(leadIndicator(ctx, ctx.variable('org_id')!, null)).toBeNull();
  });

  it('chooses quantity words the whole interval agrees with', () => {
    expect(quantityOf(0.45, 0.42, 0.48)).toBe('nearlyHalf');
    expect(quantityOf(0.4, 0.37, 0.43)).toBe('fourInTen');
    expect(quantityOf(0.48, 0.44, 0.52)).toBe('aboutHalf');
    expect(quantityOf(0.66, 0.6, 0.72)).toBe('twoThirds');
    expect(quantityOf(0.93, 0.9, 0.96)).toBe('nearlyAll');
    expect(quantityOf(0.05, 0.03, 0.08)).toBe('few');
  });
});
