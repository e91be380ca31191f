import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { readGrids, type ReadGridsOptions } from './read-grids.js';
import type { SheetGrid } from './sheet-grid.js';

/** One file to read, with readGrids's options. */
export interface GridJob {
  file: string;
  options: ReadGridsOptions;
}

/** A file's grids, or the InputError saying why it cannot be read; `worker` tells whether a worker thread read it. */
export type GridResult = ({ ok: true; grids: SheetGrid[] } | { ok: false; error: InputError }) & { worker: boolean };

/** A job as sent to a worker. */
export interface GridJobMessage extends GridJob {
  id: number;
}

/** A worker's message: ready (loaded), or its answer: the grids, the message of an InputError, the stack of a bug. */
export type GridResultMessage =
  | { ready: true }
  | { id: number; grids: SheetGrid[] }
  | { id: number; inputError: string }
  | { id: number; bug: string };

interface Slot {
  promise: Promise<GridResult>;
  resolve(result: GridResult): void;
  reject(error: unknown): void;
}

/**
 * Reads files with up to `threads` readers at once (this thread plus `threads - 1` worker threads, which post
 * their grids back) and yields each file's result in job order, so the caller sees
 * exactly what a loop over readGrids would see. With one thread or one job everything is read in this thread.
 * `workersOnly` leaves this thread out (then `threads` workers read). A worker that cannot start or dies hands
 * its file back to this thread. A bug (not an InputError) in any reader is thrown as an Error when its file's
 * turn comes.
 */
export async function* readGridsParallel(jobs: GridJob[], threads: number, options: { workersOnly?: boolean } = {}): AsyncGenerator<GridResult> {
  const slots = jobs.map(makeSlot);
  let next = 0;
  const state = { stopped: false };
  const take = () => (state.stopped || next >= jobs.length ? -1 : next++);
  const readHere = (k: number): Promise<void> => readLocal(jobs[k]!).then(slots[k]!.resolve, slots[k]!.reject);
  const runHere = async (): Promise<void> => {
    for (let k = take(); k >= 0; k = take()) await readHere(k);
  };

  // a worker that dies: its file, and any left, are read here (nothing may wait on a dead worker)
  const recover = (k: number) => {
    if (state.stopped) return;
    if (k >= 0) void readHere(k);
    void runHere();
  };
  const workers: Worker[] = [];
  const count = options.workersOnly ? Math.min(threads, jobs.length) : Math.min(threads, jobs.length) - 1;
  for (let w = 0; w < count; w++) {
    const worker = startWorker();
    if (worker === null) break;
    workers.push(worker);
    runWorker(worker, jobs, slots, take, recover);
  }
  if (!options.workersOnly || workers.length === 0) void runHere();
  try {
    for (const slot of slots) yield await slot.promise;
  } finally {
    state.stopped = true;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function makeSlot(): Slot {
  let resolve!: (result: GridResult) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<GridResult>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // awaited in order by the generator; a rejection is never left unhandled when the caller stops early
  promise.catch(() => {});
  return { promise, resolve, reject };
}

async function readLocal(job: GridJob): Promise<GridResult> {
  try {
    return { ok: true, grids: await readGrids(job.file, job.options), worker: false };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, error, worker: false };
    throw error;
  }
}

/**
 * Feeds a worker one job at a time, from when it says it is ready (so no file waits for a worker to start) until
 * none is left. If it dies, `recover` gets the job it was reading (or -1).
 */
function runWorker(worker: Worker, jobs: GridJob[], slots: Slot[], take: () => number, recover: (current: number) => void): void {
  let current = -1;
  let done = false;
  const send = () => {
    current = take();
    if (current < 0) {
      done = true;
      return;
    }
    const message: GridJobMessage = { id: current, ...jobs[current]! };
    worker.postMessage(message);
  };
  const fail = () => {
    if (done) return;
    done = true;
    recover(current);
    current = -1;
  };
  worker.on('message', (message: GridResultMessage) => {
    if ('ready' in message) {
      send();
      return;
    }
    const slot = slots[message.id]!;
    if ('grids' in message) slot.resolve({ ok: true, grids: message.grids, worker: true });
    else if ('inputError' in message) slot.resolve({ ok: false, error: new InputError(message.inputError), worker: true });
    else slot.reject(new Error(`reading ${jobs[message.id]!.file} in a worker thread failed:\n${message.bug}`));
    send();
  });
  worker.on('error', fail);
  worker.on('exit', fail);
}

/**
 * A worker running ingest-worker.ts: through the ingest-worker.mjs shim, which registers tsx first, while the
 * sources are TypeScript; ingest-worker.js itself once compiled. Null when no worker can be started (the caller
 * then reads in this thread).
 */
function startWorker(): Worker | null {
  const typescript = import.meta.url.endsWith('.ts');
  try {
    return new Worker(new URL(typescript ? './ingest-worker.mjs' : './ingest-worker.js', import.meta.url));
  } catch {
    return null;
  }
}
