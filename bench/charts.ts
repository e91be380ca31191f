/**
 * Chart stage benchmark: charts rendered per second (spec built, compiled by Vega-Lite, laid out by Vega with
 * fontkit text metrics, written as SVG) for a survey the size of the example (13 prefectures, about 40
 * variables). Uses the example's real estimates when the pipeline has produced them, else a synthetic survey of
 * the same shape. Run standalone: `node --import tsx bench/charts.ts [--all] [--zh]` (`--zh`: Chinese only).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Codebook, type Variable } from '../schemas/codebook.js';
import type { Lang } from '../schemas/common.js';
import { SurveyEstimates, type Comparison, type Estimate } from '../schemas/estimates.js';
import { SurveyConfig } from '../schemas/survey.js';
import { chartSurvey } from '../pipeline/chart/chart-survey.js';
import { mulberry32 as random } from '../pipeline/seeded-random.js';

/** Options of `benchCharts`. */
export interface BenchChartsOptions {
  /** "all": the province and every region (what a full run renders); "sample": the province and three regions */
  scopes?: 'all' | 'sample';
  langs?: Lang[];
  /** a survey to chart instead of the example or the synthetic one */
  survey?: { estimates: SurveyEstimates; codebook: Codebook; config: SurveyConfig; previous?: SurveyEstimates | null };
  /** progress lines (the standalone run prints them to stderr) */
  log?: (line: string) => void;
}

const root = fileURLToPath(new URL('..', import.meta.url));

const prefectures: [string, string, string][] = [
  ['230100', '哈尔滨市', 'Harbin'],
  ['230200', '齐齐哈尔市', 'Qiqihar'],
  ['230300', '鸡西市', 'Jixi'],
  ['230400', '鹤岗市', 'Hegang'],
  ['230500', '双鸭山市', 'Shuangyashan'],
  ['230600', '大庆市', 'Daqing'],
  ['230700', '伊春市', 'Yichun'],
  ['230800', '佳木斯市', 'Jiamusi'],
  ['230900', '七台河市', 'Qitaihe'],
  ['231000', '牡丹江市', 'Mudanjiang'],
  ['231100', '黑河市', 'Heihe'],
  ['231200', '绥化市', 'Suihua'],
  ['232700', '大兴安岭地区', 'Da Hinggan Ling'],
];


