import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ManifestFile } from '../../schemas/manifest.js';

/** The sha256 of bytes or a UTF-8 string, as lower-case hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Files up to this size are read whole (fast for the many small outputs); larger ones are streamed. */
const wholeFileLimit = 16 * 1024 * 1024;

/**
 * The hashes of the files this process wrote (or found already holding what it would write), with the size
 * and mtime they had then: `knownHash` trusts one while both still match, so an output just written is not
 * read back to be hashed (about 1,300 of them in the example).
 */
const written = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

/** Remembers that `file` (its stat `info`) holds `contents`. */
export function rememberHash(file: string, info: { size: number; mtimeMs: number }, contents: string | Uint8Array): void {
  written.set(path.resolve(file), { size: info.size, mtimeMs: info.mtimeMs, sha256: sha256(contents) });
}

/** The remembered hash of `file` if its size and mtime are still those it had when written, else null. */
export function knownHash(file: string, info: { size: number; mtimeMs: number }): string | null {
  const seen = written.get(path.resolve(file));
  return seen !== undefined && seen.size === info.size && seen.mtimeMs === info.mtimeMs ? seen.sha256 : null;
}

/** The sha256 (hex) of a file's contents; large files are streamed so they are not held in memory. */
export async function hashFile(file: string, size?: number): Promise<string> {
  const bytes = size ?? (await stat(file)).size;
  if (bytes <= wholeFileLimit) return sha256(await readFile(file));
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A file's size and sha256 under the name `name` (the path a manifest shows). */
export async function describeFile(file: string, name: string): Promise<ManifestFile> {
  const info = await stat(file);
  return { path: name, size: info.size, sha256: await hashFile(file, info.size) };
}
