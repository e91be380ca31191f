/**
 * xlsx ingest (and ingest + validate) throughput and peak memory on generated field-office-style workbooks
 * (default 100,000 rows x 25 columns, a title row, Chinese headers, about 0.1% bad cells), against exceljs's
 * streaming reader on the same file in the same run, and R readxl when Rscript with readxl is installed. Ratios
 * are what to read: times drift on a shared machine, ratios within one run hold.
 *
 * Measured, each in a child process of its own (so its peak RSS is its own), median of `--repeat` runs:
 *   ingest           ingestFile on the one workbook (our reader + header mapping, one thread)
 *   ingest-validate  the same, then validate
 *   exceljs          exceljs's streaming WorkbookReader visiting every row and cell of the same workbook
 *   survey-1/-cores  ingestSurvey on the same rows split into 13 prefecture workbooks, in 1 thread / in one
 *                    thread per core (worker threads; the default only from PARALLEL_MIN_BYTES of files)
 *   readxl           R readxl::read_excel on the one workbook (skip = 1), timed inside R
 * The workbooks are written once to bench/data/ (git-ignored) and reused.
 *
 *   node --import tsx bench/ingest-validate.ts [--rows 100000] [--repeat 3] [--regenerate]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { Codebook } from '../schemas/codebook.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Options of the ingest + validate bench. */
export interface IngestValidateBenchOptions {
  rows?: number;
  /** Where the generated workbooks live (default bench/data). */
  dataDir?: string;
  /** Write the workbooks again even if they exist. */
  regenerate?: boolean;
  /** Runs of each measurement; the median is kept (default 3). */
  repeat?: number;
}

/** One measurement: seconds, rows a second, peak RSS in MB. */
export interface ReadMeasurement {
  s: number;
  rows_per_s: number;
  peak_rss_mb: number;
}

/** What the bench measured. Times in seconds, memory in MB; ratios are the peer's time over ours. */
export interface IngestValidateBenchResult {
  name: 'ingest-validate';
  rows: number;
  columns: number;
  file_mb: number;
  ingest_s: number;
  validate_s: number;
  total_s: number;
  /** Rows a second of ingest + validate. */
  rows_per_s: number;
  /** Peak RSS of ingest + validate. */
  peak_rss_mb: number;
  rows_kept: number;
  rows_quarantined: number;
  issues: number;
  /** Ingest alone, in a process of its own. */
  ingest: ReadMeasurement;
  /** exceljs's streaming reader on the same workbook. */
  exceljs_stream: ReadMeasurement;
  /** R readxl on the same workbook (time inside R), or null when not installed. */
  readxl: ReadMeasurement | null;
  /** ingestSurvey on the rows split into 13 workbooks: in one thread, and in one per core. */
  survey_13_files: { threads_1: ReadMeasurement; threads_n: ReadMeasurement; threads: number };
  ratio: { exceljs_over_ours: number; readxl_over_ours: number | null; threads_1_over_n: number };
  node: string;
}

/** The bench's codebook: 25 variables of every type. */
export function benchCodebook(): Codebook {
  const codes = (n: number) => Array.from({ length: n }, (_, k) => ({ code: k + 1, label: { zh: `选项${k + 1}`, en: `Option ${k + 1}` } }));
  const cb: Codebook = [
    { name: 'resp_id', type: 'id', label: { zh: '问卷编号', en: 'ID' } },
    { name: 'region', type: 'single', label: { zh: '所在市', en: 'Region' }, codes: codes(13), required: true },
    { name: 'survey_date', type: 'date', label: { zh: '填报日期', en: 'Date' } },
    { name: 'weight', type: 'number', label: { zh: '抽样权数', en: 'Weight' }, min: 0.01 },
  ];
  for (let k = 1; k <= 5; k++) cb.push({ name: `count_${k}`, type: 'integer', label: { zh: `人数${k}`, en: `Count ${k}` }, min: 0 });
  for (let k = 1; k <= 5; k++) cb.push({ name: `amount_${k}`, type: 'number', label: { zh: `金额${k}（万元）`, en: `Amount ${k}` }, min: 0 });
  for (let k = 1; k <= 8; k++) cb.push({ name: `lik_${k}`, type: 'likert', label: { zh: `评价${k}`, en: `Rating ${k}` }, codes: codes(5) });
  cb.push({ name: 'tech', type: 'multi', label: { zh: '应用技术', en: 'Tech' }, codes: codes(9) });
  cb.push({ name: 'barriers', type: 'multi', label: { zh: '主要障碍', en: 'Barriers' }, codes: codes(7) });
  cb.push({ name: 'comment', type: 'text', label: { zh: '意见建议', en: 'Comment' } });
  return cb;
}

