import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { compileGlob } from '../ingest/match-glob.js';
import { compareCodeUnits } from '../publish/list-files.js';
import { surveyConfigFile } from './read-survey-config.js';

/**
 * The files under `dir` matching any of the glob patterns, as sorted POSIX paths relative to `dir`: the same
 * set `ingestSurvey` reads (the same glob dialect; hidden files and Excel's `~$` owner files never match),
 * found without loading the ingest stage, so a run served from the cache stays fast. A symbolic link that a
 * pattern matches or would look inside is refused with an InputError rather than skipped in silence: a link
 * can lead out of the survey folder, and the responses it stands for would otherwise be left out unnoticed.
 */
export async function findInputs(dir: string, patterns: readonly string[]): Promise<string[]> {
  const cleaned = patterns.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, ''));
  const regexes = cleaned.map((p) => compileGlob(p));
  const found: string[] = [];
  const links: string[] = [];
  const walk = async (sub: string): Promise<void> => {
    const entries = await readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        if (regexes.some((re) => re.test(rel)) || cleaned.some((p) => couldContain(p, rel))) links.push(rel);
      } else if (entry.isDirectory()) await walk(rel);
      else if (entry.isFile() && regexes.some((re) => re.test(rel))) found.push(rel);
    }
  };
  await walk('');
  if (links.length > 0) throw await linkError(dir, links.sort(compareCodeUnits));
  return found.sort(compareCodeUnits);
}

/** Whether files under the folder `rel` could match `pattern` (its leading folder parts match `rel`). */
function couldContain(pattern: string, rel: string): boolean {
  const parts = pattern.split('/');
  const folders = rel.split('/');
  for (let i = 0; i < folders.length; i++) {
    const part = parts[i];
    if (part === undefined || i === parts.length - 1) return false;
    if (part === '**') return true;
    if (!partMatches(part, folders[i]!)) return false;
  }
  return true;
}

/** Whether one folder part of a pattern matches a folder name (a part cut inside a `{a/b}` group may match). */
function partMatches(part: string, folder: string): boolean {
  try {
    return compileGlob(part).test(folder);
  } catch {
    return true;
  }
}

async function linkError(dir: string, links: string[]): Promise<InputError> {
  const root = await realpath(dir).catch(() => path.resolve(dir));
  const lines: string[] = [];
  for (const rel of links) {
    const target = await realpath(path.join(dir, rel)).catch(() => null);
    const inside = target !== null && (target === root || target.startsWith(`${root}${path.sep}`));
    const where = target === null ? 'a target that does not exist' : inside ? target : `${target}, outside the survey folder`;
    lines.push(`${rel} is a symbolic link (to ${where})`);
  }
  const [first] = lines;
  const more = lines.length > 1 ? ` (and ${lines.length - 1} more: ${lines.slice(1).join('; ')})` : '';
  return new InputError(
    `${surveyConfigFile}: responses: ${first}${more}; thinktank reads only real files inside the survey folder: copy the files in instead of linking them`,
  );
}
