import type { Codebook, Variable } from '../../schemas/codebook.js';
import type { Bilingual } from '../../schemas/common.js';
import type { SurveyConfig } from '../../schemas/survey.js';
import { mulberry32 } from '../seeded-random.js';

/** What `thinktank init` writes, as data: turned into files by `writeScaffold`. */
export interface Scaffold {
  /** survey.json as written (input shape: defaults left out) */
  config: Record<string, unknown> & Pick<SurveyConfig, 'id' | 'date' | 'region'>;
  codebook: Codebook;
  /** the synthetic responses, one record per respondent, keyed by variable name */
  responses: Record<string, string | number | null>[];
  /** population counts by region and sector (margins.csv) */
  margins: { region: string; sector: number; count: number }[];
  /** lines of the codebook's instructions sheet */
  instructions: string[];
  /** narrative/<key>.<lang>.md texts */
  narrative: Record<string, string>;
}

const bi = (zh: string, en: string): Bilingual => ({ zh, en });

/** The example regions: codes (used in report file names), labels, and enterprise counts by sector 1-3. */
const regions = [
  { code: 'north', label: bi('北部', 'North'), population: [400, 900, 300] },
  { code: 'central', label: bi('中部', 'Central'), population: [800, 1500, 200] },
  { code: 'south', label: bi('南部', 'South'), population: [500, 1100, 600] },
] as const;

const sectors = [bi('制造业', 'Manufacturing'), bi('服务业', 'Services'), bi('农业', 'Agriculture')];

const likert = [
  bi('非常不满意', 'Very dissatisfied'),
  bi('不满意', 'Dissatisfied'),
  bi('一般', 'Neutral'),
  bi('满意', 'Satisfied'),
  bi('非常满意', 'Very satisfied'),
].map((label, i) => ({ code: i + 1, label }));

/** The example codebook: an id, the design columns, a single choice, a multiple choice, a Likert battery, numbers and a text. */
export function scaffoldCodebook(): Codebook {
  const satisfaction = (name: string, zh: string, en: string): Variable => ({
    name,
    type: 'likert',
    label: bi(`对${zh}的满意度`, `Satisfaction with ${en}`),
    codes: likert,
    group: 'satisfaction',
    theme: 'environment',
  });
  return [
    { name: 'resp_id', type: 'id', label: bi('问卷编号', 'Response id'), aliases: ['编号', 'ID'], required: true, unique: true },
    {
      name: 'region',
      type: 'single',
      label: bi('地区', 'Region'),
      codes: regions.map((r) => ({ code: r.code, label: r.label })),
      required: true,
    },
    { name: 'county', type: 'text', label: bi('区县', 'County'), required: true },
    {
      name: 'sector',
      type: 'single',
      label: bi('行业', 'Sector'),
      codes: sectors.map((label, i) => ({ code: i + 1, label })),
      required: true,
    },
    { name: 'weight', type: 'number', label: bi('权数', 'Weight'), min: 0, required: true },
    {
      name: 'employees',
      type: 'integer',
      label: bi('员工人数', 'Employees'),
      min: 1,
      max: 100000,
      required: true,
      theme: 'business',
      unit: bi('人', 'people'),
    },
    {
      name: 'outlook',
      type: 'single',
      label: bi('对明年经营状况的预期', 'Business outlook for next year'),
      codes: [bi('更好', 'Better'), bi('持平', 'About the same'), bi('更差', 'Worse')].map((label, i) => ({ code: i + 1, label })),
      theme: 'business',
    },
    {
      name: 'rd_active',
      type: 'single',
      label: bi('过去一年是否开展研发活动', 'R&D in the past year'),
      codes: [bi('是', 'Yes'), bi('否', 'No')].map((label, i) => ({ code: i + 1, label })),
      theme: 'business',
    },
    {
      name: 'rd_spend',
      type: 'number',
      label: bi('研发经费', 'R&D spending'),
      min: 0,
      skip_if: 'rd_active == 2',
      theme: 'business',
      unit: bi('万元', '10k yuan'),
    },
    {
      name: 'barriers',
      type: 'multi',
      label: bi('经营中遇到的主要困难', 'Main obstacles to doing business'),
      codes: [
        bi('融资难', 'Access to finance'),
        bi('招工难', 'Hiring skilled staff'),
        bi('审批繁琐', 'Red tape'),
        bi('需求不足', 'Weak demand'),
        bi('其他', 'Other'),
      ].map((label, i) => ({ code: i + 1, label })),
      theme: 'environment',
    },
    satisfaction('sat_services', '政务服务', 'government services'),
    satisfaction('sat_infrastructure', '基础设施', 'infrastructure'),
    satisfaction('sat_finance', '金融服务', 'financial services'),
    { name: 'comment', type: 'text', label: bi('意见和建议', 'Comments and suggestions') },
  ];
}


