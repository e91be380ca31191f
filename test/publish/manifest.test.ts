import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Manifest } from '../../schemas/manifest.js';
import { buildManifest } from '../../pipeline/publish/build-manifest.js';
import { compareOutputs } from '../../pipeline/publish/compare-outputs.js';
import { describeFile, sha256 } from '../../pipeline/publish/hash-file.js';
import { listFiles } from '../../pipeline/publish/list-files.js';
import { readVersions } from '../../pipeline/publish/read-versions.js';
import { makeTempDir } from '../run/temp-dirs.js';

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await makeTempDir('outputs');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

describe('buildManifest', () => {
  it('sorts files and dependencies so equal runs give equal manifests, and holds no times', () => {
    const file = (p: string) => ({ path: p, size: 1, sha256: sha256(p) });
    const manifest = buildManifest({
      survey: 'x',
      date: new Date(Date.UTC(2026, 9, 15)),
      versions: { tool: { name: 'thinktank', version: '0.1.0' }, dependencies: { zod: '4.0.0', exceljs: '4.4.0' } },
      inputs: [file('survey.json'), file('codebook.xlsx')],
      outputs: [file('reports/b.pdf'), file('charts/a.svg'), file('reports/a.pdf')],
    });
    expect(Manifest.parse(manifest)).toEqual(manifest);
    expect(manifest.outputs.map((f) => f.path)).toEqual(['charts/a.svg', 'reports/a.pdf', 'reports/b.pdf']);
    expect(manifest.inputs.map((f) => f.path)).toEqual(['codebook.xlsx', 'survey.json']);
    expect(Object.keys(manifest.dependencies)).toEqual(['exceljs', 'zod']);
    expect(manifest.date).toBe('2026-10-15T00:00:00.000Z');
  });

  it('reads the installed version of every runtime dependency', async () => {
    const versions = await readVersions();
    expect(versions.tool.name).toBe('thinktank');
    expect(versions.dependencies.yargs).toMatch(/^18\./);
    expect(versions.dependencies.zod).toMatch(/^4\./);
  });

  it('describes a file by its size and sha256', async () => {
    const dir = await folder({ 'a.txt': 'abc' });
    expect(await describeFile(path.join(dir, 'a.txt'), 'a.txt')).toEqual({
      path: 'a.txt',
      size: 3,
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });
});

describe('compareOutputs', () => {
  it('finds no difference between equal folders, whatever their bookkeeping files', async () => {
    const a = await folder({ 'reports/a.pdf': 'A', 'manifest.json': '{}', 'run-log.jsonl': 'one', '.cache/x/y.bin': '1' });
    const b = await folder({ 'reports/a.pdf': 'A', 'manifest.json': '{}', 'run-log.jsonl': 'two', '.lock': '{}' });
    expect(await compareOutputs(a, b)).toEqual({ same: true, differing: [], missing: [], extra: [], matched: 2 });
  });

  it('lists differing, missing and extra files', async () => {
    const committed = await folder({ 'reports/a.pdf': 'A', 'charts/old.svg': 'old', 'tables/t.csv': 'x' });
    const fresh = await folder({ 'reports/a.pdf': 'A2', 'charts/new.svg': 'new', 'tables/t.csv': 'x' });
    expect(await compareOutputs(committed, fresh)).toEqual({
      same: false,
      differing: ['reports/a.pdf'],
      missing: ['charts/new.svg'],
      extra: ['charts/old.svg'],
      matched: 1,
    });
  });

  it('treats a missing committed folder as every file missing', async () => {
    const fresh = await folder({ 'manifest.json': '{}' });
    const result = await compareOutputs(path.join(fresh, 'nope'), fresh);
    expect(result.missing).toEqual(['manifest.json']);
  });

  it('lists files sorted, skipping temp files of interrupted writes', async () => {
    const dir = await folder({ 'b/z.txt': '1', 'a.txt': '2', 'b/.z.txt.0123456789ab.tmp': 'partial', 'B/c.txt': '3' });
    expect(await listFiles(dir)).toEqual(['B/c.txt', 'a.txt', 'b/z.txt']);
  });
});
