import type { Logger } from '../effects.js';
import type { RunEvent, StageRecord } from '../run.js';
import type { CliEffects } from './cli-effects.js';
import type { Style } from './style.js';
import { terminalText } from './terminal-text.js';

/** The run's display on stderr: an observer for runner events and a logger that does not garble it. */
export interface Progress {
  observe(event: RunEvent): void;
  /** log lines go above the live line */
  log: Logger;
  /** clears the live line (call before printing anything else) */
  clear(): void;
}

/**
 * Progress for `run` and `check`. On a terminal (and not in CI) one live line shows the step in progress
 * ("report 3/28 heilongjiang-2026-230100.zh.pdf") and each finished stage leaves one line; elsewhere (a pipe,
 * a CI log) only plain lines are printed: each step that did work, and each finished stage.
 */
export function createProgress(effects: CliEffects, style: Style): Progress {
  const raw = effects.stderr;
  const live = raw !== undefined && effects.isTTY && !isCI(effects.env);
  let shown = false;
  const clear = () => {
    if (live && shown) raw('\r\u001b[K');
    shown = false;
  };
  const show = (text: string) => {
    if (!live) return;
    raw(`\r\u001b[K${text.slice(0, 120)}`);
    shown = true;
  };
  const around =
    (write: (message: string) => void) =>
    (message: string): void => {
      clear();
      write(message);
    };
  return {
    clear,
    log: { info: around(effects.log.info), warn: around(effects.log.warn), error: around(effects.log.error) },
    observe(event) {
      switch (event.type) {
        case 'stage-start':
          show(style.dim(`${event.stage} …`));
          break;
        case 'step':
          // labels name regions from the data: shown escaped (see terminal-text.ts)
          if (live) show(style.dim(`${event.stage} ${event.done}/${event.total} ${terminalText(event.label)}`));
          else if (event.total > 1 && event.status !== 'cached') effects.log.info(`  ${event.stage} ${event.done}/${event.total} ${terminalText(event.label)}`);
          break;
        case 'stage-end':
          clear();
          effects.log.info(formatStage(event.record, style));
          break;
      }
    },
  };
}

/** One line per finished stage: name, time or "cached", what it made. */
export function formatStage(record: StageRecord, style: Style): string {
  const name = record.stage.padEnd(9);
  const time = record.status === 'cached' ? style.dim('cached'.padEnd(8)) : `${(record.ms / 1000).toFixed(1)} s`.padEnd(8);
  const mark = record.status === 'cached' ? style.dim('·') : style.green('✓');
  const mixed = record.status === 'partly cached' ? style.dim(` (${record.cached} of ${record.cached + record.ran + record.restored} cached)`) : '';
  return `${mark} ${name}${time}${record.detail}${mixed}`;
}

/** Whether we run under CI (most CI services set CI=true). */
export function isCI(env: Record<string, string | undefined>): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}
