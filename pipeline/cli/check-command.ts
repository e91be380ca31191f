import { interruptedMessage, readMarker } from '../publish/prepare-output-dir.js';
import { checkSurvey } from '../run/check-survey.js';
import type { CommandContext } from './cli-effects.js';
import { requireExisting, resolveArg, showPath } from './paths.js';
import { createProgress } from './progress.js';

/** `thinktank check`'s arguments. */
export interface CheckArgs {
  survey: string;
  out: string | undefined;
}

/**
 * Regenerates the outputs in a temporary folder and compares them with the committed ones: exit 0 when
 * identical, 1 with the list of differing, missing and extra files.
 */
export async function checkCommand(args: CheckArgs, { effects, style, stages, json }: CommandContext): Promise<number> {
  await requireExisting(effects, args.survey, 'check');
  const progress = createProgress(effects, style);
  const { committed, comparison } = await checkSurvey(
    resolveArg(effects, args.survey),
    { cwd: effects.cwd ?? process.cwd(), observer: (event) => progress.observe(event), ...(args.out !== undefined ? { out: args.out } : {}) },
    { ...effects, log: progress.log },
    stages,
  ).finally(() => progress.clear());
  const shown = showPath(effects, committed);
  const interrupted = (await readMarker(committed)) !== null;
  if (json) {
    effects.stdout(`${JSON.stringify({ ok: comparison.same && !interrupted, committed: shown, ...comparison, ...(interrupted ? { interrupted } : {}) }, null, 2)}\n`);
  }
  if (interrupted) {
    effects.log.error(interruptedMessage(shown));
    return 1;
  }
  if (comparison.same) {
    effects.log.info(`${style.green('✓')} ${shown} is what a fresh run makes (${comparison.matched} files)`);
    return 0;
  }
  effects.log.info(`${style.red('✗')} ${shown} differs from a fresh run:`);
  for (const file of comparison.differing) effects.log.info(`  ${style.red('differs')}  ${file}`);
  for (const file of comparison.missing) effects.log.info(`  ${style.red('missing')}  ${file} ${style.dim('(made by the run, not in the committed folder)')}`);
  for (const file of comparison.extra) effects.log.info(`  ${style.red('extra  ')}  ${file} ${style.dim('(committed, but no longer made)')}`);
  effects.log.info(`Run \`thinktank run ${args.survey}${args.out !== undefined ? ` --out ${args.out}` : ''}\` and commit ${shown}.`);
  return 1;
}
