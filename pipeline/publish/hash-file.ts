import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ManifestFile } from '../../schemas/manifest.js';

/** The sha256 of bytes or a UTF-8 string, as lower-case hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The sha256 (hex) of a file's contents, streamed so large inputs are not held in memory. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A file's size and sha256 under the name `name` (the path a manifest shows). */
export async function describeFile(file: string, name: string): Promise<ManifestFile> {
  const [info, digest] = await Promise.all([stat(file), hashFile(file)]);
  return { path: name, size: info.size, sha256: digest };
}
