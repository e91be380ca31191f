import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Codebook } from '../../schemas/codebook.js';
import type { Estimate, SurveyEstimates } from '../../schemas/estimates.js';
import { csvField } from '../publish/csv-field.js';
import { writeFileAtomic } from '../publish/write-atomic.js';

/** Workbook dates are fixed so that the same estimates give the same bytes (the zip entries are normalised too). */
const WORKBOOK_DATE = new Date(Date.UTC(2000, 0, 1));

/** Codebook labels by variable and by (variable, code). */
function labeller(codebook: Codebook) {
  const vars = new Map(codebook.map((v) => [v.name, v]));
  const codeLabel = (variable: string, code: string | null) => {
    if (code === null) return { zh: '', en: '' };
    if (code === 'top2') return { zh: '前两项', en: 'top 2' };
    if (code === 'index') return { zh: '综合指数', en: 'index' };
    const c = vars.get(variable)?.codes?.find((k) => String(k.code) === code);
    return c ? c.label : { zh: '', en: '' };
  };
  const varLabel = (variable: string) => vars.get(variable)?.label ?? { zh: variable, en: variable };
  return { codeLabel, varLabel };
}

const domainParts = (e: { domain: Record<string, string> | null }) => {
  const entry = e.domain ? Object.entries(e.domain)[0] : undefined;
  return { variable: entry?.[0] ?? '', value: entry?.[1] ?? '' };
};

const ESTIMATE_COLUMNS = [
  'statistic', 'variable', 'variable_zh', 'variable_en', 'level', 'level_zh', 'level_en', 'domain_variable',
  'domain', 'domain_zh', 'domain_en', 'p', 'estimate', 'se', 'ci_low', 'ci_high', 'n', 'deff', 'df', 'n_eff', 'rse',
  'flags', 'reasons', 'note',
] as const;

function estimateRow(e: Estimate, labels: ReturnType<typeof labeller>): (string | number | boolean | null)[] {
  const dom = domainParts(e);
  const vl = labels.varLabel(e.variable);
  const ll = labels.codeLabel(e.variable, e.level);
  const dl = labels.codeLabel(dom.variable, dom.value || null);
  return [
    e.statistic, e.variable, vl.zh, vl.en, e.level, ll.zh, ll.en, dom.variable, dom.value, dl.zh, dl.en,
    e.p ?? null, e.estimate, e.se, e.ci_low, e.ci_high, e.n, e.deff ?? null, e.df, e.n_eff, e.rse,
    e.flags.join(' '), e.reasons.join('; '), e.note ?? null,
  ];
}

/** estimates.csv: one row per estimate with zh/en labels (UTF-8 with BOM so Excel reads the Chinese). */
export function formatEstimatesCsv(estimates: SurveyEstimates, codebook: Codebook): string {
  const labels = labeller(codebook);
  const lines = [ESTIMATE_COLUMNS.join(',')];
  for (const e of estimates.estimates) lines.push(estimateRow(e, labels).map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Formats a sheet: bold header with a rule, frozen, filterable, widths from the content. */
function styleSheet(sheet: ExcelJS.Worksheet, widths: number[]): void {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.border = { bottom: { style: 'thin' } };
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 0 }];
  if (sheet.rowCount > 0 && widths.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: widths.length } };
  }
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
}

