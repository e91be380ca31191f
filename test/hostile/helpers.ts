/**
 * Shared pieces of the hostile-input tests: copies of the corpus's tiny survey in temp folders, the CLI run
 * in-process with captured output, a tiny zip reader for checking written workbooks, and checks that a folder
 * is unchanged, complete and free of temp files.
 */
import { copyFile, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { main } from '../../pipeline/cli/main.js';
import { stderrLogger } from '../../pipeline/cli/real-effects.js';
import { sha256 } from '../../pipeline/publish/hash-file.js';
import { tempFilePattern } from '../../pipeline/publish/write-atomic.js';
import { makeTempDir } from '../run/temp-dirs.js';

export { unzip } from './unzip.js';

/** The corpus folder (test/fixtures/hostile). */
export const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hostile');
/** The repository root. */
export const repoRoot = path.join(corpus, '..', '..', '..');

/** What one in-process CLI call gave. */
export interface CliResult {
  code: number;
  stderr: string;
  stdout: string;
}

/**
 * Runs `thinktank <argv>` in-process with the real stages and the real stderr logger (colour off); stderr text
 * (without its last newline) and stdout text are captured.
 */
export async function cli(argv: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  let err = '';
  const log = stderrLogger(false, (text) => {
    err += text;
  });
  const out: string[] = [];
  const code = await main(argv, {
    log,
    now: () => new Date(Date.UTC(2026, 0, 2)),
    stdout: (text) => {
      out.push(text);
    },
    env: { NO_COLOR: '1', ...env },
    isTTY: false,
    cwd,
  });
  return { code, stderr: err.replace(/\n$/, ''), stdout: out.join('') };
}

/** Asserts an error was reported cleanly: no stack frames, not called an internal error or a bug. */
export function expectNoCrash(result: CliResult): void {
  expect(result.stderr).not.toMatch(/^\s+at .+(:\d+:\d+\)?|\(native\))$/m);
  expect(result.stderr).not.toContain('internal error');
  expect(result.stderr).not.toContain('This is a bug in thinktank');
  expect(result.code).not.toBe(70);
}

/** Options of makeSurvey. */
export interface SurveyOptions {
  /** corpus sub-folder to copy as the survey (default `survey`) */
  from?: string;
  /** corpus files (`files/x.xlsx`) to copy into responses/ under their own name */
  responses?: string[];
  /** a corpus file to use as survey.json */
  config?: string;
  /** a corpus file to use as codebook.json */
  codebook?: string;
  /** changes to survey.json */
  patch?: Record<string, unknown>;
}

/** A fresh copy of a corpus survey in a temp folder: `{ root, survey }` (the survey folder is `root/survey`). */
export async function makeSurvey(options: SurveyOptions = {}): Promise<{ root: string; survey: string }> {
  const root = await makeTempDir('hostile');
  const survey = path.join(root, 'survey');
  await cp(path.join(corpus, options.from ?? 'survey'), survey, { recursive: true });
  await mkdir(path.join(survey, 'responses'), { recursive: true });
  for (const file of options.responses ?? []) await copyFile(path.join(corpus, file), path.join(survey, 'responses', path.basename(file)));
  if (options.config) await copyFile(path.join(corpus, options.config), path.join(survey, 'survey.json'));
  if (options.codebook) await copyFile(path.join(corpus, options.codebook), path.join(survey, 'codebook.json'));
  if (options.patch) {
    const file = path.join(survey, 'survey.json');
    const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...config, ...options.patch }, null, 2));
  }
  return { root, survey };
}

/** Every file under `dir` (relative POSIX paths, sorted), hidden ones included. */
export async function listAll(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (sub: string): Promise<void> => {
    const entries = await readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) await walk(rel);
      else found.push(rel);
    }
  };
  await walk('');
  return found.sort();
}

/** The sha256 of every file under `dir`, by relative path (to compare a folder before and after). */
export async function hashTree(dir: string, skip: (rel: string) => boolean = () => false): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const rel of await listAll(dir)) if (!skip(rel)) hashes[rel] = sha256(await readFile(path.join(dir, rel)));
  return hashes;
}

/** Temp files of writeFileAtomic (or the lock) left anywhere under `dir`. */
export async function tempFiles(dir: string): Promise<string[]> {
  return (await listAll(dir)).filter((rel) => tempFilePattern.test(path.basename(rel)) || /\.lock\.[0-9a-f]+\.tmp$/.test(rel));
}

/** Checks that every file listed in `<out>/manifest.json` exists with the recorded size and hash. */
export async function expectManifestMatches(out: string): Promise<void> {
  const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { outputs: { path: string; size: number; sha256: string }[] };
  expect(manifest.outputs.length).toBeGreaterThan(0);
  for (const file of manifest.outputs) {
    const bytes = await readFile(path.join(out, file.path)).catch(() => null);
    expect(bytes, `${file.path} is missing`).not.toBeNull();
    expect({ path: file.path, size: bytes!.length, sha256: sha256(bytes!) }).toEqual({ path: file.path, size: file.size, sha256: file.sha256 });
  }
}

/** Whether a text would be run as a formula by a spreadsheet (OWASP): starts with = + - @ tab CR and is not a number. */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text);
}

/** Parses CSV text (RFC 4180, a BOM dropped) into records of fields. */
export function parseCsvText(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || (ch === '\r' && s[i + 1] === '\n')) {
      if (ch === '\r') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}
