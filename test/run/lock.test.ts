import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../pipeline/errors.js';
import { acquireLock, processIsAlive } from '../../pipeline/run/lock.js';
import { makeTempDir } from './temp-dirs.js';

const tempDir = () => makeTempDir('lock');
/** A pid that no process has: above Linux's largest pid_max. */
const deadPid = 2 ** 22 + 17;

describe('acquireLock', () => {
  it('writes who holds the lock and removes it on release', async () => {
    const dir = await tempDir();
    const lock = await acquireLock(dir);
    const holder = JSON.parse(await readFile(lock.file, 'utf8')) as { pid: number };
    expect(holder.pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a second holder while the first one lives, saying who holds it and how to recover', async () => {
    const dir = await tempDir();
    const first = await acquireLock(dir);
    const error = await acquireLock(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      new RegExp(`is being written by another thinktank run \\(process ${process.pid} on .*\\)\\. Wait for it to finish; if no run is active, delete .*\\.lock\\.$`),
    );
    await first.release();
    const second = await acquireLock(dir);
    await second.release();
  });

  it('takes over a stale lock whose process is gone', async () => {
    const dir = await tempDir();
    expect(processIsAlive(deadPid)).toBe(false);
    await writeFile(path.join(dir, '.lock'), JSON.stringify({ pid: deadPid, host: os.hostname(), token: 'old', started: 'then' }));
    const lock = await acquireLock(dir);
    expect((JSON.parse(await readFile(lock.file, 'utf8')) as { pid: number }).pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes a stale lock that a run killed while taking over left moved aside, but not a live one', async () => {
    const dir = await tempDir();
    const record = (pid: number) => JSON.stringify({ pid, host: os.hostname(), token: 't', started: 'then' });
    await writeFile(path.join(dir, '.lock.stale-0123456789ab'), record(deadPid));
    await writeFile(path.join(dir, '.lock.stale-ba9876543210'), record(process.pid));
    const lock = await acquireLock(dir, { pid: deadPid + 1 });
    expect((await readdir(dir)).sort()).toEqual(['.lock', '.lock.stale-ba9876543210']);
    await lock.release();
  });

  it('does not take over a lock from another machine, nor one it cannot read', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, '.lock'), JSON.stringify({ pid: deadPid, host: 'elsewhere', token: 't', started: 's' }));
    await expect(acquireLock(dir)).rejects.toThrow(/process \d+ on elsewhere/);
    await writeFile(path.join(dir, '.lock'), 'garbage');
    await expect(acquireLock(dir)).rejects.toThrow(/another process/);
  });

  it('lets only one of many simultaneous takers have the lock', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, '.lock'), JSON.stringify({ pid: deadPid, host: os.hostname(), token: 'old', started: 'then' }));
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => acquireLock(dir, { pid: process.pid + i, isAlive: (pid) => pid !== deadPid })));
    const held = results.filter((r) => r.status === 'fulfilled');
    expect(held).toHaveLength(1);
    expect((await readdir(dir)).filter((name) => name !== '.lock')).toEqual([]);
  });

  it('does not remove a lock that is no longer its own', async () => {
    const dir = await tempDir();
    const lock = await acquireLock(dir);
    await writeFile(lock.file, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'someone-else', started: 'now' }));
    await lock.release();
    expect(await readdir(dir)).toEqual(['.lock']);
  });
});
