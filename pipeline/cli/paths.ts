import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { CliEffects } from './cli-effects.js';
import { cliMsg } from './messages.js';

/** A path argument resolved against the CLI's working folder. */
export function resolveArg(effects: CliEffects, file: string): string {
  return path.resolve(effects.cwd ?? process.cwd(), file);
}

/** A path for messages: always absolute, so it can be copied into any folder's shell. */
export function showPath(effects: CliEffects, file: string): string {
  return resolveArg(effects, file);
}

/** What a path argument names: a folder or a file; a `UsageError` when it names nothing. */
export async function requireExisting(effects: CliEffects, file: string, what: string): Promise<'dir' | 'file'> {
  const info = await stat(resolveArg(effects, file)).catch(() => null);
  if (!info) throw new UsageError(cliMsg.noSuchPath(what, resolveArg(effects, file)));
  return info.isDirectory() ? 'dir' : 'file';
}

/** A `UsageError` for `--sheet` given with a CSV or .sav file, which have no sheets (never silently ignored). */
export function refuseSheetOnCsv(file: string, sheet: string | undefined): void {
  if (sheet === undefined) return;
  if (/\.(csv|txt|tsv)$/i.test(file)) throw new UsageError(cliMsg.sheetOnCsv('--sheet', file, 'a CSV file'));
  if (/\.sav$/i.test(file)) throw new UsageError(cliMsg.sheetOnCsv('--sheet', file, 'an SPSS .sav file'));
}

/** A path as one shell word: quoted when it holds anything but letters, digits and `/._-+:@`. */
export function shellWord(text: string): string {
  return /^[\w/.+:@-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
