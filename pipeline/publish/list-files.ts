import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { tempFilePattern } from './write-atomic.js';

/** Bookkeeping files of a run that are not outputs: never in the manifest, never compared by `check`. */
export const bookkeeping = ['.cache', '.lock', 'run-log.jsonl', '.incomplete'] as const;

/**
 * Every file under `dir` as sorted POSIX paths relative to it, skipping `exclude` (top-level names) and
 * leftover temp files of `writeFileAtomic`. A missing folder has no files.
 */
export async function listFiles(dir: string, exclude: readonly string[] = bookkeeping): Promise<string[]> {
  const found: string[] = [];
  const walk = async (sub: string): Promise<void> => {
    const entries = await readdir(path.join(dir, sub), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    for (const entry of entries) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (sub === '' && exclude.includes(entry.name)) continue;
      if (entry.isDirectory()) await walk(rel);
      else if (entry.isFile() && !tempFilePattern.test(entry.name)) found.push(rel);
    }
  };
  await walk('');
  return found.sort(compareCodeUnits);
}

/** Removes temp files a killed run left under `dir` (`.<name>.<hex>.tmp`); returns how many. */
export async function sweepTempFiles(dir: string): Promise<number> {
  let removed = 0;
  const walk = async (sub: string): Promise<void> => {
    const entries = await readdir(sub, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(sub, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (tempFilePattern.test(entry.name)) {
        await rm(full, { force: true });
        removed++;
      }
    }
  };
  await walk(dir);
  return removed;
}

/** Orders strings by UTF-16 code units, the same on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
