import path from 'node:path';
import type { Manifest } from '../../schemas/manifest.js';
import { writeFileAtomic } from './write-atomic.js';

/** The manifest's file name in the output folder. */
export const manifestFile = 'manifest.json';

/** Writes `outDir/manifest.json` (2-space JSON, trailing newline) atomically; returns its path. */
export async function writeManifest(outDir: string, manifest: Manifest): Promise<string> {
  const file = path.join(outDir, manifestFile);
  await writeFileAtomic(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}
