import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { CliEffects } from './cli-effects.js';

/** A path argument resolved against the CLI's working folder. */
export function resolveArg(effects: CliEffects, file: string): string {
  return path.resolve(effects.cwd ?? process.cwd(), file);
}

/** A path for messages: relative to the working folder when inside it, else absolute. */
export function showPath(effects: CliEffects, file: string): string {
  const rel = path.relative(effects.cwd ?? process.cwd(), file);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** What a path argument names: a folder or a file; a `UsageError` when it names nothing. */
export async function requireExisting(effects: CliEffects, file: string, what: string): Promise<'dir' | 'file'> {
  const info = await stat(resolveArg(effects, file)).catch(() => null);
  if (!info) throw new UsageError(`${what}: no such file or folder: ${file}`);
  return info.isDirectory() ? 'dir' : 'file';
}
