/**
 * A full disk and a read-only output folder, simulated by a file system whose writes under one folder fail as
 * the kernel's would (root ignores chmod, so permissions cannot make a folder read-only here): the run must
 * end with exit 1 and a message naming the file and what to do, no stack trace, no temp file and no lock left
 * behind, and every output file whole; once space is back the next run completes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli, expectManifestMatches, expectNoCrash, hashTree, listAll, makeSurvey, tempFiles, unzip } from './helpers.js';

/** The fault to inject: writes under `under` fail with `code`, at once or once `budget` bytes are written. */
const fault = vi.hoisted(() => ({
  current: null as null | { under: string; code: 'ENOSPC' | 'EROFS' | 'EACCES'; budget: number; written: number },
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const { existsSync } = await import('node:fs');
  const messages = { ENOSPC: 'no space left on device', EROFS: 'read-only file system', EACCES: 'permission denied' };
  const hit = (file: unknown) => {
    const f = fault.current;
    return f !== null && typeof file === 'string' && (file === f.under || file.startsWith(`${f.under}${path.sep}`)) ? f : null;
  };
  const fail = (code: keyof typeof messages, syscall: string, file: string) =>
    Object.assign(new Error(`${code}: ${messages[code]}, ${syscall} '${file}'`), { code, syscall, path: file, errno: -1 });
  const bytesOf = async (data: unknown): Promise<Buffer> => {
    if (typeof data === 'string') return Buffer.from(data, 'utf8');
    if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const chunks: Buffer[] = [];
    for await (const chunk of data as AsyncIterable<string | Uint8Array>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  };
  const writeLike =
    (syscall: 'open' | 'write', write: typeof real.writeFile) =>
    async (file: Parameters<typeof real.writeFile>[0], data: Parameters<typeof real.writeFile>[1], options?: Parameters<typeof real.writeFile>[2]) => {
      const f = hit(file);
      if (!f) return write(file, data, options);
      if (f.code !== 'ENOSPC') throw fail(f.code, 'open', file as string);
      const bytes = await bytesOf(data);
      const room = f.budget - f.written;
      if (bytes.length <= room) {
        f.written += bytes.length;
        return write(file, bytes, options);
      }
      // the disk fills up part-way: what fits is written, then the write fails (as write(2) does)
      await write(file, bytes.subarray(0, Math.max(0, room)), options);
      f.written = f.budget;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: syscall === 'open' ? 'write' : syscall, errno: -28 });
    };
  const writeFile = writeLike('write', real.writeFile);
  const appendFile = writeLike('write', real.appendFile as typeof real.writeFile);
  const mkdir = async (dir: Parameters<typeof real.mkdir>[0], options?: Parameters<typeof real.mkdir>[1]) => {
    const f = hit(dir);
    if (f && f.code !== 'ENOSPC' && !existsSync(dir as string)) throw fail(f.code, 'mkdir', dir as string);
    return real.mkdir(dir, options);
  };
  const twoPaths =
    <F extends (a: string, b: string) => Promise<void>>(syscall: string, op: F) =>
    async (from: string, to: string) => {
      const f = hit(to);
      if (f && f.code !== 'ENOSPC') throw fail(f.code, syscall, to);
      return op(from, to);
    };
  const rename = twoPaths('rename', real.rename as (a: string, b: string) => Promise<void>);
  const link = twoPaths('link', real.link as (a: string, b: string) => Promise<void>);
  const patched = { ...real, writeFile, appendFile, mkdir, rename, link };
  return { ...patched, default: patched };
});

afterEach(() => {
  fault.current = null;
});

