/**
 * Ingest + validate throughput and peak memory on a generated field-office-style workbook (default 100,000 rows
 * x 25 columns, a title row, Chinese headers, about 0.1% bad cells). The workbook is written once to bench/data/
 * (git-ignored) and reused. The measurement runs in a child process so its peak RSS is its own.
 *
 *   node --import tsx bench/ingest-validate.ts [--rows 100000] [--regenerate]
 */
import { spawn } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { Codebook } from '../schemas/codebook.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Options of the ingest + validate bench. */
export interface IngestValidateBenchOptions {
  rows?: number;
  /** Where the generated workbook lives (default bench/data). */
  dataDir?: string;
  /** Write the workbook again even if it exists. */
  regenerate?: boolean;
}

/** What the bench measured. Times in seconds, memory in MB. */
export interface IngestValidateBenchResult {
  name: 'ingest-validate';
  rows: number;
  columns: number;
  file_mb: number;
  ingest_s: number;
  validate_s: number;
  total_s: number;
  rows_per_s: number;
  peak_rss_mb: number;
  rows_kept: number;
  rows_quarantined: number;
  issues: number;
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

/** Writes the bench workbook with exceljs's streaming writer; deterministic (a fixed LCG). */
export async function writeBenchWorkbook(file: string, rows: number): Promise<void> {
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
  for (let i = 0; i < rows; i++) {
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
    const row = ws.addRow(values);
    const date = row.getCell(3);
    date.numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

/** Runs the measurement in this process: ingest + validate one file; prints the result as JSON. */
async function measure(file: string): Promise<void> {
  const { ingestFile } = await import('../pipeline/ingest/index.js');
  const { validate } = await import('../pipeline/validate/index.js');
  const { silentLogger } = await import('../pipeline/effects.js');
  const cb = benchCodebook();
  const t0 = performance.now();
  const raw = await ingestFile(file, cb, {}, silentLogger);
  const t1 = performance.now();
  const result = validate(raw, cb);
  const t2 = performance.now();
  const total = (t2 - t0) / 1000;
  const out: IngestValidateBenchResult = {
    name: 'ingest-validate',
    rows: raw.rowCount,
    columns: cb.length,
    file_mb: round((await stat(file)).size / 1048576, 1),
    ingest_s: round((t1 - t0) / 1000, 2),
    validate_s: round((t2 - t1) / 1000, 2),
    total_s: round(total, 2),
    rows_per_s: Math.round(raw.rowCount / total),
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 0),
    rows_kept: result.summary.rows_kept,
    rows_quarantined: result.summary.rows_quarantined,
    issues: result.issues.length,
    node: process.version,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Generates the workbook if needed, then measures ingest + validate in a child process (so peak RSS is the
 * measurement's own, not the generator's) and returns the numbers.
 */
export async function benchIngestValidate(options: IngestValidateBenchOptions = {}): Promise<IngestValidateBenchResult> {
  const rows = options.rows ?? 100_000;
  const dir = options.dataDir ?? path.join(here, 'data');
  const file = path.join(dir, `ingest-${rows}x25.xlsx`);
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  if (!exists || options.regenerate) await writeBenchWorkbook(file, rows);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`bench child exited with ${code}`))));
  });
  return JSON.parse(output.trim().split('\n').pop()!) as IngestValidateBenchResult;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--measure');
  if (at >= 0) {
    await measure(args[at + 1]!);
  } else {
    const rowsAt = args.indexOf('--rows');
    const result = await benchIngestValidate({
      ...(rowsAt >= 0 ? { rows: Number(args[rowsAt + 1]) } : {}),
      regenerate: args.includes('--regenerate'),
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}