/**
 * Synthetic responses for the scaffold: `size` respondents, a stratified sample over the three regions
 * (equal allocation) with four counties (clusters) each and sectors drawn in proportion to the population;
 * weights are the stratum's population over its sample size. Seeded, so `init` always writes the same data.
 */
export function scaffoldResponses(size = 200, seed = 20260101): Record<string, string | number | null>[] {
  const random = mulberry32(seed);
  const pick = (weights: readonly number[]) => {
    const total = weights.reduce((a, b) => a + b, 0);
    let u = random() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] as number;
      if (u < 0) return i;
    }
    return weights.length - 1;
  };
  const rows: Record<string, string | number | null>[] = [];
  const comments = ['希望简化审批流程', '建议加大人才政策支持', 'More training programmes, please', '融资成本偏高', null, null, null, null];
  regions.forEach((region, r) => {
    const n = Math.floor(size / regions.length) + (r < size % regions.length ? 1 : 0);
    const population = region.population.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) {
      const sector = pick(region.population) + 1;
      const rd = random() < 0.3 + 0.1 * r ? 1 : 2;
      const shift = r - 1;
      const sat = () => Math.min(5, Math.max(1, Math.round(3 + shift * 0.4 + (random() - 0.5) * 3)));
      const barriers = [1, 2, 3, 4, 5].filter((code) => random() < [0.45, 0.35, 0.25, 0.3, 0.05][code - 1]! + (code === 2 ? 0.1 * r : 0));
      rows.push({
        resp_id: `${region.code.slice(0, 1).toUpperCase()}${String(i + 1).padStart(4, '0')}`,
        region: region.code,
        county: `${region.code}-${1 + Math.floor(random() * 4)}`,
        sector,
        weight: Math.round((population / n) * 1e4) / 1e4,
        employees: Math.max(1, Math.round(Math.exp(2.5 + random() * 3))),
        outlook: pick([0.35 + 0.1 * shift, 0.45, 0.2 - 0.05 * shift]) + 1,
        rd_active: rd,
        rd_spend: rd === 1 ? Math.round(random() * random() * 500 * 10) / 10 : null,
        barriers: barriers.length > 0 ? barriers.join(';') : null,
        sat_services: sat(),
        sat_infrastructure: sat(),
        sat_finance: sat(),
        comment: comments[Math.floor(random() * comments.length)] ?? null,
      });
    }
  });
  return rows;
}

