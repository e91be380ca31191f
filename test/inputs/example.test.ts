import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Codebook, type Variable, VariableType } from '../../schemas/codebook.js';
import { SurveyConfig } from '../../schemas/survey.js';
import { generateHeilongjiang } from '../../inputs/generate-heilongjiang.js';
import { CODEBOOK } from '../../inputs/generate-heilongjiang/codebook.js';
import { PREFECTURES } from '../../inputs/generate-heilongjiang/geography.js';

const DIR = path.resolve(import.meta.dirname, '../../inputs/heilongjiang-2026');

interface FileEntry {
  file: string;
  prefecture: string;
  sheet: string;
  header_row: number;
  first_data_row: number;
  last_data_row: number;
  rows: number;
  blank_rows: number;
}
interface Defect {
  file: string;
  sheet: string;
  cell: string;
  row: number;
  variable: string;
  header: string;
  kind: string;
  value: string | number | null;
  value_type: 'text' | 'number' | 'date' | 'blank';
  duplicate_of?: { file: string; sheet: string; cell: string };
}
interface Manifest {
  total_rows: number;
  files: FileEntry[];
  defects: Defect[];
}

const manifest = JSON.parse(await readFile(path.join(DIR, 'injected-defects.json'), 'utf8')) as Manifest;
const books = new Map<string, ExcelJS.Workbook>();

function sheetOf(file: string, sheet: string): ExcelJS.Worksheet {
  const worksheet = books.get(file)?.getWorksheet(sheet);
  if (!worksheet) throw new Error(`no sheet ${sheet} in ${file}`);
  return worksheet;
}

function isEmpty(value: ExcelJS.CellValue): boolean {
  return value === null || value === undefined || value === '';
}

function rowIsBlank(row: ExcelJS.Row, columns: number): boolean {
  for (let c = 1; c <= columns; c++) if (!isEmpty(row.getCell(c).value)) return false;
  return true;
}

/** Every text a header may carry for a variable: name, labels, aliases (trimmed). */
function headerTexts(variable: Variable): string[] {
  return [variable.name, variable.label.zh, variable.label.en, ...(variable.aliases ?? [])].map((s) => s.trim());
}

beforeAll(async () => {
  await Promise.all(
    manifest.files.map(async (f) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path.join(DIR, f.file));
      books.set(f.file, workbook);
    }),
  );
}, 30_000);

