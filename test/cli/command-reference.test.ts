import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandReference, referenceMarkers } from './command-reference.js';

const readme = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md');

describe("the README's command reference", () => {
  it('is what the yargs definitions print (UPDATE_GOLDEN=1 rewrites it)', async () => {
    const text = await readFile(readme, 'utf8');
    const start = text.indexOf(referenceMarkers.start);
    const end = text.indexOf(referenceMarkers.end);
    expect(start, 'README.md has the command reference markers').toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const current = text.slice(start, end + referenceMarkers.end.length);
    const generated = await commandReference();
    if (process.env.UPDATE_GOLDEN === '1' && current !== generated) {
      await writeFile(readme, text.slice(0, start) + generated + text.slice(end + referenceMarkers.end.length));
      return;
    }
    expect(current).toBe(generated);
  });

  it('lists every flag of every command, including --out, --ratio, --ci and --lonely-psu', async () => {
    const generated = await commandReference();
    for (const flag of ['--out', '--ratio', '--ci', '--lonely-psu', '--region', '--lang', '--only', '--codebook', '--sheet', '--json', '--version']) {
      expect(generated).toContain(flag);
    }
  });
});
