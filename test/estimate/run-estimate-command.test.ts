import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatEstimateTable } from '../../pipeline/estimate/format-estimate-table.js';
import { runEstimateCommand } from '../../pipeline/estimate/run-estimate-command.js';
import { InputError, UsageError } from '../../pipeline/errors.js';
import { EstimateResult } from '../../schemas/estimate-command.js';
import { fixtureDir, reference, relDiff } from './r-fixtures.js';

const apistrat = path.join(fixtureDir, 'apistrat.csv');
const apiclus1 = path.join(fixtureDir, 'apiclus1.csv');
const shared: {
  n: number;
  estimates: { statistic: string; variable: string; level: string | null; domain: Record<string, string> | null; estimate: number; se: number; ci_low?: number; ci_high?: number }[];
} = JSON.parse(readFileSync(path.join(fixtureDir, 'apistrat_reference.json'), 'utf8'));

const strat = { data: apistrat, weights: 'pw', strata: 'stype', fpc: 'fpc' };

describe('runEstimateCommand (thinktank estimate)', () => {
  it('reproduces the shared apistrat reference: means, a total, proportions, domain means', async () => {
    const all = await runEstimateCommand({ ...strat, mean: ['api00', 'api99', 'enroll'], total: ['enroll'], prop: ['stype'] });
    const by = await runEstimateCommand({ ...strat, mean: ['api00'], by: ['stype'] });
    const normal = await runEstimateCommand({ ...strat, mean: ['api00', 'api99', 'enroll'], total: ['enroll'], prop: ['stype'], df: 'inf' });
    expect(() => EstimateResult.parse(all)).not.toThrow();
    expect(all.n).toBe(shared.n);
    const rows = [...all.estimates, ...by.estimates];
    expect(rows.map((e) => `${e.statistic} ${e.variable} ${e.level} ${JSON.stringify(e.domain)}`)).toEqual(
      shared.estimates.map((e) => `${e.statistic} ${e.variable} ${e.level} ${JSON.stringify(e.domain)}`),
    );
    shared.estimates.forEach((want, i) => {
      const got = rows[i]!;
      expect(relDiff(got.estimate, want.estimate)).toBeLessThan(1e-9);
      if (want.se === 0) expect(got.se).toBe(0);
      else expect(relDiff(got.se!, want.se)).toBeLessThan(1e-9);
      // the shared reference's intervals are R's confint() default: normal (--df inf)
      if (want.ci_low !== undefined) expect(relDiff(normal.estimates[i]!.ci_low!, want.ci_low)).toBeLessThan(1e-9);
      if (want.ci_high !== undefined) expect(relDiff(normal.estimates[i]!.ci_high!, want.ci_high)).toBeLessThan(1e-9);
    });
    expect(Object.keys(all.estimates[0]!)).toEqual(['statistic', 'variable', 'level', 'domain', 'estimate', 'se', 'ci_low', 'ci_high', 'df', 'n', 'n_eff', 'rse', 'flags', 'reasons']);
    expect(all.design).toMatchObject({ weights: 'pw', strata: 'stype', cluster: null, fpc: 'fpc', lonely_psu: 'adjust', calibration: null, level: 0.95 });
  });

  it('agrees with R on a cluster sample: logit intervals, Woodruff medians and ratios by domain', async () => {
    const r = await runEstimateCommand({ data: apiclus1, weights: 'pw', cluster: 'dnum', fpc: 'fpc', prop: ['sch_wide'], quantile: ['api00:0.5'], by: ['stype'] });
    // reference.json's ratio intervals are R's confint() default: normal
    const ratios = await runEstimateCommand({ data: apiclus1, weights: 'pw', cluster: 'dnum', fpc: 'fpc', ratio: ['api_stu/enroll'], by: ['stype'], df: 'inf' });
    let checked = 0;
    for (const c of reference.cases) {
      if (c.design !== 'clus1' || !c.domain || c.lonely_psu !== 'adjust') continue;
      const wanted =
        (c.statistic === 'prop' && c.variable === 'sch_wide' && c.df !== null) ||
        (c.statistic === 'quantile' && c.variable === 'api00' && c.p === 0.5) ||
        c.statistic === 'ratio';
      if (!wanted) continue;
      const got = (c.statistic === 'ratio' ? ratios : r).estimates.find((e) => e.statistic === c.statistic && e.variable === c.variable && e.level === c.level && e.domain?.stype === c.domain!.stype)!;
      for (const k of ['estimate', 'se', 'ci_low', 'ci_high'] as const) expect(relDiff(got[k]!, c[k]!), `${c.statistic} ${c.domain.stype} ${k}`).toBeLessThan(1e-6);
      checked++;
    }
    expect(checked).toBe(12);
    expect(r.estimates.find((e) => e.statistic === 'quantile')).toMatchObject({ p: 0.5 });
    expect(ratios.estimates.find((e) => e.statistic === 'ratio')).toMatchObject({ denominator: 'enroll', df: null });
  });

  it('treats "NA" as missing, as R read.csv does, and leaves out domains with no data', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'est-na-'));
    const file = path.join(dir, 'na.csv');
    writeFileSync(file, 'g,x,w\na,1,1\na,NA,1\nb,3,2\nb,5,1\nc,NA,1\nc,,1\n');
    const r = await runEstimateCommand({ data: file, weights: 'w', mean: ['x'], by: ['g'] });
    expect(r.estimates.map((e) => [e.domain!.g, e.estimate, e.n])).toEqual([['a', 1, 1], ['b', 11 / 3, 2]]);
  });

  it('orders joint --by domains as svyby (the first variable varies fastest)', async () => {
    const r = await runEstimateCommand({ ...strat, mean: ['api00'], by: ['stype', 'sch_wide'] });
    expect(r.estimates.map((e) => `${e.domain!.stype}/${e.domain!.sch_wide}`)).toEqual(['E/No', 'H/No', 'M/No', 'E/Yes', 'H/Yes', 'M/Yes']);
  });

  it('reads XLSX as CSV, title rows and all', { timeout: 20000 }, async () => {
    const lines = readFileSync(apistrat, 'utf8').trim().split('\n').map((l) => l.split(','));
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('data');
    sheet.addRow(['California schools, stratified sample']);
    const header = lines[0]!.map((h) => h.replaceAll('"', ''));
    const keep = ['stype', 'api00', 'pw', 'fpc'].map((h) => header.indexOf(h));
    sheet.addRow(keep.map((c) => header[c]));
    for (const l of lines.slice(1)) sheet.addRow(keep.map((c, j) => (j === 0 ? l[c]!.replaceAll('"', '') : Number(l[c]))));
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'est-cli-')), 'apistrat.xlsx');
    await wb.xlsx.writeFile(file);
    const fromXlsx = await runEstimateCommand({ ...strat, data: file, mean: ['api00'], by: ['stype'] });
    const fromCsv = await runEstimateCommand({ ...strat, mean: ['api00'], by: ['stype'] });
    expect(fromXlsx.estimates).toEqual(fromCsv.estimates);
  });

  it('rejects unknown columns, text in a numeric column, bad flags and an empty request', async () => {
    await expect(runEstimateCommand({ ...strat, mean: ['api_00'] })).rejects.toThrowError(UsageError);
    await expect(runEstimateCommand({ ...strat, mean: ['api_00'] })).rejects.toThrowError(/^--mean api_00: no such column; the columns are "cds", "stype"/);
    await expect(runEstimateCommand({ ...strat, mean: ['cname'] })).rejects.toThrowError(InputError);
    await expect(runEstimateCommand({ ...strat, mean: ['cname'] })).rejects.toThrowError(/^--mean cname: the column must hold numbers, found "Los Angeles" in apistrat.csv row 2, /);
    await expect(runEstimateCommand({ ...strat, quantile: ['api00'] })).rejects.toThrowError('--quantile api00: expected VAR:P with 0 < P < 1, e.g. api00:0.5');
    await expect(runEstimateCommand({ ...strat, quantile: ['api00:1.5'] })).rejects.toThrowError(UsageError);
    await expect(runEstimateCommand({ ...strat, mean: ['api00'], level: 1.5 })).rejects.toThrowError('--level 1.5: expected a confidence level between 0 and 1, e.g. 0.95');
    await expect(runEstimateCommand({ ...strat })).rejects.toThrowError(/^nothing to estimate/);
    await expect(runEstimateCommand({ ...strat, weights: 'cname', mean: ['api00'] })).rejects.toThrowError(/^--weights cname: the column must hold numbers/);
  });

  it('formats a readable table', async () => {
    const r = await runEstimateCommand({ ...strat, mean: ['api00'], prop: ['stype'], level: 0.9 });
    const text = formatEstimateTable(r);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^statistic\s+variable\s+level\s+domain\s+estimate\s+se\s+90% low\s+90% high\s+df\s+n\s+flags$/);
    // t on the design's 197 df
    expect(lines[1]).toMatch(/^mean\s+api00\s+\(all\)\s+662\.287\s+9\.40894\s+646\.73\d\s+677\.83\d\s+197\s+200$/);
    expect(lines.at(-1)).toBe('200 rows; design: weights pw, strata stype, fpc fpc, lonely PSUs: adjust; thinktank 0.1.0');
  });
});
