import { describe, expect, it } from 'vitest';
import type { Comparison, Estimate } from '../../schemas/estimates.js';
import type { FindingBlock, ParagraphBlock } from '../../schemas/report-model.js';
import { buildReportModel } from '../../pipeline/report/index.js';
import { createModelContext, type ReportInput } from '../../pipeline/report/build/model-context.js';
import { differing, regionalContrast, regionTests, standings } from '../../pipeline/report/build/regional-contrast.js';
import { questionPredicate, stated, withoutEchoedUnit, type Indicator } from '../../pipeline/report/build/state-indicator.js';
import { findingMessages } from '../../pipeline/report/messages-findings.js';
import { fixtureInput } from '../fixtures/report/make-fixture.js';

const nb = '\u00a0';

/** The fixture with a rating item's Harbin and Qiqihar scores made significantly different from the province. */
function withDifferences(scope: string, lang: 'zh' | 'en', flagged = true): ReportInput {
  const input = fixtureInput(scope, lang);
  const likert = input.codebook.find((v) => v.type === 'likert');
  if (likert === undefined) throw new Error('fixture has no rating item');
  const regions = ['230100', '230200'];
  const estimates: Estimate[] = input.estimates.estimates.map((e) => {
    const region = e.domain?.prefecture;
    if (e.variable !== likert.name || e.level !== 'top2' || region === undefined || !regions.includes(region)) return e;
    const estimate = region === '230100' ? 0.8 : 0.3;
    return { ...e, estimate, ci_low: estimate - 0.1, ci_high: estimate + 0.1, se: 0.05, flags: region === '230200' && flagged ? ['review'] : [] };
  });
  const comparisons: Comparison[] = [
    ...input.estimates.comparisons.map((c) => (c.variable === likert.name ? { ...c, significant: false } : c)).filter((c) => !(c.variable === likert.name && c.level === 'top2')),
    ...regions.map((code) => {
      const difference = code === '230100' ? 0.2 : -0.3;
      return { statistic: 'prop' as const, variable: likert.name, level: 'top2', domain: { prefecture: code }, versus: 'all', difference, se: 0.05, df: 8, ci_low: difference - 0.1, ci_high: difference + 0.1, p_value: 0.001, p_adjusted: 0.002, significant: true };
    }),
  ];
  return { ...input, estimates: { ...input.estimates, estimates, comparisons } };
}

function likertOf(input: ReportInput): Indicator {
  const v = input.codebook.find((x) => x.type === 'likert')!;
  return { statistic: 'prop', variable: v, level: 'top2' };
}

describe('the regional picture of a provincial message', () => {
  it('names the prefectures that differ significantly, above and below, with their values and the † of the tables', () => {
    const input = withDifferences('province', 'en');
    const ctx = createModelContext(input);
    const ind = likertOf(input);
    expect(differing(ctx, ind).map((d) => d.code).sort()).toEqual(['230100', '230200']);
    const text = regionalContrast(ctx, ind.variable.theme ?? '', ind)?.text ?? '';
    expect(text).toMatch(/^Regionally, the share of organisations that .+ \(province: \d+%\) is significantly higher in Harbin \(80%\) and lower in Qiqihar \(30%†\)$/u);
    const zh = createModelContext(withDifferences('province', 'zh'));
    expect(regionalContrast(zh, ind.variable.theme ?? '', ind)?.text).toMatch(/^分地区看，.+的单位比例（全省为\d+%）哈尔滨市（80%）显著高于全省，齐齐哈尔市（30%†）则显著低于全省$/u);
  });

  it('says once that no prefecture differs when none does on any question of the theme, and leaves out the range', () => {
    const input = fixtureInput('province', 'en');
    const none = { ...input, estimates: { ...input.estimates, comparisons: input.estimates.comparisons.map((c) => ({ ...c, significant: false })) } };
    const ctx = createModelContext(none);
    const theme = input.config.themes[1]!.id;
    const lead = likertOf(input);
    const r = regionalContrast(ctx, theme, lead);
    if (r !== null) {
      expect(r.uniform).toBe(true);
      expect(r.text).toMatch(/^No prefecture differs significantly from the province on any of the theme's \w+ questions$/);
    }
    const model = buildReportModel(none);
    const findings = model.sections.flatMap((s) => s.blocks).filter((b): b is FindingBlock => b.kind === 'finding');
    for (const f of findings) expect(f.text).not.toMatch(/range from|none significantly different/);
  });

  it('counts each prefecture’s published significant differences over all questions, a question once', () => {
    const ctx = createModelContext(withDifferences('province', 'en'));
    const { tested, rows } = standings(ctx);
    expect(tested).toBeGreaterThan(1);
    const harbin = rows.find((r) => r.code === '230100')!;
    const daqing = rows.find((r) => r.code === '230200')!;
    expect(harbin.ahead.length).toBeGreaterThanOrEqual(1);
    expect(daqing.behind.length).toBeGreaterThanOrEqual(1);
    // a suppressed estimate is not counted, whatever its test says
    const input = withDifferences('province', 'en');
    const hidden = { ...input, estimates: { ...input.estimates, estimates: input.estimates.estimates.map((e) => (e.domain?.prefecture === '230200' ? { ...e, flags: ['suppressed' as const] } : e)) } };
    expect(standings(createModelContext(hidden)).rows.find((r) => r.code === '230200')?.behind).toEqual([]);
  });

  it('drops a theme led by a median from the headline messages: description is no message', () => {
    const model = buildReportModel(fixtureInput('province', 'en'));
    const findings = model.sections.flatMap((s) => s.blocks).filter((b): b is FindingBlock => b.kind === 'finding' && b.rule === 'headline');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.text).not.toMatch(/^The median /);
  });
});

