/**
 * The worker thread of readGridsParallel: reads the files it is sent with readGrids and posts the grids back
 * packed (typed arrays transferred). An InputError travels as its message, so the caller can tell bad input
 * from a bug.
 */
import { parentPort } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { packGrid, transferList } from './pack-grid.js';
import { readGrids } from './read-grids.js';
import type { GridJobMessage, GridResultMessage } from './read-grids-parallel.js';

const port = parentPort;
if (port === null) throw new Error('ingest-worker.ts runs as a worker thread');

port.on('message', (job: GridJobMessage) => {
  void (async () => {
    let result: GridResultMessage;
    try {
      const grids = (await readGrids(job.file, job.options)).map(packGrid);
      result = { id: job.id, grids };
      port.postMessage(result, transferList(grids));
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
