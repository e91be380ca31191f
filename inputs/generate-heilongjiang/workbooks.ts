import ExcelJS from 'exceljs';
import type { Codebook } from '../../schemas/codebook.js';
import { columnLetters, headerOf, type CellValue } from './cells.js';
import type { FileStyle } from './file-styles.js';
import { normalizeZip } from '../../pipeline/publish/normalize-zip.js';

/** The one timestamp every generated workbook carries in its document properties. */
export const FILE_DATE = new Date(Date.UTC(2026, 8, 1, 0, 0, 0));

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const WIDE = new Set(['org_name', 'suggestions']);

/** The workbook's bytes, with the zip entries' times fixed so two runs give identical files. */
async function toBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  workbook.created = FILE_DATE;
  workbook.modified = FILE_DATE;
  const buffer = await workbook.xlsx.writeBuffer();
  return normalizeZip(new Uint8Array(buffer as ArrayBuffer));
}

/** Where one file's rows go: header row number and the sheet row of each data row (blank rows skipped). */
export interface SheetLayout {
  headerRow: number;
  dataRows: number[];
}

/** The row layout of a response file: title, optional second row, header, data with blank rows inside. */
export function layoutSheet(rowCount: number, style: FileStyle): SheetLayout {
  const headerRow = style.secondRow === null ? 2 : 3;
  const dataRows: number[] = [];
  let row = headerRow + 1;
  for (let i = 0; i < rowCount; i++) {
    dataRows.push(row);
    row += style.blankRowsAfter.includes(i) ? 2 : 1;
  }
  return { headerRow, dataRows };
}