/**
 * Writes the bench workbook with exceljs's streaming writer; deterministic (a fixed LCG). With `first` and
 * `count`, writes rows first .. first + count - 1 of the same sequence (one prefecture file of a split survey).
 */
export async function writeBenchWorkbook(file: string, rows: number, part: { first: number; count: number } = { first: 0, count: rows }): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const cb = benchCodebook();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('调查数据');
  ws.addRow(['基准测试数据（自动生成）']).commit();
  ws.addRow(cb.map((v) => v.label.zh)).commit();
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const int = (n: number) => Math.floor(rand() * n);
  for (let i = 0; i < part.first + part.count; i++) {
    const values: (string | number | Date | null)[] = [
      `R${String(i).padStart(7, '0')}`,
      1 + int(13),
      new Date(Date.UTC(2026, 2, 1 + int(28))),
      Math.round((1 + rand() * 30) * 1000) / 1000,
    ];
    for (let k = 0; k < 5; k++) values.push(int(500));
    for (let k = 0; k < 5; k++) values.push(Math.round(rand() * 1e6) / 100);
    for (let k = 0; k < 8; k++) values.push(1 + int(5));
    values.push(`${1 + int(9)},${1 + int(9)}`, `${1 + int(7)}`);
    values.push(rand() < 0.2 ? '希望加强政策支持' : null);
    if (rand() < 0.001) values[4 + int(5)] = 'n/a';
    if (i < part.first) continue;
    const row = ws.addRow(values);
    const date = row.getCell(3);
    date.numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

/** Writes the rows split into 13 workbooks plus a survey.json and codebook.json, for ingestSurvey. */
async function writeSplitSurvey(dir: string, rows: number): Promise<void> {
  const files = 13;
  for (let k = 0; k < files; k++) {
    const first = Math.floor((rows * k) / files);
    const count = Math.floor((rows * (k + 1)) / files) - first;
    await writeBenchWorkbook(path.join(dir, 'responses', `part-${String(k + 1).padStart(2, '0')}.xlsx`), rows, { first, count });
  }
  await writeFile(path.join(dir, 'codebook.json'), JSON.stringify(benchCodebook()));
  const survey = { id: 'bench-ingest', title: { zh: '基准', en: 'Bench' }, issuer: { zh: '基准', en: 'Bench' }, date: '2026-11-01', codebook: 'codebook.json', region: 'region' };
  await writeFile(path.join(dir, 'survey.json'), JSON.stringify(survey));
}

/** The measurements a child process can make; each prints one JSON line `{ s, rows, ... }`. */
type Probe = 'ingest' | 'ingest-validate' | 'exceljs' | 'survey-1' | 'survey-cores';

/** Runs one probe in this process on `target` (a workbook, or a survey folder for survey-*). */
async function probe(kind: Probe, target: string): Promise<void> {
  // modules and inputs are loaded before the clock starts
  const { silentLogger } = await import('../pipeline/effects.js');
  const { ingestFile, ingestSurvey } = await import('../pipeline/ingest/index.js');
  const { validate } = await import('../pipeline/validate/index.js');
  const { SurveyConfig } = await import('../schemas/survey.js');
  const { readFile } = await import('node:fs/promises');
  const cb = benchCodebook();
  const survey = kind.startsWith('survey') ? SurveyConfig.parse(JSON.parse(await readFile(path.join(target, 'survey.json'), 'utf8'))) : null;
  const t0 = performance.now();
  let out: Record<string, number> = {};
  if (kind === 'exceljs') {
    let rows = 0;
    let cells = 0;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(target, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        rows++;
        for (const v of row.values as unknown[]) if (v !== undefined && v !== null) cells++;
      }
    }
    out = { rows: rows - 2, cells };
  } else if (survey !== null) {
    const raw = await ingestSurvey(target, survey, cb, silentLogger, { threads: kind === 'survey-1' ? 1 : availableParallelism() });
    out = { rows: raw.rowCount };
  } else {
    const raw = await ingestFile(target, cb, {}, silentLogger);
    const t1 = performance.now();
    out = { rows: raw.rowCount, ingest_s: (t1 - t0) / 1000 };
    if (kind === 'ingest-validate') {
      const result = validate(raw, cb);
      out.validate_s = (performance.now() - t1) / 1000;
      out.rows_kept = result.summary.rows_kept;
      out.rows_quarantined = result.summary.rows_quarantined;
      out.issues = result.issues.length;
    }
  }
  out.s = (performance.now() - t0) / 1000;
  out.peak_rss_mb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runProbe(kind: Probe, target: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--probe', kind, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(text.trim().split('\n').pop()!) as Record<string, number>) : reject(new Error(`bench probe ${kind} exited with ${code}`))));
  });
}

