import type { Effects } from '../effects.js';

/** What the CLI needs beyond the library's effects; every extra is optional so plain `Effects` work too. */
export interface CliEffects extends Effects {
  /** Raw text to stderr (no newline added), for a live progress line; without it progress is plain lines. */
  stderr?(text: string): void;
  /** The folder relative paths and default output folders are resolved against; default process.cwd(). */
  cwd?: string;
  /** The width of the terminal stdout is, for wrapping help; unset when stdout is not a terminal (no wrapping). */
  stdoutColumns?: number;
}

/** What every command handler gets besides its own arguments. */
export interface CommandContext {
  effects: CliEffects;
  style: import('./style.js').Style;
  stages: import('../run/stages.js').StageSet;
  /** `--json`: print the machine-readable result on stdout */
  json: boolean;
}
