/**
 * Generates the bundled example survey, inputs/heilongjiang-2026/: a survey of enterprises and research
 * organisations in Heilongjiang's 13 prefecture-level divisions for a provincial revitalisation study
 * (frontier technology, the digital economy, industry-academia collaboration, talent).
 *
 *   node --import tsx inputs/generate-heilongjiang.ts [out-dir]      (default: inputs/heilongjiang-2026)
 *
 * Writes survey.json, codebook.xlsx (sheets variables, codes, 说明 instructions), margins.csv
 * (prefecture x sector population counts), responses/<code>-<slug>.xlsx (one per prefecture, 3,000 rows in
 * all, laid out the way field offices send them: merged title row, Chinese headers with local variants, blank
 * rows, serial dates in one file, numbers as text in another) and injected-defects.json (every bad cell planted
 * on purpose, with its exact location, so tests can check that validation finds each one). The narrative/
 * texts are written by hand and are not touched.
 *
 * Deterministic: a seeded mulberry32 generator (no Math.random), fixed workbook dates, and the zip entries'
 * timestamps (which JSZip inside exceljs sets to the current time) rewritten to a fixed date, so two runs give
 * byte-identical files. The model behind the answers: a latent innovation score (firm size, sector,
 * prefecture, a county random effect) drives R&D, frontier-technology use and digitalisation; a remoteness
 * score (highest in the northern forest regions) drives recruiting difficulty, turnover and the talent
 * environment. Weights are population / sample of each prefecture x sector cell times a small nonresponse
 * adjustment, so raking to margins.csv moves them a little.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Codebook } from '../schemas/codebook.js';
import { SurveyConfig } from '../schemas/survey.js';
import { writeFileAtomic } from '../pipeline/publish/write-atomic.js';
import { CODEBOOK } from './generate-heilongjiang/codebook.js';
import { columnLetters, headerOf, toCells, type CellValue } from './generate-heilongjiang/cells.js';
import { injectDefects, type DefectPlacement, type Sample } from './generate-heilongjiang/defects.js';
import { fileStyleOf } from './generate-heilongjiang/file-styles.js';
import { PREFECTURES, SECTORS } from './generate-heilongjiang/geography.js';
import { SEED, simulatePrefecture } from './generate-heilongjiang/simulate.js';
import { buildCodebookWorkbook, buildResponseWorkbook, layoutSheet, type SheetLayout } from './generate-heilongjiang/workbooks.js';

const SURVEY_TITLE_ZH = '2026年黑龙江省科技创新与数字经济发展调查';
const ISSUER = { zh: '龙江创新发展研究院', en: 'Longjiang Institute for Innovation and Development Studies' };

/** The example's survey.json (written as is; checked against the SurveyConfig schema before writing). */
export const SURVEY_JSON = {
  $schema: '../../schemas/survey.schema.json',
  id: 'heilongjiang-2026',
  // the repository keeps the example's outputs at the top level (outputs/heilongjiang-2026/), not in the survey folder
  outputs: '../../outputs/heilongjiang-2026',
  title: {
    zh: '黑龙江省科技创新、数字经济与人才发展调查 2026',
    en: 'Heilongjiang Survey of Innovation, the Digital Economy and Talent 2026',
  },
  // for running heads too narrow for the title beside a long chapter title
  short_title: {
    zh: '黑龙江省科技创新调查 2026',
    en: 'Heilongjiang Innovation Survey 2026',
  },
  subtitle: {
    zh: '面向全省13个市（地）企业、科研院所和科技服务机构的抽样调查',
    en: 'A sample survey of enterprises, research institutes and technology service providers in 13 prefectures',
  },
  issuer: ISSUER,
  population: {
    unit: { zh: '受访单位', en: 'organisations' },
    definition: {
      zh: '黑龙江省13个市（地）内从事研发、生产或技术服务的企业、科研院所和科技服务机构，不含个体工商户和从业人员不足5人的单位。',
      en: 'Enterprises, research institutes and technology service providers in Heilongjiang\'s 13 prefecture-level divisions that do research, manufacture or provide technical services, excluding sole traders and organisations with fewer than five employees.',
    },
    size: 34227,
  },
  frame: {
    description: {
      zh: '抽样框为2025年12月省统计局名录库中符合条件的单位，按所在市（地）和单位类型整理。',
      en: 'The sampling frame is the provincial statistics bureau\'s business register as of December 2025, restricted to eligible organisations and classified by prefecture and type of organisation.',
    },
    allocation: {
      zh: '样本按市（地）分层，各市（地）样本量按单位数的平方根分配，以保证较小市（地）也有可用的样本；在各市（地）内先抽取县（市、区），再在所抽县（市、区）内按单位类型抽取单位。',
      en: 'The sample is stratified by prefecture and allocated in proportion to the square root of each prefecture\'s number of organisations, so that the smaller prefectures also have usable samples; within each prefecture counties were drawn first, then organisations by type within the counties drawn.',
    },
  },
  fieldwork: {
    start: '2026-05-11',
    end: '2026-07-24',
    mode: {
      zh: '网上自填问卷，辅以电话催答和上门协助填报',
      en: 'online self-completion, with telephone reminders and help from field staff on request',
    },
    agency: { zh: '各市（地）科技局调查组', en: 'survey teams of the prefectural science and technology bureaus' },
  },
  response: {
    sampled: 3980,
    responded: 3000,
    by_region: {
      '230100': { sampled: 930, responded: 720 },
      '230200': { sampled: 440, responded: 330 },
      '230300': { sampled: 230, responded: 170 },
      '230400': { sampled: 160, responded: 120 },
      '230500': { sampled: 175, responded: 130 },
      '230600': { sampled: 545, responded: 420 },
      '230700': { sampled: 140, responded: 100 },
      '230800': { sampled: 305, responded: 230 },
      '230900': { sampled: 140, responded: 100 },
      '231000': { sampled: 370, responded: 280 },
      '231100': { sampled: 165, responded: 120 },
      '231200': { sampled: 310, responded: 230 },
      '232700': { sampled: 70, responded: 50 },
    },
  },
  limitations: [
    {
      zh: '调查反映受访单位负责人的判断和自报数据，营业收入、研发经费等金额未经财务核验。',
      en: 'The survey records the judgement and self-reported figures of the organisations\' managers; amounts such as revenue and R&D spending were not checked against accounts.',
    },
    {
      zh: '本轮为首次调查，尚无可比的往期数据，文中不讨论变化趋势。',
      en: 'This is the first wave of the survey, so there are no earlier figures to compare with and the report does not discuss trends.',
    },
  ],
  key_indicators: [
    { variable: 'has_rd', statistic: 'prop', level: '1', label: { zh: '设有研发机构', en: 'Has an R&D department' } },
    { variable: 'tech_adopted', statistic: 'prop', level: '1', label: { zh: '应用人工智能', en: 'Uses AI' } },
    { variable: 'innov_env_1', statistic: 'prop', level: 'top2', label: { zh: '认为创新政策支持有力', en: 'Finds innovation policy supportive' } },
    { variable: 'de_env_1', statistic: 'prop', level: 'top2', label: { zh: '网络设施能满足需要', en: 'Network meets needs' } },
    { variable: 'digital_barriers', statistic: 'prop', level: '1', label: { zh: '数字化转型缺资金', en: 'Digital transformation short of funds' } },
    { variable: 'collab_any', statistic: 'prop', level: '1', label: { zh: '开展产学研合作', en: 'Collaborates with academia' } },
    { variable: 'recruit_difficulty', statistic: 'prop', level: 'top2', label: { zh: '招聘高层次人才困难', en: 'Finds recruiting hard' } },
    { variable: 'talent_env_3', statistic: 'prop', level: 'top2', label: { zh: '认为青年人才愿意留下', en: 'Expects young talent to stay' } },
    { variable: 'employees', statistic: 'median', label: { zh: '从业人员中位数（人）', en: 'Median employees' } },
    { variable: 'turnover_rate', statistic: 'median', label: { zh: '核心人才流失率中位数（%）', en: 'Median key-staff turnover (%)' } },
  ],
  citation: {
    zh: '龙江创新发展研究院：《黑龙江省科技创新、数字经济与人才发展调查 2026》，哈尔滨，2026年10月。',
    en: 'Longjiang Institute for Innovation and Development Studies (2026), Heilongjiang Survey of Innovation, the Digital Economy and Talent 2026, Harbin, October 2026.',
  },
  date: '2026-10-15',
  wave: '2026',
  codebook: 'codebook.xlsx',
  responses: ['responses/*.xlsx'],
  design: { weights: 'weight', strata: 'prefecture', cluster: 'county', lonely_psu: 'adjust' },
  calibration: { method: 'rake', margins: 'margins.csv', variables: ['prefecture', 'sector'] },
  region: 'prefecture',
  themes: [
    { id: 'profile', title: { zh: '受访单位基本情况', en: 'The organisations surveyed' } },
    { id: 'frontier_tech', title: { zh: '前沿科技应用与研发创新', en: 'Frontier technology and R&D' } },
    { id: 'digital_economy', title: { zh: '数字经济与数字化转型', en: 'The digital economy and digital transformation' } },
    { id: 'collaboration', title: { zh: '产学研合作', en: 'Industry-academia collaboration' } },
    { id: 'talent', title: { zh: '人才引进与保留', en: 'Attracting and keeping talent' } },
  ],
  reports: { province: true, regions: true, languages: ['zh', 'en'] },
  analysis: {
    level: 0.95,
    min_base: 30,
    correction: 'bh',
    // what goes with AI adoption (piloting or beyond): size, sector, R&D and prefecture, as R svyglm
    models: [
      {
        name: 'ai_adoption',
        title: { zh: '哪些特征与人工智能应用相关', en: 'What goes with AI adoption' },
        formula: 'I(ai_stage >= 3) ~ log(employees) + sector + has_rd + prefecture',
        family: 'quasibinomial',
      },
    ],
  },
  narrative: 'narrative',
} as const;

