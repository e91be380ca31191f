/**
 * A seeded, time-bounded fuzz test: fuzz-worker.ts mutates valid .xlsx and .csv files and runs each through the
 * CLI for about 20 seconds in a child process with a 256 MB heap. Every case must end in success or a clean
 * input error (exit 0 or 1, or 2 when `estimate` names a column the damage removed; no stack trace), within a
 * per-case time limit, with no uncaught exception, and the child's memory must stay bounded. A failing case is named by its index: replay it with
 * `node --import tsx test/hostile/fuzz-worker.ts SEED 0 --case INDEX --save /tmp/case.xlsx`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const seed = 20_260_331;
const budgetMs = 20_000;
/** The longest one case may take (a hang otherwise); generous, as the machine may be busy with other tests. */
const caseLimitMs = 15_000;
/**
 * Peak memory of the child. Its JavaScript heap is capped at 256 MB (going past it kills the child, which fails
 * the test), and no case file is over 4 MB; this bound catches memory outside the heap (buffers sized from what
 * a damaged file declares). Observed: about 200 MB, with brief peaks near 560 MB.
 */
const maxRssBytes = 1024 * 1024 * 1024;

interface Line {
  start?: number;
  done?: number;
  finished?: number;
  fatal?: string;
  what?: string;
  command?: string;
  code?: number;
  ms?: number;
  rss?: number;
  stack?: boolean;
  message?: string;
}

describe('fuzzing the readers with damaged files', () => {
  it('ends every case in success or a clean input error, without hangs, crashes or unbounded memory', async () => {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=256', '--import', 'tsx', path.join(repoRoot, 'test', 'hostile', 'fuzz-worker.ts'), String(seed), String(budgetMs)],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    );
    const cases = new Map<number, Line>();
    const problems: string[] = [];
    let current: Line | null = null;
    let finished: number | null = null;
    let maxRss = 0;
    let stderr = '';
    let buffer = '';
    let lastProgress = performance.now();
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const text = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!text.startsWith('{')) continue;
        const line = JSON.parse(text) as Line;
        lastProgress = performance.now();
        if (line.start !== undefined) {
          current = line;
          cases.set(line.start, line);
        } else if (line.done !== undefined) {
          const started = cases.get(line.done);
          const name = `case ${line.done} (${started?.command} ${started?.what})`;
          // `estimate --mean employees` on a file whose damage removed that column is a usage error (exit 2)
          const missingColumn = started?.command === 'estimate' && line.code === 2 && /: no such column; the columns are /.test(line.message ?? '');
          if (line.code !== 0 && line.code !== 1 && !missingColumn) problems.push(`${name}: exit ${line.code}: ${line.message}`);
          if (line.stack) problems.push(`${name}: a stack trace on stderr: ${line.message}`);
          if ((line.ms ?? 0) > caseLimitMs) problems.push(`${name}: took ${line.ms} ms`);
          maxRss = Math.max(maxRss, line.rss ?? 0);
          current = null;
        } else if (line.fatal !== undefined) {
          problems.push(`${line.fatal} in case ${(current as Line | null)?.start} (${(current as Line | null)?.what}): ${line.message}`);
        } else if (line.finished !== undefined) finished = line.finished;
      }
    });
    const exit = await new Promise<number | null>((resolve) => {
      const watchdog = setInterval(() => {
        if (performance.now() - lastProgress > caseLimitMs) {
          const hung = current as Line | null;
          problems.push(`case ${hung?.start} (${hung?.command} ${hung?.what}) hung for more than ${caseLimitMs} ms`);
          child.kill('SIGKILL');
        }
      }, 500);
      child.on('exit', (code) => {
        clearInterval(watchdog);
        resolve(code);
      });
    });
    expect(problems).toEqual([]);
    expect(exit, stderr).toBe(0);
    expect(finished).not.toBeNull();
    expect(finished!).toBeGreaterThanOrEqual(40);
    expect(maxRss).toBeLessThan(maxRssBytes);
  }, 90_000);
});
