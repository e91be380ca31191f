/**
 * The runner: the only place the stages are chained.
 *
 * ```
 *  survey.json ──► config (checked, paths kept inside the survey folder)
 *  codebook.xlsx ─► codebook
 *  responses/* ──► 1 ingest ─► 2 validate ─► 3 weight ─► 4 estimate ─► 5 chart ─────► 6 report ──────────► 7 publish
 *                   RawTable    Validation    Weighted    SurveyEstimates Figure[]      PDF bytes            manifest.json
 *                               validation/   ▲           tables/         charts/       reports/
 *                                             margins.csv                 one step per  one step per
 *                                                                         scope         scope × language
 * ```
 *
 * Caching: every step has a key, the sha256 of its code version (the source files it imports, the runner's
 * own and the installed dependency versions), the config, its input files' hashes and its upstream step's
 * key. A step whose key has a cache entry (`<out>/.cache/<stage>/<key>`) is not run: its value is loaded
 * from the cache only if a later step needs it, and its output files are checked against their recorded
 * hashes (re-read only when their size or mtime changed, as git's index does) and rewritten from the cached
 * value if they were changed or deleted. `force` runs everything.
 *
 * Overlap: charts and reports are drawn in worker threads (run/render-pool.ts) while this thread writes files.
 * The validation and estimate workbooks are written in the background once the workers have their first charts
 * (nothing downstream reads them; `settle` waits for them before the manifest and before the lock is
 * released), and a scope's reports begin as soon as its charts are drawn, while other scopes' charts are still
 * being drawn. Stage events stay in order: a report finished before the chart stage ends is shown, and
 * counted, when the report stage starts, so the report stage's time is what remained after the charts.
 *
 * Safety: a lock (`<out>/.lock`) keeps two runs from writing one output folder; every file is written
 * atomically; temp files left by a killed run are swept at the start; the output folder is marked `.incomplete`
 * from before the first output to after the last (a full run first writes its manifest as "incomplete"; the
 * last step writes it "complete"), so a killed run
 * is seen as one; links inside it are replaced by real folders; the manifest is written last. A full
 * run (no `only`, `region` or `langs`) also deletes outputs no step made any more and cache entries it did not
 * use. Stage timings go to the observer (stderr) and to `<out>/run-log.jsonl`, never into outputs.
 */
import { appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Lang } from '../schemas/common.js';
import type { ManifestFile } from '../schemas/manifest.js';
import type { ValidationSummary } from '../schemas/validation.js';
import type { Effects } from './effects.js';
import { InputError } from './errors.js';
import { buildManifest } from './publish/build-manifest.js';
import { sha256 } from './publish/hash-file.js';
import { listFiles, sweepTempFiles } from './publish/list-files.js';
import { readVersions } from './publish/read-versions.js';
import { manifestFile, writeManifest } from './publish/write-manifest.js';
import { interruptedMessage, markComplete, markIncomplete, prepareOutputDir } from './publish/prepare-output-dir.js';
import { reportFileName } from './report/write-reports.js';
import { canonicalJson } from './run/canonical-json.js';
import { checkSurveyInputs, readMarginsText, requireSurveyInputs, withIssues } from './run/check-inputs.js';
import { runDate } from './run/fixed-date.js';
import { locateInputs, readPrevious } from './run/locate-inputs.js';
import { outputDir } from './run/output-dir.js';
import { acquireLock } from './run/lock.js';
import { readNarrative } from './run/read-narrative.js';
import { chooseScopes, regionsOf } from './run/regions-of.js';
import { type StageName, stageNames } from './run/stage-names.js';
import { type CodeUnit, defaultStages, type StageSet } from './run/stages.js';
import { mapLimit } from './map-limit.js';
import { once, type StepHandle, StepRunner, type StepStatus } from './run/step-runner.js';

export { regionsOf } from './run/regions-of.js';
export type { StepStatus } from './run/step-runner.js';

