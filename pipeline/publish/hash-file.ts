import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ManifestFile } from '../../schemas/manifest.js';

/** The sha256 of bytes or a UTF-8 string, as lower-case hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Files up to this size are read whole (fast for the many small outputs); larger ones are streamed. */
const wholeFileLimit = 16 * 1024 * 1024;

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
