import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ManifestFile } from '../../schemas/manifest.js';
import { writeFileAtomic } from '../publish/write-atomic.js';

/** What the cache knows about one stage result without loading the value itself. */
export interface CacheRecord<M = unknown, F extends ManifestFile = ManifestFile> {
  format: 1;
  stage: string;
  key: string;
  /** the output files the stage wrote, relative to the output folder, as they were when stored */
  files: F[];
  /** small facts later steps need (row counts, region codes) without deserialising the value */
  meta: M;
}

/**
 * Stage results under `<outDir>/.cache/<stage>/<key>`: `<key>.json` (the record) and `<key>.bin` (the value,
 * serialised with `v8.serialize`, which keeps typed arrays, Maps, Dates and nested objects). Entries are
 * content-addressed by key, so a partial run (`--region`, `--lang`) does not evict a full run's results;
 * `prune` drops what a full run did not use. A missing or unreadable entry is a miss, never an error.
 */
export class StageCache {
  constructor(readonly dir: string) {}

  /** The record for a stage and key, or null if there is none (or it is damaged). */
  async lookup<M, F extends ManifestFile = ManifestFile>(stage: string, key: string): Promise<CacheRecord<M, F> | null> {
    const text = await readFile(this.file(stage, key, 'json'), 'utf8').catch(() => null);
    if (text === null) return null;
    try {
      const record = JSON.parse(text) as CacheRecord<M, F>;
      return record.format === 1 && record.stage === stage && record.key === key ? record : null;
    } catch {
      return null;
    }
  }

  /** The stored value of a stage result; throws if the entry is gone, which callers treat as a miss. */
  async load<T>(stage: string, key: string): Promise<T> {
    return deserialize(await readFile(this.file(stage, key, 'bin'))) as T;
  }

  /** Stores a stage result: the value first, then the record, so a record always has its value. */
  async store<M, F extends ManifestFile>(stage: string, key: string, value: unknown, files: F[], meta: M): Promise<void> {
    await writeFileAtomic(this.file(stage, key, 'bin'), serialize(value));
    const record: CacheRecord<M, F> = { format: 1, stage, key, files, meta };
    await writeFileAtomic(this.file(stage, key, 'json'), JSON.stringify(record));
  }

  /** Rewrites only the record (after output files were restored from the value). */
  async updateRecord<M, F extends ManifestFile>(record: CacheRecord<M, F>): Promise<void> {
    await writeFileAtomic(this.file(record.stage, record.key, 'json'), JSON.stringify(record));
  }

  /** Removes every entry whose key is not in `keep` for its stage; returns how many entries went. */
  async prune(keep: ReadonlyMap<string, ReadonlySet<string>>): Promise<number> {
    let removed = 0;
    const stages = await readdir(this.dir, { withFileTypes: true }).catch(() => []);
    for (const stage of stages) {
      if (!stage.isDirectory()) continue;
      const wanted = keep.get(stage.name) ?? new Set<string>();
      for (const name of await readdir(path.join(this.dir, stage.name)).catch(() => [])) {
        const key = name.replace(/\.(json|bin)$/, '');
        if (wanted.has(key)) continue;
        await rm(path.join(this.dir, stage.name, name), { force: true });
        if (name.endsWith('.json')) removed++;
      }
    }
    return removed;
  }

  private file(stage: string, key: string, ext: 'json' | 'bin'): string {
    return path.join(this.dir, stage, `${key}.${ext}`);
  }
}
