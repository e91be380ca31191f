import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from './list-files.js';

/** How a fresh run's outputs differ from the committed ones (POSIX paths relative to the output folder). */
export interface OutputComparison {
  /** true when both folders hold the same files with the same bytes */
  same: boolean;
  /** in both folders, with different bytes */
  differing: string[];
  /** made by the run but absent from the committed folder */
  missing: string[];
  /** in the committed folder but no longer made by the run */
  extra: string[];
  /** how many files matched */
  matched: number;
}

/**
 * Compares the committed outputs with a fresh run's, byte for byte, ignoring the bookkeeping files
 * (`.cache/`, `.lock`, `run-log.jsonl`) and leftover temp files.
 */
export async function compareOutputs(committedDir: string, freshDir: string): Promise<OutputComparison> {
  const [committed, fresh] = await Promise.all([listFiles(committedDir), listFiles(freshDir)]);
  const committedSet = new Set(committed);
  const freshSet = new Set(fresh);
  const differing: string[] = [];
  let matched = 0;
  for (const file of fresh) {
    if (!committedSet.has(file)) continue;
    const [a, b] = await Promise.all([readFile(path.join(committedDir, file)), readFile(path.join(freshDir, file))]);
    if (Buffer.compare(a, b) === 0) matched++;
    else differing.push(file);
  }
  const missing = fresh.filter((file) => !committedSet.has(file));
  const extra = committed.filter((file) => !freshSet.has(file));
  return { same: differing.length + missing.length + extra.length === 0, differing, missing, extra, matched };
}
