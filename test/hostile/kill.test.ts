/**
 * Runs killed with SIGKILL at seeded random moments: `thinktank run` is spawned over an output folder that holds
 * a complete run and killed after a random delay, again and again (some runs with the same inputs, some with a
 * different date, so every output gets rewritten). After each kill every file is whole; after a kill of a run
 * with the same inputs the previous outputs still match their manifest; the next run completes and makes the
 * same bytes as the first.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../pipeline/publish/hash-file.js';
import { mulberry32 as random } from '../../pipeline/seeded-random.js';
import { cli, listAll, makeSurvey, repoRoot, tempFiles, unzip } from './helpers.js';

/** How a spawned run ended. */
interface Ended {
  killed: boolean;
  code: number | null;
  ms: number;
  /** when the first stage finished (its ✓ line on stderr), ms after the spawn; null if none did */
  firstStageMs: number | null;
  stderr: string;
}

/** Spawns `thinktank run SURVEY --out OUT`; kills it with SIGKILL after `killAfter` ms (never, when null). */
function spawnRun(survey: string, out: string, date: string | null, killAfter: number | null): Promise<Ended> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.SOURCE_DATE_EPOCH;
  if (date !== null) env.SOURCE_DATE_EPOCH = date;
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(repoRoot, 'pipeline', 'cli', 'bin.mjs'), 'run', survey, '--out', out], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let firstStageMs: number | null = null;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (firstStageMs === null && stderr.includes('✓ ')) firstStageMs = performance.now() - started;
  });
  const timer = killAfter === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfter);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, ms: performance.now() - started, firstStageMs, stderr });
    });
  });
}

/** The outputs' hashes (bookkeeping left out: cache, run log, lock). */
async function outputHashes(out: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const rel of await listAll(out)) {
    if (rel.startsWith('.cache/') || rel === 'run-log.jsonl' || rel === '.lock' || /\.tmp$/.test(rel)) continue;
    hashes[rel] = sha256(await readFile(path.join(out, rel)));
  }
  return hashes;
}

/**
 * Whether every output listed in the manifest is there with its recorded hash. A manifest that says
 * "incomplete" (a run was killed after its first output) vouches for nothing: the folder must then carry the
 * .incomplete mark, and the manifest must list no outputs.
 */
async function manifestMatches(out: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { status: string; outputs: { path: string; sha256: string }[] };
  if (manifest.status === 'incomplete') {
    const marked = await readFile(path.join(out, '.incomplete'), 'utf8').then(() => true, () => false);
    return marked && manifest.outputs.length === 0 ? [] : ['an incomplete manifest without the .incomplete mark'];
  }
  const wrong: string[] = [];
  for (const file of manifest.outputs) {
    const bytes = await readFile(path.join(out, file.path)).catch(() => null);
    if (bytes === null || sha256(bytes) !== file.sha256) wrong.push(file.path);
  }
  return wrong;
}

/** Every output file is whole: JSON parses, workbooks unzip, PDFs end with %%EOF (temp files aside). */
async function brokenFiles(out: string): Promise<string[]> {
  const broken: string[] = [];
  for (const rel of await listAll(out)) {
    if (/\.tmp$/.test(rel) || rel.startsWith('.cache/') || rel === '.lock' || rel === 'run-log.jsonl') continue;
    const bytes = await readFile(path.join(out, rel));
    try {
      if (rel.endsWith('.json')) JSON.parse(bytes.toString('utf8'));
      else if (rel.endsWith('.xlsx')) unzip(bytes);
      else if (rel.endsWith('.pdf') && !/%%EOF\s*$/.test(bytes.subarray(-8).toString('latin1'))) throw new Error('no %%EOF');
    } catch {
      broken.push(rel);
    }
  }
  return broken;
}

describe('a run killed with SIGKILL at random moments', () => {
  it('leaves whole files and complete previous outputs, and the next run succeeds with the same bytes', async () => {
    const next = random(0x5eed_0009);
    const { survey, root } = await makeSurvey();
    const out = path.join(root, 'out');
    const first = await spawnRun(survey, out, null, null);
    expect(first.code, first.stderr).toBe(0);
    const reference = await outputHashes(out);
    expect(await manifestMatches(out)).toEqual([]);

    const otherDate = String(Date.UTC(2026, 11, 31) / 1000);
    // kills land from just before the first stage ends (start-up is mostly loading code) to near the end of a
    // run as long as the last one that completed
    const from = Math.max(100, (first.firstStageMs ?? 0) - 300);
    let runMs = Math.min(first.ms, 8_000);
    const deadline = performance.now() + 25_000;
    let lastComplete: string | null = null;
    let consistent = true;
    let kills = 0;
    let iterations = 0;
    while (iterations < 10 && performance.now() < deadline) {
      iterations++;
      const date: string | null = next() < 0.5 ? lastComplete : lastComplete === null ? otherDate : null;
      const delay = Math.round(from + next() * Math.max(200, 0.9 * (runMs - from)));
      const ended = await spawnRun(survey, out, date, delay);
      const where = `iteration ${iterations} (date ${date ?? 'survey'}, killed after ${delay} ms)`;
      expect(await brokenFiles(out), where).toEqual([]);
      if (ended.killed) {
        kills++;
        // the same inputs: what the killed run rewrote it rewrote with the same bytes, and deleted nothing
        if (date === lastComplete && consistent) expect(await manifestMatches(out), where).toEqual([]);
        else consistent = false;
      } else {
        expect(ended.code, `${where}: ${ended.stderr}`).toBe(0);
        expect(await manifestMatches(out), where).toEqual([]);
        lastComplete = date;
        consistent = true;
        runMs = Math.min(ended.ms, 8_000);
      }
    }
    expect(kills).toBeGreaterThanOrEqual(Math.ceil(iterations / 2));

    const last = await spawnRun(survey, out, null, null);
    expect(last.code, last.stderr).toBe(0);
    expect(await manifestMatches(out)).toEqual([]);
    expect(await tempFiles(out)).toEqual([]);
    expect(await outputHashes(out)).toEqual(reference);
  }, 90_000);
});

describe('outputs that do not depend on the run history', () => {
  it('a run with a new date over earlier outputs makes the same bytes as a fresh run with that date', async () => {
    const { survey, root } = await makeSurvey();
    const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 31) / 1000) };
    const over = path.join(root, 'over');
    expect((await cli(['run', survey, '--out', over], root)).code).toBe(0);
    expect((await cli(['run', survey, '--out', over], root, env)).code).toBe(0);
    const fresh = path.join(root, 'fresh');
    expect((await cli(['run', survey, '--out', fresh], root, env)).code).toBe(0);
    expect(await outputHashes(over)).toEqual(await outputHashes(fresh));
  }, 60_000);
});
