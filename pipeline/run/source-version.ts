import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../publish/hash-file.js';
import { compareCodeUnits } from '../publish/list-files.js';
import { codeRoot } from '../package-root.js';

// Static imports and re-exports only: a dynamic `import()` is how the runner loads the stages lazily, and
// following it would make every stage's version depend on every other stage's code.
const importPattern = /(?:\bfrom\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * A hash of the source code behind some modules: each entry file and every file it imports statically by a
 * relative path, followed transitively (`.js` imports resolve to the `.ts` source; once compiled, where there is
 * no `.ts`, a `.ts` entry stands for its `.js`). Paths are taken relative to
 * `root`, so two checkouts of the same code hash alike. Missing files hash as missing, so a stage that does
 * not exist yet still gets a stable version.
 */
export async function hashSourceGraph(entries: readonly string[], root: string = codeRoot): Promise<string> {
  const seen = new Map<string, string>();
  const queue = entries.map((entry) => path.resolve(root, entry));
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    const source = await readSource(file);
    if (source === null) {
      seen.set(file, 'missing');
      continue;
    }
    seen.set(file, sha256(source.text));
    if (!/\.[cm]?tsx?$|\.[cm]?js$/.test(source.file)) continue;
    for (const match of source.text.matchAll(importPattern)) {
      queue.push(path.resolve(path.dirname(file), match[1] as string));
    }
  }
  const lines = [...seen]
    .map(([file, digest]) => `${path.relative(root, file).split(path.sep).join('/')} ${digest}`)
    .sort(compareCodeUnits);
  return sha256(lines.join('\n'));
}

/** Reads a module's source: the path itself, or the TypeScript file a `.js`/`.mjs` import stands for, or the compiled `.js` of a `.ts`. */
async function readSource(file: string): Promise<{ file: string; text: string } | null> {
  const candidates = [file];
  if (file.endsWith('.ts')) candidates.push(file.replace(/\.ts$/, '.js'));
  if (file.endsWith('.js')) candidates.unshift(file.replace(/\.js$/, '.ts'));
  if (file.endsWith('.mjs')) candidates.unshift(file.replace(/\.mjs$/, '.mts'));
  for (const candidate of candidates) {
    const text = await readFile(candidate, 'utf8').catch(() => null);
    if (text !== null) return { file: candidate, text };
  }
  return null;
}