/**
 * Chart and report steps under way at once: two per render worker (one per core, at most 4), so that while a
 * worker draws, this thread already builds the next report model or writes the last step's files.
 */
const renderSteps = 2 * Math.max(1, Math.min(4, os.availableParallelism()));

/** The stages in order; `only` runs up to and including one of them. */
export { stageNames, type StageName } from './run/stage-names.js';

/** What the runner tells an observer (the CLI's progress display) as it goes. */
export type RunEvent =
  | { type: 'stage-start'; stage: StageName; total: number }
  | { type: 'step'; stage: StageName; done: number; total: number; label: string; status: StepStatus }
  | { type: 'stage-end'; stage: StageName; record: StageRecord };

/** How a stage went, for the summary and the run log. */
export interface StageRecord {
  stage: StageName;
  /** `cached` when no step ran, `ran` when every step ran, `partly cached` otherwise */
  status: 'ran' | 'cached' | 'partly cached';
  ran: number;
  cached: number;
  restored: number;
  ms: number;
  detail: string;
}

/** Options of one run (the `thinktank run` flags). */
export interface RunOptions {
  /** output folder, relative to `cwd`; default survey.json `outputs`, else `<survey folder>/outputs` */
  out?: string;
  /** folder that a relative `out` is resolved against; default process.cwd() */
  cwd?: string;
  /** run the stages up to and including this one */
  only?: StageName;
  /** build only this region's report ("province" for the provincial one) */
  region?: string;
  /** report languages instead of survey.json's `reports.languages` */
  langs?: Lang[];
  /** run every stage, ignoring the cache */
  force?: boolean;
  /** receives progress events */
  observer?: (event: RunEvent) => void;
}

/** What a run did: the `thinktank run --json` summary. */
export interface RunResult {
  survey: string;
  surveyDir: string;
  outDir: string;
  /** the fixed date written into outputs (ISO 8601) */
  date: string;
  /** whether the run was limited by `only`, `region` or `langs` */
  partial: boolean;
  stages: StageRecord[];
  /** the validation counts, when the validate stage was reached */
  validation: Omit<ValidationSummary, 'issues' | 'files' | 'by_code'> | null;
  /** report files written or confirmed by this run, relative to `outDir` */
  reports: string[];
  /** the manifest, relative to `outDir`, when the publish stage ran */
  manifest: string | null;
  ms: number;
}

/**
 * Runs a survey folder through the stages (see the module comment for the flow, the cache and the lock).
 * Throws an `InputError` for bad input (survey.json, missing files, anything a stage rejects), a
 * `UsageError` for an unknown `region`, and a plain `Error` for a bug.
 */
