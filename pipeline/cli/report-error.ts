import type { Effects } from '../effects.js';
import { InputError, UsageError } from '../errors.js';
import type { Style } from './style.js';

/** Exit codes of every command (DESIGN.md). */
export const exitCodes = { ok: 0, input: 1, usage: 2, internal: 70 } as const;

const maxIssues = 20;

/**
 * Prints an error for people and returns its exit code: an `InputError` as its message and first issues
 * (exit 1), a `UsageError` with a pointer to `--help` (exit 2), anything else as an internal error (exit 70)
 * whose stack is shown only with `--debug`. With `json`, stdout also gets `{"error": {...}}`.
 */
export function reportError(error: unknown, effects: Effects, style: Style, options: { debug: boolean; json: boolean; command: string | null }): number {
  const log = (text: string) => effects.log.info(`${style.red('error:')} ${text}`);
  let code: number;
  let issues: unknown[] = [];
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof InputError) {
    code = exitCodes.input;
    issues = error.issues;
    log(message);
    const shown = error.issues.filter((issue) => issue.message !== message).slice(0, maxIssues);
    for (const issue of shown) effects.log.info(`  ${issue.message}`);
    const rest = error.issues.length - shown.length - (error.issues.some((i) => i.message === message) ? 1 : 0);
    if (rest > 0) effects.log.info(`  … and ${rest} more`);
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
