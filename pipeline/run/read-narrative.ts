import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Lang } from '../../schemas/common.js';
import { InputError } from '../errors.js';
import { compareCodeUnits } from '../publish/list-files.js';

/**
 * The narrative texts of one language: `<folder>/<key>.<lang>.md` by key (a theme id, `summary`, ...), and a
 * region's own texts `<folder>/<region code>/<key>.<lang>.md` by `<region code>/<key>`.
 */
export type Narrative = Record<string, string>;

/**
 * The narrative files in a folder (`*.zh.md`, `*.en.md`), sorted; none if the folder does not exist. InputError
 * for a narrative file that is a symbolic link: its text would go into the reports from wherever it points.
 */
export async function listNarrativeFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const wanted = entries.filter((entry) => /^[^.~].*\.(zh|en)\.md$/.test(entry.name));
  const link = wanted.find((entry) => entry.isSymbolicLink());
  if (link) {
    throw new InputError(
      `${path.join(folder, link.name)}: the narrative file is a symbolic link; thinktank reads only real files inside the survey folder: copy the file in instead`,
    );
  }
  const names = wanted.filter((entry) => entry.isFile()).map((entry) => entry.name);
  // one level of region folders: narrative/<region code>/<key>.<lang>.md, that region's own text
  for (const dir of entries.filter((entry) => entry.isDirectory() && /^[^.~]/.test(entry.name))) {
    for (const name of await listNarrativeFiles(path.join(folder, dir.name))) if (!name.includes('/')) names.push(`${dir.name}/${name}`);
  }
  return names.sort(compareCodeUnits);
}

/**
 * Reads the narrative of one language from a folder of `<key>.<lang>.md` files (UTF-8, a BOM dropped, line
 * ends made `\n`), keys in sorted order; an absent folder gives an empty narrative.
 */
export async function readNarrative(folder: string, lang: Lang): Promise<Narrative> {
  // no prototype: a file `constructor.en.md` or `__proto__.en.md` is a key like any other
  const narrative: Narrative = Object.create(null) as Narrative;
  for (const name of await listNarrativeFiles(folder)) {
    const suffix = `.${lang}.md`;
    if (!name.endsWith(suffix)) continue;
    const text = await readFile(path.join(folder, name), 'utf8');
    narrative[name.slice(0, -suffix.length)] = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  }
  return narrative;
}
