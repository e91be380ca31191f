import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { globToRegExp } from '../ingest/match-glob.js';
import { compareCodeUnits } from '../publish/list-files.js';

/**
 * The files under `dir` matching any of the glob patterns, as sorted POSIX paths relative to `dir`: the same
 * set `ingestSurvey` reads (the same glob dialect; hidden files, Excel's `~$` owner files and symbolic links
 * never match), found without loading the ingest stage, so a run served from the cache stays fast.
 */
export async function findInputs(dir: string, patterns: readonly string[]): Promise<string[]> {
  const regexes = patterns.map((p) => globToRegExp(p.replace(/\\/g, '/').replace(/^\.\//, '')));
  const found: string[] = [];
  const walk = async (sub: string): Promise<void> => {
    const entries = await readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) await walk(rel);
      else if (entry.isFile() && regexes.some((re) => re.test(rel))) found.push(rel);
    }
  };
  await walk('');
  return found.sort(compareCodeUnits);
}
