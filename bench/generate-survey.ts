/**
 * Seeded generator of large benchmark surveys: a survey folder (survey.json, codebook.json, margins.csv) with
 * responses as 13 prefecture xlsx files and as one CSV, for 10k, 100k or 1M respondents. Files are cached in
 * bench/data/<size>/ and only regenerated when missing.
 *
 *   node --import tsx bench/generate-survey.ts 100000
 */
import { createWriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { Codebook, Variable } from '../schemas/codebook.js';
import { mulberry32 } from '../pipeline/seeded-random.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The 13 prefecture-level divisions (admin code, pinyin), the strata of every bench survey. */
export const prefectures = [
  ['230100', 'harbin'], ['230200', 'qiqihar'], ['230300', 'jixi'], ['230400', 'hegang'],
  ['230500', 'shuangyashan'], ['230600', 'daqing'], ['230700', 'yichun'], ['230800', 'jiamusi'],
  ['230900', 'qitaihe'], ['231000', 'mudanjiang'], ['231100', 'heihe'], ['231200', 'suihua'],
  ['232700', 'dahinggan'],
] as const;

const LIKERT_ITEMS = 20;


const bi = (zh: string, en: string) => ({ zh, en });
const likertCodes = [
  bi('非常不同意', 'Strongly disagree'), bi('不同意', 'Disagree'), bi('一般', 'Neutral'),
  bi('同意', 'Agree'), bi('非常同意', 'Strongly agree'),
].map((label, i) => ({ code: i + 1, label }));

/** The bench codebook: design columns, 20 Likert items, numbers, choices and text (31 columns). */
export function benchCodebook(): Codebook {
  const vars: Variable[] = [
    { name: 'resp_id', type: 'id', label: bi('问卷编号', 'Response id'), required: true, unique: true },
    {
      name: 'prefecture', type: 'single', label: bi('地市', 'Prefecture'), required: true,
      codes: prefectures.map(([code, name]) => ({ code, label: bi(name, name) })),
    },
    { name: 'county', type: 'text', label: bi('区县', 'County'), required: true },
    {
      name: 'sector', type: 'single', label: bi('单位类型', 'Sector'), required: true,
      codes: [1, 2, 3].map((code) => ({ code, label: bi(`类型${code}`, `Sector ${code}`) })),
    },
    { name: 'weight', type: 'number', label: bi('权数', 'Weight'), required: true, min: 0 },
    { name: 'employees', type: 'integer', label: bi('员工人数', 'Employees'), min: 0 },
    { name: 'rd_spend', type: 'number', label: bi('研发经费', 'R&D spend'), min: 0 },
    { name: 'revenue', type: 'number', label: bi('营业收入', 'Revenue'), min: 0 },
    {
      name: 'digital_stage', type: 'single', label: bi('数字化阶段', 'Digital stage'), theme: 'digital',
      codes: [1, 2, 3, 4, 5].map((code) => ({ code, label: bi(`阶段${code}`, `Stage ${code}`) })),
    },
    {
      name: 'tech_adopted', type: 'multi', label: bi('已采用技术', 'Technologies adopted'), theme: 'tech',
      codes: [1, 2, 3, 4, 5, 6].map((code) => ({ code, label: bi(`技术${code}`, `Technology ${code}`) })),
    },
    { name: 'suggestion', type: 'text', label: bi('建议', 'Suggestions') },
  ];
  for (let k = 1; k <= LIKERT_ITEMS; k++) {
    vars.push({
      name: `q${k}`, type: 'likert', label: bi(`题目${k}`, `Item ${k}`), codes: likertCodes,
      theme: 'environment', group: k <= 10 ? 'env_a' : 'env_b',
    });
  }
  return vars;
}

/** One generated respondent's cells, in codebook order. */
function makeRow(i: number, rand: () => number, prefectureIndex: number): (string | number | null)[] {
  const [code] = prefectures[prefectureIndex]!;
  const county = `${code.slice(0, 4)}${String(1 + Math.floor(rand() * 8)).padStart(2, '0')}`;
  const sector = 1 + Math.floor(rand() * 3);
  const employees = Math.round(Math.exp(2 + rand() * 5));
  const mood = rand() * 2 - 1 + (prefectureIndex === 0 ? 0.4 : 0);
  const row: (string | number | null)[] = [
    `R${String(i + 1).padStart(7, '0')}`, code, county, sector, 20 + rand() * 80, employees,
    rand() < 0.1 ? null : Math.round(employees * rand() * 30) / 10, Math.round(employees * (50 + rand() * 200)),
    1 + Math.floor(rand() * 5),
    [1, 2, 3, 4, 5, 6].filter(() => rand() < 0.35).join(',') || null,
    rand() < 0.05 ? '加强人才政策支持' : null,
  ];
  for (let k = 0; k < LIKERT_ITEMS; k++) {
    row.push(rand() < 0.03 ? null : Math.min(5, Math.max(1, Math.round(3 + mood + (rand() - 0.5) * 2.5))));
  }
  return row;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

/** Generates (or reuses) a bench survey of `size` respondents and returns its folder. */
export async function generateBenchSurvey(size: number, seed = 20261125): Promise<string> {
  const dir = path.join(here, 'data', String(size));
  const done = path.join(dir, '.complete');
  if (await exists(done)) return dir;
  await mkdir(path.join(dir, 'responses'), { recursive: true });
  const codebook = benchCodebook();
  const headers = codebook.map((v) => v.label.zh);
  const rand = mulberry32(seed + size);
  const csv = createWriteStream(path.join(dir, 'responses.csv'));
  csv.write(codebook.map((v) => v.name).join(',') + '\n');
  let next = 0;
  for (let p = 0; p < prefectures.length; p++) {
    const [code, name] = prefectures[p]!;
    const rows = p === prefectures.length - 1 ? size - next : Math.floor(size / prefectures.length);
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path.join(dir, 'responses', `${code}-${name}.xlsx`), useSharedStrings: false, useStyles: false,
    });
    const sheet = writer.addWorksheet('调查数据');
    sheet.addRow([`基准调查 ${name}`]).commit();
    sheet.addRow(headers).commit();
    for (let r = 0; r < rows; r++) {
      const cells = makeRow(next++, rand, p);
      sheet.addRow(cells).commit();
      csv.write(cells.map((c) => (c === null ? '' : typeof c === 'string' && /[,"\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : String(c))).join(',') + '\n');
    }
    sheet.commit();
    await writer.commit();
  }
  await new Promise<void>((resolve, reject) => csv.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const margins = ['prefecture,sector,count'];
  for (const [code] of prefectures) for (const sector of [1, 2, 3]) margins.push(`${code},${sector},${Math.round(size * 8 / 39)}`);
  await writeFile(path.join(dir, 'margins.csv'), margins.join('\n') + '\n');
  await writeFile(path.join(dir, 'codebook.json'), JSON.stringify(codebook, null, 2));
  const survey = {
    id: `bench-${size}`,
    title: bi(`基准调查 ${size}`, `Bench survey ${size}`),
    issuer: bi('thinktank 基准', 'thinktank bench'),
    date: '2026-11-01',
    codebook: 'codebook.json',
    responses: ['responses/*.xlsx'],
    design: { weights: 'weight', strata: 'prefecture', cluster: 'county', lonely_psu: 'adjust' },
    calibration: { method: 'rake', margins: 'margins.csv', variables: ['prefecture', 'sector'] },
    region: 'prefecture',
    themes: [
      { id: 'digital', title: bi('数字经济', 'Digital economy') },
      { id: 'tech', title: bi('前沿技术', 'Frontier technology') },
      { id: 'environment', title: bi('发展环境', 'Environment') },
    ],
    reports: { province: true, regions: true, languages: ['zh', 'en'] },
  };
  await writeFile(path.join(dir, 'survey.json'), JSON.stringify(survey, null, 2));
  await writeFile(done, '');
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const size = Number(process.argv[2] ?? 10000);
  console.error(await generateBenchSurvey(size));
}
