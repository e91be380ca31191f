import type { CliEffects } from './cli-effects.js';
import { commandNames, main } from './main.js';

/** The argument lists whose answer is fixed text: the top-level help and each command's help. */
export function helpArgvs(): string[][] {
  return [['--help'], ...commandNames.map((name) => [name, '--help'])];
}

/** What `thinktank <argv>` prints on stdout without a terminal (no wrapping), run in-process. */
export async function renderHelp(argv: string[]): Promise<string> {
  let text = '';
  const effects: CliEffects = {
    log: { info() {}, warn() {}, error() {} },
    now: () => new Date(0),
    stdout: (chunk) => {
      text += chunk;
    },
    env: { NO_COLOR: '1' },
    isTTY: false,
  };
  const code = await main(argv, effects);
  if (code !== 0) throw new Error(`thinktank ${argv.join(' ')} exited with ${code}`);
  return text;
}
