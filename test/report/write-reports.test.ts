import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportFileName, writeReports } from '../../pipeline/report/index.js';

describe('writeReports', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'write-reports-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every report under reports/ and returns the paths in order', async () => {
    const reports = [
      { file: reportFileName('hlj-2026', 'province', 'zh'), bytes: new Uint8Array([1, 2, 3]) },
      { file: reportFileName('hlj-2026', '230100', 'en'), bytes: new Uint8Array([4]) },
    ];
    const written = await writeReports(dir, reports);
    expect(written).toEqual([path.join(dir, 'reports', 'hlj-2026-province.zh.pdf'), path.join(dir, 'reports', 'hlj-2026-230100.en.pdf')]);
    expect([...(await readFile(written[0] ?? ''))]).toEqual([1, 2, 3]);
    expect((await readdir(path.join(dir, 'reports'))).sort()).toEqual(['hlj-2026-230100.en.pdf', 'hlj-2026-province.zh.pdf']);
  });

  it('refuses a name that leaves the folder or two reports with one name', async () => {
    await expect(writeReports(dir, [{ file: '../x.pdf', bytes: new Uint8Array() }])).rejects.toThrow(/plain file name/);
    const twice = [
      { file: 'a.pdf', bytes: new Uint8Array() },
      { file: 'a.pdf', bytes: new Uint8Array() },
    ];
    await expect(writeReports(dir, twice)).rejects.toThrow(/both/);
    await expect(readdir(path.join(dir, 'reports'))).rejects.toThrow();
  });
});
