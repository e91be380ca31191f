import path from 'node:path';
import type { Lang } from '../../schemas/common.js';
import { type StageName, runPipeline } from '../run.js';
import type { CommandContext } from './cli-effects.js';
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
  const progress = createProgress(effects, style);
  const result = await runPipeline(
    resolveArg(effects, args.survey),
    {
      cwd: effects.cwd ?? process.cwd(),
      force: args.force,
      observer: (event) => progress.observe(event),
      ...(args.out !== undefined ? { out: args.out } : {}),
      ...(args.only !== undefined ? { only: args.only } : {}),
      ...(args.region !== undefined ? { region: args.region } : {}),
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
