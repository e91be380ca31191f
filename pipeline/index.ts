/**
 * thinktank's library API: every stage's public functions, the runner, and the publishing helpers. The CLI
 * (pipeline/cli/) is a thin layer over these; importing this module loads every stage (exceljs, vega, pdfkit).
 */
export * from './ingest/index.js';
export * from './validate/index.js';
export * from './weight/index.js';
export * from './estimate/index.js';
export * from './chart/index.js';
export * from './report/index.js';
export {
  runPipeline,
  regionsOf,
  stageNames,
  type RunEvent,
  type RunOptions,
  type RunResult,
  type StageName,
  type StageRecord,
  type StepStatus,
} from './run.js';
export { checkSurvey, type CheckResult } from './run/check-survey.js';
export { parseSurveyConfig, readSurveyConfig, resolveInside } from './run/read-survey-config.js';
export { runDate } from './run/fixed-date.js';
export { acquireLock, type Lock } from './run/lock.js';
export { StageCache } from './run/stage-cache.js';
export { defaultStages, type StageSet } from './run/stages.js';
export { writeFileAtomic, type AtomicData } from './publish/write-atomic.js';
export { normalizeZip } from './publish/normalize-zip.js';
export { buildManifest } from './publish/build-manifest.js';
export { writeManifest } from './publish/write-manifest.js';
export { compareOutputs, type OutputComparison } from './publish/compare-outputs.js';
export { readVersions, type Versions } from './publish/read-versions.js';
export { buildScaffold } from './init/build-scaffold.js';
export { writeScaffold } from './init/write-scaffold.js';
export { InputError, UsageError, type Checked } from './errors.js';
export { memoryLogger, silentLogger, type Effects, type Logger } from './effects.js';
