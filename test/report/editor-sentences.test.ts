import { describe, expect, it } from 'vitest';
import type { Variable } from '../../schemas/codebook.js';
import type { Estimate } from '../../schemas/estimates.js';
import type { ParagraphBlock, ReportModel, TableBlock } from '../../schemas/report-model.js';
import { buildReportModel } from '../../pipeline/report/index.js';
import { createModelContext } from '../../pipeline/report/build/model-context.js';
import { estimateOf, isStatable, sentenceFor, stated, type Indicator } from '../../pipeline/report/build/state-indicator.js';
import { findingMessages } from '../../pipeline/report/messages-findings.js';
import { apparatusMessages } from '../../pipeline/report/messages-apparatus.js';
import { fixtureInput } from '../fixtures/report/make-fixture.js';

const nb = '\u00a0';

const revenue: Variable = {
  name: 'revenue',
  type: 'number',
  label: { zh: '上年营业收入', en: 'Operating revenue last year' },
  theme: 'profile',
  unit: { zh: '万元', en: '10,000 yuan' },
  phrase: { zh: '上年营业收入', en: 'operating revenue last year' },
};

function median(variable: string, domain: Record<string, string> | null, estimate: number, low: number, high: number, n: number): Estimate {
  return { statistic: 'quantile', variable, level: null, domain, estimate, se: (high - low) / 4, ci_low: low, ci_high: high, df: 8, n, n_eff: null, rse: null, flags: [], reasons: [], p: 0.5 };
}

/** The fixture with operating revenue (万元) and medians of revenue and employees in the province and Harbin. */
function input(scope: string, lang: 'zh' | 'en') {
  const base = fixtureInput(scope, lang);
  const extra = [
    median('revenue', null, 1560, 1484, 1680, 2839),
    median('revenue', { prefecture: '230100' }, 1707, 1500, 1900, 400),
    median('employees', null, 35, 34, 37, 625),
    median('employees', { prefecture: '230100' }, 37, 33, 41, 420),
  ];
  return { ...base, codebook: [...base.codebook, revenue], estimates: { ...base.estimates, estimates: [...base.estimates.estimates, ...extra] } };
}

function sayMedian(lang: 'zh' | 'en', variable: string): string {
  const ctx = createModelContext(input('province', lang));
  const ind: Indicator = { statistic: 'median', variable: ctx.variable(variable)!, level: null };
  return sentenceFor(ctx, ind, estimateOf(ctx, ind, null)!, null);
}

describe('amounts in the unit each language reads', () => {
  it('writes a median in 万元 as million yuan in English and as 万元 in Chinese, interval included', () => {
    expect(sayMedian('en', 'revenue')).toBe(`The median operating revenue last year is 15.6${nb}million yuan (95% CI 14.8–16.8${nb}million yuan, n${nb}=${nb}2,839)`);
    expect(sayMedian('zh', 'revenue')).toBe('单位上年营业收入的中位数为1,560万元（95%置信区间1,484至1,680万元，n=2,839）');
  });

  it('opens an average with the statistic, not with "Among organisations", and writes a median of counts whole', () => {
    expect(sayMedian('en', 'employees')).toBe(`The median number of employees is 35${nb}people (95% CI 34–37${nb}people, n${nb}=${nb}625)`);
  });

  it('sets a regional report’s averages beside the province as medians, in the language’s unit, untested', () => {
    const model = buildReportModel(input('230100', 'en'));
    const table = model.sections.flatMap((s) => s.blocks).find((b): b is TableBlock => b.kind === 'table' && b.id === 'profile-quantile');
    expect(table).toBeDefined();
    const rows = table!.body_rows.map((r) => r.cells.map((c) => c.value));
    expect(rows).toContainEqual(['Median number of employees (people)', { estimate: 37, low: 33, high: 41 }, { estimate: 35, low: 34, high: 37 }, '', 420]);
    const money = rows.find((r) => r[0] === 'Median operating revenue last year (million yuan)');
    expect(money?.[1]).toEqual({ estimate: 17.07, low: 15, high: 19 });
  });
});

describe('the questionnaire in English', () => {
  it('asks for money counted in 10,000 yuan "in units of" it, and other amounts in their unit', () => {
    expect(apparatusMessages('en').writeNumber('10,000 yuan', 'at least 0')).toBe('Write in: ________ (in units of 10,000 yuan; at least 0)');
    expect(apparatusMessages('en').writeNumber('people', '0–100,000')).toBe('Write in: ________ people (0–100,000)');
    expect(apparatusMessages('zh').writeNumber('万元', '不小于0')).toBe('请填写：________万元（不小于0）');
  });
});

