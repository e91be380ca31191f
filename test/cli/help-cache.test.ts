import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cachedAnswer, type HelpCache } from '../../pipeline/cli/help-cache.js';
import { helpArgvs, renderHelp } from '../../pipeline/cli/render-help.js';
import { packageVersion } from '../../pipeline/package-root.js';
import { makeTempDir } from '../run/temp-dirs.js';

/** A help cache as the build writes it, in a temp folder. */
async function writeCache(): Promise<URL> {
  const cache: HelpCache = { version: packageVersion, texts: {} };
  for (const argv of helpArgvs()) cache.texts[argv.join(' ')] = await renderHelp(argv);
  const file = path.join(await makeTempDir('help'), 'help.json');
  await writeFile(file, JSON.stringify(cache));
  return pathToFileURL(file);
}

describe('the help cache the compiled bin answers from', () => {
  it('answers help, help CMD, CMD --help, -h and --version exactly as the parser would', async () => {
    const cache = await writeCache();
    const top = await renderHelp(['--help']);
    for (const argv of [['--help'], ['-h'], ['help']]) expect(cachedAnswer(argv, cache, undefined)).toBe(top);
    const run = await renderHelp(['run', '--help']);
    for (const argv of [['run', '--help'], ['run', '-h'], ['help', 'run']]) expect(cachedAnswer(argv, cache, undefined)).toBe(run);
    expect(cachedAnswer(['--version'], cache, undefined)).toBe(`${packageVersion}\n`);
  });

  it('leaves everything else to the parser: other arguments, unknown commands, narrow terminals, no cache', async () => {
    const cache = await writeCache();
    for (const argv of [[], ['run'], ['run', '.', '--help'], ['help', 'valdiate'], ['--help', '--json'], ['valdiate', '--help']]) {
      expect(cachedAnswer(argv, cache, undefined), JSON.stringify(argv)).toBeNull();
    }
    expect(cachedAnswer(['--help'], cache, 40)).toBeNull();
    expect(cachedAnswer(['--help'], new URL('file:///no/such/help.json'), undefined)).toBeNull();
  });
});