/** One response file as the generator planned it (paths relative to the survey folder). */
interface PlannedFile {
  file: string;
  prefecture: string;
  sheet: string;
  layout: SheetLayout;
  blankRows: number;
}

function fileOf(code: string): string {
  const prefecture = PREFECTURES.find((p) => p.code === code);
  if (!prefecture) throw new Error(`unknown prefecture ${code}`);
  return `responses/${prefecture.code}-${prefecture.slug}.xlsx`;
}

/** A JSON-safe form of a planted cell value and its kind, as the test reads it back. */
function describeValue(value: CellValue): { value: string | number | null; value_type: string } {
  if (value === null) return { value: null, value_type: 'blank' };
  if (value instanceof Date) return { value: value.toISOString().slice(0, 10), value_type: 'date' };
  return { value, value_type: typeof value === 'number' ? 'number' : 'text' };
}

function describeDefects(placements: DefectPlacement[], files: Map<string, PlannedFile>): unknown[] {
  const where = (prefecture: string, index: number, variable: string) => {
    const planned = files.get(prefecture);
    const column = CODEBOOK.findIndex((v) => v.name === variable);
    const row = planned?.layout.dataRows[index];
    if (!planned || row === undefined || column < 0) throw new Error(`cannot place ${variable} in ${prefecture}`);
    const letters = columnLetters(column);
    return { file: planned.file, sheet: planned.sheet, cell: `${letters}${row}`, ref: `'${planned.sheet}'!${letters}${row}`, row, column: letters };
  };
  return placements.map((p) => {
    const variable = CODEBOOK.find((v) => v.name === p.variable);
    if (!variable) throw new Error(`no variable ${p.variable}`);
    return {
      ...where(p.prefecture, p.index, p.variable),
      variable: p.variable,
      header: headerOf(variable, fileStyleOf(p.prefecture)).trim(),
      kind: p.kind,
      expected: p.expected,
      ...describeValue(p.value),
      ...(p.duplicateOf
        ? { duplicate_of: (({ file, sheet, cell, ref }) => ({ file, sheet, cell, ref }))(where(p.duplicateOf.prefecture, p.duplicateOf.index, 'resp_id')) }
        : {}),
    };
  });
}