describe('regional report of a small prefecture', () => {
  it('opens a theme with no headline by its published estimates tested against the province', () => {
    const ctx = createModelContext(withDifferences('230200', 'en'));
    const ind = likertOf(ctx.input);
    expect(regionTests(ctx, ind.variable.theme ?? '')).toMatch(/^In Qiqihar, the share of organisations that rate “Digital maturity” high or very high is 30%†, significantly below the provincial \d+%(; the share [^.]+)?\.$/u);
    const zh = createModelContext(withDifferences('230200', 'zh'));
    expect(regionTests(zh, ind.variable.theme ?? '')).toMatch(/^齐齐哈尔市对“数字化转型程度”的评价为“较高或很高”的单位比例为30%†，显著低于全省的\d+%(；[^。]+)?。$/u);
  });
});

describe('the sentences of the regional messages', () => {
  const en = findingMessages('en');
  const zh = findingMessages('zh');
  it('lists at most five prefectures and counts the rest', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((name) => ({ name, value: '1.0' }));
    expect(en.contrast({ what: 'the share', province: '50%', above: [], below: names })).toBe(
      'Regionally, the share (province: 50%) is significantly lower in A (1.0), B (1.0), C (1.0), D (1.0) and three other prefectures',
    );
    expect(zh.contrast({ what: '比例', province: '50%', above: [], below: names })).toBe('分地区看，比例（全省为50%）A（1.0）、B（1.0）、C（1.0）、D（1.0）等7个地区显著低于全省');
  });

  it('opens each further contrast sentence differently, in both languages', () => {
    const args = { what: 'the share of organisations that export', province: '20%', above: [{ name: 'Harbin', value: '30%' }], below: [] };
    const openings = [0, 1, 2].map((variant) => en.contrast({ ...args, variant }));
    expect(openings).toEqual([
      'Regionally, the share of organisations that export (province: 20%) is significantly higher in Harbin (30%)',
      'Across the prefectures, the share of organisations that export (province: 20%) is significantly higher in Harbin (30%)',
      'The share of organisations that export (province: 20%) is significantly higher in Harbin (30%)',
    ]);
    const zhOpenings = [0, 1, 2].map((variant) => zh.contrast({ what: '出口单位比例', province: '20%', above: [{ name: '哈尔滨市', value: '30%' }], below: [], variant }));
    expect(new Set(zhOpenings.map((t) => t.slice(0, 4))).size).toBe(3);
  });

  it('in the provincial findings, no two contrast sentences open alike', () => {
    for (const lang of ['en', 'zh'] as const) {
      const model = buildReportModel(fixtureInput('province', lang));
      const findings = model.sections.flatMap((s) => s.blocks).filter((b): b is FindingBlock => b.kind === 'finding');
      const opens = findings.flatMap((b) => b.text.match(/(Regionally, |Across the prefectures, |分地区看，|从各市（地）看，|地区之间，)/g) ?? []);
      expect(opens.length).toBeGreaterThanOrEqual(2);
      expect(new Set(opens).size).toBe(opens.length);
      // nor does the sentence saying that no prefecture differs open like one of them
      expect(findingMessages(lang).uniform({ questions: 4 })).not.toMatch(/^(Regionally|Across the prefectures|分地区看|从各市（地）看|地区之间)/);
    }
  });

  it('says which prefectures lead and trail the province, and where', () => {
    expect(en.leading({ names: [{ name: 'Harbin', value: '9' }], areas: ['Talent environment'], tested: 29 })).toBe(
      'Harbin is significantly ahead of the province on nine of the 29 questions compared by prefecture, mostly in “talent environment”',
    );
    expect(en.lagging({ names: [{ name: 'Yichun', value: '7' }, { name: 'Heihe', value: '3' }], areas: [], leading: true })).toBe(
      'At the other end, Yichun (seven questions) and Heihe (three) trail the province significantly',
    );
    expect(zh.leading({ names: [{ name: '哈尔滨市', value: '9' }], areas: ['人才环境', '数字经济环境'], tested: 29 })).toBe(
      '在可公布并检验的29个问题中，哈尔滨市有9项显著好于全省，主要在“人才环境”“数字经济环境”方面',
    );
  });
});