describe('what a finding may state', () => {
  it('never states a median of 0 or one whose interval is wider than itself', () => {
    const ctx = createModelContext(input('province', 'en'));
    const e = median('revenue', null, 1560, 1484, 1680, 2839);
    expect(isStatable(ctx, e)).toBe(true);
    expect(isStatable(ctx, { ...e, estimate: 0, ci_low: 0, ci_high: 22.9 })).toBe(false);
    expect(isStatable(ctx, { ...e, estimate: 2, ci_low: 0.5, ci_high: 6 })).toBe(false);
  });

  it('says a region’s few degrees of freedom once in the summary, not after every figure', () => {
    const base = input('230100', 'en');
    // Harbin's estimates on 5 df, each flagged for review for that alone
    const fewDf = base.estimates.estimates.map((e) =>
      e.domain?.['prefecture'] === '230100' && e.n >= 30 ? { ...e, df: 5, flags: ['review' as const], reasons: ['df 5 < 8'] } : e,
    );
    const ctx = createModelContext({ ...base, estimates: { ...base.estimates, estimates: fewDf } });
    const ind: Indicator = { statistic: 'prop', variable: ctx.variable('rd_active')!, level: '1' };
    expect(stated(ctx, ind, estimateOf(ctx, ind, '230100')!).caution).toBe(false);
    // the province's own flagged estimates keep their caution
    expect(stated(ctx, ind, { ...estimateOf(ctx, ind, null)!, flags: ['review'], reasons: ['df 5 < 8'] }).caution).toBe(true);
    const model = buildReportModel({ ...base, estimates: { ...base.estimates, estimates: fewDf } });
    const intro = model.sections.find((x) => x.id === 'summary')?.blocks.find((b): b is ParagraphBlock => b.kind === 'paragraph' && b.style === 'lead');
    expect(intro?.text).toContain('all its estimates rest on 5 degrees of freedom');
  });
});

describe('sentences an editor would pass', () => {
  it('counts a region’s standing in words, "worse on two and better on none", in both languages', () => {
    const args = { region: 'Da Hinggan Ling', better: 0, worse: 2, total: 8, worseOn: ['Network meets needs', 'Expects young talent to stay'] };
    expect(findingMessages('en').standing(args)).toBe(
      'Da Hinggan Ling trails the province significantly on two of the eight key indicators (“network meets needs” and “expects young talent to stay”) and leads it on none',
    );
    expect(findingMessages('zh').standing({ ...args, region: '大兴安岭地区', worseOn: ['网络满足需要', '认为青年人才愿意留下'] })).toBe(
      '大兴安岭地区在8项主要指标中有2项显著落后于全省（“网络满足需要”、“认为青年人才愿意留下”），没有一项显著好于全省',
    );
    expect(findingMessages('en').standing({ ...args, better: 3, worse: 0, worseOn: [] })).toBe('Da Hinggan Ling leads the province significantly on three of the eight key indicators and trails it on none');
    expect(findingMessages('en').standing({ ...args, better: 0, worse: 0, worseOn: [] })).toBe('Da Hinggan Ling does not differ significantly from the province on any of the eight key indicators');
  });

  it('does not repeat "none significantly different" word for word from one message to the next', () => {
    const args = { lowName: 'Jixi', low: '28%', highName: 'Harbin', high: '45%', above: 0, below: 0, tested: 9, total: 13 };
    for (const lang of ['zh', 'en'] as const) {
      const said = [0, 1, 2].map((again) => findingMessages(lang).spread({ ...args, again }));
      expect(new Set(said).size).toBe(3);
    }
    expect(findingMessages('en').spread({ ...args, again: 0 })).toBe('the nine prefectures with publishable estimates range from 28% in Jixi to 45% in Harbin, none significantly different from the province');
  });

  it('varies the "but only" sentence of the weakest statement', () => {
    const s = { value: '20%', moe: '4', n: '2,927', unit: null, margin: 'points' as const, caution: false, level: 95 };
    const args = { s, population: 'organisations', predicate: 'find that technology finance meets their needs', where: null };
    const said = [0, 1, 2].map((variant) => findingMessages('en').weakest({ ...args, variant }));
    expect(new Set(said).size).toBe(3);
    expect(said[0]).toMatch(/^but only 20% of organisations find/);
  });

  it('names the answer and its share in one sentence for a choice question', () => {
    const s = { value: '54%', moe: '2', n: '2,948', unit: null, margin: 'points' as const, caution: false, level: 95 };
    expect(findingMessages('en').namedBy({ s, population: 'organisations', multi: true })).toBe(`, named by 54% of organisations (±2${nb}points, n${nb}=${nb}2,948)`);
    expect(findingMessages('zh').namedBy({ s, population: '受访单位', multi: true })).toBe('，54%的受访单位选择了这一项（误差±2个百分点，n=2,948）');
  });

  it('names the group a filter leaves out by its phrase when the codebook gives one', () => {
    const base = fixtureInput('province', 'en');
    const codebook = base.codebook.map((v) =>
      v.name === 'hire_difficulty'
        ? v
        : v.name === 'talent_gap'
          ? { ...v, codes: v.codes?.map((c) => (String(c.code) === String(v.codes?.[v.codes.length - 1]?.code) ? { ...c, phrase: { zh: '无紧缺的单位', en: 'those with no shortage' } } : c)) }
          : v,
    );
    const ctx = createModelContext({ ...base, codebook });
    const v = ctx.variable('hire_difficulty')!;
    const ind: Indicator = { statistic: 'prop', variable: v, level: 'top2' };
    const e = estimateOf(ctx, ind, null)!;
    const skip = /==\s*'?(\w+)'?/.exec(v.skip_if ?? '')?.[1];
    const last = String(ctx.variable('talent_gap')?.codes?.at(-1)?.code);
    // the fixture filters on the last answer of talent_gap ("no shortage")
    expect(skip).toBe(last);
    expect(sentenceFor(ctx, ind, e, null)).toMatch(/^Among organisations other than those with no shortage, /);
  });
});