function marginsCsv(): string {
  const lines = ['prefecture,sector,count'];
  for (const p of PREFECTURES) p.population.forEach((count, s) => lines.push(`${p.code},${s + 1},${count}`));
  return `${lines.join('\n')}\n`;
}

/** Writes the whole example survey into `outDir`; returns the written paths (absolute), in writing order. */
export async function generateHeilongjiang(outDir: string): Promise<string[]> {
  const codebook = Codebook.parse(CODEBOOK);
  SurveyConfig.parse(SURVEY_JSON);
  const written: string[] = [];
  const write = async (relative: string, data: string | Uint8Array) => {
    const target = path.join(outDir, relative);
    await writeFileAtomic(target, data);
    written.push(target);
  };

  const samples = new Map<string, Sample>();
  for (const prefecture of PREFECTURES) {
    const respondents = simulatePrefecture(prefecture);
    const style = fileStyleOf(prefecture.code);
    samples.set(prefecture.code, { respondents, cells: respondents.map((r) => toCells(r, codebook, style)) });
  }
  const placements = injectDefects(samples, codebook);

  await write('survey.json', `${JSON.stringify(SURVEY_JSON, null, 2)}\n`);
  await write('codebook.xlsx', await buildCodebookWorkbook(codebook, ISSUER.zh));
  await write('margins.csv', marginsCsv());

  const files = new Map<string, PlannedFile>();
  for (const prefecture of PREFECTURES) {
    const style = fileStyleOf(prefecture.code);
    const sample = samples.get(prefecture.code);
    if (!sample) throw new Error(`no sample for ${prefecture.code}`);
    const layout = layoutSheet(sample.cells.length, style);
    const file = fileOf(prefecture.code);
    files.set(prefecture.code, { file, prefecture: prefecture.code, sheet: style.sheetName, layout, blankRows: style.blankRowsAfter.length });
    const author = prefecture.code === '232700' ? '大兴安岭地区科学技术局' : `${prefecture.zh}科学技术局`;
    const bytes = await buildResponseWorkbook({
      title: `${SURVEY_TITLE_ZH} — ${prefecture.zh}`,
      author,
      codebook,
      style,
      rows: sample.cells,
      layout,
    });
    await write(file, bytes);
  }

  const manifest = {
    description:
      'Cells planted on purpose in the example responses: validation must report an issue at each `cell` (row and column of the response sheet). Generated by inputs/generate-heilongjiang.ts.',
    seed: SEED,
    sectors: SECTORS.map((s) => ({ code: s.code, zh: s.zh, en: s.en })),
    total_rows: [...samples.values()].reduce((n, s) => n + s.cells.length, 0),
    files: [...files.values()].map((f) => ({
      file: f.file,
      prefecture: f.prefecture,
      sheet: f.sheet,
      header_row: f.layout.headerRow,
      first_data_row: f.layout.dataRows[0],
      last_data_row: f.layout.dataRows.at(-1),
      rows: f.layout.dataRows.length,
      blank_rows: f.blankRows,
    })),
    defects: describeDefects(placements, files),
  };
  await write('injected-defects.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return written;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outDir = path.resolve(process.argv[2] ?? path.join(here, 'heilongjiang-2026'));
  const written = await generateHeilongjiang(outDir);
  process.stderr.write(`wrote ${written.length} files to ${path.relative(process.cwd(), outDir) || '.'}\n`);
}
