/**
 * A worker thread that draws charts and typesets reports for the render pool: the two CPU-heavy stages, run on
 * every core. It answers each task with its result, an InputError's message and issues, or a bug's stack.
 */
import { parentPort } from 'node:worker_threads';
import { chartSurvey } from '../chart/index.js';
import { InputError } from '../errors.js';
import { renderReport } from '../report/index.js';
import type { RenderTask, RenderAnswer } from './render-pool.js';

const port = parentPort;
if (!port) throw new Error('render-worker.ts must run in a worker thread');

port.on('message', async (task: RenderTask) => {
  try {
    if (task.kind === 'chart') {
      const warnings: string[] = [];
      const [estimates, codebook, config, options] = task.args;
      const figures = await chartSurvey(estimates, codebook, config, { ...options, onWarning: (m) => warnings.push(m) });
      port.postMessage({ id: task.id, ok: true, value: { figures, warnings } } satisfies RenderAnswer);
    } else {
      const bytes = await renderReport(task.model, { creationDate: new Date(task.creationDate) });
      port.postMessage({ id: task.id, ok: true, value: bytes } satisfies RenderAnswer, [bytes.buffer as ArrayBuffer]);
    }
  } catch (error) {
    const answer: RenderAnswer =
      error instanceof InputError
        ? { id: task.id, ok: false, inputError: { message: error.message, issues: error.issues } }
        : { id: task.id, ok: false, bug: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    port.postMessage(answer);
  }
});
port.postMessage({ ready: true });
