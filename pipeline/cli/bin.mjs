#!/usr/bin/env node
// The `thinktank` command: registers tsx so the TypeScript sources run as they are, then hands the
// arguments to main() and exits with its code (without process.exit, so stdout is flushed first).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
const { realEffects } = await import('./real-effects.ts');
process.exitCode = await main(process.argv.slice(2), realEffects);
