import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rememberHash } from './hash-file.js';
import { isZip, normalizeZip } from './normalize-zip.js';

/** What `writeFileAtomic` accepts: whole contents, or chunks for large outputs. */
export type AtomicData = string | Uint8Array | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** Temp files of `writeFileAtomic` look like `.<name>.<12 hex>.tmp`, so a later run can sweep leftovers. */
export const tempFilePattern = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * Writes a file so that readers see the old content or the new, never a part: a temp file in the same
 * folder, flushed, then renamed over the target. The temp file is removed if anything fails (a killed
 * process can leave one behind: `sweepTempFiles` removes those). Whole contents equal to what the file
 * already holds are not rewritten (the file keeps its mtime). Zip containers (xlsx) get fixed entry
 * timestamps (`normalizeZip`), since zip writers stamp the wall clock. Returns whether the file was written.
 */
export async function writeFileAtomic(target: string, data: AtomicData): Promise<boolean> {
  const dir = path.dirname(target);
  await makeDir(dir, target);
  let contents = data;
  if (contents instanceof Uint8Array && isZip(contents)) contents = normalizeZip(contents);
  const whole = typeof contents === 'string' || contents instanceof Uint8Array ? contents : null;
  if (whole !== null && (await holds(target, whole))) return false;
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, contents, { flush: true }).catch(async (error: unknown) => {
      // the folder was made earlier in this run and removed since: make it again, once
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
      madeDirs.delete(dir);
      await makeDir(dir, target);
      await writeFile(temp, contents, { flush: true });
    });
    if (whole !== null) rememberHash(target, await stat(temp), whole);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw asWriteError(error, target);
  }
  return true;
}

/** Folders this process made (or found): each is made once, not once for every file written into it. */
const madeDirs = new Set<string>();

async function makeDir(dir: string, target: string): Promise<void> {
  if (madeDirs.has(dir)) return;
  await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw asWriteError(error, target);
  });
  madeDirs.add(dir);
}

/**
 * A file system failure while writing an output (a full disk, a read-only folder): it names the output, not its
 * temp file, and keeps the system's error code (`ENOSPC`, `EROFS`, `EACCES`) and call, as Node's own errors do.
 */
export class WriteError extends Error {
  override readonly name = 'WriteError';
  readonly syscall = 'write';
  constructor(
    readonly path: string,
    readonly code: string,
    cause: Error,
  ) {
    super(`cannot write ${path}: ${cause.message}`, { cause });
  }
}

/** A system error (it has a string `code`) as a WriteError naming `target`; any other error unchanged. */
function asWriteError(error: unknown, target: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && !(error instanceof WriteError) && typeof code === 'string' ? new WriteError(target, code, error) : error;
}

/** Whether `file` exists and holds exactly `contents`. */
async function holds(file: string, contents: string | Uint8Array): Promise<boolean> {
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile() || info.size !== bytes.byteLength) return false;
  const old = await readFile(file);
  const same = Buffer.compare(old, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) === 0;
  if (same) rememberHash(file, info, bytes);
  return same;
}
