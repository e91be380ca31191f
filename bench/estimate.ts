/**
 * Estimation bench: 1,000,000 respondents, 20 Likert items (3% missing), a stratified cluster design (13
 * prefectures as strata, 8 counties each as PSUs), means with SEs of every item by prefecture. Measured in the
 * same run: (a) a plain typed-array weighted mean by prefecture with no SEs (the floor), (b) thinktank's domain
 * kernel with linearised SEs, and (c) R survey's `svyby(~q1+...+q20, ~prefecture, design, svymean,
 * na.rm=TRUE)` on the same data written to CSV, when Rscript is installed (R's time is the svyby call alone,
 * without reading; note that na.rm there drops a row missing any item, so R works on fewer rows).
 *
 *   node --import tsx bench/estimate.ts [rows] [--no-r]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { estimateDomainMeans } from '../pipeline/estimate/estimate-domain-means.js';
import { buildDesign } from '../pipeline/weight/build-design.js';
import { mulberry32 as random } from '../pipeline/seeded-random.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Options of the bench; every field has the default of the bench. */
export interface BenchEstimateOptions {
  rows?: number;
  items?: number;
  regions?: number;
  countiesPerRegion?: number;
  /** timed repetitions of each method (the median is reported) */
  repeat?: number;
  /** run R survey's svyby too (when Rscript and the survey package are installed) */
  r?: boolean;
  seed?: number;
}

/** What the bench measured. Times in milliseconds (medians), memory in MiB. */
export interface BenchEstimateResult {
  rows: number;
  items: number;
  domains: number;
  psus: number;
  design_ms: number;
  baseline_ms: number;
  engine_ms: number;
  /** engine / baseline (target: at most 3) */
  engine_vs_baseline: number;
  node_peak_rss_mb: number;
  r_svyby_ms: number | null;
  r_peak_rss_mb: number | null;
  /** R svyby / engine (target: at least 10) */
  r_vs_engine: number | null;
  /** largest |engine mean - baseline mean|, a check that both computed the same means */
  max_mean_difference: number;
}


interface BenchData {
  region: Int32Array;
  county: Int32Array;
  weight: Float64Array;
  items: Float64Array[];
}

function generate(rows: number, items: number, regions: number, counties: number, seed: number): BenchData {
  const rand = random(seed);
  const region = new Int32Array(rows);
  const county = new Int32Array(rows);
  const weight = new Float64Array(rows);
  const cols = Array.from({ length: items }, () => new Float64Array(rows));
  for (let i = 0; i < rows; i++) {
    const r = Math.min(regions - 1, Math.floor((i / rows) * regions));
    region[i] = r;
    county[i] = r * counties + Math.floor(rand() * counties);
    weight[i] = 20 + rand() * 80;
    const mood = rand() * 2 - 1 + (r === 0 ? 0.4 : 0) + (county[i]! % counties) * 0.05;
    for (let k = 0; k < items; k++) {
      cols[k]![i] = rand() < 0.03 ? Number.NaN : Math.min(5, Math.max(1, Math.round(3 + mood + (rand() - 0.5) * 2.5)));
    }
  }
  return { region, county, weight, items: cols };
}

/** The floor: weighted means by region, no SEs, one column at a time. */
function plainWeightedMeans(data: BenchData, regions: number): Float64Array {
  const K = data.items.length;
  const out = new Float64Array(regions * K);
  const { region, weight } = data;
  const n = weight.length;
  const sw = new Float64Array(regions);
  const swx = new Float64Array(regions);
  for (let k = 0; k < K; k++) {
    const x = data.items[k]!;
    sw.fill(0);
    swx.fill(0);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      if (v === v) {
        const r = region[i]!;
        const w = weight[i]!;
        sw[r]! += w;
        swx[r]! += w * v;
      }
    }
    for (let r = 0; r < regions; r++) out[r * K + k] = swx[r]! / sw[r]!;
  }
  return out;
}

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

