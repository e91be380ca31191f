import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { WriteError } from '../publish/write-atomic.js';

/** The lock file's name in the output folder. */
export const lockFile = '.lock';

/** A held lock on an output folder. */
export interface Lock {
  file: string;
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

/** Who holds a lock: written as JSON into the lock file. */
interface Holder {
  pid: number;
  host: string;
  token: string;
  started: string;
}

/** How `acquireLock` tells a live holder from a dead one; replaceable in tests. */
export interface LockOptions {
  pid?: number;
  host?: string;
  isAlive?: (pid: number) => boolean;
}

/**
 * Takes the lock on an output folder so two runs never write the same outputs at once: `<dir>/.lock`,
 * created atomically (a complete temp file hard-linked into place, which fails if the lock exists) and
 * holding `{pid, host, token, started}`. A lock whose process is gone (same host, pid not alive) is stale
 * and taken over; a live one makes this throw an `InputError` that says who holds it and how to recover.
 */
export async function acquireLock(dir: string, options: LockOptions = {}): Promise<Lock> {
  const file = path.join(dir, lockFile);
  const me: Holder = {
    pid: options.pid ?? process.pid,
    host: options.host ?? os.hostname(),
    token: randomBytes(8).toString('hex'),
    started: new Date().toISOString(),
  };
  const isAlive = options.isAlive ?? processIsAlive;
  await mkdir(dir, { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(file, me)) {
      await removeDeadAsides(dir, me.host, isAlive);
      return { file, release: () => releaseLock(file, me.token) };
    }
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue; // released between our attempt and the read: try again
    const holder = parseHolder(text);
    const stale = holder !== null && holder.host === me.host && !isAlive(holder.pid);
    if (!stale) throw lockedError(dir, file, holder);
    await takeOver(file, text);
  }
  throw lockedError(dir, file, null);
}

/**
 * Removes stale locks that a run killed inside takeOver left moved aside (`.lock.stale-<hex>`), once we hold the
 * lock: only those whose holder is gone, so a live lock another run moved aside in a race is left for it to restore.
 */
async function removeDeadAsides(dir: string, host: string, isAlive: (pid: number) => boolean): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(`${lockFile}.stale-`)) continue;
    const aside = path.join(dir, name);
    const holder = parseHolder((await readFile(aside, 'utf8').catch(() => null)) ?? '');
    if (holder === null || (holder.host === host && !isAlive(holder.pid))) await rm(aside, { force: true }).catch(() => undefined);
  }
}

/** Creates the lock file with our holder record; false if a lock file already exists. */
async function tryCreate(file: string, me: Holder): Promise<boolean> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(me)}\n`, { flush: true }).catch(async (error: unknown) => {
    await rm(temp, { force: true }).catch(() => undefined);
    // a full disk or a read-only folder: name the lock file, not its temp file
    const code = (error as { code?: unknown }).code;
    throw typeof code === 'string' && error instanceof Error ? new WriteError(file, code, error) : error;
  });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Moves a stale lock aside, checking it is the one we judged stale: another run may have taken it over in
 * between, and then we put theirs back.
 */
async function takeOver(file: string, staleText: string): Promise<void> {
  const aside = `${file}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => staleText);
  if (moved !== staleText) await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
}

/** Removes our lock file; never throws, so a failing disk cannot hide the error that ended the run (a lock left behind is stale and taken over). */
async function releaseLock(file: string, token: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text !== null && parseHolder(text)?.token === token) await rm(file, { force: true }).catch(() => undefined);
}

function parseHolder(text: string): Holder | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { pid, host, token, started } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string') return null;
    return { pid, host, token: typeof token === 'string' ? token : '', started: typeof started === 'string' ? started : '?' };
  } catch {
    return null;
  }
}

/** Whether a process with this pid exists on this machine (signal 0 probes without signalling). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(dir: string, file: string, holder: Holder | null): InputError {
  const who = holder ? `process ${holder.pid} on ${holder.host}, since ${holder.started}` : 'another process';
  return new InputError(
    `${dir} is being written by another thinktank run (${who}). Wait for it to finish; if no run is active, delete ${file}.`,
  );
}