export async function runPipeline(
  surveyDir: string,
  options: RunOptions,
  effects: Effects,
  stages: StageSet = defaultStages,
): Promise<RunResult> {
  const started = performance.now();
  const located = await locateInputs(surveyDir);
  const { config } = located;
  const date = runDate(config, effects.env);
  const outDir = outputDir(surveyDir, config, options);
  const langs = options.langs ?? config.reports.languages;
  const sameLangs = langs.length === config.reports.languages.length && langs.every((l) => config.reports.languages.includes(l));
  const partial = options.only !== undefined || options.region !== undefined || !sameLangs;
  const last = stageNames.indexOf(options.only ?? 'publish');
  const reaches = (stage: StageName) => stageNames.indexOf(stage) <= last;
  const observe = options.observer ?? (() => undefined);

  await prepareOutputDir(outDir, effects.log);
  const lock = await acquireLock(outDir);
  const runner = new StepRunner(outDir, options.force ?? false);
  try {
    await sweepTempFiles(outDir);
    const versions = await readVersions();
    // Marked just before the first output is written and unmarked after the last: a killed run leaves the mark,
    // and a full run first replaces the manifest by an "incomplete" one, so no manifest ever vouches for a mix
    // of two runs. Not before: a run stopped by bad input before writing leaves the folder exactly as it was.
    let interrupted: Awaited<ReturnType<typeof markIncomplete>> = null;
    let marked = false;
    const beginWriting = async (): Promise<void> => {
      interrupted = await markIncomplete(outDir, { survey: config.id, only: options.only ?? null });
      marked = true;
      if (interrupted !== null) effects.log.warn(`${interruptedMessage(outDir)}; this run rebuilds it`);
      if (!partial) {
        await writeManifest(outDir, buildManifest({ survey: config.id, date, versions, inputs: located.inputs, outputs: [], status: 'incomplete' }));
      }
    };
    const code = async (unit: CodeUnit) => sha256(`${await stages.codeVersion(unit)} ${canonicalJson(versions)}`);
    const common = canonicalJson(config);
    const codebookHash = located.byPath.get(located.codebook)?.sha256 ?? '';
    const records: StageRecord[] = [];
    const stage = async <T>(name: StageName, total: number, body: (tick: Tick) => Promise<T>, detail: (value: T) => string) => {
      const begun = performance.now();
      observe({ type: 'stage-start', stage: name, total });
      const counts = { ran: 0, cached: 0, restored: 0 };
      let done = 0;
      const value = await body((label, status) => {
        counts[status]++;
        observe({ type: 'step', stage: name, done: ++done, total, label, status });
      });
      const status = counts.ran + counts.restored === 0 ? 'cached' : counts.cached === 0 ? 'ran' : 'partly cached';
      const record: StageRecord = { stage: name, status, ...counts, ms: Math.round(performance.now() - begun), detail: detail(value) };
      records.push(record);
      observe({ type: 'stage-end', stage: name, record });
      return value;
    };

    let validationCounts: RunResult['validation'] = null;
    let reports: string[] = [];
    let manifest: string | null = null;
    const finish = async (): Promise<RunResult> => {
      await runner.settle();
      const result: RunResult = {
        survey: config.id,
        surveyDir: path.resolve(surveyDir),
        outDir,
        date: date.toISOString(),
        partial,
        stages: records,
        validation: validationCounts,
        reports,
        manifest,
        ms: Math.round(performance.now() - started),
      };
      await appendRunLog(outDir, result, options);
      // a partial run after an interrupted one leaves the mark: the manifest is still missing
      if (marked && (!partial || interrupted === null)) await markComplete(outDir);
      return result;
    };

    // The codebook is read only when a step that needs it runs.
    const codebookKey = key('codebook', await code('ingest'), codebookHash);
    const codebook = once(() =>
      runner.value('codebook', codebookKey, () => stages.readCodebook(path.join(surveyDir, located.codebook), { display: located.codebook })),
    );

    // 1 ingest
    const ingestKey = key('ingest', await code('ingest'), common, codebookHash, located.responses);
    const ingest = await stage('ingest', 1, async (tick) => {
      const step = await runner.step('ingest', ingestKey, {
        compute: async () => stages.ingestSurvey(path.resolve(surveyDir), config, await codebook(), effects.log),
        meta: () => null,
      });
      tick(`${located.responses.length} files`, step.status);
      return step;
    }, () => plural(located.responses.length, 'response file'));
    if (!reaches('validate')) return await finish();

    await beginWriting();
    // 2 validate
    const validateKey = key('validate', await code('validate'), ingestKey, codebookHash);
    // the workbooks carry the run's date: a new date rewrites them (later steps chain on the date-free key)
    const validation = await stage('validate', 1, async (tick) => {
      const step = await runner.step('validate', key(validateKey, date.toISOString()), {
        compute: async () => stages.validate(await ingest.value(), await codebook(), { maxIssues: config.limits.max_issues }),
        meta: (v) => ({ summary: v.summary, regions: regionsOf(v.table, config.region) }),
        write: (v) => stages.writeValidation(outDir, v, { date, sourceDir: path.resolve(surveyDir) }),
        // the workbooks are written while the render workers draw the charts (see the chart stage)
        background: true,
      });
      tick('validation', step.status);
      return step;
    }, (step) => describeValidation(step.meta.summary));
    const summary = validation.meta.summary;
    const { rows_read, rows_kept, rows_quarantined, rows_blank, errors, warnings } = summary;
    validationCounts = { rows_read, rows_kept, rows_quarantined, rows_blank, errors, warnings };
    if (!reaches('weight')) return await finish();
    if (rows_kept === 0) {
      throw new InputError(
        `no response row passed validation (${rows_read} read, ${rows_quarantined} quarantined): see ${path.join(outDir, 'validation', 'issues.xlsx')}`,
        summary.issues.slice(0, 20),
      );
    }
    const scopes = chooseScopes(config, validation.meta.regions, options.region);

    // 3 weight
    const marginsHash = located.margins ? (located.byPath.get(located.margins)?.sha256 ?? null) : null;
    const weightKey = key('weight', await code('weight'), validateKey, common, marginsHash);
    const weighted = await stage('weight', 1, async (tick) => {
      const step = await runner.step('weight', weightKey, {
        compute: async () => {
          // survey.json's variables and margins.csv's codes, each problem with its line, before calibration trips on them
          requireSurveyInputs(config, await codebook(), await readMarginsText(surveyDir, located.margins));
          const margins = located.margins ? await stages.readMargins(path.join(surveyDir, located.margins)) : null;
          return stages.weight((await validation.value()).table, config, margins);
        },
        meta: () => null,
      });
      tick('weights', step.status);
      return step;
    }, () => (config.calibration ? `${config.calibration.method} on ${config.calibration.variables.join(' × ')}` : 'design weights'));
    if (!reaches('estimate')) return await finish();

    // 4 estimate
    const estimateKey = key('estimate', await code('estimate'), weightKey, common, codebookHash);
    const estimates = await stage('estimate', 1, async (tick) => {
      const step = await runner.step('estimate', estimateKey, {
        compute: async () => stages.estimateSurvey((await validation.value()).table, await weighted.value(), await codebook(), config),
        meta: (e) => ({ count: e.estimates.length, n: e.n }),
        write: async (e) => stages.writeEstimates(outDir, e, await codebook()),
        // the tables are written while the render workers draw the charts (see the chart stage)
        background: true,
      });
      tick('estimates', step.status);
      return step;
    }, (step) => `${plural(step.meta.count, 'estimate')} from n = ${step.meta.n.toLocaleString('en-US')}`);
    if (!reaches('chart')) return await finish();

    // 5 chart: one step per scope, so one region's report reuses the others' work
    const previousHash = located.previous ? (located.byPath.get(located.previous)?.sha256 ?? null) : null;
    const previous = once(async () => (located.previous ? readPrevious(surveyDir, located.previous) : null));
    const chartCode = await code('chart');
    const chartKey = (scope: string) => key('chart', chartCode, estimateKey, common, codebookHash, previousHash, scope, langs);
    type Figures = Awaited<ReturnType<StageSet['chartSurvey']>>;
    type ChartStep = StepHandle<Figures, { count: number }>;
    // each scope's charts as they are drawn: its reports begin then, while the other scopes' charts are drawn
    const chartSteps = new Map(scopes.map((scope) => [scope, later<ChartStep>()]));
    const charting = stage('chart', scopes.length, async (tick) => {
      try {
        // scopes are independent
        await mapLimit(scopes, renderSteps, async (scope) => {
          // Vega repeats a warning for every figure it applies to: say each once, with how often
          const warned = new Map<string, number>();
          const step = await runner.step('chart', chartKey(scope), {
            compute: async () => {
              const drawn = stages.chartSurvey(await estimates.value(), await codebook(), config, {
                scopes: [scope],
                langs,
                previous: await previous(),
                onWarning: (message) => warned.set(message, (warned.get(message) ?? 0) + 1),
              });
              // the render workers have their tasks: this thread now writes the estimate tables
              runner.startBackground();
              const figures = await drawn;
              for (const [message, times] of warned) effects.log.warn(`chart ${scope}: ${message}${times > 1 ? ` (${times} times)` : ''}`);
              return figures;
            },
            meta: (figures) => ({ count: figures.length }),
            write: (figures) => stages.writeCharts(outDir, figures),
          });
          chartSteps.get(scope)?.resolve(step);
          tick(scope, step.status);
        });
      } catch (error) {
        for (const step of chartSteps.values()) step.reject(error);
        throw error;
      }
      return Promise.all(scopes.map((scope) => chartSteps.get(scope)!.promise));
    }, (steps) => `${plural(steps.reduce((sum, s) => sum + s.meta.count, 0), 'figure')} for ${plural(scopes.length, 'scope')}`);

    // 6 report: one step per scope and language, each begun when its scope's charts are drawn; its progress is
    // shown from the end of the chart stage (a report finished before then is counted then)
    let reportTick: Tick | null = null;
    const early: Parameters<Tick>[] = [];
    const tickReport: Tick = (label, status) => (reportTick ? reportTick(label, status) : early.push([label, status]));
    const reporting = reaches('report')
      ? (async () => {
          const reportCode = await code('report');
          const narratives = new Map<Lang, { text: Record<string, string>; hash: string }>();
          for (const lang of langs) {
            const text = await readNarrative(path.join(surveyDir, located.narrative), lang);
            narratives.set(lang, { text, hash: sha256(canonicalJson(text)) });
          }
          const jobs = scopes.flatMap((scope) => langs.map((lang) => ({ scope, lang })));
          const done = await mapLimit(jobs, renderSteps, async ({ scope, lang }) => {
            const chart = await chartSteps.get(scope)!.promise;
            const file = reportFileName(config.id, scope, lang);
            const narrative = narratives.get(lang) ?? { text: {}, hash: '' };
            const reportKey = key('report', reportCode, chartKey(scope), validateKey, estimateKey, common, codebookHash, narrative.hash, scope, lang, date.toISOString());
            const step = await runner.step('report', reportKey, {
              compute: async () => {
                const model = await stages.buildReportModel({
                  config,
                  codebook: await codebook(),
                  estimates: await estimates.value(),
                  figures: (await chart.value()).filter((f) => f.lang === lang),
                  validation: summary,
                  scope,
                  lang,
                  narrative: narrative.text,
                  previous: await previous(),
                });
                return { file, bytes: await stages.renderReport(model, { creationDate: date }) };
              },
              meta: () => ({ file }),
              write: (report) => stages.writeReports(outDir, [report]),
            });
            tickReport(file, step.status);
            return step.files.filter((f) => f.endsWith('.pdf'));
          });
          return done.flat();
        })()
      : null;
    // a failure in either is thrown once the other has stopped: nothing writes after the lock is released
    reporting?.catch(() => undefined);
    await charting.catch(async (error: unknown) => {
      await reporting?.catch(() => undefined);
      throw error;
    });
    if (reporting === null) return await finish();
    reports = await stage('report', scopes.length * langs.length, async (tick) => {
      reportTick = tick;
      for (const [label, status] of early.splice(0)) tick(label, status);
      return reporting;
    }, (files) => plural(files.length, 'report'));
    if (!reaches('publish')) return await finish();

    // 7 publish: prune what a full run no longer makes, then the manifest of everything
    manifest = await stage('publish', 1, async (tick) => {
      await runner.settle();
      if (!partial) {
        await runner.pruneStaleOutputs();
        await runner.cache.prune(runner.used);
      }
      const outputs: ManifestFile[] = [];
      const files = (await listFiles(outDir)).filter((file) => file !== manifestFile);
      outputs.push(...(await mapLimit(files, 16, (file) => runner.describe(file))));
      const built = buildManifest({ survey: config.id, date, versions, inputs: located.inputs, outputs });
      await writeManifest(outDir, built);
      tick(manifestFile, 'ran');
      return { file: manifestFile, inputs: built.inputs.length, outputs: built.outputs.length };
    }, (m) => `manifest of ${plural(m.inputs, 'input')} and ${plural(m.outputs, 'output')}`).then((m) => m.file);
    return await finish();
  } finally {
    // no write outlives the lock; a failed write's error gives way to the one already thrown
    await runner.settle().catch(() => undefined);
    await lock.release();
  }
}

