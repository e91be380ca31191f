import type { CommandContext } from './cli-effects.js';
import { requireExisting, resolveArg } from './paths.js';
import { terminalText } from './terminal-text.js';

/** `thinktank inspect`'s arguments. */
export interface InspectArgs {
  file: string;
  sheet: string | undefined;
  headerRow: number | undefined;
  cells: boolean;
}

/**
 * `thinktank inspect FILE`: what the reader reads from a file. `--json` prints the Inspection object on
 * stdout; `--cells --json` one InspectCell object a line instead; without `--json`, text on stderr.
 */
export async function inspectCommand(args: InspectArgs, { effects, json }: CommandContext): Promise<number> {
  await requireExisting(effects, args.file, 'inspect');
  const { readInspection, formatInspection, listCells } = await import('../inspect/index.js');
  const { inspection, grids } = await readInspection(resolveArg(effects, args.file), {
    ...(args.sheet !== undefined ? { sheet: args.sheet } : {}),
    ...(args.headerRow !== undefined ? { headerRow: args.headerRow } : {}),
    display: args.file,
    profile: !args.cells,
  });
  if (args.cells) {
    for (const grid of grids) {
      const lines: string[] = [];
      for (const cell of listCells(grid)) {
        if (json) lines.push(JSON.stringify(cell));
        else lines.push(`${cell.sheet === null ? '' : `'${cell.sheet.replace(/'/g, "''")}'!`}${cell.cell}\t${cell.kind}\t${typeof cell.value === 'string' ? JSON.stringify(cell.value) : String(cell.value)}`);
        if (lines.length >= 10_000) flush(lines);
      }
      flush(lines);
    }
    return 0;
  }
  if (json) effects.stdout(`${JSON.stringify(inspection)}\n`);
  else effects.log.info(terminalText(formatInspection(inspection)));
  return 0;

  function flush(lines: string[]): void {
    if (lines.length === 0) return;
    if (json) effects.stdout(`${lines.join('\n')}\n`);
    else effects.log.info(terminalText(lines.join('\n')));
    lines.length = 0;
  }
}
