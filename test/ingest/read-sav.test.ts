/**
 * SPSS .sav input: a file written by R haven's write_sav (bytecode-compressed as SPSS writes by default, and as
 * .zsav and uncompressed), read with its value labels, variable labels and user-missing values, and estimated
 * with levels and domains named by value label, as R's survey package gives on `haven::as_factor` of it
 * (test/fixtures/sav/make-sav.R).
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEstimateCommand } from '../../pipeline/estimate/run-estimate-command.js';
import { ingestFile } from '../../pipeline/ingest/ingest-file.js';
import { readDataFile } from '../../pipeline/ingest/read-data-file.js';
import { readSav } from '../../pipeline/ingest/read-sav.js';
import { Codebook } from '../../schemas/codebook.js';
import { gridCells } from './grid-cells.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/sav');
const sav = path.join(fixtures, 'apistrat.sav');
const reference: {
  levels: Record<string, string[]>;
  labels: Record<string, string | null>;
  n: number;
  estimates: { statistic: string; variable: string; level: string | null; domain: Record<string, string> | null; estimate: number; se: number; n: number }[];
} = JSON.parse(readFileSync(path.join(fixtures, 'reference.json'), 'utf8'));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const dir = mkdtempSync(path.join(tmpdir(), 'thinktank-sav-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { info() {}, warn() {}, error() {} };

describe('readSav', () => {
  it('reads the variables, their labels and value labels, and every case', async () => {
    const grid = await readSav(sav);
    expect(grid.rows).toHaveLength(reference.n + 1);
    const names = grid.columns.map((c) => c.texts[c.values[0]!]);
    expect(names).toEqual(Object.keys(reference.labels));
    expect(grid.meta!.map((m) => m?.label ?? null)).toEqual(Object.values(reference.labels));
    const stype = grid.meta![names.indexOf('stype')]!.valueLabels!;
    expect([...stype.entries()]).toEqual([[1, 'Elementary'], [2, 'Middle'], [3, 'High']]);
    expect([...grid.meta![names.indexOf('region')]!.valueLabels!.values()]).toEqual(['北部', '南部', '东部', '西部']);
  });

  it('reads .zsav and uncompressed files to the same cells', async () => {
    const cells = gridCells(await readSav(sav));
    expect(gridCells(await readSav(path.join(fixtures, 'apistrat.zsav')))).toEqual(cells);
    expect(gridCells(await readSav(path.join(fixtures, 'apistrat-uncompressed.sav')))).toEqual(cells);
  });

  it('reads user-missing codes and system-missing values as empty cells, as haven reads them into NA', async () => {
    const file = await readDataFile(sav);
    const comp = file.headers.indexOf('comp.imp');
    const enroll = file.headers.indexOf('enroll');
    expect(file.rows.filter((r) => r[comp] === null)).toHaveLength(22);
    expect(file.rows.some((r) => r[comp] === 9)).toBe(false);
    expect(file.rows.filter((r) => r[enroll] === null)).toHaveLength(12);
    expect(file.valueLabels[comp]).toEqual(new Map([[1, 'Yes'], [2, 'No'], [9, "Don't know"]]));
  });

  it('reads very long strings (past 255 bytes), Chinese labels, dates, date-times and a user-missing range as R does', async () => {
    const want: { note: string[]; city: string[]; when: (string | null)[]; at: string[]; score: (number | null)[] } = JSON.parse(
      readFileSync(path.join(fixtures, 'long-strings.json'), 'utf8'),
    );
    const file = await readDataFile(path.join(fixtures, 'long-strings.sav'));
    const col = (name: string) => file.rows.map((r) => r[file.headers.indexOf(name)] ?? null);
    expect(col('note')).toEqual(want.note.map((n) => (n === '' ? null : n)));
    expect((col('note')[0] as string).length).toBe(want.note[0]!.length);
    expect(col('city').map((c) => file.valueLabels[file.headers.indexOf('city')]!.get(c as number))).toEqual(want.city);
    expect(col('when')).toEqual(want.when);
    expect(col('at')).toEqual(want.at.map((t) => (t.endsWith('T00:00:00') ? t.slice(0, 10) : t)));
    expect(col('score')).toEqual(want.score);
  });

  it('refuses a file that is not an SPSS system file, or is cut short, in one line', async () => {
    const fake = path.join(dir, 'fake.sav');
    writeFileSync(fake, 'id,x\n1,2\n');
    await expect(readSav(fake, { display: 'fake.sav' })).rejects.toThrow(/^fake\.sav: expected an SPSS \.sav file, found not an SPSS system file/);
    const cut = path.join(dir, 'cut.sav');
    writeFileSync(cut, readFileSync(sav).subarray(0, 3000));
    await expect(readSav(cut, { display: 'cut.sav' })).rejects.toThrow(/^cut\.sav: expected an SPSS \.sav file, found the file ends/);
  });
});

describe('thinktank estimate FILE.sav', () => {
  const design = { data: sav, strata: 'stype', weights: 'pw', fpc: 'fpc' };

  it('gives the estimates R gives, levels and domains named by value label (haven::as_factor)', async () => {
    const overall = await runEstimateCommand({ ...design, mean: ['api00', 'enroll'], prop: ['sch.wide', 'comp.imp', 'awards', 'region'] });
    const byType = await runEstimateCommand({ ...design, mean: ['api00', 'enroll'], by: ['stype'] });
    const propByType = await runEstimateCommand({ ...design, prop: ['sch.wide'], by: ['stype'] });
    const got = [...overall.estimates, ...byType.estimates, ...propByType.estimates];
    const key = (e: { statistic: string; variable: string; level: string | null; domain: Record<string, string> | null }) =>
      `${e.statistic} ${e.variable} ${e.level} ${JSON.stringify(e.domain)}`;
    const byKey = new Map(got.map((e) => [key(e), e]));
    for (const want of reference.estimates) {
      const e = byKey.get(key(want));
      expect(e, key(want)).toBeDefined();
      expect(rel(e!.estimate, want.estimate)).toBeLessThan(1e-9);
      expect(rel(e!.se!, want.se)).toBeLessThan(1e-9);
      if (want.statistic === 'mean') expect(e!.n).toBe(want.n);
    }
    expect(got).toHaveLength(reference.estimates.length);
    // levels in R's order (by value), not alphabetical
    expect(overall.estimates.filter((e) => e.variable === 'region').map((e) => e.level)).toEqual(reference.levels.region);
    expect(overall.estimates.filter((e) => e.variable === 'awards').map((e) => e.level)).toEqual(reference.levels.awards);
  });
});

describe('thinktank validate FILE.sav', () => {
  it('reads a .sav against a codebook by variable name, its codes as the numbers SPSS stores', async () => {
    const codebook = Codebook.parse([
      { name: 'snum', type: 'id', label: { zh: '学校', en: 'School' } },
      { name: 'stype', type: 'single', label: { zh: '类型', en: 'Type' }, codes: [1, 2, 3].map((code) => ({ code, label: { zh: `${code}`, en: `${code}` } })) },
      { name: 'sch.wide', type: 'single', label: { zh: '达标', en: 'Met' }, codes: [1, 2].map((code) => ({ code, label: { zh: `${code}`, en: `${code}` } })) },
    ]);
    const raw = await ingestFile(sav, codebook, { display: 'apistrat.sav' }, quiet);
    expect(raw.rowCount).toBe(200);
    expect(raw.parts[0]!.mapping.map((m) => m.variable)).toEqual(['snum', 'stype', 'sch.wide']);
    expect(raw.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