/** Everything `thinktank init` writes for a survey `id` dated `date` (YYYY-MM-DD); `schemaRef` is the `$schema` path. */
export function buildScaffold(options: { id: string; date: string; schemaRef: string }): Scaffold {
  const codebook = scaffoldCodebook();
  return {
    config: {
      $schema: options.schemaRef,
      id: options.id,
      title: bi('企业发展环境调查（示例）', 'Enterprise Environment Survey (example)'),
      issuer: bi('示例研究中心', 'Example Research Centre'),
      // the methodology chapter is written from these facts: replace them with your survey's
      population: {
        unit: bi('受访企业', 'enterprises'),
        definition: bi('示例地区三个区域内的全部企业（示例文字）。', 'All enterprises in the three regions of the example area (example text).'),
        size: regions.reduce((sum, r) => sum + r.population.reduce((a, b) => a + b, 0), 0),
      },
      frame: {
        description: bi('抽样框为示例企业名录（示例文字）。', 'The sampling frame is the example business register (example text).'),
        allocation: bi('各区域样本量相等，区域内先抽县、再抽企业。', 'Each region has the same sample size; counties are drawn first, then enterprises within them.'),
      },
      fieldwork: { start: options.date, end: options.date, mode: bi('网上自填问卷', 'online self-completion') },
      response: { sampled: 260, responded: 200 },
      limitations: [bi('示例数据为模拟数据，不代表任何真实地区。', 'The example data are simulated and describe no real place.')],
      date: options.date,
      wave: options.date.slice(0, 4),
      codebook: 'codebook.xlsx',
      responses: ['responses/*.xlsx'],
      design: { weights: 'weight', strata: 'region', cluster: 'county' },
      calibration: { method: 'rake', margins: 'margins.csv', variables: ['region', 'sector'] },
      region: 'region',
      themes: [
        { id: 'business', title: bi('经营状况', 'Business conditions') },
        { id: 'environment', title: bi('营商环境', 'The business environment') },
      ],
      reports: { province: true, regions: true, languages: ['zh', 'en'] },
    },
    codebook,
    responses: scaffoldResponses(),
    margins: regions.flatMap((r) => r.population.map((count, s) => ({ region: r.code, sector: s + 1, count }))),
    instructions: instructions(),
    narrative: {
      'business.zh.md': '本节介绍受访企业的经营状况与研发活动。（示例文字：请替换为分析结论。）\n',
      'business.en.md': 'This section describes how the enterprises surveyed are doing and whether they do R&D. (Example text: replace it with your findings.)\n',
      // live numbers: {{ n }} is filled in with the number of responses (see "Live numbers in the narrative" in the README)
      'recommendations.zh.md': '基于{{ n }}份回答提出的对策建议。（示例文字：请替换为分析结论。）\n',
      'recommendations.en.md': 'Recommendations drawn from {{ n }} responses. (Example text: replace it with your own.)\n',
    },
  };
}

/** The instructions sheet of codebook.xlsx, in both languages. */
export function instructions(): string[] {
  return [
    '说明 Instructions',
    '',
    '工作表 variables：每行一个变量（问卷中的一列）。Sheet "variables": one row per variable (one column of the response sheets).',
    'name：变量名（字母、数字、下划线、点）。name: letters, digits, _ and . (not starting with a digit).',
    'type：id | single | multi | likert | number | integer | text | date。',
    'label_zh / label_en：中英文标签；回答表的表头可以用变量名、任一标签或别名。Headers of response sheets may be the name, either label or an alias.',
    'aliases：表头的其他写法，用 | 分隔。Other spellings of the header, separated by |.',
    'min / max：数值范围。Allowed range of numbers.',
    'required / unique：TRUE/FALSE（或 是/否、yes/no、1/0）。',
    'skip_if：条件成立时该题必须为空，例如 rd_active == 2。When the condition holds the answer must be blank.',
    'rule：跨题规则，例如 rd_staff <= employees。A rule across questions that must hold.',
    'theme：所属报告章节（survey.json 的 themes）。The report section (themes in survey.json).',
    'group：把李克特题组合成一个量表。Ties Likert items into one battery.',
    'unit_zh / unit_en：单位。Units.',
    '',
    '工作表 codes：每个选项一行（variable | code | label_zh | label_en），按问卷顺序。Sheet "codes": one row per answer code, in questionnaire order.',
    '多选题的答案写成以分号分隔的代码，例如 1;3。Multiple-choice answers are codes separated by ";", e.g. 1;3.',
  ];
}