/** A synthetic survey shaped like the example: 13 prefectures, 5 themes, about 40 variables, 2 cross-tabs. */
export function syntheticSurvey(seed = 1): NonNullable<BenchChartsOptions['survey']> {
  const rand = random(seed);
  const codes = (labels: [string, string][]) => labels.map(([zh, en], i) => ({ code: i + 1, label: { zh, en } }));
  const yesNo = codes([['是', 'Yes'], ['否', 'No']]);
  const four = codes([['明显增加', 'Rose sharply'], ['略有增加', 'Rose slightly'], ['基本持平', 'Unchanged'], ['有所下降', 'Fell']]);
  const agree = [
    ...codes([['非常不同意', 'Strongly disagree'], ['不同意', 'Disagree'], ['一般', 'Neutral'], ['同意', 'Agree'], ['非常同意', 'Strongly agree']]),
    { code: 9, label: { zh: '不知道', en: "Don't know" } },
  ];
  const options = codes([['税费减免', 'Tax relief'], ['融资支持', 'Access to finance'], ['人才引进补贴', 'Talent subsidies'], ['简化审批', 'Simpler approvals'], ['用地保障', 'Land supply']]);
  const themes = ['talent', 'innovation', 'finance', 'policy', 'digital'];
  const variables: Variable[] = [
    { name: 'firm_id', type: 'id', label: { zh: '企业编号', en: 'Enterprise ID' } },
    { name: 'prefecture', type: 'single', label: { zh: '所在地区', en: 'Prefecture' }, codes: prefectures.map(([code, zh, en]) => ({ code, label: { zh, en } })) },
    { name: 'sector', type: 'single', label: { zh: '所属行业', en: 'Sector' }, codes: codes([['制造业', 'Manufacturing'], ['服务业', 'Services'], ['农业', 'Agriculture']]) },
  ];
  let q = 0;
  const add = (theme: string, type: Variable['type'], extra: Partial<Variable> = {}) => {
    q += 1;
    variables.push({
      name: `q${q}`,
      type,
      theme,
      label: { zh: `第${q}题：贵企业过去一年相关情况的评价与变化`, en: `Question ${q}: how this changed for the enterprise in the past year` },
      ...(type === 'single' ? { codes: q % 3 === 0 ? yesNo : four } : {}),
      ...(type === 'multi' ? { codes: options } : {}),
      ...(type === 'likert' ? { codes: agree } : {}),
      ...(type === 'number' || type === 'integer' ? { unit: { zh: '万元', en: '10,000 yuan' } } : {}),
      ...extra,
    });
  };
  const layout: Record<string, [number, number, number, number]> = {
    // single, multi, number, likert items (one battery)
    talent: [5, 1, 1, 0],
    innovation: [4, 1, 2, 5],
    finance: [3, 1, 1, 0],
    policy: [2, 1, 0, 6],
    digital: [4, 0, 0, 4],
  };
  for (const theme of themes) {
    const [single, multi, number, items] = layout[theme] ?? [0, 0, 0, 0];
    for (let i = 0; i < single; i++) add(theme, 'single');
    for (let i = 0; i < multi; i++) add(theme, 'multi');
    for (let i = 0; i < number; i++) add(theme, 'number');
    for (let i = 0; i < items; i++) add(theme, 'likert', { group: `${theme}_battery` });
  }
  const domains: (string | null)[] = [null, ...prefectures.map(([code]) => code)];
  const baseOf = (d: string | null) => (d === null ? 2911 : d === '232700' ? 24 : 90 + Math.floor(rand() * 300));
  const bases = new Map(domains.map((d) => [d, baseOf(d)]));
  const estimates: Estimate[] = [];
  const comparisons: Comparison[] = [];
  const estimate = (statistic: 'prop' | 'mean', variable: string, level: string | null, d: string | null, value: number, se: number): Estimate => {
    const n = bases.get(d) ?? 100;
    return {
      statistic,
      variable,
      level,
      domain: d === null ? null : { prefecture: d },
      estimate: value,
      se,
      ci_low: value - 1.96 * se,
      ci_high: value + 1.96 * se,
      df: 8,
      n,
      n_eff: n,
      rse: se / Math.abs(value),
      flags: n < 30 ? ['low_base' as const] : [],
      reasons: n < 30 ? [`n ${n} < 30`] : [],
    };
  };
  for (const v of variables.slice(3)) {
    for (const d of domains) {
      const n = bases.get(d) ?? 100;
      if (v.type === 'number') {
        const m = 800 + rand() * 4000;
        estimates.push(estimate('mean', v.name, null, d, m, m * (0.5 / Math.sqrt(n))));
        if (d !== null) {
          const p = rand() * 0.2;
          comparisons.push({ statistic: 'mean', variable: v.name, level: null, domain: { prefecture: d }, versus: 'all', difference: m - 2800, se: 300, df: 8, ci_low: m - 2800 - 692, ci_high: m - 2800 + 692, p_value: p, p_adjusted: Math.min(1, p * 2), significant: p < 0.025 });
        }
        continue;
      }
      const k = v.codes?.length ?? 0;
      const weights = Array.from({ length: k }, () => 0.2 + rand());
      const total = weights.reduce((a, b) => a + b, 0);
      weights.forEach((w, i) => {
        const p = v.type === 'multi' ? Math.min(0.9, w / 2) : w / total;
        estimates.push(estimate('prop', v.name, String(v.codes?.[i]?.code), d, p, Math.sqrt((p * (1 - p) * 1.5) / n)));
      });
      if (v.type === 'likert') estimates.push(estimate('mean', v.name, null, d, 2.5 + rand() * 1.5, 1.1 / Math.sqrt(n)));
      if (d !== null && v.type === 'single') {
        const difference = (rand() - 0.5) * 0.2;
        const p = rand() * 0.2;
        comparisons.push({ statistic: 'prop', variable: v.name, level: '1', domain: { prefecture: d }, versus: 'all', difference, se: 0.03, df: 8, ci_low: difference - 0.07, ci_high: difference + 0.07, p_value: p, p_adjusted: Math.min(1, p * 2), significant: p < 0.025 });
      }
    }
  }
  const crosstab = (row: string, column: string) => {
    const columns = variables.find((v) => v.name === column)?.codes?.map((c) => String(c.code)) ?? [];
    const rows = ['1', '2', '3'];
    const cells = rows.map(() => columns.map(() => rand()));
    const rowPercent = cells.map((r) => {
      const s = r.reduce((a, b) => a + b, 0);
      return r.map((c) => c / s);
    });
    return {
      row,
      column,
      row_levels: rows,
      column_levels: columns,
      cells: rowPercent.map((r) => r.map((c) => c / 3)),
      row_percent: rowPercent,
      column_percent: rowPercent,
      n: rowPercent.map((r) => r.map((c) => Math.round(c * 900))),
      chisq: 12.3,
      f: 3.4,
      df1: 2.9,
      df2: 320.1,
      p_value: 0.018,
    };
  };
  const config = SurveyConfig.parse({
    id: 'synthetic',
    title: { zh: '黑龙江省企业发展调查', en: 'Heilongjiang Enterprise Survey' },
    issuer: { zh: '省发展研究中心', en: 'Provincial Development Research Centre' },
    date: '2026-03-31',
    region: 'prefecture',
    design: { weights: 'weight', strata: 'prefecture', cluster: 'county' },
    calibration: { method: 'rake', variables: ['prefecture', 'sector'] },
    themes: themes.map((id) => ({ id, title: { zh: `主题${id}`, en: `Theme ${id}` } })),
  });
  return {
    codebook: Codebook.parse(variables),
    config,
    estimates: SurveyEstimates.parse({
      survey: 'synthetic',
      design: { weights: 'weight', strata: 'prefecture', cluster: 'county', fpc: null, lonely_psu: 'adjust', calibration: 'rake', level: 0.95, ci_method: 'wald', version: 'bench' },
      n: 2911,
      min_base: 30,
      weighting: { method: 'rake', converged: true, iterations: 5, max_margin_error: 0, deff_weighting: 1.3, effective_n: 2200, trimmed: 0, min_weight: 1, max_weight: 9, lonely_strata: [] },
      estimates,
      comparisons,
      crosstabs: [crosstab('sector', 'q1'), crosstab('sector', 'q3')],
    }),
  };
}

