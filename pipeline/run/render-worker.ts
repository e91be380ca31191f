/**
 * A worker thread that draws charts and typesets reports for the render pool: the two CPU-heavy stages, run on
 * every core. It answers each task with its result, an InputError's message and issues, or a bug's stack.
 */
import { parentPort } from 'node:worker_threads';
import { chartSurvey } from '../chart/index.js';
import { InputError } from '../errors.js';
import { renderReport } from '../report/index.js';
import { type PostedTask, type RenderAnswer, type SharedArg, sharedKept } from './render-pool.js';

const port = parentPort;
if (!port) throw new Error('render-worker.ts must run in a worker thread');

/** The shared arguments this worker was sent, by number: the latest `sharedKept`, as the pool counts them. */
const shared = new Map<number, unknown>();

function resolveShared<T>(arg: SharedArg): T {
  if ('value' in arg) {
    shared.set(arg.shared, arg.value);
    if (shared.size > sharedKept) shared.delete(shared.keys().next().value as number);
  }
  if (!shared.has(arg.shared)) throw new Error(`render worker: shared argument ${arg.shared} was never sent`);
  return shared.get(arg.shared) as T;
}

port.on('message', async (task: PostedTask) => {
  try {
    if (task.kind === 'chart') {
      const warnings: string[] = [];
      type Args = Parameters<typeof chartSurvey>;
      const [estimates, codebook, config] = [resolveShared<Args[0]>(task.args[0]), resolveShared<Args[1]>(task.args[1]), resolveShared<Args[2]>(task.args[2])];
      const figures = await chartSurvey(estimates, codebook, config, { ...task.args[3], onWarning: (m) => warnings.push(m) });
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
