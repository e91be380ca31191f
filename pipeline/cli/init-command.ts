import type { CommandContext } from './cli-effects.js';
import { resolveArg, showPath } from './paths.js';

/** `thinktank init DIR`: scaffolds a survey folder that runs as it is; `--json` lists the files written. */
export async function initCommand(args: { dir: string }, { effects, style, json }: CommandContext): Promise<number> {
  const dir = resolveArg(effects, args.dir);
  // loaded here, not at the top: it brings exceljs, which other commands should not pay for at startup
  const { writeScaffold } = await import('../init/write-scaffold.js');
  const files = await writeScaffold(dir, { date: effects.now() });
  const shown = showPath(effects, dir);
  if (json) effects.stdout(`${JSON.stringify({ dir: shown, files }, null, 2)}\n`);
  effects.log.info(`${style.green('created')} ${shown}/`);
  for (const file of files) effects.log.info(`  ${file}`);
  effects.log.info('');
  effects.log.info(`Next: \`thinktank validate ${shown}\`, then \`thinktank run ${shown}\`.`);
  return 0;
}
