/**
 * Replicate-weight bench (issue 17): 1,000,000 respondents with 80 bootstrap-style replicate weights (13
 * regions, 1,040 PSUs; replicate factors per PSU), estimating a mean, a total and a proportion overall and by
 * region with replicate SEs and the replicate design's df (R `degf`: the rank of the replicate weights), as
 * `svrepdesign(type = "bootstrap")` + `svymean`/`svytotal` + `svyby` in R. Each side runs in its own process
 * under GNU time (peak RSS); the times reported are of the estimation (design, SEs, df), data generation
 * excluded. R makes the same kind of data with its own generator: the work is the same size, not the same
 * numbers.
 *
 *   node --import tsx bench/replicates.ts [rows] [replicates] [--no-r]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReplicateDesign } from '../pipeline/estimate/replicate-design.js';
import { degreesOfFreedom } from '../pipeline/estimate/design-variance.js';
import { estimateDomainMeans } from '../pipeline/estimate/estimate-domain-means.js';
import { mulberry32 } from '../pipeline/seeded-random.js';
import { hasCommand, measureOnce } from './measure.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const REGIONS = 13;
const PSUS_PER_REGION = 80;

/** The child: generate, then time the estimation; prints one JSON line. */
function child(rows: number, R: number): void {
  const rand = mulberry32(17);
  const P = REGIONS * PSUS_PER_REGION;
  const region = new Int32Array(rows);
  const psu = new Int32Array(rows);
  const weight = new Float64Array(rows);
  const y = new Float64Array(rows);
  const adopt = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const r = Math.min(REGIONS - 1, Math.floor((i / rows) * REGIONS));
    region[i] = r;
    psu[i] = r * PSUS_PER_REGION + Math.floor(rand() * PSUS_PER_REGION);
    weight[i] = 20 + rand() * 80;
    y[i] = 50 + 10 * (rand() - 0.5) + r;
    adopt[i] = rand() < 0.3 + 0.02 * r ? 1 : 0;
  }
  // Rao-Wu style factors: within each region, PSUs - 1 draws with replacement
  const repweights: Float64Array[] = [];
  for (let k = 0; k < R; k++) {
    const factor = new Float64Array(P);
    for (let r = 0; r < REGIONS; r++) {
      for (let d = 0; d < PSUS_PER_REGION - 1; d++) factor[r * PSUS_PER_REGION + Math.floor(rand() * PSUS_PER_REGION)]! += PSUS_PER_REGION / (PSUS_PER_REGION - 1);
    }
    repweights.push(Float64Array.from(weight, (w, i) => w * factor[psu[i]!]!));
  }
  const t0 = performance.now();
  const design = buildReplicateDesign({
    rowCount: rows,
    weights: weight,
    columns: repweights.map((_, k) => `repw${k + 1}`),
    values: repweights,
    type: 'bootstrap',
    lonelyPsu: 'adjust',
    source: { weights: 'w', strata: null, cluster: null, fpc: null },
  });
  const domain = { codes: region, count: REGIONS };
  const result = estimateDomainMeans(design, [y, adopt], domain);
  const df = [degreesOfFreedom(design), ...Array.from({ length: REGIONS }, (_, r) => degreesOfFreedom(design, Uint8Array.from(region, (c) => (c === r ? 1 : 0))))];
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ ms, mean: result.mean[REGIONS * 2], se: result.meanSe[REGIONS * 2], df: df[0], regionDf: df[1] })}\n`);
}

/** The R side: the same sizes, svrepdesign + svymean/svytotal + svyby by region (times without generation). */
function rScript(rows: number, R: number): string {
  return [
    'suppressMessages(library(survey))',
    'set.seed(17)',
    `n <- ${rows}; R <- ${R}; H <- ${REGIONS}; m <- ${PSUS_PER_REGION}`,
    'region <- pmin(H - 1, floor((seq_len(n) - 1) / n * H))',
    'psu <- region * m + sample.int(m, n, replace = TRUE) - 1',
    'w <- 20 + runif(n) * 80',
    'd <- data.frame(region = region, y = 50 + 10 * (runif(n) - 0.5) + region, adopt = as.numeric(runif(n) < 0.3 + 0.02 * region), w = w)',
    'f <- sapply(seq_len(R), function(k) { fac <- numeric(H * m); for (h in 0:(H - 1)) { t <- tabulate(sample.int(m, m - 1, replace = TRUE), m) * m / (m - 1); fac[h * m + seq_len(m)] <- t }; fac[psu + 1] })',
    'rw <- f * w; rm(f); invisible(gc())',
    't <- system.time({ des <- svrepdesign(data = d, repweights = rw, weights = ~w, type = "bootstrap", combined.weights = TRUE);',
    '  a <- svymean(~y + adopt, des); b <- svytotal(~y, des); s <- svyby(~y + adopt, ~region, des, svymean);',
    '  dfs <- sapply(0:(H - 1), function(h) degf(subset(des, region == h))) })',
    'cat(t[["elapsed"]] * 1000, degf(des), dfs[1], "\\n")',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    child(Number(args[1]), Number(args[2]));
    return;
  }
  const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const rows = numbers[0] ?? 1_000_000;
  const R = numbers[1] ?? 80;
  const log = (s: string) => process.stderr.write(`${s}\n`);
  log(`replicate weights: ${rows.toLocaleString('en-US')} respondents x ${R} replicates`);
  const ours = measureOnce(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(rows), String(R)]);
  const oursOut = JSON.parse(ours.stdout.trim()) as { ms: number; df: number; regionDf: number };
  log(`thinktank: estimation ${(oursOut.ms / 1000).toFixed(2)} s (process ${(ours.wall_ms / 1000).toFixed(1)} s, peak ${ours.peak_rss_mb.toFixed(0)} MB), df ${oursOut.df}, region df ${oursOut.regionDf}`);
  let r: { ms: number; wall_ms: number; peak_rss_mb: number; df: number; regionDf: number } | null = null;
  if (!args.includes('--no-r') && hasCommand('Rscript')) {
    const scriptFile = path.join(here, 'results', 'replicates.R');
    await mkdir(path.dirname(scriptFile), { recursive: true });
    await writeFile(scriptFile, `${rScript(rows, R)}\n`);
    const m = measureOnce('Rscript', [scriptFile]);
    const [ms, df, regionDf] = m.stdout.trim().split(/\s+/).map(Number) as [number, number, number];
    r = { ms, wall_ms: m.wall_ms, peak_rss_mb: m.peak_rss_mb, df, regionDf };
    log(`R survey: estimation ${(ms / 1000).toFixed(2)} s (process ${(m.wall_ms / 1000).toFixed(1)} s, peak ${m.peak_rss_mb.toFixed(0)} MB), df ${df}, region df ${regionDf}`);
  }
  const result = {
    bench: 'replicate weights',
    rows,
    replicates: R,
    thinktank: { estimation_ms: oursOut.ms, process_ms: ours.wall_ms, peak_rss_mb: ours.peak_rss_mb, df: oursOut.df, region_df: oursOut.regionDf },
    r_survey: r ? { estimation_ms: r.ms, process_ms: r.wall_ms, peak_rss_mb: r.peak_rss_mb, df: r.df, region_df: r.regionDf } : null,
    r_vs_thinktank: r ? r.ms / oursOut.ms : null,
  };
  await writeFile(path.join(here, 'results', 'replicates.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
