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

/**
 * Charts and reports drawn on every core: a pool of worker threads (started on first use, one per core, at most
 * 4) that run `chartSurvey` and `renderReport` exactly as this thread would, so outputs are byte-identical to a
 * sequential run. Idle workers do not keep the process alive. Errors come back as they were thrown: an
 * InputError with its issues, anything else as an Error with the worker's stack.
 */
export class RenderPool {
  private workers: { worker: Worker; busy: number }[] = [];
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

  /**
   * Starts every worker now, so they load Vega, pdfkit and the fonts while this thread is still busy with the
   * earlier stages (on two cores that hides about a second of start-up).
   */
  warm(): void {
    while (this.workers.length < this.size) this.start();
  }

  private run(task: RenderRequest): Promise<unknown> {
    const id = this.nextId++;
    const slot = this.pick();
    slot.busy++;
    slot.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...task, id });
    }).finally(() => {
      slot.busy--;
      if (slot.busy === 0) slot.worker.unref();
    });
  }

  /** The least busy worker, starting a new one while the pool is not full. */
  private pick(): { worker: Worker; busy: number } {
    const idle = this.workers.find((w) => w.busy === 0);
    if (idle) return idle;
    if (this.workers.length < this.size) return this.start();
    return this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  /** A new worker, idle and not keeping the process alive. */
  private start(): { worker: Worker; busy: number } {
    // a young generation of 96 MB (V8's default is 48): Vega and pdfkit make short-lived garbage at a high
    // rate, and scavenging less often measured about a tenth less CPU for the chart stage
    const worker = new Worker(new URL('./render-worker.mjs', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } });
    const slot = { worker, busy: 0 };
    worker.on('message', (answer: RenderAnswer | { ready: true }) => {
      if ('ready' in answer) return;
      const pending = this.pending.get(answer.id);
      if (!pending) return;
      this.pending.delete(answer.id);
      if (answer.ok) pending.resolve(answer.value);
      else if ('inputError' in answer) pending.reject(new InputError(answer.inputError.message, answer.inputError.issues));
      else pending.reject(new Error(`in a render worker: ${answer.bug}`));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.unref();
    this.workers.push(slot);
    return slot;
  }

  private failAll(error: unknown): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
