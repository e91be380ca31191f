#!/usr/bin/env node
// The `thinktank` command: answers help and --version from the build's help cache when it can (no yargs to
// load), else hands the arguments to main() and exits with its code (through process.exitCode, not
// process.exit, so stdout is flushed first).
import { cachedAnswer, helpCacheName } from './help-cache.js';

const argv = process.argv.slice(2);
const cached = cachedAnswer(argv, new URL(helpCacheName, import.meta.url), process.stdout.isTTY ? process.stdout.columns : undefined);
if (cached !== null) {
  process.stdout.write(cached);
} else {
  const { main } = await import('./main.js');
  const { realEffects } = await import('./real-effects.js');
  process.exitCode = await main(argv, realEffects);
}
