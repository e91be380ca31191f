import { spawn } from 'node:child_process';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sweepTempFiles } from '../../pipeline/publish/list-files.js';
import { isZip, normalizeZip } from '../../pipeline/publish/normalize-zip.js';
import { knownHash, sha256 } from '../../pipeline/publish/hash-file.js';
import { writeFileAtomic } from '../../pipeline/publish/write-atomic.js';
import { makeTempDir } from '../run/temp-dirs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const tempDir = () => makeTempDir('atomic');

describe('writeFileAtomic', () => {
  it('creates folders, writes the file and leaves no temp file', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'a', 'b', 'out.txt');
    expect(await writeFileAtomic(target, 'hello')).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('hello');
    expect(await readdir(path.dirname(target))).toEqual(['out.txt']);
  });

  it('keeps the old file whole and removes its temp file when the write fails midway', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'report.pdf');
    await writeFile(target, 'old content');
    async function* failing(): AsyncGenerator<string> {
      yield 'new content, part 1\n';
      throw new Error('disk on fire');
    }
    await expect(writeFileAtomic(target, failing())).rejects.toThrow('disk on fire');
    expect(await readFile(target, 'utf8')).toBe('old content');
    expect(await readdir(dir)).toEqual(['report.pdf']);
  });

  it('keeps the old file whole when the process is killed midway; the leftover temp file is swept later', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'estimates.csv');
    await writeFile(target, 'old content');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'crash-writer.ts'), target], {
      cwd: path.join(here, '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('midway')) resolve();
      });
      child.on('exit', () => reject(new Error('the writer exited before it was killed')));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(await readFile(target, 'utf8')).toBe('old content');
    const left = (await readdir(dir)).filter((name) => name !== 'estimates.csv');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.estimates\.csv\.[0-9a-f]{12}\.tmp$/);
    expect(await sweepTempFiles(dir)).toBe(1);
    expect(await readdir(dir)).toEqual(['estimates.csv']);
  }, 20_000);

  it('does not rewrite a file that already holds the same bytes', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'same.json');
    await writeFileAtomic(target, '{"a":1}\n');
    const before = (await stat(target)).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await writeFileAtomic(target, new TextEncoder().encode('{"a":1}\n'))).toBe(false);
    expect((await stat(target)).mtimeMs).toBe(before);
    expect(await writeFileAtomic(target, '{"a":2}\n')).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('{"a":2}\n');
  });

  it('gives the same xlsx bytes for the same workbook written at different times', async () => {
    const make = async () => {
      const book = new ExcelJS.Workbook();
      book.created = new Date(Date.UTC(2026, 0, 1));
      book.modified = book.created;
      book.addWorksheet('sheet').addRow(['a', 1]);
      return book;
    };
    const dir = await tempDir();
    const first = await make();
    await writeFileAtomic(path.join(dir, 'one.xlsx'), new Uint8Array(await first.xlsx.writeBuffer()));
    await new Promise((resolve) => setTimeout(resolve, 2100)); // zip times have a 2-second resolution
    const second = await make();
    await writeFileAtomic(path.join(dir, 'two.xlsx'), new Uint8Array(await second.xlsx.writeBuffer()));
    const [one, two] = await Promise.all([readFile(path.join(dir, 'one.xlsx')), readFile(path.join(dir, 'two.xlsx'))]);
    expect(Buffer.compare(one, two)).toBe(0);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(one as unknown as ExcelJS.Buffer);
    expect(back.getWorksheet('sheet')?.getCell('B1').value).toBe(1);
  }, 10_000);
});

describe('normalizeZip', () => {
  it('leaves bytes that are not a zip alone', () => {
    const pdf = new TextEncoder().encode('%PDF-1.7 not a zip at all, long enough to look');
    expect(isZip(pdf)).toBe(false);
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(40).fill(0)]);
    expect(isZip(broken)).toBe(true);
    expect(normalizeZip(broken)).toBe(broken);
  });
});

describe('what writeFileAtomic remembers', () => {
  it('the hash of what it wrote or found, trusted only while the file keeps its size and mtime', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'out', 'a.txt');
    await writeFileAtomic(file, 'first version\n');
    expect(knownHash(file, await stat(file))).toBe(sha256('first version\n'));
    // another writer changes the file: its new size and mtime no longer match, so it is hashed from disk again
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(file, 'edited by hand\n');
    expect(knownHash(file, await stat(file))).toBeNull();
    // found already holding what would be written: remembered too, without rewriting
    expect(await writeFileAtomic(file, 'edited by hand\n')).toBe(false);
    expect(knownHash(file, await stat(file))).toBe(sha256('edited by hand\n'));
  });

  it('makes a folder again when it was removed after an earlier write into it', async () => {
    const dir = await tempDir();
    await writeFileAtomic(path.join(dir, 'charts', 'a.svg'), '<svg/>');
    await rm(path.join(dir, 'charts'), { recursive: true });
    await writeFileAtomic(path.join(dir, 'charts', 'b.svg'), '<svg/>');
    expect(await readFile(path.join(dir, 'charts', 'b.svg'), 'utf8')).toBe('<svg/>');
  });
});