/** The example survey's estimates when `thinktank run` has produced them (codebook as JSON), else null. */
function exampleSurvey(): BenchChartsOptions['survey'] | null {
  const inputs = path.join(root, 'inputs', 'heilongjiang-2026');
  const files = {
    estimates: path.join(root, 'outputs', 'heilongjiang-2026', 'tables', 'estimates.json'),
    codebook: path.join(inputs, 'codebook.json'),
    config: path.join(inputs, 'survey.json'),
  };
  if (!Object.values(files).every((f) => existsSync(f))) return null;
  const read = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));
  return {
    estimates: SurveyEstimates.parse(read(files.estimates)),
    codebook: Codebook.parse(read(files.codebook)),
    config: SurveyConfig.parse(read(files.config)),
  };
}

/** Renders the survey's figures once and returns charts per second (after one warm-up chart set). */
export async function benchCharts(options: BenchChartsOptions = {}): Promise<number> {
  const survey = options.survey ?? exampleSurvey() ?? syntheticSurvey();
  const { estimates, codebook, config } = survey;
  const regions = codebook.find((v) => v.name === config.region)?.codes?.map((c) => String(c.code)) ?? [];
  const scopes = ['province', ...(options.scopes === 'all' ? regions : regions.slice(0, 3))];
  const langs = options.langs ?? ['zh', 'en'];
  const log = options.log ?? (() => {});
  // Warm-up: font loading and JIT, not part of the steady-state rate.
  await chartSurvey(estimates, codebook, config, { scopes: ['province'], langs: ['zh'], previous: survey.previous ?? null });
  const start = performance.now();
  const figures = await chartSurvey(estimates, codebook, config, { scopes, langs, previous: survey.previous ?? null });
  const seconds = (performance.now() - start) / 1000;
  const rate = figures.length / seconds;
  const perScope = scopes.map((s) => figures.filter((f) => f.scope === s && f.lang === langs[0]).length);
  log(`charts: ${figures.length} figures (${scopes.length} scopes x ${langs.length} languages; per report ${perScope.join(', ')}) in ${seconds.toFixed(2)} s = ${rate.toFixed(1)} charts/s`);
  return rate;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rate = await benchCharts({
    scopes: process.argv.includes('--all') ? 'all' : 'sample',
    ...(process.argv.includes('--zh') ? { langs: ['zh'] as Lang[] } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify({ bench: 'charts', charts_per_second: Math.round(rate * 10) / 10 })}\n`);
}
