import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Issue } from '../../schemas/issue.js';
import type { ReportModel } from '../../schemas/report-model.js';
import { InputError } from '../errors.js';

type ChartSurvey = typeof import('../chart/index.js').chartSurvey;
type ChartArgs = Parameters<ChartSurvey>;
type Figures = Awaited<ReturnType<ChartSurvey>>;

/** What a render worker is asked to do; `lang` picks the worker that prefers it (see RenderPool). */
type RenderRequest = { lang: string } & (
  | { kind: 'chart'; args: [ChartArgs[0], ChartArgs[1], ChartArgs[2], Omit<ChartArgs[3], 'onWarning'>] }
  | { kind: 'report'; model: ReportModel; creationDate: number }
);

/** A task as sent to a render worker. */
export type RenderTask = RenderRequest & { id: number };

/**
 * A chart task's first three arguments (estimates, codebook, config) as sent: the same objects for every scope
 * of a run, so each worker is sent each one once, with a number; later tasks send the number alone.
 */
export type SharedArg = { shared: number; value?: unknown };

/** What the pool posts: a report task as it is, a chart task with its shared arguments numbered. */
export type PostedTask = Exclude<RenderTask, { kind: 'chart' }> | (Omit<Extract<RenderTask, { kind: 'chart' }>, 'args'> & { args: [SharedArg, SharedArg, SharedArg, ChartArgs[3]] });

/** A worker's answer to a task. */
export type RenderAnswer =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; inputError: { message: string; issues: Issue[] } }
  | { id: number; ok: false; bug: string };

const youngGenerationMb = 96;

type Pending = { resolve(value: unknown): void; reject(error: unknown): void };
/** The shared arguments a worker keeps, the latest first sent (estimates, codebook, config of two runs). */
export const sharedKept = 6;

type Slot = { worker: Worker; task: number | null; sent: number[] };

/**
 * Charts and reports drawn on every core: a pool of worker threads (started on first use, one per core, at most
 * 4) that run `chartSurvey` and `renderReport` exactly as this thread would, so outputs are
 * byte-identical to a sequential run. A worker takes one task at a time from the pool's queue, so the last tasks
 * go to whichever worker is free first. Each language has a worker it prefers: charts are drawn one task per
 * language, and a free worker takes the first task in its own language before any other, so Vega-Lite's compiled
 * templates, the shaped text runs and the JIT's work are made once per language rather than once per worker;
 * with none of its own queued it takes any. Idle workers do not keep the process
 * alive. Errors come back as they were thrown: an InputError with its issues, anything else as an Error with the
 * worker's stack.
 */
export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: RenderTask[] = [];
  private readonly pending = new Map<number, Pending>();
  /** language -> the index of the worker that prefers it, in the order languages are first seen */
  private readonly preferred = new Map<string, number>();
  private nextId = 0;
  /** shared arguments -> their numbers (see SharedArg) */
  private readonly shared = new WeakMap<object, number>();
  private sharedCount = 0;

  constructor(private readonly size = Math.max(1, Math.min(4, os.availableParallelism()))) {}

  /**
   * Starts every worker now, without a task: each loads the chart and report code (Vega, pdfkit, the font) as it
   * starts, on the cores the estimate stage leaves idle, so the first charts do not wait for it. Idle workers
   * do not keep the process alive.
   */
  warm(): void {
    while (this.slots.length < this.size) this.start();
  }

  /**
   * `chartSurvey` in the workers, one task per language (its figures come language by language, so the parts
   * join in `options.langs` order); Vega's warnings are handed to `options.onWarning` here.
   */
  async chartSurvey(...[estimates, codebook, config, options]: ChartArgs): Promise<Figures> {
    const { onWarning, ...rest } = options;
    const parts = await Promise.all(
      rest.langs.map(
        (lang) =>
          this.run({ kind: 'chart', lang, args: [estimates, codebook, config, { ...rest, langs: [lang] }] }) as Promise<{
            figures: Figures;
            warnings: string[];
          }>,
      ),
    );
    for (const warning of parts.flatMap((p) => p.warnings)) {
      if (!onWarning) throw new Error(`Vega warning: ${warning}`);
      onWarning(warning);
    }
    return parts.flatMap((p) => p.figures);
  }

  /** Stops the workers; what was asked of the pool and not done fails. For tests: idle workers do not keep a process alive. */
  async close(): Promise<void> {
    const workers = this.slots.splice(0).map((s) => s.worker);
    this.failAll(new Error('the render pool was closed'));
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /** `renderReport` in a worker: the PDF's bytes. */
  async renderReport(model: ReportModel, options: { creationDate: Date }): Promise<Uint8Array> {
    return (await this.run({ kind: 'report', lang: model.meta.lang, model, creationDate: options.creationDate.getTime() })) as Uint8Array;
  }

  private run(request: RenderRequest): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push({ ...request, id });
      this.dispatch();
    });
  }

  /**
   * Hands queued tasks to free workers, starting new ones while the pool is not full: to each free worker the
   * first task in the language it prefers, else the first task.
   */
  private dispatch(): void {
    while (this.queue.length > 0 && this.slots.length < this.size) this.start();
    const free = () => this.slots.filter((s) => s.task === null);
    for (const slot of free()) {
      const own = this.queue.findIndex((t) => this.preferredSlot(t.lang) === this.slots.indexOf(slot));
      if (own >= 0) this.send(slot, this.queue.splice(own, 1)[0] as RenderTask);
    }
    for (const slot of free()) {
      const task = this.queue.shift();
      if (task) this.send(slot, task);
    }
  }

  private send(slot: Slot, task: RenderTask): void {
    slot.task = task.id;
    slot.worker.ref();
    slot.worker.postMessage(this.posted(slot, task));
  }

  /** The task as posted to `slot`'s worker: shared arguments it already has go as their numbers (see SharedArg). */
  private posted(slot: Slot, task: RenderTask): PostedTask {
    if (task.kind !== 'chart') return task;
    const share = (value: object): SharedArg => {
      let number = this.shared.get(value);
      if (number === undefined) this.shared.set(value, (number = this.sharedCount++));
      if (slot.sent.includes(number)) return { shared: number };
      // the worker forgets the same ones, in the same order (render-worker.ts)
      slot.sent.push(number);
      if (slot.sent.length > sharedKept) slot.sent.shift();
      return { shared: number, value };
    };
    const [estimates, codebook, config, options] = task.args;
    return { ...task, args: [share(estimates), share(codebook), share(config), options] };
  }

  /** The index of the worker that prefers `lang`: languages take the workers in turn as they are first seen. */
  private preferredSlot(lang: string): number {
    let index = this.preferred.get(lang);
    if (index === undefined) {
      index = this.preferred.size % this.size;
      this.preferred.set(lang, index);
    }
    return index;
  }

  /** A new worker, idle and not keeping the process alive. */
  private start(): Slot {
    // a young generation of 96 MB (V8's default is 48): Vega and pdfkit make short-lived garbage at a high
    // rate, and scavenging less often measured about a tenth less CPU for the chart stage
    // while the sources are TypeScript (tests) through the render-worker.mjs shim, which registers tsx first;
    // render-worker.js itself once compiled
    const entry = import.meta.url.endsWith('.ts') ? './render-worker.mjs' : './render-worker.js';
    const worker = new Worker(new URL(entry, import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } });
    const slot: Slot = { worker, task: null, sent: [] };
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
