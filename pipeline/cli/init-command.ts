import path from 'node:path';
import type { CommandContext } from './cli-effects.js';
import { resolveArg, shellWord, showPath } from './paths.js';

/** `thinktank init DIR`: scaffolds a survey folder that runs as it is; `--json` lists the files written. */
export async function initCommand(args: { dir: string }, { effects, style, json }: CommandContext): Promise<number> {
  const dir = resolveArg(effects, args.dir);
  // loaded here, not at the top: it brings exceljs, which other commands should not pay for at startup
  const { writeScaffold } = await import('../init/write-scaffold.js');
  const files = await writeScaffold(dir, { date: effects.now() });
  const shown = showPath(effects, dir);
  // the files made are the result (stdout); what to do next is a message (stderr)
  if (json) effects.stdout(`${JSON.stringify({ dir: shown, files }, null, 2)}\n`);
  else effects.stdout(files.map((file) => `${path.join(shown, file)}\n`).join(''));
  effects.log.info(`${style.green('created')} ${shown}${path.sep}`);
  effects.log.info(`Next: \`thinktank validate ${shellWord(shown)}\`, then \`thinktank run ${shellWord(shown)}\`; the outputs go to ${path.join(shown, 'outputs')}${path.sep}`);
  return 0;
}
