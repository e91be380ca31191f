#!/usr/bin/env node
// The `thinktank` command: hands the arguments to main() and exits with its code (through process.exitCode,
// not process.exit, so stdout is flushed first).
import { main } from './main.js';
import { realEffects } from './real-effects.js';

process.exitCode = await main(process.argv.slice(2), realEffects);