/** The formatted workbook: estimates, comparisons, crosstabs (long), their tests, and the design. */
export async function buildEstimatesWorkbook(estimates: SurveyEstimates, codebook: Codebook): Promise<Uint8Array> {
  const labels = labeller(codebook);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'thinktank';
  wb.lastModifiedBy = 'thinktank';
  wb.created = WORKBOOK_DATE;
  wb.modified = WORKBOOK_DATE;

  const est = wb.addWorksheet('estimates');
  est.addRow([...ESTIMATE_COLUMNS]);
  for (const e of estimates.estimates) {
    const row = est.addRow(estimateRow(e, labels).map((v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
    const fmt = e.statistic === 'prop' ? '0.0%' : e.statistic === 'total' ? '#,##0' : '0.00';
    for (const c of [13, 15, 16]) row.getCell(c).numFmt = fmt;
    row.getCell(14).numFmt = e.statistic === 'prop' ? '0.00%' : e.statistic === 'total' ? '#,##0' : '0.000';
    row.getCell(17).numFmt = '#,##0';
    row.getCell(18).numFmt = '0.00';
    row.getCell(20).numFmt = '#,##0';
    row.getCell(21).numFmt = '0.0%';
  }
  styleSheet(est, [10, 16, 24, 24, 8, 14, 14, 14, 10, 12, 14, 6, 12, 12, 12, 12, 8, 8, 6, 8, 8, 12, 30, 30]);

  const cmp = wb.addWorksheet('comparisons');
  cmp.addRow(['statistic', 'variable', 'variable_zh', 'variable_en', 'level', 'domain_variable', 'domain', 'domain_zh', 'domain_en', 'versus', 'difference', 'se', 'p_value', 'p_adjusted', 'significant', 'df', 'ci_low', 'ci_high']);
  for (const c of estimates.comparisons) {
    const dom = domainParts(c);
    const vl = labels.varLabel(c.variable);
    const dl = labels.codeLabel(dom.variable, dom.value);
    const row = cmp.addRow([c.statistic, c.variable, vl.zh, vl.en, c.level, dom.variable, dom.value, dl.zh, dl.en, c.versus, c.difference, c.se, c.p_value, c.p_adjusted, c.significant, c.df, c.ci_low, c.ci_high]);
    const fmt = c.statistic === 'prop' ? '0.0%' : '0.00';
    row.getCell(11).numFmt = fmt;
    row.getCell(12).numFmt = fmt;
    row.getCell(13).numFmt = '0.0000';
    row.getCell(14).numFmt = '0.0000';
    row.getCell(17).numFmt = fmt;
    row.getCell(18).numFmt = fmt;
  }
  styleSheet(cmp, [10, 16, 24, 24, 8, 14, 10, 12, 14, 8, 12, 12, 10, 10, 11, 6, 12, 12]);

  const xt = wb.addWorksheet('crosstabs');
  xt.addRow(['row_variable', 'row_level', 'row_zh', 'row_en', 'column_variable', 'column_level', 'column_zh', 'column_en', 'cell', 'row_percent', 'column_percent', 'n']);
  for (const t of estimates.crosstabs) {
    t.row_levels.forEach((rl, r) => {
      t.column_levels.forEach((cl, c) => {
        const a = labels.codeLabel(t.row, rl);
        const b = labels.codeLabel(t.column, cl);
        const row = xt.addRow([t.row, rl, a.zh, a.en, t.column, cl, b.zh, b.en, t.cells[r]![c]!, t.row_percent[r]![c]!, t.column_percent[r]![c]!, t.n[r]![c]!]);
        for (const k of [9, 10, 11]) row.getCell(k).numFmt = '0.0%';
        row.getCell(12).numFmt = '#,##0';
      });
    });
  }
  styleSheet(xt, [16, 8, 14, 14, 16, 10, 12, 14, 9, 11, 13, 8]);

  const tests = wb.addWorksheet('tests');
  tests.addRow(['row_variable', 'column_variable', 'chisq', 'f', 'df1', 'df2', 'p_value']);
  for (const t of estimates.crosstabs) {
    const row = tests.addRow([t.row, t.column, t.chisq, t.f, t.df1, t.df2, t.p_value]);
    for (const k of [3, 4, 5, 6]) row.getCell(k).numFmt = '0.00';
    row.getCell(7).numFmt = '0.0000';
  }
  styleSheet(tests, [16, 16, 10, 10, 8, 10, 10]);

  const info = wb.addWorksheet('design');
  info.addRow(['item', 'value']);
  const d = estimates.design;
  const w = estimates.weighting;
  const pairs: [string, string | number | boolean | null][] = [
    ['survey', estimates.survey], ['n', estimates.n], ['min_base', estimates.min_base],
    ['weights', d.weights], ['strata', d.strata], ['cluster', d.cluster], ['fpc', d.fpc], ['lonely_psu', d.lonely_psu],
    ['calibration', d.calibration], ['level', d.level], ['ci_method', d.ci_method], ['df', d.df], ['ci', d.ci],
    ['version', d.version],
    ['weighting method', w.method], ['converged', w.converged], ['iterations', w.iterations],
    ['max_margin_error', w.max_margin_error], ['deff_weighting', w.deff_weighting], ['effective_n', w.effective_n],
    ['trimmed', w.trimmed], ['min_weight', w.min_weight], ['max_weight', w.max_weight],
    ['lonely_strata', w.lonely_strata.join(', ')],
  ];
  // the design per region (n, PSUs, strata, df), for disclosure
  for (const g of estimates.domains) pairs.push([`design of ${g.domain ? Object.values(g.domain).join(', ') : 'all'}`, `n ${g.n}, PSUs ${g.psus}, strata ${g.strata}, df ${g.df}`]);
  for (const [k, v] of pairs) info.addRow([k, v]);
  styleSheet(info, [20, 60]);

  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * Writes tables/estimates.json (the SurveyEstimates, 2-space JSON), tables/estimates.csv and the formatted
 * tables/estimates.xlsx into `outDir`, atomically; the same estimates give the same bytes. Returns the paths.
 */
export async function writeEstimates(outDir: string, estimates: SurveyEstimates, codebook: Codebook): Promise<string[]> {
  const dir = path.join(outDir, 'tables');
  const json = path.join(dir, 'estimates.json');
  const csv = path.join(dir, 'estimates.csv');
  const xlsx = path.join(dir, 'estimates.xlsx');
  await writeFileAtomic(json, `${JSON.stringify(estimates, null, 2)}\n`);
  await writeFileAtomic(csv, formatEstimatesCsv(estimates, codebook));
  await writeFileAtomic(xlsx, await buildEstimatesWorkbook(estimates, codebook));
  return [json, csv, xlsx];
}