/**
 * Ingests and validates a survey folder without the later stages (`thinktank validate SURVEY_DIR`); writes
 * `<out>/validation/` when `out` is given. Throws an `InputError` when the inputs cannot be read at all.
 */
export async function validateSurvey(
  surveyDir: string,
  options: { out?: string },
  effects: Effects,
  stages: StageSet = defaultStages,
): Promise<ValidationSummary> {
  const located = await locateInputs(surveyDir);
  const codebook = await stages.readCodebook(path.join(surveyDir, located.codebook), { display: located.codebook });
  const inputIssues = checkSurveyInputs(located.config, codebook, await readMarginsText(surveyDir, located.margins));
  const raw = await stages.ingestSurvey(path.resolve(surveyDir), located.config, codebook, effects.log);
  const validation = withIssues(await stages.validate(raw, codebook, { maxIssues: located.config.limits.max_issues }), inputIssues);
  if (options.out !== undefined) {
    await prepareOutputDir(path.resolve(options.out), effects.log);
    await stages.writeValidation(path.resolve(options.out), validation, { date: runDate(located.config, effects.env), sourceDir: path.resolve(surveyDir) });
  }
  return validation.summary;
}

/**
 * Ingests and validates one data file against a codebook (`thinktank validate DATA_FILE --codebook CODEBOOK`);
 * writes `<out>/validation/` when `out` is given; `display` names the files in messages (default: as given).
 */