/** Runs a probe `repeat` times and keeps the median of each figure. */
async function medianProbe(kind: Probe, target: string, repeat: number): Promise<Record<string, number>> {
  const runs: Record<string, number>[] = [];
  for (let k = 0; k < repeat; k++) runs.push(await runProbe(kind, target));
  return median(runs);
}

function median(runs: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(runs[0]!)) {
    const sorted = runs.map((r) => r[key]!).sort((a, b) => a - b);
    out[key] = sorted[Math.floor(sorted.length / 2)]!;
  }
  return out;
}

/** R readxl on the workbook, timed inside R (without R's start-up), peak RSS from GNU time; null without R. */
function readxl(file: string, repeat: number): ReadMeasurement | null {
  const script = `suppressMessages(library(readxl)); t <- system.time(d <- read_excel("${file}", skip = 1)); cat(t[["elapsed"]], nrow(d))`;
  const runs: Record<string, number>[] = [];
  for (let k = 0; k < repeat; k++) {
    const timed = spawnSync('/usr/bin/time', ['-f', '@@rss %M', 'Rscript', '-e', script], { encoding: 'utf8' });
    const rss = /@@rss (\d+)/.exec(timed.stderr ?? '');
    if (timed.status !== 0 || !rss) return null;
    const [s, rows] = timed.stdout.trim().split(/\s+/).map(Number) as [number, number];
    runs.push({ s, rows, peak_rss_mb: Number(rss[1]) / 1024 });
  }
  return measurement(median(runs));
}

