import type { Manifest, ManifestFile } from '../../schemas/manifest.js';
import { compareCodeUnits } from './list-files.js';
import type { Versions } from './read-versions.js';

/** Everything a manifest records, in any order. */
export interface ManifestInput {
  survey: string;
  date: Date;
  versions: Versions;
  inputs: ManifestFile[];
  outputs: ManifestFile[];
  /** "incomplete" for the manifest a full run writes before its first output (default "complete") */
  status?: 'complete' | 'incomplete';
}

/** The manifest of a run: files sorted by path, dependencies by name, so equal runs give equal manifests. */
export function buildManifest(input: ManifestInput): Manifest {
  const byPath = (a: ManifestFile, b: ManifestFile) => compareCodeUnits(a.path, b.path);
  const dependencies: Record<string, string> = {};
  for (const name of Object.keys(input.versions.dependencies).sort(compareCodeUnits)) {
    dependencies[name] = input.versions.dependencies[name] ?? 'missing';
  }
  return {
    manifest_version: 1,
    status: input.status ?? 'complete',
    survey: input.survey,
    date: input.date.toISOString(),
    tool: { ...input.versions.tool },
    dependencies,
    inputs: [...input.inputs].sort(byPath),
    outputs: [...input.outputs].sort(byPath),
  };
}
