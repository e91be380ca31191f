import type { Effects } from '../effects.js';
import { InputError, UsageError } from '../errors.js';
import type { Style } from './style.js';

/** Exit codes of every command (DESIGN.md). */
export const exitCodes = { ok: 0, input: 1, usage: 2, internal: 70 } as const;

const maxIssues = 20;

/**
 * Prints an error for people and returns its exit code: an `InputError` as its message and first issues
 * (exit 1), a file system refusal (full disk, read-only or forbidden folder) as the file and what to do (exit 1),
 * a `UsageError` with a pointer to `--help` (exit 2), anything else as an internal error (exit 70) whose stack
 * is shown only with `--debug`. With `json`, stdout also gets `{"error": {...}}`.
 */
export function reportError(error: unknown, effects: Effects, style: Style, options: { debug: boolean; json: boolean; command: string | null }): number {
  const log = (text: string) => effects.log.info(`${style.red('error:')} ${text}`);
  let code: number;
  let issues: unknown[] = [];
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof InputError) {
    code = exitCodes.input;
    issues = error.issues;
    log(message);
    const shown = error.issues.filter((issue) => issue.message !== message).slice(0, maxIssues);
    for (const issue of shown) effects.log.info(`  ${issue.message}`);
    const rest = error.issues.length - shown.length - (error.issues.some((i) => i.message === message) ? 1 : 0);
    if (rest > 0) effects.log.info(`  … and ${rest} more`);
  } else if (isEnvironmentError(error)) {
    // not a bug and not bad input: the disk or the folder refused; said plainly, exit 1 like other problems to fix
    code = exitCodes.input;
    message = environmentMessage(error);
    log(message);
  } else if (error instanceof UsageError) {
    code = exitCodes.usage;
    log(message);
    effects.log.info(style.dim(`Run \`thinktank ${options.command ?? ''}${options.command ? ' ' : ''}--help\` for usage.`));
  } else {
    code = exitCodes.internal;
    log(`internal error: ${message}`);
    if (options.debug && error instanceof Error && error.stack) effects.log.info(error.stack);
    else effects.log.info(style.dim('This is a bug in thinktank: please report it with the command you ran. Add --debug to see where it happened.'));
  }
  if (options.json) effects.stdout(`${JSON.stringify({ error: { exit_code: code, message, issues } })}\n`);
  return code;
}

/** What the system's error codes mean for someone running thinktank, and what to do about them. */
const environmentReasons: Record<string, string> = {
  ENOSPC: 'the disk is full; free some space and run again',
  EDQUOT: 'the disk quota is used up; free some space and run again',
  EROFS: 'the file system is read-only; choose another output folder with --out',
  EACCES: 'permission denied; check the folder\'s permissions or choose another output folder with --out',
  EPERM: 'the operation is not permitted; check the folder\'s permissions or choose another output folder with --out',
  EMFILE: 'too many files are open; close some programs and run again',
  ENFILE: 'too many files are open on this system; run again later',
  EIO: 'the disk reported an input/output error; check the disk or network drive',
  EBUSY: 'the file is in use by another program (open in Excel?); close it and run again',
};

/** A file system error caused by the machine rather than by thinktank or its input (full disk, read-only folder). */
function isEnvironmentError(error: unknown): error is Error & { code: string; syscall?: string; path?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && Object.hasOwn(environmentReasons, code);
}

/** `cannot write outputs/x/validation/issues.xlsx: the disk is full; ... (ENOSPC)`. */
function environmentMessage(error: Error & { code: string; syscall?: string; path?: string }): string {
  const verbs: Record<string, string> = { mkdir: 'create the folder', open: 'open', write: 'write', rename: 'replace', unlink: 'remove', link: 'create', scandir: 'list', read: 'read', rmdir: 'remove' };
  const verb = (error.syscall !== undefined && Object.hasOwn(verbs, error.syscall) ? verbs[error.syscall] : undefined) ?? 'use';
  const where = typeof error.path === 'string' ? ` ${error.path}` : '';
  return `cannot ${verb}${where}: ${environmentReasons[error.code]} (${error.code})`;
}
