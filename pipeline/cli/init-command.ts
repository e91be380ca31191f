import type { CommandContext } from './cli-effects.js';
import { requireExisting, resolveArg, showPath } from './paths.js';

/**
 * `thinktank init DIR`: scaffolds a survey folder that runs as it is; with `--from DATA...`, drafts the codebook
 * and survey.json from the data instead. `--json` lists the files written.
 */
export async function initCommand(args: { dir: string; from?: string[] }, context: CommandContext): Promise<number> {
  if (args.from !== undefined && args.from.length > 0) return initFromData({ dir: args.dir, from: args.from }, context);
  const { effects, style, json } = context;
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

async function initFromData(args: { dir: string; from: string[] }, { effects, style, json }: CommandContext): Promise<number> {
  for (const file of args.from) await requireExisting(effects, file, 'init --from');
  const dir = resolveArg(effects, args.dir);
  const { writeDraft } = await import('../init/write-draft.js');
  const shown = new Map(args.from.map((f) => [resolveArg(effects, f), f]));
  const { files, notes } = await writeDraft(dir, [...shown.keys()], { date: effects.now(), display: (f) => shown.get(f) ?? f });
  const where = showPath(effects, dir);
  if (json) effects.stdout(`${JSON.stringify({ dir: where, files, notes }, null, 2)}\n`);
  effects.log.info(`${style.green('drafted')} ${where}/ from ${args.from.length} data file${args.from.length === 1 ? '' : 's'}`);
  for (const file of files) effects.log.info(`  ${file}`);
  for (const note of notes) effects.log.info(`note: ${note}`);
  effects.log.info('');
  effects.log.info(`Next: check the types, labels and codes in codebook.xlsx and the design in survey.json, then \`thinktank validate ${where}\`.`);
  return 0;
}
