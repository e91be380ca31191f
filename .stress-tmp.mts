import { spawn } from 'node:child_process';
import { readFile, readdir, cp, mkdtemp } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
const repo = '/work/main';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
async function listAll(dir: string, sub = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => [])) {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listAll(dir, rel))); else out.push(rel);
  }
  return out.sort();
}
async function hashes(out: string) {
  const h: Record<string, string> = {};
  for (const rel of await listAll(out)) { if (rel.startsWith('.cache/') || rel === 'run-log.jsonl' || rel === '.lock' || rel.endsWith('.tmp')) continue; h[rel] = sha(await readFile(path.join(out, rel))); }
  return h;
}
function run(survey: string, out: string, date: string | null, kill: number | null): Promise<{ killed: boolean; code: number | null; ms: number; err: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }; delete env.SOURCE_DATE_EPOCH; if (date) env.SOURCE_DATE_EPOCH = date;
  const t = performance.now();
  const c = spawn(process.execPath, [path.join(repo, 'pipeline/cli/bin.mjs'), 'run', survey, '--out', out], { cwd: repo, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = ''; c.stderr.on('data', (d) => (err += d));
  const tm = kill === null ? null : setTimeout(() => c.kill('SIGKILL'), kill);
  return new Promise((res) => c.on('exit', (code, sig) => { if (tm) clearTimeout(tm); res({ killed: sig === 'SIGKILL', code, ms: performance.now() - t, err }); }));
}
const root = await mkdtemp(path.join(os.tmpdir(), 'stress-'));
const survey = path.join(root, 'survey');
await cp(path.join(repo, 'test/fixtures/hostile/survey'), survey, { recursive: true });
const X = String(Date.UTC(2026, 11, 31) / 1000);
const refS = path.join(root, 'refS'), refX = path.join(root, 'refX');
await run(survey, refS, null, null); await run(survey, refX, X, null);
const ref: Record<string, Record<string, string>> = { s: await hashes(refS), x: await hashes(refX) };
const out = path.join(root, 'out');
await run(survey, out, null, null);
const history: string[] = [];
for (let i = 0; i < 200; i++) {
  const date = Math.random() < 0.5 ? null : X;
  const kill = Math.random() < 0.7 ? Math.round(1500 + Math.random() * 3000) : null;
  const r = await run(survey, out, date, kill);
  history.push(`${i} ${date ? 'x' : 's'} kill=${kill} killed=${r.killed} code=${r.code} ms=${Math.round(r.ms)}`);
  if (!r.killed) {
    if (r.code !== 0) { console.log('FAILED RUN', r.err); break; }
    const h = await hashes(out);
    const want = ref[date ? 'x' : 's']!;
    const diff = Object.keys({ ...h, ...want }).filter((k) => h[k] !== want[k]);
    if (diff.length) { console.log(history.slice(-8).join('\n')); console.log('DIFF', diff, root); break; }
  }
  if (i % 10 === 0) console.log('at', i);
}
console.log('done', root);