async function writeCsv(file: string, data: BenchData): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const K = data.items.length;
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`prefecture,county,weight,${Array.from({ length: K }, (_, k) => `q${k + 1}`).join(',')}\n`);
  let chunk = '';
  for (let i = 0; i < data.weight.length; i++) {
    let line = `${data.region[i]},${data.county[i]},${data.weight[i]}`;
    for (let k = 0; k < K; k++) {
      const v = data.items[k]![i]!;
      line += Number.isNaN(v) ? ',' : `,${v}`;
    }
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

function hasRSurvey(): boolean {
  const r = spawnSync('Rscript', ['-e', 'suppressMessages(library(survey))'], { encoding: 'utf8' });
  return r.status === 0;
}

/** R survey's svyby on the CSV: milliseconds of the svyby call and peak RSS of the R process. */
function runR(csv: string, items: number): { ms: number; rssMb: number | null } {
  const formula = Array.from({ length: items }, (_, k) => `q${k + 1}`).join('+');
  const script = [
    'suppressMessages(library(survey))',
    `d <- read.csv("${csv}")`,
    'des <- svydesign(ids = ~county, strata = ~prefecture, weights = ~weight, nest = TRUE, data = d)',
    `t <- system.time(r <- svyby(~${formula}, ~prefecture, des, svymean, na.rm = TRUE))`,
    'cat(t[["elapsed"]] * 1000)',
  ].join('; ');
  const timed = existsSync('/usr/bin/time');
  const result = timed
    ? spawnSync('/usr/bin/time', ['-f', '@@rss %M', 'Rscript', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync('Rscript', ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`R svyby failed: ${result.stderr.slice(-2000)}`);
  const rss = /@@rss (\d+)/.exec(result.stderr);
  return { ms: Number(result.stdout.trim()), rssMb: rss ? Number(rss[1]) / 1024 : null };
}

/** Runs the bench (see the file comment) and returns its numbers. */
export async function benchEstimate(options: BenchEstimateOptions = {}): Promise<BenchEstimateResult> {
  const rows = options.rows ?? 1_000_000;
  const items = options.items ?? 20;
  const regions = options.regions ?? 13;
  const counties = options.countiesPerRegion ?? 8;
  const repeat = options.repeat ?? 5;
  const data = generate(rows, items, regions, counties, options.seed ?? 20261125);

  const designTimed = time(() =>
    buildDesign({
      rowCount: rows,
      weights: data.weight,
      strata: { codes: data.region, levels: Array.from({ length: regions }, (_, r) => String(r)) },
      cluster: { codes: data.county, levels: Array.from({ length: regions * counties }, (_, c) => String(c)) },
      fpc: null,
      lonelyPsu: 'adjust',
      source: { weights: 'weight', strata: 'prefecture', cluster: 'county', fpc: null },
    }),
  );
  const design = designTimed.value;
  const domain = { codes: data.region, count: regions };

  // warm up both, then alternate the timed runs so neither gets a warmer machine
  plainWeightedMeans(data, regions);
  estimateDomainMeans(design, data.items, domain);
  const baseline: number[] = [];
  const engine: number[] = [];
  let means: Float64Array = new Float64Array(0);
  let kernelMeans: Float64Array = new Float64Array(0);
  for (let i = 0; i < repeat; i++) {
    const a = time(() => plainWeightedMeans(data, regions));
    baseline.push(a.ms);
    means = a.value;
    const b = time(() => estimateDomainMeans(design, data.items, domain));
    engine.push(b.ms);
    kernelMeans = b.value.mean;
  }
  let maxDiff = 0;
  for (let j = 0; j < regions * items; j++) maxDiff = Math.max(maxDiff, Math.abs(means[j]! - kernelMeans[j]!));

  let rMs: number | null = null;
  let rRss: number | null = null;
  if (options.r !== false && hasRSurvey()) {
    const csv = path.join(here, 'data', `estimate-${rows}x${items}.csv`);
    if (!existsSync(csv)) await writeCsv(csv, data);
    const r = runR(csv, items);
    rMs = r.ms;
    rRss = r.rssMb;
  }
  const engineMs = median(engine);
  return {
    rows,
    items,
    domains: regions,
    psus: design.psuStart[design.strata.length]!,
    design_ms: designTimed.ms,
    baseline_ms: median(baseline),
    engine_ms: engineMs,
    engine_vs_baseline: engineMs / median(baseline),
    node_peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    r_svyby_ms: rMs,
    r_peak_rss_mb: rRss,
    r_vs_engine: rMs === null ? null : rMs / engineMs,
    max_mean_difference: maxDiff,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const rows = Number(process.argv.find((a, i) => i >= 2 && /^\d+$/.test(a)) ?? 1_000_000);
  const result = await benchEstimate({ rows, r: !process.argv.includes('--no-r') });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
