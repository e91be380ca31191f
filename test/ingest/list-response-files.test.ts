import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listResponseFiles } from '../../pipeline/ingest/index.js';
import { compileGlob, matchGlob } from '../../pipeline/ingest/match-glob.js';

describe('matchGlob', () => {
  it('matches *, ?, ** and braces on whole relative paths', () => {
    expect(matchGlob('responses/*.xlsx', 'responses/harbin.xlsx')).toBe(true);
    expect(matchGlob('responses/*.xlsx', 'responses/2026/harbin.xlsx')).toBe(false);
    expect(matchGlob('responses/**/*.xlsx', 'responses/harbin.xlsx')).toBe(true);
    expect(matchGlob('responses/**/*.xlsx', 'responses/a/b/harbin.xlsx')).toBe(true);
    expect(matchGlob('responses/file?.csv', 'responses/file1.csv')).toBe(true);
    expect(matchGlob('responses/*.{xlsx,csv}', 'responses/x.csv')).toBe(true);
    expect(matchGlob('responses/*.xlsx', 'responses/x.xlsx.bak')).toBe(false);
    expect(compileGlob('a.b(c)/*').test('a.b(c)/d')).toBe(true);
  });
});

describe('listResponseFiles', () => {
  it('lists matching files sorted, once each, skipping hidden and Excel lock files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tt-glob-'));
    await mkdir(path.join(dir, 'responses/late'), { recursive: true });
    for (const f of ['responses/b.xlsx', 'responses/a.xlsx', 'responses/~$a.xlsx', 'responses/.x.xlsx', 'responses/late/c.xlsx', 'responses/n.txt']) {
      await writeFile(path.join(dir, f), '');
    }
    expect(await listResponseFiles(dir, ['responses/*.xlsx', 'responses/**/*.xlsx'])).toEqual([
      'responses/a.xlsx',
      'responses/b.xlsx',
      'responses/late/c.xlsx',
    ]);
    await expect(listResponseFiles(dir, ['responses/*.csv'])).rejects.toThrow('survey.json responses: no file matches "responses/*.csv"');
  });
  it('refuses patterns that leave the survey folder', async () => {
    for (const pattern of ['../other/*.xlsx', '/etc/*', 'responses/../../x.xlsx', 'C:/data/*.xlsx']) {
      await expect(listResponseFiles('.', [pattern]), pattern).rejects.toThrow(/leaves the survey folder/);
    }
  });
});