describe('the Heilongjiang example survey', () => {
  it('has one response file per prefecture, 13 in all, named <code>-<slug>.xlsx', async () => {
    const names = (await readdir(path.join(DIR, 'responses'))).filter((n) => n.endsWith('.xlsx')).sort();
    expect(names).toEqual(PREFECTURES.map((p) => `${p.code}-${p.slug}.xlsx`));
    expect(manifest.files.map((f) => f.file)).toEqual(names.map((n) => `responses/${n}`));
  });

  it('holds about 3,000 data rows, with the blank rows inside the data the manifest lists', () => {
    let total = 0;
    for (const f of manifest.files) {
      const sheet = sheetOf(f.file, f.sheet);
      let rows = 0;
      let blanks = 0;
      for (let r = f.header_row + 1; r <= sheet.rowCount; r++) {
        if (rowIsBlank(sheet.getRow(r), CODEBOOK.length)) blanks++;
        else rows++;
      }
      expect({ file: f.file, rows, blanks }).toEqual({ file: f.file, rows: f.rows, blanks: f.blank_rows });
      expect(sheet.rowCount).toBe(f.last_data_row);
      total += rows;
    }
    expect(total).toBe(manifest.total_rows);
    expect(total).toBeGreaterThanOrEqual(2800);
    expect(total).toBeLessThanOrEqual(3200);
  });

  it('maps every header of every file to exactly one codebook variable by name, label or alias', () => {
    for (const f of manifest.files) {
      const header = sheetOf(f.file, f.sheet).getRow(f.header_row);
      const matched = CODEBOOK.map((_, c) => {
        const text = String(header.getCell(c + 1).value ?? '').trim();
        const hits = CODEBOOK.filter((v) => headerTexts(v).includes(text)).map((v) => v.name);
        expect(hits, `${f.file} column ${c + 1} "${text}"`).toHaveLength(1);
        return hits[0];
      });
      expect(matched).toEqual(CODEBOOK.map((v) => v.name));
    }
  });

  it('keeps the field-office quirks: title rows, header variants, serial dates, numbers as text, extra sheets', () => {
    const harbin = sheetOf('responses/230100-harbin.xlsx', '调查数据');
    expect(String(harbin.getCell('A1').value)).toContain('哈尔滨市');
    expect(harbin.getCell('A1').isMerged).toBe(true);
    expect(sheetOf('responses/230200-qiqihar.xlsx', '调查数据').getCell('A3').value).toBe('问卷编号 ');
    expect(books.get('responses/230600-daqing.xlsx')?.worksheets.map((w) => w.name)).toEqual(['Sheet1', 'Sheet2', 'Sheet3']);
    const dateColumn = CODEBOOK.findIndex((v) => v.name === 'survey_date') + 1;
    expect(typeof sheetOf('responses/230800-jiamusi.xlsx', '调查数据').getCell(3, dateColumn).value).toBe('number');
    expect(sheetOf('responses/230100-harbin.xlsx', '调查数据').getCell(4, dateColumn).value).toBeInstanceOf(Date);
    const revenueColumn = CODEBOOK.findIndex((v) => v.name === 'revenue') + 1;
    const suihua = sheetOf('responses/231200-suihua.xlsx', '调查数据');
    const texts = [3, 4, 5, 6].map((r) => suihua.getCell(r, revenueColumn).value).filter((v) => v !== null);
    expect(texts.every((v) => typeof v === 'string')).toBe(true);
  });

  it('has a codebook.xlsx in the contract layout that reads back to the generator codebook, with every type', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(DIR, 'codebook.xlsx'));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['variables', 'codes', '说明 instructions']);
    const variables = workbook.getWorksheet('variables');
    const codes = workbook.getWorksheet('codes');
    if (!variables || !codes) throw new Error('codebook sheets missing');
    const head = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
    expect(head(variables)).toEqual(
      'name|type|label_zh|label_en|aliases|min|max|required|unique|skip_if|rule|theme|group|unit_zh|unit_en|phrase_zh|phrase_en|priority|negative|ordinal|report|summary'.split('|'),
    );
    expect(head(codes)).toEqual(['variable', 'code', 'label_zh', 'label_en', 'phrase_zh', 'phrase_en']);
    const columns = head(variables);
    const read: Record<string, unknown>[] = [];
    variables.eachRow((row, r) => {
      if (r === 1) return;
      const cell = (key: string) => {
        const value = row.getCell(columns.indexOf(key) + 1).value;
        return value === null || value === undefined ? undefined : value;
      };
      const v: Record<string, unknown> = { name: cell('name'), type: cell('type'), label: { zh: cell('label_zh'), en: cell('label_en') } };
      const aliases = cell('aliases');
      if (aliases !== undefined) v.aliases = String(aliases).split('|');
      const allowed: { code: unknown; label: { zh: unknown; en: unknown }; phrase?: { zh: unknown; en: unknown } }[] = [];
      codes.eachRow((c, cr) => {
        if (cr <= 1 || c.getCell(1).value !== v.name) return;
        const phrase = c.getCell(5).value === null ? {} : { phrase: { zh: c.getCell(5).value, en: c.getCell(6).value } };
        allowed.push({ code: c.getCell(2).value, label: { zh: c.getCell(3).value, en: c.getCell(4).value }, ...phrase });
      });
      if (allowed.length > 0) v.codes = allowed;
      for (const key of ['min', 'max', 'required', 'unique', 'skip_if', 'rule', 'theme', 'group', 'priority', 'negative', 'ordinal', 'report', 'summary']) {
        if (cell(key) !== undefined) v[key] = cell(key);
      }
      if (cell('unit_zh') !== undefined) v.unit = { zh: cell('unit_zh'), en: cell('unit_en') };
      if (cell('phrase_zh') !== undefined) v.phrase = { zh: cell('phrase_zh'), en: cell('phrase_en') };
      read.push(v);
    });
    const codebook = Codebook.parse(read);
    expect(codebook).toEqual(CODEBOOK);
    expect(codebook.length).toBeGreaterThanOrEqual(35);
    expect(codebook.length).toBeLessThanOrEqual(45);
    expect(new Set(codebook.map((v) => v.type))).toEqual(new Set(VariableType.options));
    const groups = new Map<string, number>();
    for (const v of codebook) if (v.group) groups.set(v.group, (groups.get(v.group) ?? 0) + 1);
    expect([...groups.keys()]).toEqual(['innov_env', 'de_env', 'talent_env']);
    for (const size of groups.values()) expect(size).toBeGreaterThanOrEqual(4);
    for (const v of codebook) {
      // the batteries are agreement scales; recruitment difficulty is a rating scale of its own
      if (v.type === 'likert' && v.group !== undefined) expect(v.codes?.map((c) => c.label.zh)).toEqual(['非常不同意', '不太同意', '一般', '比较同意', '非常同意']);
      if (v.type === 'likert') expect(v.codes?.length, v.name).toBe(5);
      if (['single', 'multi', 'likert'].includes(v.type)) expect(v.codes?.length, v.name).toBeGreaterThanOrEqual(2);
    }
    expect(codebook.filter((v) => v.skip_if).map((v) => v.name)).toEqual(['rd_spend', 'ecommerce_share', 'collab_partner', 'collab_forms']);
    expect(codebook.find((v) => v.name === 'rd_staff')?.rule).toBe('rd_staff <= employees');
  });

  it('has a survey.json that the schema accepts, whose themes cover every codebook theme', async () => {
    const config = SurveyConfig.parse(JSON.parse(await readFile(path.join(DIR, 'survey.json'), 'utf8')));
    expect(config.id).toBe('heilongjiang-2026');
    const themes = new Set(config.themes.map((t) => t.id));
    for (const v of CODEBOOK) if (v.theme) expect(themes).toContain(v.theme);
    for (const theme of ['frontier_tech', 'digital_economy', 'collaboration', 'talent']) expect(themes).toContain(theme);
  });

  it('has margins for every prefecture x sector cell, in line with the sum of the weights', async () => {
    const lines = (await readFile(path.join(DIR, 'margins.csv'), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('prefecture,sector,count');
    expect(lines).toHaveLength(1 + 13 * 4);
    const margins = new Map(lines.slice(1).map((l) => {
      const [p, s, n] = l.split(',');
      return [`${p}/${s}`, Number(n)];
    }));
    const sums = new Map<string, number>();
    const column = (name: string) => CODEBOOK.findIndex((v) => v.name === name) + 1;
    for (const f of manifest.files) {
      const sheet = sheetOf(f.file, f.sheet);
      for (let r = f.first_data_row; r <= f.last_data_row; r++) {
        const row = sheet.getRow(r);
        const w = row.getCell(column('weight')).value;
        const s = row.getCell(column('sector')).value;
        if (typeof w !== 'number' || rowIsBlank(row, CODEBOOK.length)) continue;
        const key = `${f.prefecture}/${String(s)}`;
        sums.set(key, (sums.get(key) ?? 0) + w);
      }
    }
    for (const [key, count] of margins) {
      const sum = sums.get(key) ?? 0;
      expect(sum / count, key).toBeGreaterThan(0.8);
      expect(sum / count, key).toBeLessThan(1.25);
    }
  });

  it('lists 15-25 planted defects, each at a cell of a data row that holds the planted value', () => {
    expect(manifest.defects.length).toBeGreaterThanOrEqual(15);
    expect(manifest.defects.length).toBeLessThanOrEqual(25);
    expect(new Set(manifest.defects.map((d) => d.file)).size).toBeGreaterThanOrEqual(8);
    for (const d of manifest.defects) {
      const f = manifest.files.find((x) => x.file === d.file);
      if (!f) throw new Error(`unknown file ${d.file}`);
      expect(d.sheet).toBe(f.sheet);
      expect(d.row).toBeGreaterThanOrEqual(f.first_data_row);
      expect(d.row).toBeLessThanOrEqual(f.last_data_row);
      const sheet = sheetOf(d.file, d.sheet);
      expect(rowIsBlank(sheet.getRow(d.row), CODEBOOK.length)).toBe(false);
      const cell = sheet.getCell(d.cell);
      const column = CODEBOOK.findIndex((v) => v.name === d.variable) + 1;
      expect(cell.col, d.cell).toBe(column);
      expect(String(sheet.getRow(f.header_row).getCell(column).value).trim()).toBe(d.header);
      const value = cell.value;
      if (d.value_type === 'blank') expect(isEmpty(value), d.cell).toBe(true);
      else if (d.value_type === 'date') expect(value instanceof Date ? value.toISOString().slice(0, 10) : value).toBe(d.value);
      else expect(value, `${d.file} ${d.cell}`).toBe(d.value);
      if (d.duplicate_of) {
        expect(sheetOf(d.duplicate_of.file, d.duplicate_of.sheet).getCell(d.duplicate_of.cell).value).toBe(d.value);
      }
    }
  });

  it('is regenerated byte for byte by its seeded generator', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'thinktank-example-'));
    try {
      const written = await generateHeilongjiang(out);
      expect(written).toHaveLength(4 + 13);
      const hash = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');
      for (const file of written) {
        const relative = path.relative(out, file);
        expect(await hash(file), relative).toBe(await hash(path.join(DIR, relative)));
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 30_000);
});