/** One field office's response workbook as bytes: merged title row, optional subtitle, Chinese headers, data. */
export async function buildResponseWorkbook(input: {
  title: string;
  author: string;
  codebook: Codebook;
  style: FileStyle;
  rows: CellValue[][];
  layout: SheetLayout;
}): Promise<Uint8Array> {
  const { codebook, style, rows, layout } = input;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = input.author;
  workbook.lastModifiedBy = input.author;
  const sheet = workbook.addWorksheet(style.sheetName, { views: [{ state: 'frozen', ySplit: layout.headerRow }] });
  sheet.columns = codebook.map((v) => ({ width: WIDE.has(v.name) ? 32 : v.type === 'likert' && v.group !== undefined ? 12 : 14 }));

  const last = columnLetters(codebook.length - 1);
  sheet.mergeCells(`A1:${last}1`);
  const title = sheet.getCell('A1');
  title.value = input.title;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 28;
  if (style.secondRow) sheet.getCell('A2').value = style.secondRow;

  const header = sheet.getRow(layout.headerRow);
  codebook.forEach((variable, c) => {
    const cell = header.getCell(c + 1);
    cell.value = headerOf(variable, style);
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle' };
  });
  header.height = 42;

  rows.forEach((cells, i) => {
    const row = sheet.getRow(layout.dataRows[i] ?? 0);
    cells.forEach((value, c) => {
      if (value === null) return;
      const cell = row.getCell(c + 1);
      cell.value = value;
      if (value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
    });
  });
  for (const name of style.extraSheets) workbook.addWorksheet(name);
  return toBytes(workbook);
}

const VARIABLE_COLUMNS = [
  'name', 'type', 'label_zh', 'label_en', 'aliases', 'min', 'max', 'required', 'unique', 'skip_if', 'rule', 'theme',
  'group', 'unit_zh', 'unit_en', 'phrase_zh', 'phrase_en', 'priority', 'negative', 'ordinal', 'report', 'summary',
] as const;

const INSTRUCTIONS = [
  '说明 instructions',
  '',
  '本码本定义调查的每个变量（问卷题目），供 thinktank 读取、校验数据并生成报告。',
  'This codebook defines every variable (question) of the survey; thinktank reads it to check the data and build the reports.',
  '',
  'variables 表：每行一个变量。name 为变量名（字母、数字、下划线）；type 为 id / single / multi / likert / number / integer / text / date。',
  "Sheet 'variables': one row per variable. name: letters, digits and _; type: id, single, multi, likert, number, integer, text or date.",
  'label_zh / label_en：中英文题目标签；aliases：各地报表中可能出现的其他表头写法，用 | 分隔。',
  'label_zh / label_en: the question in Chinese and English; aliases: other header texts field offices use, separated by |.',
  'min / max：取值范围；required：必填；unique：不得重复；unit_zh / unit_en：单位。',
  'min / max: allowed range; required: must be answered; unique: no two rows may share a value; unit_zh / unit_en: unit.',
  'skip_if：条件成立时本题应为空（跳答）；rule：涉及的变量都有值时必须成立的逻辑关系。',
  'skip_if: when the condition holds the question must be blank (skip logic); rule: must hold whenever the variables it names are present.',
  'theme：所属报告主题；group：同一组李克特量表题目。',
  'theme: the report theme the variable belongs to; group: the Likert battery an item belongs to.',
  'phrase_zh / phrase_en：报告句子中的简短说法（是否题写“是”的含义，如“设有研发机构”）；priority：0-9，摘要中的重要程度；negative：比例越高越不利；ordinal：选项有序；report：FALSE 表示不在报告中呈现；summary：median 或 mean。',
  'phrase_zh / phrase_en: how report sentences say it (for a yes/no question what "yes" means); priority: 0-9, weight in the summary; negative: a higher share is worse; ordinal: the codes are ordered; report: FALSE keeps it out of reports; summary: median or mean.',
  '',
  'codes 表：单选、多选和量表题的取值代码及中英文标签，每个代码一行，按顺序排列。多选题答案写作“1,3,5”。',
  "Sheet 'codes': the allowed codes of coded questions with their labels, one row each, in order. Multiple choices are written \"1,3,5\".",
];

function cellsOfVariable(v: Codebook[number]): Record<(typeof VARIABLE_COLUMNS)[number], string | number | boolean | null> {
  return {
    name: v.name,
    type: v.type,
    label_zh: v.label.zh,
    label_en: v.label.en,
    aliases: v.aliases?.join('|') ?? null,
    min: v.min ?? null,
    max: v.max ?? null,
    required: v.required ?? null,
    unique: v.unique ?? null,
    skip_if: v.skip_if ?? null,
    rule: v.rule ?? null,
    theme: v.theme ?? null,
    group: v.group ?? null,
    unit_zh: v.unit?.zh ?? null,
    unit_en: v.unit?.en ?? null,
    phrase_zh: v.phrase?.zh ?? null,
    phrase_en: v.phrase?.en ?? null,
    priority: v.priority ?? null,
    negative: v.negative ?? null,
    ordinal: v.ordinal ?? null,
    report: v.report ?? null,
    summary: v.summary ?? null,
  };
}

/** codebook.xlsx as bytes, in the layout of the contracts: sheets `variables`, `codes`, `说明 instructions`. */
export async function buildCodebookWorkbook(codebook: Codebook, author: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = author;
  workbook.lastModifiedBy = author;

  const variables = workbook.addWorksheet('variables', { views: [{ state: 'frozen', ySplit: 1 }] });
  variables.columns = VARIABLE_COLUMNS.map((key) => ({
    header: key,
    key,
    width: key.startsWith('label') ? 40 : key === 'aliases' ? 36 : key === 'name' || key === 'skip_if' || key === 'rule' ? 20 : 11,
  }));
  for (const v of codebook) variables.addRow(cellsOfVariable(v));
  variables.getRow(1).font = { bold: true };
  variables.getRow(1).fill = HEADER_FILL;

  const codes = workbook.addWorksheet('codes', { views: [{ state: 'frozen', ySplit: 1 }] });
  codes.columns = [
    { header: 'variable', key: 'variable', width: 20 },
    { header: 'code', key: 'code', width: 10 },
    { header: 'label_zh', key: 'label_zh', width: 28 },
    { header: 'label_en', key: 'label_en', width: 44 },
    { header: 'phrase_zh', key: 'phrase_zh', width: 20 },
    { header: 'phrase_en', key: 'phrase_en', width: 30 },
  ];
  for (const v of codebook) {
    for (const c of v.codes ?? []) {
      codes.addRow({ variable: v.name, code: c.code, label_zh: c.label.zh, label_en: c.label.en, phrase_zh: c.phrase?.zh ?? null, phrase_en: c.phrase?.en ?? null });
    }
  }
  codes.getRow(1).font = { bold: true };
  codes.getRow(1).fill = HEADER_FILL;

  const notes = workbook.addWorksheet('说明 instructions');
  notes.getColumn(1).width = 120;
  INSTRUCTIONS.forEach((line, i) => {
    if (line) notes.getCell(i + 1, 1).value = line;
  });
  notes.getCell(1, 1).font = { bold: true, size: 13 };
  return toBytes(workbook);
}