function measurement(m: Record<string, number>): ReadMeasurement {
  return { s: round(m.s!, 2), rows_per_s: Math.round(m.rows! / m.s!), peak_rss_mb: Math.round(m.peak_rss_mb!) };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Generates the workbooks if needed, then runs every measurement and returns the numbers. */
export async function benchIngestValidate(options: IngestValidateBenchOptions = {}): Promise<IngestValidateBenchResult> {
  const rows = options.rows ?? 100_000;
  const repeat = options.repeat ?? 3;
  const dir = options.dataDir ?? path.join(here, 'data');
  const file = path.join(dir, `ingest-${rows}x25.xlsx`);
  const surveyDir = path.join(dir, `ingest-${rows}x25-13-files`);
  if (!(await exists(file)) || options.regenerate) await writeBenchWorkbook(file, rows);
  if (!(await exists(path.join(surveyDir, 'survey.json'))) || options.regenerate) await writeSplitSurvey(surveyDir, rows);

  const both = await medianProbe('ingest-validate', file, repeat);
  const ingest = measurement(await medianProbe('ingest', file, repeat));
  const exceljs = measurement(await medianProbe('exceljs', file, repeat));
  const one = measurement(await medianProbe('survey-1', surveyDir, repeat));
  const cores = measurement(await medianProbe('survey-cores', surveyDir, repeat));
  const r = Rscript() ? readxl(file, repeat) : null;
  return {
    name: 'ingest-validate',
    rows: both.rows!,
    columns: benchCodebook().length,
    file_mb: round((await stat(file)).size / 1048576, 1),
    ingest_s: round(both.ingest_s!, 2),
    validate_s: round(both.validate_s!, 2),
    total_s: round(both.s!, 2),
    rows_per_s: Math.round(both.rows! / both.s!),
    peak_rss_mb: Math.round(both.peak_rss_mb!),
    rows_kept: both.rows_kept!,
    rows_quarantined: both.rows_quarantined!,
    issues: both.issues!,
    ingest,
    exceljs_stream: exceljs,
    readxl: r,
    survey_13_files: { threads_1: one, threads_n: cores, threads: Math.min(availableParallelism(), 13) },
    ratio: {
      exceljs_over_ours: round(exceljs.s / ingest.s, 2),
      readxl_over_ours: r === null ? null : round(r.s / ingest.s, 2),
      threads_1_over_n: round(one.s / cores.s, 2),
    },
    node: process.version,
  };
}

function Rscript(): boolean {
  return spawnSync('Rscript', ['-e', 'suppressMessages(library(readxl))'], { encoding: 'utf8' }).status === 0;
}

/** The result as a table for people. */
export function formatIngestBench(r: IngestValidateBenchResult): string {
  const line = (name: string, m: ReadMeasurement | null, note = '') =>
    m === null
      ? `${name.padEnd(34)} (not installed)`
      : `${name.padEnd(34)} ${m.s.toFixed(2).padStart(6)} s ${String(m.rows_per_s).padStart(8)} rows/s ${String(m.peak_rss_mb).padStart(5)} MB${note}`;
  return [
    `xlsx ingest, ${r.rows.toLocaleString('en-US')} rows x ${r.columns} columns (${r.file_mb} MB), ${r.node}`,
    line('thinktank ingestFile', r.ingest),
    line('exceljs streaming reader', r.exceljs_stream, `   (x${r.ratio.exceljs_over_ours} our time)`),
    line('R readxl', r.readxl, r.ratio.readxl_over_ours === null ? '' : `   (x${r.ratio.readxl_over_ours} our time)`),
    line('ingestSurvey, 13 files, 1 thread', r.survey_13_files.threads_1),
    line(`ingestSurvey, 13 files, ${r.survey_13_files.threads} threads`, r.survey_13_files.threads_n, `   (x${r.ratio.threads_1_over_n} the speed of 1)`),
    `${'ingest + validate'.padEnd(34)} ${r.total_s.toFixed(2).padStart(6)} s ${String(r.rows_per_s).padStart(8)} rows/s ${String(r.peak_rss_mb).padStart(5)} MB   (validate ${r.validate_s} s)`,
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--probe');
  if (at >= 0) {
    await probe(args[at + 1] as Probe, args[at + 2]!);
  } else {
    const value = (flag: string) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : undefined);
    const rows = value('--rows');
    const repeat = value('--repeat');
    const result = await benchIngestValidate({
      ...(rows !== undefined ? { rows } : {}),
      ...(repeat !== undefined ? { repeat } : {}),
      regenerate: args.includes('--regenerate'),
    });
    process.stderr.write(`${formatIngestBench(result)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}
