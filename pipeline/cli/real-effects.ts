import type { Logger } from '../effects.js';
import type { CliEffects } from './cli-effects.js';
import { createStyle, wantsColor } from './style.js';
import { terminalText } from './terminal-text.js';

/**
 * A logger writing lines to stderr, with `warning:` and `error:` prefixes coloured when `color` is on. Characters
 * that would act on the terminal (escape sequences in a sheet name or a cell) are shown escaped; colours stay.
 */
export function stderrLogger(color: boolean, write: (text: string) => void): Logger {
  const style = createStyle(color);
  const line = (message: string) => terminalText(message, { keepColour: true });
  return {
    info: (message) => write(`${line(message)}\n`),
    warn: (message) => write(`${style.yellow('warning:')} ${line(message)}\n`),
    error: (message) => write(`${style.red('error:')} ${line(message)}\n`),
  };
}

const writeStderr = (text: string) => {
  process.stderr.write(text);
};
const isTTY = process.stderr.isTTY === true;

/**
 * The real world for the `thinktank` bin: stderr for people, stdout for `--json`, the process environment.
 * `now()` is `SOURCE_DATE_EPOCH` when set, else the wall clock; outputs never use it (the runner dates them
 * from the survey), only bookkeeping such as the lock file does.
 */
export const realEffects: CliEffects = {
  log: stderrLogger(wantsColor(process.env, isTTY), writeStderr),
  now: () => {
    const epoch = process.env.SOURCE_DATE_EPOCH;
    return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  },
  stdout: (text) => {
    process.stdout.write(text);
  },
  env: process.env,
  isTTY,
  stderr: writeStderr,
  cwd: process.cwd(),
  ...(process.stdout.isTTY ? { stdoutColumns: process.stdout.columns } : {}),
};
