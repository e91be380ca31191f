/**
 * `npm run bench [-- --quick | --example]`: the whole benchmark in one command, measuring the compiled CLI
 * (`dist/pipeline/cli/bin.js`, which `npm run bench` builds first). For surveys of 10k, 100k (and, without
 * --quick, 1M) respondents it measures thinktank end to end and ingest + validate alone, next to the tools an
 * analyst would use instead on the same files in the same run (R readxl, pandas, exceljs's streaming reader,
 * R survey's svyby); then the example survey: the cold run as the median of 3 with each stage's median, the run
 * with nothing changed, and `--help` start-up; then the stage benches (estimation kernel, charts, reports).
 * `--example` runs the example part only. Each measurement is a child process under GNU time (wall, CPU, peak
 * RSS), the median of several runs. Prints a table and writes bench/results/latest*.json. Ratios are what to
 * read: times drift on shared machines, ratios in one run hold.
 */
import { mkdtemp, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBenchSurvey } from './generate-survey.js';
import { measure, type Measurement } from './measure.js';
import type { IngestValidateBenchResult } from './ingest-validate.js';
import { peerExceljsStream, peerPandas, peerReadxl, peerRSurvey } from './peers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
// the compiled CLI, as installed users run it (`npm run bench` builds it first)
const bin = path.join(root, 'dist', 'pipeline', 'cli', 'bin.js');

type Row = { bench: string; size: string; tool: string; wall_s: number | null; cpu_s: number | null; rss_mb: number | null; ratio: string; note: string };

const quick = process.argv.includes('--quick');
/** `--example`: only the example survey (cold, warm) and the CLI's start-up */
const exampleOnly = process.argv.includes('--example');
const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const rows: Row[] = [];
const missing = new Set<string>();
const log = (line: string) => process.stderr.write(`${line}\n`);

function row(bench: string, size: number | string, tool: string, m: Measurement | null, ratio = '', note = ''): void {
  rows.push({
    bench, size: typeof size === 'number' ? size.toLocaleString('en-US') : size, tool,
    wall_s: m ? m.wall_ms / 1000 : null, cpu_s: m ? m.cpu_ms / 1000 : null, rss_mb: m ? m.peak_rss_mb : null, ratio, note,
  });
}

/** How thinktank's time compares with a peer's, in words that read the same whichever is faster. */
const ratio = (ours: Measurement | null, theirs: Measurement | null): string => {
  if (!ours || !theirs) return '';
  const r = theirs.wall_ms / ours.wall_ms;
  return r >= 1 ? `thinktank ${r.toFixed(2)}x faster` : `thinktank ${(1 / r).toFixed(2)}x slower`;
};

/** Stage timings of the last `runs` runs (the median of each stage), from the git-ignored run log. */
async function stageTimes(outDir: string, runs = 1): Promise<string> {
  const lines = (await readFile(path.join(outDir, 'run-log.jsonl'), 'utf8')).trim().split('\n').slice(-runs);
  const logs = lines.map((line) => JSON.parse(line) as { stages: { stage: string; ms: number }[] });
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return (logs[0]?.stages ?? [])
    .map((s) => `${s.stage} ${(median(logs.map((l) => l.stages.find((x) => x.stage === s.stage)?.ms ?? 0)) / 1000).toFixed(1)}s`)
    .join(', ');
}

/**
 * The example survey: the cold run (`--force`, everything recomputed) as the median of 3 with the median of each
 * stage, the run with nothing changed (median of 3), and the CLI's start-up (`--help`, median of 5).
 */