describe('the models built for a small region', () => {
  it('lead a regional theme with what differs significantly from the province', () => {
    const model: ReportModel = buildReportModel(input('230100', 'en'));
    const findings = model.sections.find((x) => x.id === 'summary')?.blocks.filter((b) => b.kind === 'finding') ?? [];
    expect(findings.length).toBeGreaterThan(0);
    // a theme in which Harbin differs significantly on some question leads with a significant difference
    const base = input('230100', 'en');
    const significant = new Set(
      base.estimates.comparisons
        // shares (amounts are summarised by medians, which are not tested against the province)
        .filter((c) => c.domain['prefecture'] === '230100' && c.significant && c.statistic === 'prop' && !(base.config.calibration?.variables ?? []).includes(c.variable))
        .map((c) => base.codebook.find((v) => v.name === c.variable)?.theme),
    );
    const themed = findings.filter((b) => b.kind === 'finding' && b.theme !== undefined && significant.has(b.theme));
    expect(themed.length).toBeGreaterThan(1);
    for (const b of themed) expect(b.kind === 'finding' && b.text).toMatch(/significantly (above|below)/);
  });
});

describe('subject and verb agree in a claim that an answer tops a question', () => {
  it('writes "top" after a plural answer and "tops" after a singular one', () => {
    const tops = (answer: string) => findingMessages('en').titleMulti(answer, 'the list');
    expect(tops('No channels to find partners')).toBe('No channels to find partners top the list');
    expect(tops('Engineers and technicians')).toBe('Engineers and technicians top the list');
    expect(tops('Digital specialists')).toBe('Digital specialists top the list');
    expect(tops('A lack of funds')).toBe('A lack of funds tops the list');
    expect(tops('A mismatch between research results and business needs')).toBe('A mismatch between research results and business needs tops the list');
    expect(tops('Big data analytics')).toBe('Big data analytics tops the list');
    expect(tops('R&D staff')).toBe('R&D staff tops the list');
    expect(tops('Lack of funding')).toBe('Lack of funding tops the list');
    expect(tops('Business process')).toBe('Business process tops the list');
  });
});

describe('a label inside a sentence', () => {
  it('lower-cases a leading article and a word, and keeps an acronym', async () => {
    const { continuing } = await import('../../pipeline/report/messages-findings.js');
    expect(continuing('A lack of funds tops the list')).toBe('a lack of funds tops the list');
    expect(continuing('Big data analytics tops the list')).toBe('big data analytics tops the list');
    expect(continuing('R&D staff top the list')).toBe('R&D staff top the list');
    expect(continuing('I do not know')).toBe('I do not know');
  });
});
