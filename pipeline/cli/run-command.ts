import path from 'node:path';
import type { Lang } from '../../schemas/common.js';
import { type StageName, runPipeline } from '../run.js';
import { readSurveyConfig, resolveInside } from '../run/read-survey-config.js';
import type { StageSet } from '../run/stages.js';
import type { CommandContext } from './cli-effects.js';
import { matchRegion, regionNames } from './match-region.js';
import { requireExisting, resolveArg, showPath } from './paths.js';
import { createProgress } from './progress.js';

/** `thinktank run`'s arguments. */
export interface RunArgs {
  survey: string;
  only: StageName | undefined;
  region: string | undefined;
  langs: Lang[] | undefined;
  force: boolean;
  out: string | undefined;
}

/** Runs the pipeline with progress on stderr; `--json` prints the run summary. Exit 0 once outputs are written. */
export async function runCommand(args: RunArgs, { effects, style, stages, json }: CommandContext): Promise<number> {
  await requireExisting(effects, args.survey, 'run');
  const surveyDir = resolveArg(effects, args.survey);
  // --region is checked (and a name turned into its code) before anything runs
  const region = args.region === undefined ? undefined : await resolveRegion(surveyDir, args.region, stages);
  const progress = createProgress(effects, style);
  const result = await runPipeline(
    surveyDir,
    {
      cwd: effects.cwd ?? process.cwd(),
      force: args.force,
      observer: (event) => progress.observe(event),
      ...(args.out !== undefined ? { out: args.out } : {}),
      ...(args.only !== undefined ? { only: args.only } : {}),
      ...(region !== undefined ? { region } : {}),
      ...(args.langs !== undefined ? { langs: args.langs } : {}),
    },
    { ...effects, log: progress.log },
    stages,
  ).finally(() => progress.clear());
  const out = showPath(effects, result.outDir);
  const v = result.validation;
  if (v && v.rows_quarantined > 0) {
    effects.log.warn(
      `${v.rows_quarantined.toLocaleString('en-US')} of ${v.rows_read.toLocaleString('en-US')} rows quarantined: ` +
        `see ${path.join(out, 'validation', 'issues.xlsx')} and quarantine.xlsx`,
    );
  }
  const made = result.reports.length > 0 ? ` (${result.reports.length} reports)` : '';
  effects.log.info(`${style.green('done')} in ${(result.ms / 1000).toFixed(1)} s: ${out}${made}`);
  if (json) effects.stdout(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

/** The region code `--region` names, from the codebook's codes of survey.json's region variable. */
async function resolveRegion(surveyDir: string, given: string, stages: StageSet): Promise<string> {
  const config = await readSurveyConfig(surveyDir);
  const codebook = resolveInside(surveyDir, config.codebook);
  // a codebook that cannot be found is the runner's to report, with the rest of the inputs
  if (codebook === null) return given;
  const variables = await stages.readCodebook(codebook, { display: config.codebook }).catch(() => null);
  return matchRegion(given, variables ? regionNames(variables, config.region) : []);
}
