import { lstat, mkdir, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../effects.js';
import { InputError } from '../errors.js';
import { writeFileAtomic } from './write-atomic.js';

/** The file a run writes into its output folder before its first output and removes after its last. */
export const incompleteMarker = '.incomplete';

/**
 * Makes the output folder `dir` ready to write into: creates it (and its parents), then replaces every
 * symbolic link found inside it by nothing, saying so on `log`: outputs are written only into real folders
 * under `dir`, never through a link to somewhere else (issue 18: a `reports` link made a run write outside its
 * outputs and leave those files out of the manifest). The link itself is removed, never what it points to.
 * A folder that cannot be created is an InputError naming the folder and why (a parent that is a file, a
 * read-only file system), or the system error itself when the CLI explains it (EROFS, EACCES).
 */
export async function prepareOutputDir(dir: string, log: Logger): Promise<void> {
  await makeFolder(dir);
  for (const link of await findLinks(dir)) {
    const target = await readlink(path.join(dir, link)).catch(() => '?');
    await rm(path.join(dir, link), { force: true });
    log.warn(`${path.join(dir, link)} was a symbolic link (to ${target}); removed the link (not what it points to), outputs are written into a real folder there`);
  }
}

/** Creates `dir`; when that fails, finds the first part of its path that cannot be made and says why. */
async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // recursive mkdir reports ENOENT on a read-only file system: find the real reason one level at a time
    let existing = path.dirname(dir);
    const missing: string[] = [path.basename(dir)];
    while ((await stat(existing).catch(() => null)) === null && path.dirname(existing) !== existing) {
      missing.unshift(path.basename(existing));
      existing = path.dirname(existing);
    }
    const info = await stat(existing).catch(() => null);
    if (info !== null && !info.isDirectory()) {
      throw new InputError(`--out: cannot create the output folder ${dir}: ${existing} is a file, not a folder; choose another output folder with --out`);
    }
    // the plain mkdir of the first missing folder gives the true code (EROFS, EACCES), which the CLI explains
    await mkdir(path.join(existing, missing[0]!)).catch((inner: NodeJS.ErrnoException) => {
      if (inner.code !== 'EEXIST') throw inner;
    });
    if (await mkdir(dir, { recursive: true }).then(() => true, () => false)) return;
    throw new InputError(`--out: cannot create the output folder ${dir} (${code ?? String(error)}); choose another output folder with --out`);
  }
}

/** Symbolic links under `dir` (relative paths), found without following any. */
async function findLinks(dir: string): Promise<string[]> {
  const links: string[] = [];
  const walk = async (sub: string): Promise<void> => {
    const entries = await readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const rel = sub === '' ? entry.name : path.join(sub, entry.name);
      if (entry.isSymbolicLink()) links.push(rel);
      else if (entry.isDirectory()) await walk(rel);
    }
  };
  if ((await lstat(dir)).isDirectory()) await walk('');
  return links;
}

/** What the marker of an interrupted run holds. */
interface Marker {
  survey: string;
  only: string | null;
}

/**
 * Marks `dir` as being written (`.incomplete`); a run removes the mark after its last output (markComplete).
 * A folder that still has it was left by a run that did not finish (killed, crashed, a disk error): its files
 * may mix two runs. Returns the earlier mark when there was one.
 */
export async function markIncomplete(dir: string, marker: Marker): Promise<Marker | null> {
  const earlier = await readMarker(dir);
  await writeFileAtomic(path.join(dir, incompleteMarker), `${JSON.stringify(marker)}\n`);
  return earlier;
}

/** Removes the mark of markIncomplete: every output of the run is written. */
export async function markComplete(dir: string): Promise<void> {
  await rm(path.join(dir, incompleteMarker), { force: true });
}

/** The mark of a run that did not finish in `dir`, or null. */
export async function readMarker(dir: string): Promise<Marker | null> {
  const text = await readFile(path.join(dir, incompleteMarker), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return JSON.parse(text) as Marker;
  } catch {
    return { survey: '?', only: null };
  }
}

/** The sentence for an output folder left by an interrupted run. */
export function interruptedMessage(dir: string): string {
  return `${dir} is from an interrupted run (it has ${incompleteMarker}): its files may mix two runs and its manifest is "incomplete" or old; run \`thinktank run\` again to finish it`;
}
