import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Lang } from '../../schemas/common.js';
import { compareCodeUnits } from '../publish/list-files.js';

/** The narrative texts of one language: `<folder>/<key>.<lang>.md` by key (a theme id, `summary`, ...). */
export type Narrative = Record<string, string>;

/** The narrative files in a folder (`*.zh.md`, `*.en.md`), sorted; none if the folder does not exist. */
export async function listNarrativeFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => []);
  return names.filter((name) => /^[^.~].*\.(zh|en)\.md$/.test(name)).sort(compareCodeUnits);
}

/**
 * Reads the narrative of one language from a folder of `<key>.<lang>.md` files (UTF-8, a BOM dropped, line
 * ends made `\n`), keys in sorted order; an absent folder gives an empty narrative.
 */
export async function readNarrative(folder: string, lang: Lang): Promise<Narrative> {
  const narrative: Narrative = {};
  for (const name of await listNarrativeFiles(folder)) {
    const suffix = `.${lang}.md`;
    if (!name.endsWith(suffix)) continue;
    const text = await readFile(path.join(folder, name), 'utf8');
    narrative[name.slice(0, -suffix.length)] = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  }
  return narrative;
}
