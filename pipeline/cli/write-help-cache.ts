// Build step (after tsc): writes help.json beside the compiled bin, so `thinktank --help` answers without
// loading yargs. Run by `npm run build` as `node dist/pipeline/cli/write-help-cache.js`.
import { writeFileSync } from 'node:fs';
import { packageVersion } from '../package-root.js';
import { helpCacheName, type HelpCache } from './help-cache.js';
import { helpArgvs, renderHelp } from './render-help.js';

const cache: HelpCache = { version: packageVersion, texts: {} };
for (const argv of helpArgvs()) cache.texts[argv.join(' ')] = await renderHelp(argv);
writeFileSync(new URL(helpCacheName, import.meta.url), `${JSON.stringify(cache, null, 1)}\n`);
