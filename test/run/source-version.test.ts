import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashSourceGraph } from '../../pipeline/run/source-version.js';
import { makeTempDir } from './temp-dirs.js';

async function tree(files: Record<string, string>): Promise<string> {
  const root = await makeTempDir('src');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return root;
}

describe('hashSourceGraph', () => {
  it('changes when a file imported (transitively) changes, and not for files outside the graph', async () => {
    const files = {
      'a/index.ts': "export { f } from './f.js';\nimport type { T } from '../shared/t.js';\n",
      'a/f.ts': "import { g } from './g.js';\nexport const f = g;\n",
      'a/g.ts': 'export const g = 1;\n',
      'shared/t.ts': 'export type T = number;\n',
      'b/index.ts': 'export const b = 2;\n',
      'a/lazy.ts': "export const load = () => import('../b/index.js');\n",
    };
    const base = await hashSourceGraph(['a/index.ts'], await tree(files));
    expect(await hashSourceGraph(['a/index.ts'], await tree(files))).toBe(base);
    expect(await hashSourceGraph(['a/index.ts'], await tree({ ...files, 'a/g.ts': 'export const g = 2;\n' }))).not.toBe(base);
    expect(await hashSourceGraph(['a/index.ts'], await tree({ ...files, 'shared/t.ts': 'export type T = string;\n' }))).not.toBe(base);
    expect(await hashSourceGraph(['a/index.ts'], await tree({ ...files, 'b/index.ts': 'export const b = 3;\n' }))).toBe(base);
  });

  it('does not follow dynamic imports, so a lazily loaded module is not part of the version', async () => {
    const files = { 'lazy.ts': "export const load = () => import('./heavy.js');\n", 'heavy.ts': 'export const x = 1;\n' };
    const base = await hashSourceGraph(['lazy.ts'], await tree(files));
    expect(await hashSourceGraph(['lazy.ts'], await tree({ ...files, 'heavy.ts': 'export const x = 2;\n' }))).toBe(base);
  });

  it('gives a missing entry a stable version', async () => {
    const root = await tree({});
    expect(await hashSourceGraph(['nope/index.ts'], root)).toBe(await hashSourceGraph(['nope/index.ts'], root));
  });
});