describe('a regional report’s standing', () => {
  it('is counted over the same questions as the provincial picture, with its areas', () => {
    expect(findingMessages('en').standing({ region: 'Da Hinggan Ling', better: 0, worse: 5, total: 29, worseOn: ['Talent environment'], questions: true })).toBe(
      'Da Hinggan Ling trails the province significantly on five of the 29 questions compared by prefecture (mostly in “talent environment”) and leads it on none',
    );
    expect(findingMessages('zh').standing({ region: '大兴安岭地区', better: 0, worse: 5, total: 29, worseOn: ['人才环境'], questions: true })).toBe(
      '大兴安岭地区在29个可按地区比较的问题中有5项显著落后于全省（主要在“人才环境”方面），没有一项显著好于全省',
    );
    const ctx = createModelContext(withDifferences('230200', 'en'));
    const behind = standings(ctx).rows.find((r) => r.code === '230200')?.behind.length ?? 0;
    const model = buildReportModel(withDifferences('230200', 'en'));
    const texts = model.sections.flatMap((s) => s.blocks).filter((b): b is FindingBlock => b.kind === 'finding').map((b) => b.text);
    expect(texts.some((t) => t.includes(`trails the province significantly on ${['none', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][behind] ?? behind} of the`))).toBe(true);
  });
});

describe('units and wordings an editor would pass', () => {
  it('reads a yes/no question without a phrase as its own predicate, in both languages', () => {
    expect(questionPredicate('Does the organisation do R&D?', 'en')).toBe('do R&D');
    expect(questionPredicate('Has the organisation an R&D department?', 'en')).toBe('have an R&D department');
    expect(questionPredicate('Is the company exporting?', 'en')).toBe('are exporting');
    expect(questionPredicate('是否开展研发活动？', 'zh')).toBe('开展研发活动');
    expect(questionPredicate('Any R&D', 'en')).toBeNull();
  });

  it('does not repeat a count’s unit the question already names, in English only', () => {
    const input = fixtureInput('province', 'en');
    const ctx = createModelContext(input);
    const v = input.codebook.find((x) => x.name === 'employees')!;
    const s = stated(ctx, { statistic: 'mean', variable: { ...v, unit: { zh: '人', en: 'employees' } }, level: null }, input.estimates.estimates.find((e) => e.variable === 'employees' && e.statistic === 'mean' && e.domain === null)!);
    expect(withoutEchoedUnit(ctx, 'number of employees', s).unit).toBeNull();
    expect(withoutEchoedUnit(ctx, 'size of the workforce', s).unit).toBe('employees');
    const zh = createModelContext(fixtureInput('province', 'zh'));
    expect(withoutEchoedUnit(zh, '从业人员数', { ...s, unit: '人' }).unit).toBe('人');
  });

  it('gives a live bare number the † its table cell carries', () => {
    const input = withDifferences('province', 'en');
    const ind = likertOf(input);
    const model = buildReportModel({ ...input, narrative: { ...input.narrative, [ind.variable.theme ?? '']: `Qiqihar {{ share ${ind.variable.name} top2 230200 number }} and Harbin {{ share ${ind.variable.name} top2 230100 number }}.` } });
    const text = model.sections
      .flatMap((s) => s.blocks)
      .filter((b): b is ParagraphBlock => b.kind === 'paragraph' && b.origin !== null)
      .map((b) => b.text)
      .join('\n');
    expect(text).toContain(`Qiqihar 30%† and Harbin 80%.`);
    expect(nb).toBe('\u00a0');
  });
});
