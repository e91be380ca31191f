#!/usr/bin/env node
// `thinktank` from the TypeScript sources, for development and the tests that spawn the CLI: registers tsx
// (a development dependency), then runs bin.ts. The installed package runs the compiled dist/pipeline/cli/bin.js.
import { register } from 'tsx/esm/api';

register();
await import('./bin.ts');
