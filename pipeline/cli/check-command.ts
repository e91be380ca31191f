import { interruptedMessage, readMarker } from '../publish/prepare-output-dir.js';
import { checkSurvey } from '../run/check-survey.js';
import type { CommandContext } from './cli-effects.js';
import { requireExisting, resolveArg, shellWord, showPath } from './paths.js';
import { createProgress } from './progress.js';
import { createStyle, wantsColor } from './style.js';

/** `thinktank check`'s arguments. */
export interface CheckArgs {
  survey: string;
  out: string | undefined;
}

/**
 * Regenerates the outputs in a temporary folder and compares them with the committed ones: exit 0 when
 * identical, 1 with the list of differing, missing and extra files. The verdict and the list are the result
 * (stdout, or one JSON object with `--json`); progress and the hint of what to do are messages (stderr).
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
  // the result goes to stdout: coloured only when stdout itself is a terminal
  const paint = createStyle(wantsColor(effects.env, effects.stdoutColumns !== undefined));
  const say = (line: string) => {
    if (!json) effects.stdout(`${line}\n`);
  };
  const interrupted = (await readMarker(committed)) !== null;
  if (json) {
    effects.stdout(`${JSON.stringify({ ok: comparison.same && !interrupted, committed: shown, ...comparison, ...(interrupted ? { interrupted } : {}) }, null, 2)}\n`);
  }
  if (interrupted) {
    effects.log.error(interruptedMessage(shown));
    return 1;
  }
  if (comparison.same) {
    say(`${paint.green('✓')} ${shown} is what a fresh run makes (${comparison.matched} files)`);
    return 0;
  }
  say(`${paint.red('✗')} ${shown} differs from a fresh run:`);
  for (const file of comparison.differing) say(`  ${paint.red('differs')}  ${file}`);
  for (const file of comparison.missing) say(`  ${paint.red('missing')}  ${file} ${paint.dim('(made by the run, not in the committed folder)')}`);
  for (const file of comparison.extra) say(`  ${paint.red('extra  ')}  ${file} ${paint.dim('(committed, but no longer made)')}`);
  const survey = shellWord(resolveArg(effects, args.survey));
  effects.log.info(`Run \`thinktank run ${survey}${args.out !== undefined ? ` --out ${shellWord(shown)}` : ''}\` and commit ${shown}.`);
  return 1;
}
