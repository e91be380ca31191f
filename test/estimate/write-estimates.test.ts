import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { estimateSurvey } from '../../pipeline/estimate/estimate-survey.js';
import { writeEstimates } from '../../pipeline/estimate/write-estimates.js';
import { weight } from '../../pipeline/weight/weight.js';
import { SurveyEstimates } from '../../schemas/estimates.js';
import { apiCodebook, apiConfig, apiTable } from './api-survey.js';
import { apiMargins } from './r-designs.js';

const table = apiTable();
const config = apiConfig('rake');
const estimates = estimateSurvey(table, weight(table, config, apiMargins), apiCodebook, config);

describe('writeEstimates', () => {
  it('writes estimates.json, .csv and .xlsx, byte-identical on a second write', { timeout: 20000 }, async () => {
    const a = await mkdtemp(path.join(os.tmpdir(), 'est-a-'));
    const b = await mkdtemp(path.join(os.tmpdir(), 'est-b-'));
    const files = await writeEstimates(a, estimates, apiCodebook);
    expect(files.map((f) => path.relative(a, f))).toEqual(['tables/estimates.json', 'tables/estimates.csv', 'tables/estimates.xlsx']);
    await new Promise((r) => setTimeout(r, 1100)); // a zip writer stamping the clock would differ now
    const again = await writeEstimates(b, estimates, apiCodebook);
    for (let i = 0; i < 3; i++) expect(Buffer.compare(await readFile(files[i]!), await readFile(again[i]!))).toBe(0);
    const json = JSON.parse(await readFile(files[0]!, 'utf8'));
    expect(SurveyEstimates.parse(json)).toEqual(estimates);
  });

  it('writes a CSV with labels from the codebook, one row per estimate', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'est-csv-'));
    const [, csv] = await writeEstimates(dir, estimates, apiCodebook);
    const lines = (await readFile(csv!, 'utf8')).split('\r\n');
    expect(lines[0]).toBe('\uFEFFstatistic,variable,variable_zh,variable_en,level,level_zh,level_en,domain_variable,domain,domain_zh,domain_en,p,estimate,se,ci_low,ci_high,n,deff,df,n_eff,rse,flags,reasons,note');
    expect(lines.length - 2).toBe(estimates.estimates.length);
    expect(lines.find((l) => l.startsWith('prop,sch_wide,') && l.includes(',stype,H,'))).toMatch(/^prop,sch_wide,School-wide target met,School-wide target met,No,No,No,stype,H,H,H,,0\.2667/);
  });

  it('formats the workbook: sheets, bold frozen header, number formats', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'est-xlsx-'));
    const [, , xlsx] = await writeEstimates(dir, estimates, apiCodebook);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx!);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['estimates', 'comparisons', 'crosstabs', 'tests', 'design']);
    const sheet = wb.getWorksheet('estimates')!;
    expect(sheet.rowCount).toBe(estimates.estimates.length + 1);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const propRow = sheet.getRow(2); // stype = E, a proportion
    expect(propRow.getCell(1).value).toBe('prop');
    expect(propRow.getCell(13).numFmt).toBe('0.0%');
    expect(wb.created.toISOString()).toBe('2000-01-01T00:00:00.000Z');
  });
});
