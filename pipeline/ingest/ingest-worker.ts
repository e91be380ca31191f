/**
 * The worker thread of readGridsParallel: reads the files it is sent with readGrids and posts the grids back
 * (each column's kinds and values transferred, not copied; only the text pools are structured-cloned). An
 * InputError travels as its message, so the caller can tell bad input from a bug.
 */
import { parentPort } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { readGrids } from './read-grids.js';
import type { GridJobMessage, GridResultMessage } from './read-grids-parallel.js';

const port = parentPort;
if (port === null) throw new Error('ingest-worker.ts runs as a worker thread');

// loaded: ready for files (until now the main thread has been taking them all)
port.postMessage({ ready: true });

port.on('message', (job: GridJobMessage) => {
  void (async () => {
    let result: GridResultMessage;
    try {
      const grids = await readGrids(job.file, job.options);
      result = { id: job.id, grids };
      port.postMessage(
        result,
        grids.flatMap((grid) => grid.columns.flatMap((column) => [column.kinds.buffer as ArrayBuffer, column.values.buffer as ArrayBuffer])),
      );
      return;
    } catch (error) {
      result =
        error instanceof InputError
          ? { id: job.id, inputError: error.message }
          : { id: job.id, bug: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(result);
  })();
});
