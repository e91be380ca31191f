import type { Issue } from '../schemas/issue.js';

/**
 * Bad input the user can fix: shown as its message (and issues) with exit code 1, never with a stack trace.
 * A broken invariant inside thinktank is a plain `Error` instead (exit code 70).
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The result of checking input: the value, or every issue found (zod's `safeParse` shape). */
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };
