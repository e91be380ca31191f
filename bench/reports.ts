/**
 * Report stage benchmark: time and peak memory to build and render every report of a survey the size of the
 * example (the province and 13 prefectures, in Chinese and English: 28 PDFs). The survey is the report
 * fixture at 13 regions; its charts are drawn by the chart stage (real Vega SVGs) unless `figures: 'fixture'`
 * asks for the fixture's simple SVGs. Chart drawing happens before the clock starts.
 * Run standalone: `node --import tsx bench/reports.ts [--fixture-figures] [--out DIR]`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Lang } from '../schemas/common.js';
import type { Figure } from '../schemas/figure.js';
import { buildReportModel, renderReport, reportFileName, type ReportInput } from '../pipeline/report/index.js';
import { fixtureInput } from '../test/fixtures/report/make-fixture.js';

/** Options of `benchReports`. */
export interface BenchReportsOptions {
  /** the report inputs (scope and lang are set per report); default: the fixture survey with 13 regions */
  input?: Omit<ReportInput, 'scope' | 'lang' | 'narrative'> & { narrative: Record<Lang, Record<string, string>> };
  /** 'vega': charts from the chart stage (default); 'fixture': the fixture's hand-made SVGs */
  figures?: 'vega' | 'fixture';
  langs?: Lang[];
  /** write the PDFs here, to look at them */
  outDir?: string | null;
  /** progress lines (the standalone run prints them to stderr) */
  log?: (line: string) => void;
}

/** What the bench measured. Times in ms, memory in MiB. */
export interface BenchReportsResult {
  bench: 'reports';
  reports: number;
  pages: number;
  megabytes: number;
  total_ms: number;
  model_ms: number;
  render_ms: number;
  /** CPU time (user + system) of the whole timed loop, all threads of the process */
  cpu_ms: number;
  per_report_ms: number;
  /** the largest resident set size seen between reports */
  peak_rss_mb: number;
  /** the process's peak resident set size (includes drawing the charts before the clock started) */
  max_rss_mb: number;
}

async function defaultInput(figures: 'vega' | 'fixture', langs: Lang[]): Promise<NonNullable<BenchReportsOptions['input']>> {
  const zh = fixtureInput('province', 'zh', 13);
  const en = fixtureInput('province', 'en', 13);
  let all: Figure[] = zh.figures;
  if (figures === 'vega') {
    const { chartSurvey } = await import('../pipeline/chart/chart-survey.js');
    const regions = zh.codebook.find((v) => v.name === zh.config.region)?.codes?.map((c) => String(c.code)) ?? [];
    all = await chartSurvey(zh.estimates, zh.codebook, zh.config, { scopes: ['province', ...regions], langs });
  }
  return { config: zh.config, codebook: zh.codebook, estimates: zh.estimates, validation: zh.validation, figures: all, narrative: { zh: zh.narrative, en: en.narrative } };
}

/** Builds and renders every report (province + each region, each language) and measures time and memory. */
export async function benchReports(options: BenchReportsOptions = {}): Promise<BenchReportsResult> {
  const langs = options.langs ?? ['zh', 'en'];
  const log = options.log ?? (() => {});
  const input = options.input ?? (await defaultInput(options.figures ?? 'vega', langs));
  const regions = input.codebook.find((v) => v.name === input.config.region)?.codes?.map((c) => String(c.code)) ?? [];
  const scopes = ['province', ...regions];
  const creationDate = new Date(`${input.config.date}T00:00:00Z`);
  if (options.outDir) await mkdir(options.outDir, { recursive: true });

  // Warm-up: the fonts are opened once per process.
  await renderReport(buildReportModel({ ...input, scope: 'province', lang: langs[0] ?? 'zh', narrative: input.narrative[langs[0] ?? 'zh'] }), { creationDate });

  let modelMs = 0;
  let renderMs = 0;
  let bytes = 0;
  let pages = 0;
  let peak = process.memoryUsage().rss;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (const scope of scopes) {
    for (const lang of langs) {
      const t0 = performance.now();
      const model = buildReportModel({ ...input, scope, lang, narrative: input.narrative[lang] });
      const t1 = performance.now();
      const pdf = await renderReport(model, { creationDate });
      const t2 = performance.now();
      modelMs += t1 - t0;
      renderMs += t2 - t1;
      bytes += pdf.length;
      pages += (Buffer.from(pdf).toString('latin1').match(/\/Type \/Page\n/g) ?? []).length;
      peak = Math.max(peak, process.memoryUsage().rss);
      if (options.outDir) await writeFile(path.join(options.outDir, reportFileName(input.config.id, scope, lang)), pdf);
      log(`${scope} ${lang}: ${(t2 - t0).toFixed(0)} ms, ${(pdf.length / 1024).toFixed(0)} KiB`);
    }
  }
  const total = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const reports = scopes.length * langs.length;
  const mb = (x: number) => Math.round((x / 1024 / 1024) * 10) / 10;
  return {
    bench: 'reports',
    reports,
    pages,
    megabytes: mb(bytes),
    total_ms: Math.round(total),
    model_ms: Math.round(modelMs),
    render_ms: Math.round(renderMs),
    cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    per_report_ms: Math.round(total / reports),
    peak_rss_mb: mb(peak),
    max_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--out');
  const result = await benchReports({
    figures: process.argv.includes('--fixture-figures') ? 'fixture' : 'vega',
    outDir: at > 0 ? (process.argv[at + 1] ?? null) : null,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