export async function validateDataFile(
  file: string,
  codebookFile: string,
  options: { sheet?: string; headerRow?: number; out?: string; display?: { file: string; codebook: string } },
  effects: Effects,
  stages: StageSet = defaultStages,
): Promise<ValidationSummary> {
  const codebook = await stages.readCodebook(codebookFile, { display: options.display?.codebook ?? codebookFile });
  const raw = await stages.ingestFile(
    file,
    codebook,
    {
      ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
      ...(options.headerRow !== undefined ? { headerRow: options.headerRow } : {}),
      display: options.display?.file ?? file,
    },
    effects.log,
  );
  const validation = await stages.validate(raw, codebook);
  if (options.out !== undefined) {
    await prepareOutputDir(path.resolve(options.out), effects.log);
    await stages.writeValidation(path.resolve(options.out), validation);
  }
  return validation.summary;
}

type Tick = (label: string, status: StepStatus) => void;

function describeValidation(summary: ValidationSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `${n(summary.rows_read)} rows read, ${n(summary.rows_kept)} kept, ${n(summary.rows_quarantined)} quarantined` +
    ` (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')})`
  );
}

async function appendRunLog(outDir: string, result: RunResult, options: RunOptions): Promise<void> {
  const line = {
    at: new Date().toISOString(),
    survey: result.survey,
    options: { only: options.only ?? null, region: options.region ?? null, langs: options.langs ?? null, force: options.force ?? false },
    ms: result.ms,
    stages: result.stages.map(({ stage, status, ran, cached, restored, ms }) => ({ stage, status, ran, cached, restored, ms })),
  };
  await appendFile(path.join(outDir, 'run-log.jsonl'), `${JSON.stringify(line)}\n`);
}

/** A promise settled from outside, for a value that arrives while others are still being made. */
function later<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a rejection is seen by whoever awaits it
  return { promise, resolve, reject };
}

/** The cache key of a step: the sha256 of its parts as canonical JSON. */
function key(...parts: unknown[]): string {
  return sha256(canonicalJson(parts));
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
