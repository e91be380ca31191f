import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Issue } from '../../schemas/issue.js';
import type { ReportModel } from '../../schemas/report-model.js';
import { InputError } from '../errors.js';

type ChartSurvey = typeof import('../chart/index.js').chartSurvey;
type ChartArgs = Parameters<ChartSurvey>;
type Figures = Awaited<ReturnType<ChartSurvey>>;

/** What a render worker is asked to do. */
type RenderRequest =
  | { kind: 'chart'; args: [ChartArgs[0], ChartArgs[1], ChartArgs[2], Omit<ChartArgs[3], 'onWarning'>] }
  | { kind: 'report'; model: ReportModel; creationDate: number };

/** A task as sent to a render worker. */
export type RenderTask = RenderRequest & { id: number };

/** A worker's answer to a task. */
export type RenderAnswer =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; inputError: { message: string; issues: Issue[] } }
  | { id: number; ok: false; bug: string };

const youngGenerationMb = 96;

type Pending = { resolve(value: unknown): void; reject(error: unknown): void };
type Slot = { worker: Worker; task: number | null };

/**
 * Charts and reports drawn on every core: a pool of worker threads (started on first use, one per core, at most
 * 4) that run `chartSurvey` and `renderReport` exactly as this thread would, so outputs are
 * byte-identical to a sequential run. A worker takes one task at a time from the pool's queue, so the last tasks
 * go to whichever worker is free first. Idle workers do not keep the process alive. Errors come back as they
 * were thrown: an InputError with its issues, anything else as an Error with the worker's stack.
 */
export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: RenderTask[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(private readonly size = Math.max(1, Math.min(4, os.availableParallelism()))) {}

  /** `chartSurvey` in a worker; Vega's warnings are handed to `options.onWarning` here. */
  async chartSurvey(...[estimates, codebook, config, options]: ChartArgs): Promise<Figures> {
    const { onWarning, ...rest } = options;
    const { figures, warnings } = (await this.run({ kind: 'chart', args: [estimates, codebook, config, rest] })) as {
      figures: Figures;
      warnings: string[];
    };
    for (const warning of warnings) {
      if (!onWarning) throw new Error(`Vega warning: ${warning}`);
      onWarning(warning);
    }
    return figures;
  }

  /** `renderReport` in a worker: the PDF's bytes. */
  async renderReport(model: ReportModel, options: { creationDate: Date }): Promise<Uint8Array> {
    return (await this.run({ kind: 'report', model, creationDate: options.creationDate.getTime() })) as Uint8Array;
  }

  private run(request: RenderRequest): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push({ ...request, id });
      this.dispatch();
    });
  }

  /** Hands queued tasks to free workers, starting new ones while the pool is not full. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.task === null) ?? (this.slots.length < this.size ? this.start() : null);
      if (!slot) return;
      const task = this.queue.shift() as RenderTask;
      slot.task = task.id;
      slot.worker.ref();
      slot.worker.postMessage(task);
    }
  }

  /** A new worker, idle and not keeping the process alive. */
  private start(): Slot {
    // a young generation of 96 MB (V8's default is 48): Vega and pdfkit make short-lived garbage at a high
    // rate, and scavenging less often measured about a tenth less CPU for the chart stage
    const worker = new Worker(new URL('./render-worker.mjs', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } });
    const slot: Slot = { worker, task: null };
    worker.on('message', (answer: RenderAnswer | { ready: true }) => {
      if ('ready' in answer) return;
      const pending = this.pending.get(answer.id);
      slot.task = null;
      worker.unref();
      this.dispatch();
      if (!pending) return;
      this.pending.delete(answer.id);
      if (answer.ok) pending.resolve(answer.value);
      else if ('inputError' in answer) pending.reject(new InputError(answer.inputError.message, answer.inputError.issues));
      else pending.reject(workerBug(answer.bug));
    });
    worker.on('error', (error) => {
      // a worker that died takes no more tasks; what was asked of the pool fails with its error
      this.slots.splice(this.slots.indexOf(slot), 1);
      this.failAll(error);
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private failAll(error: unknown): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.queue.length = 0;
  }
}

/**
 * The Error a worker's bug becomes here: its first line as the message, the worker's stack kept as the stack,
 * so the stack is printed only with --debug, as for a bug in this thread.
 */
function workerBug(stack: string): Error {
  const first = stack.split('\n', 1)[0]!.replace(/^\w*Error: /, '');
  const error = new Error(`in a render worker: ${first}`);
  error.stack = stack;
  return error;
}
