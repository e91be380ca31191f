/** Where human-readable progress and messages go (stderr in the CLI, an array in tests). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The outside world a run touches: passed in, so stages and the runner run in memory in tests. */
export interface Effects {
  log: Logger;
  /** The run's fixed "now": the survey date or SOURCE_DATE_EPOCH, never the wall clock, so outputs are reproducible. */
  now(): Date;
  /** Standard output, for machine-readable (`--json`) results only. */
  stdout(text: string): void;
  /** Environment variables (NO_COLOR, SOURCE_DATE_EPOCH, CI). */
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (colour and live progress). */
  isTTY: boolean;
}

/** A logger that keeps every line, for tests. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
