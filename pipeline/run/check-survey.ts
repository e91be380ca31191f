import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Effects } from '../effects.js';
import { type OutputComparison, compareOutputs } from '../publish/compare-outputs.js';
import { type RunEvent, type RunResult, runPipeline } from '../run.js';
import { outputDir } from './output-dir.js';
import { readSurveyConfig } from './read-survey-config.js';
import { defaultStages, type StageSet } from './stages.js';

/** What `thinktank check` found. */
export interface CheckResult {
  /** the committed output folder compared against */
  committed: string;
  comparison: OutputComparison;
  run: RunResult;
}

/**
 * Regenerates a survey's outputs from scratch in a temporary folder (no cache) and compares them byte for
 * byte with the committed ones (`out` under `cwd`, else as `outputDir` says: survey.json `outputs` or `<survey folder>/outputs`), ignoring the cache, run log and
 * lock. The temporary folder (`.<name>.check-XXXXXX/` beside the committed folder, or in the system's temp
 * folder when that cannot be written) is removed afterwards.
 */
export async function checkSurvey(
  surveyDir: string,
  options: { out?: string; cwd?: string; observer?: (event: RunEvent) => void },
  effects: Effects,
  stages: StageSet = defaultStages,
): Promise<CheckResult> {
  const config = await readSurveyConfig(surveyDir);
  const committed = outputDir(surveyDir, config, options);
  // The fresh run goes beside the committed folder when it can, at the same depth, so relative paths written
  // into outputs (issues.xlsx links to the response cells) come out the same.
  const temp = await mkdtemp(path.join(path.dirname(committed), `.${path.basename(committed)}.check-`)).catch(() =>
    mkdtemp(path.join(os.tmpdir(), 'thinktank-check-')),
  );
  try {
    const fresh = temp;
    const run = await runPipeline(surveyDir, { out: fresh, force: true, ...(options.observer ? { observer: options.observer } : {}) }, effects, stages);
    const comparison = await compareOutputs(committed, fresh);
    return { committed, comparison, run: { ...run, outDir: fresh } };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