/** Checks every file under `out` is whole: JSON parses, workbooks unzip, PDFs end with %%EOF. */
async function expectAllWhole(out: string): Promise<void> {
  for (const rel of await listAll(out)) {
    const bytes = await readFile(path.join(out, rel));
    if (rel.endsWith('.json')) expect(() => JSON.parse(bytes.toString('utf8')), rel).not.toThrow();
    else if (rel.endsWith('.xlsx')) expect(() => unzip(bytes), rel).not.toThrow();
    else if (rel.endsWith('.pdf')) expect(bytes.subarray(-8).toString('latin1'), rel).toMatch(/%%EOF\s*$/);
  }
}

describe('a full disk', () => {
  it('stops the run with a clear error, leaves no temp file or lock, and the next run completes', async () => {
    const { root, survey } = await makeSurvey();
    const out = path.join(root, 'out');
    const first = await cli(['run', survey, '--out', out], root);
    expect(first.code, first.stderr).toBe(0);
    const files = await listAll(out);
    expect(files.length).toBeGreaterThan(5);
    let bytes = 0;
    for (const file of files) bytes += (await readFile(path.join(out, file))).length;

    // a later date changes every output, so the run rewrites them, and the disk fills up part-way
    const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 5, 30) / 1000) };
    fault.current = { under: out, code: 'ENOSPC', budget: Math.floor(bytes / 3), written: 0 };
    const full = await cli(['run', survey, '--out', out, '--force'], root, env);
    expectNoCrash(full);
    expect(full.code, full.stderr).toBe(1);
    expect(full.stderr).toMatch(new RegExp(`^error: cannot write ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\S+: the disk is full; free some space and run again \\(ENOSPC\\)$`, 'm'));
    expect(await tempFiles(out)).toEqual([]);
    expect((await listAll(out)).filter((f) => f === '.lock')).toEqual([]);
    await expectAllWhole(out);

    fault.current = null;
    const again = await cli(['run', survey, '--out', out], root, env);
    expect(again.code, again.stderr).toBe(0);
    await expectManifestMatches(out);
    expect(await tempFiles(out)).toEqual([]);
  }, 60_000);

  it('says which output could not be written with --json too', async () => {
    const { root, survey } = await makeSurvey();
    const out = path.join(root, 'out');
    fault.current = { under: out, code: 'ENOSPC', budget: 2000, written: 0 };
    const result = await cli(['run', survey, '--out', out, '--json'], root);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as { error: { exit_code: number; message: string } };
    expect(json.error.exit_code).toBe(1);
    expect(json.error.message).toMatch(/^cannot write .+: the disk is full; free some space and run again \(ENOSPC\)$/);
    expect(await tempFiles(out)).toEqual([]);
  }, 60_000);
});

describe('an output folder that cannot be written', () => {
  it.each([
    ['EROFS', 'the file system is read-only; choose another output folder with --out'],
    ['EACCES', "permission denied; check the folder's permissions or choose another output folder with --out"],
  ] as const)('%s: a clear error, and the previous outputs stay as they were', async (code, reason) => {
    const { root, survey } = await makeSurvey();
    const out = path.join(root, 'out');
    const first = await cli(['run', survey, '--out', out], root);
    expect(first.code, first.stderr).toBe(0);
    const before = await hashTree(out);
    fault.current = { under: out, code, budget: 0, written: 0 };
    const result = await cli(['run', survey, '--out', out, '--force'], root, { SOURCE_DATE_EPOCH: '1780000000' });
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toBe(`error: cannot write ${path.join(out, '.lock')}: ${reason} (${code})`);
    expect(await hashTree(out)).toEqual(before);
    await expectManifestMatches(out);
  }, 60_000);

  it('EROFS on a fresh output folder names the folder it could not create', async () => {
    const { root, survey } = await makeSurvey();
    const out = path.join(root, 'out');
    fault.current = { under: out, code: 'EROFS', budget: 0, written: 0 };
    const result = await cli(['run', survey, '--out', out], root);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: cannot create the folder ${out}: the file system is read-only; choose another output folder with --out (EROFS)`);
    expect(await listAll(root)).toEqual((await listAll(root)).filter((f) => f.startsWith('survey/')));
  }, 60_000);
});