async function benchExample(): Promise<void> {
  log('\n== the example survey (inputs/heilongjiang-2026), cold (3 runs) and with nothing changed ...');
  const out = await mkdtemp(path.join(os.tmpdir(), 'thinktank-bench-'));
  try {
    const example = path.join(root, 'inputs', 'heilongjiang-2026');
    const cold = measure(process.execPath, [bin, 'run', example, '--out', out, '--force'], 3);
    row('end to end', 'example', 'thinktank run, cold (median of 3)', cold, 'target 15 s', await stageTimes(out, 3));
    const warm = measure(process.execPath, [bin, 'run', example, '--out', out], 3);
    row('end to end', 'example', 'thinktank run, nothing changed', warm, 'target about 1 s');
    const help = measure(process.execPath, [bin, '--help'], 5);
    row('start-up', '', 'thinktank --help', help, 'target 0.3 s');
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

async function benchSize(size: number): Promise<void> {
  log(`\n== ${size.toLocaleString('en-US')} respondents: generating (cached in bench/data) ...`);
  const dir = await generateBenchSurvey(size);
  // --quick keeps under a minute: one run of each, exceljs's reader at 10k only, R survey in the kernel bench only
  const repeat = size >= 1_000_000 || quick ? 1 : size >= 100_000 ? 2 : 3;
  const out = await mkdtemp(path.join(os.tmpdir(), 'thinktank-bench-'));
  try {
    log('ingest + validate (thinktank run --only validate) ...');
    const ingest = measure(process.execPath, [bin, 'run', dir, '--out', out, '--only', 'validate', '--force'], repeat);
    const exceljs = quick && size > 10_000 ? null : peerExceljsStream(dir, repeat);
    const readxl = peerReadxl(dir, repeat);
    if (!readxl) missing.add('R readxl (apt-get install r-cran-readxl)');
    // pandas takes minutes at 1M rows
    const pandas = size <= (quick ? 10_000 : 100_000) ? peerPandas(dir, 1) : null;
    if (!pandas && size <= 10_000) missing.add('pandas (apt-get install python3-pandas python3-openpyxl)');
    row('read xlsx (13 files)', size, 'thinktank ingest+validate', ingest, '', `${Math.round(size / (ingest.wall_ms / 1000)).toLocaleString('en-US')} rows/s`);
    if (exceljs) row('read xlsx (13 files)', size, 'exceljs stream (read only)', exceljs, ratio(ingest, exceljs));
    row('read xlsx (13 files)', size, 'R readxl (read only)', readxl, ratio(ingest, readxl));
    if (pandas) row('read xlsx (13 files)', size, 'pandas read_excel', pandas, ratio(ingest, pandas));

    // --quick: the provincial Chinese report only, so the whole quick bench stays near a minute
    const scope = quick ? ['--region', 'province', '--lang', 'zh'] : [];
    const what = quick ? 'thinktank run (province, zh)' : 'thinktank run (all 28 reports)';
    log(`end to end (${what}) ...`);
    const e2e = measure(process.execPath, [bin, 'run', dir, '--out', out, '--force', ...scope], 1);
    row('end to end', size, what, e2e, '', await stageTimes(out));
    const warm = measure(process.execPath, [bin, 'run', dir, '--out', out, ...scope], 1);
    row('end to end', size, `${what}, nothing changed`, warm);
    const rSurvey = quick ? null : peerRSurvey(dir, 1);
    if (!rSurvey && !quick) missing.add('R survey (apt-get install r-cran-survey)');
    else if (rSurvey) row('20 Likert means by region, SEs', size, 'R survey (read.csv + svyby)', rSurvey, '', `svyby alone ${(rSurvey.svyby_ms / 1000).toFixed(2)}s`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Runs one stage bench script in a child process and returns its JSON (last stdout line or block). */
function stageBench(script: string, args: string[]): { m: Measurement; result: Record<string, unknown> } {
  const m = measure(process.execPath, ['--import', 'tsx', path.join(here, script), ...args], 1);
  const text = m.stdout.trim();
  const start = text.lastIndexOf('\n{') >= 0 && !text.startsWith('{') ? text.lastIndexOf('\n{') + 1 : 0;
  return { m, result: JSON.parse(text.slice(start)) as Record<string, unknown> };
}

if (!exampleOnly) for (const size of sizes) await benchSize(size);

await benchExample();

if (!exampleOnly) {
const estimateRows = quick ? 100_000 : 1_000_000;
log(`\n== estimation kernel, ${estimateRows.toLocaleString('en-US')} respondents ...`);
const est = stageBench('estimate.ts', [String(estimateRows)]);
const e = est.result as { baseline_ms: number; engine_ms: number; engine_vs_baseline: number; r_svyby_ms: number | null; r_vs_engine: number | null };
rows.push({ bench: 'estimate kernel', size: estimateRows.toLocaleString('en-US'), tool: 'plain typed-array weighted mean (no SEs)', wall_s: e.baseline_ms / 1000, cpu_s: null, rss_mb: null, ratio: '', note: '' });
rows.push({ bench: 'estimate kernel', size: estimateRows.toLocaleString('en-US'), tool: 'thinktank means + SEs by 13 regions', wall_s: e.engine_ms / 1000, cpu_s: null, rss_mb: est.m.peak_rss_mb, ratio: `${e.engine_vs_baseline.toFixed(2)}x the plain mean (target <= 3)`, note: '' });
if (e.r_svyby_ms !== null) rows.push({ bench: 'estimate kernel', size: estimateRows.toLocaleString('en-US'), tool: 'R survey svyby', wall_s: e.r_svyby_ms / 1000, cpu_s: null, rss_mb: null, ratio: `thinktank ${e.r_vs_engine?.toFixed(1)}x faster (target >= 10)`, note: '' });

if (!quick) {
  log('\n== replicate weights, 1,000,000 respondents x 80 replicates (issue 17) ...');
  const rep = stageBench('replicates.ts', ['1000000', '80']).result as {
    thinktank: { estimation_ms: number; peak_rss_mb: number };
    r_survey: { estimation_ms: number; peak_rss_mb: number } | null;
  };
  const size = '1M x 80';
  rows.push({ bench: 'replicate weights', size, tool: 'thinktank mean, total, prop by 13 regions + degf', wall_s: rep.thinktank.estimation_ms / 1000, cpu_s: null, rss_mb: rep.thinktank.peak_rss_mb, ratio: '', note: 'process peak RSS includes the data' });
  if (rep.r_survey) rows.push({ bench: 'replicate weights', size, tool: 'R survey svrepdesign + svymean/svytotal + svyby', wall_s: rep.r_survey.estimation_ms / 1000, cpu_s: null, rss_mb: rep.r_survey.peak_rss_mb, ratio: `thinktank ${(rep.r_survey.estimation_ms / rep.thinktank.estimation_ms).toFixed(1)}x faster`, note: '' });
}

log('\n== charts ...');
const charts = stageBench('charts.ts', quick ? ['--zh'] : ['--all']);
const rate = Number(charts.result.charts_per_second);
rows.push({ bench: 'charts', size: 'example', tool: 'thinktank chart stage', wall_s: charts.m.wall_ms / 1000, cpu_s: charts.m.cpu_ms / 1000, rss_mb: charts.m.peak_rss_mb, ratio: `${(1000 / rate).toFixed(1)} ms a chart (target <= 40)`, note: `${rate} charts/s` });

if (!quick) {
  log('\n== reports ...');
  const reports = stageBench('reports.ts', []);
  const r = reports.result as { reports: number; pages: number; total_ms: number; per_report_ms: number };
  rows.push({ bench: 'reports', size: `${r.reports} PDFs`, tool: 'thinktank report stage', wall_s: r.total_ms / 1000, cpu_s: null, rss_mb: reports.m.peak_rss_mb, ratio: `target < 10 s`, note: `${r.pages} pages, ${Math.round(r.per_report_ms)} ms a report` });

  log('\n== ingest + validate, 100k rows x 25 columns, one workbook ...');
  const ingest = stageBench('ingest-validate.ts', ['--rows', '100000', '--repeat', '1']);
  const iv = ingest.result as unknown as IngestValidateBenchResult;
  const size = '100,000';
  const m = (x: { s: number; peak_rss_mb: number }) => ({ wall_s: x.s, rss_mb: x.peak_rss_mb });
  rows.push({ bench: 'ingest 100k x 25 (1 xlsx)', size, tool: 'thinktank ingest', ...m(iv.ingest), cpu_s: null, ratio: '', note: `${Math.round(iv.ingest.rows_per_s).toLocaleString('en-US')} rows/s` });
  rows.push({ bench: 'ingest 100k x 25 (1 xlsx)', size, tool: 'thinktank ingest + validate', wall_s: iv.total_s, rss_mb: iv.peak_rss_mb, cpu_s: null, ratio: '', note: `${Math.round(iv.rows_per_s).toLocaleString('en-US')} rows/s` });
  rows.push({ bench: 'ingest 100k x 25 (1 xlsx)', size, tool: 'exceljs streaming reader', ...m(iv.exceljs_stream), cpu_s: null, ratio: `thinktank ingest ${iv.ratio.exceljs_over_ours.toFixed(1)}x faster`, note: '' });
  if (iv.readxl) rows.push({ bench: 'ingest 100k x 25 (1 xlsx)', size, tool: 'R readxl (time inside R)', ...m(iv.readxl), cpu_s: null, ratio: `thinktank ingest ${iv.ratio.readxl_over_ours?.toFixed(1)}x faster`, note: '' });
}
}

const fmt = (v: number | null, digits = 2) => (v === null ? '-' : v.toFixed(digits));
const header = ['bench', 'size', 'tool', 'wall s', 'cpu s', 'peak RSS MB', 'ratio', 'note'];
const table = [header, ...rows.map((x) => [x.bench, x.size, x.tool, fmt(x.wall_s), fmt(x.cpu_s), fmt(x.rss_mb, 0), x.ratio, x.note])];
const widths = header.map((_, i) => Math.max(...table.map((t) => t[i]!.length)));
const lines = table.map((t) => t.map((c, i) => c.padEnd(widths[i]!)).join(' | '));
lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('-|-'));
process.stdout.write(`${lines.join('\n')}\n`);
if (missing.size > 0) process.stdout.write(`\nNot installed, so not measured: ${[...missing].join('; ')}\n`);
await mkdir(path.join(here, 'results'), { recursive: true });
await writeFile(
  path.join(here, 'results', exampleOnly ? 'latest-example.json' : quick ? 'latest-quick.json' : 'latest.json'),
  JSON.stringify({ node: process.version, cpus: os.cpus().length, quick, rows, missing: [...missing] }, null, 2) + '\n',
);
