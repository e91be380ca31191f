import { RenderPool } from './render-pool.js';
import { hashSourceGraph } from './source-version.js';

type Ingest = typeof import('../ingest/index.js');
type Validate = typeof import('../validate/index.js');
type Weight = typeof import('../weight/index.js');
type Estimate = typeof import('../estimate/index.js');
type Chart = typeof import('../chart/index.js');
type Report = typeof import('../report/index.js');

/** A stage function as the runner calls it: same arguments, result awaited (so a stage may load lazily). */
type Deferred<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/** The parts of the code whose version goes into the cache keys. */
export type CodeUnit = 'ingest' | 'validate' | 'weight' | 'estimate' | 'chart' | 'report';

/**
 * The stage functions the runner chains (the names and shapes of the stage API in the contracts), plus the
 * version of each stage's code for the cache keys. `defaultStages` loads the real modules on first use, so a
 * run served from the cache never loads exceljs, vega or pdfkit; tests pass fakes.
 */
export interface StageSet {
  readCodebook: Deferred<Ingest['readCodebook']>;
  ingestSurvey: Deferred<Ingest['ingestSurvey']>;
  ingestFile: Deferred<Ingest['ingestFile']>;
  validate: Deferred<Validate['validate']>;
  writeValidation: Deferred<Validate['writeValidation']>;
  readMargins: Deferred<Weight['readMargins']>;
  weight: Deferred<Weight['weight']>;
  estimateSurvey: Deferred<Estimate['estimateSurvey']>;
  writeEstimates: Deferred<Estimate['writeEstimates']>;
  chartSurvey: Deferred<Chart['chartSurvey']>;
  writeCharts: Deferred<Chart['writeCharts']>;
  buildReportModel: Deferred<Report['buildReportModel']>;
  renderReport: Deferred<Report['renderReport']>;
  writeReports: Deferred<Report['writeReports']>;
  /** A hash of the code behind a stage: changes whenever a source file it depends on changes. */
  codeVersion(unit: CodeUnit): Promise<string>;
}

/** Every stage's code depends on the runner too: how it calls a stage is part of what the stage computes. */
const runnerSources = ['pipeline/run.ts', 'pipeline/run/stages.ts'];

const load = {
  ingest: () => import('../ingest/index.js'),
  validate: () => import('../validate/index.js'),
  weight: () => import('../weight/index.js'),
  estimate: () => import('../estimate/index.js'),
  chart: () => import('../chart/index.js'),
  report: () => import('../report/index.js'),
};

const versions = new Map<CodeUnit, Promise<string>>();
const renderPool = new RenderPool();

/** The real stages, each module imported on first call. */
export const defaultStages: StageSet = {
  readCodebook: async (...args) => (await load.ingest()).readCodebook(...args),
  ingestSurvey: async (...args) => (await load.ingest()).ingestSurvey(...args),
  ingestFile: async (...args) => (await load.ingest()).ingestFile(...args),
  validate: async (...args) => (await load.validate()).validate(...args),
  writeValidation: async (...args) => (await load.validate()).writeValidation(...args),
  readMargins: async (...args) => (await load.weight()).readMargins(...args),
  weight: async (...args) => (await load.weight()).weight(...args),
  estimateSurvey: async (...args) => {
    // charts follow estimates: the render workers load their code meanwhile, on the cores estimation leaves idle
    renderPool.warm();
    return (await load.estimate()).estimateSurvey(...args);
  },
  writeEstimates: async (...args) => (await load.estimate()).writeEstimates(...args),
  // the two CPU-heavy stages run in worker threads, one per core
  chartSurvey: (...args) => renderPool.chartSurvey(...args),
  writeCharts: async (...args) => (await load.chart()).writeCharts(...args),
  buildReportModel: async (...args) => (await load.report()).buildReportModel(...args),
  renderReport: (...args) => renderPool.renderReport(...args),
  writeReports: async (...args) => (await load.report()).writeReports(...args),
  codeVersion(unit) {
    let version = versions.get(unit);
    if (!version) {
      version = hashSourceGraph([`pipeline/${unit}/index.ts`, ...runnerSources]);
      versions.set(unit, version);
    }
    return version;
  },
};
