import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ManifestFile } from '../../schemas/manifest.js';
import { mapLimit } from '../map-limit.js';
import { hashFile, knownHash } from '../publish/hash-file.js';
import { listFiles } from '../publish/list-files.js';
import { manifestFile } from '../publish/write-manifest.js';
import { StageCache } from './stage-cache.js';

/** How one step of a stage went: computed, taken from the cache, or taken from the cache with its files rewritten. */
export type StepStatus = 'ran' | 'cached' | 'restored';

/** One step's result: its value (computed, or loaded from the cache on first use), facts about it, its files. */
export interface StepHandle<T, M> {
  status: StepStatus;
  value: () => Promise<T>;
  meta: M;
  /** output files, relative to the output folder (none for a step that ran with `background`: see `settle`) */
  files: string[];
}

/** How to compute a step's value, the small facts kept about it, and how to write its output files. */
export interface StepSpec<T, M> {
  compute: () => Promise<T>;
  meta: (value: T) => M;
  write?: (value: T) => Promise<string[]>;
  /**
   * Write the files (and store the cache entry) later, so the next stage starts at once: for a step whose files
   * nothing downstream reads (the estimate tables, built while the render workers draw). The write begins at
   * `startBackground` or `settle`, whichever comes first.
   */
  background?: boolean;
}

/** An output file as a cache record keeps it: its manifest entry and the mtime it had when hashed. */
type OutputFile = ManifestFile & { mtime_ms: number };

/**
 * The cache bookkeeping of one run (see pipeline/run.ts): runs each step or takes it from the cache, and
 * remembers which cache entries it used, which output files its steps made, and their hashes.
 */
export class StepRunner {
  readonly cache: StageCache;
  readonly used = new Map<string, Set<string>>();
  private readonly produced = new Set<string>();
  private readonly hashes = new Map<string, Promise<OutputFile | null>>();
  /** output files as cache records last saw them: trusted without reading while size and mtime match (as git's index) */
  private readonly known = new Map<string, OutputFile>();
  /** writes of steps run with `background`: not begun yet, and begun but not settled */
  private readonly waiting: (() => Promise<unknown>)[] = [];
  private readonly pending: Promise<unknown>[] = [];

  constructor(
    readonly outDir: string,
    private readonly force: boolean,
  ) {
    this.cache = new StageCache(path.join(outDir, '.cache'));
  }

  /** Runs one step, or takes it from the cache (see the module comment). */
  async step<T, M>(stage: string, stepKey: string, spec: StepSpec<T, M>): Promise<StepHandle<T, M>> {
    this.use(stage, stepKey);
    const record = this.force ? null : await this.cache.lookup<M, OutputFile>(stage, stepKey);
    if (record) {
      for (const file of record.files) if (!this.known.has(file.path)) this.known.set(file.path, file);
      const load = once(() => this.cache.load<T>(stage, stepKey));
      if (await this.intact(record.files)) {
        for (const file of record.files) this.produced.add(file.path);
        return { status: 'cached', value: load, meta: record.meta, files: record.files.map((f) => f.path) };
      }
      const value = await load().catch(() => undefined);
      if (value !== undefined) {
        const files = spec.write ? await this.record(await spec.write(value)) : [];
        await this.cache.updateRecord({ ...record, files });
        return { status: 'restored', value: async () => value, meta: record.meta, files: files.map((f) => f.path) };
      }
    }
    const value = await spec.compute();
    const meta = spec.meta(value);
    const finish = async () => {
      const files = spec.write ? await this.record(await spec.write(value)) : [];
      await this.cache.store(stage, stepKey, value, files, meta);
      return files.map((f) => f.path);
    };
    if (spec.background) {
      this.waiting.push(finish);
      return { status: 'ran', value: async () => value, meta, files: [] };
    }
    return { status: 'ran', value: async () => value, meta, files: await finish() };
  }

  /** Begins the writes of steps run with `background`; `settle` waits for them. */
  startBackground(): void {
    for (const write of this.waiting.splice(0)) {
      const job = write();
      job.catch(() => undefined); // handled here, thrown by settle()
      this.pending.push(job);
    }
  }

  /** Begins and waits for the writes of steps run with `background`; throws the first one's error. */
  async settle(): Promise<void> {
    this.startBackground();
    while (this.pending.length > 0) await Promise.all(this.pending.splice(0));
  }

  /** A value with no output files (the codebook): from the cache, or computed and stored. */
  async value<T>(stage: string, stepKey: string, compute: () => Promise<T>): Promise<T> {
    return (await this.step(stage, stepKey, { compute, meta: () => null })).value();
  }

  /** The size and hash of an output file (relative path), computed once per run. */
  describe(file: string): Promise<ManifestFile> {
    return this.hash(file).then((found) => {
      if (!found) throw new Error(`output ${file} vanished while the run was publishing`);
      return { path: found.path, size: found.size, sha256: found.sha256 };
    });
  }

  /** Deletes files in the stage output folders that no step of this run made (a full run only). */
  async pruneStaleOutputs(): Promise<void> {
    for (const file of await listFiles(this.outDir)) {
      if (file === manifestFile || !file.includes('/')) continue;
      if (!this.produced.has(file)) await rm(path.join(this.outDir, file), { force: true });
    }
  }

  private use(stage: string, stepKey: string): void {
    let keys = this.used.get(stage);
    if (!keys) this.used.set(stage, (keys = new Set()));
    keys.add(stepKey);
  }

  private hash(file: string): Promise<OutputFile | null> {
    let found = this.hashes.get(file);
    if (!found) {
      found = this.describeOutput(file).catch(() => null);
      this.hashes.set(file, found);
    }
    return found;
  }

  private async describeOutput(file: string): Promise<OutputFile> {
    const full = path.join(this.outDir, file);
    const info = await stat(full);
    const seen = this.known.get(file);
    if (seen && seen.size === info.size && seen.mtime_ms === info.mtimeMs) return seen;
    return { path: file, size: info.size, sha256: knownHash(full, info) ?? (await hashFile(full, info.size)), mtime_ms: info.mtimeMs };
  }

  private async intact(files: OutputFile[]): Promise<boolean> {
    const found = await mapLimit(files, 16, (file) => this.hash(file.path));
    return files.every((file, i) => found[i]?.sha256 === file.sha256 && found[i]?.size === file.size);
  }

  /** Hashes files a step just wrote (paths as the writer returned them) and remembers them as made by this run. */
  private async record(written: string[]): Promise<OutputFile[]> {
    const files: OutputFile[] = [];
    for (const file of written) {
      const rel = path.relative(this.outDir, path.resolve(this.outDir, file)).split(path.sep).join('/');
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      this.hashes.delete(rel);
      this.known.delete(rel);
      const described = await this.hash(rel);
      if (!described) throw new Error(`a stage reported writing ${file}, which does not exist`);
      files.push(described);
      this.produced.add(rel);
    }
    return files;
  }
}

/** A function that runs `f` once and returns the same promise after. */
export function once<T>(f: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= f());
}
