import { z } from 'zod';

/** One file of a run: its path (POSIX, relative to the survey folder or the output folder), size in bytes and sha256. */
export const ManifestFile = z.strictObject({
  path: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

/**
 * `manifest.json`: what a run read and wrote, with the versions that did it. Holds nothing that changes
 * between two runs on the same inputs (no wall-clock times, no timings, no absolute paths), so it is
 * byte-identical across runs and machines with the same dependency versions.
 */
export const Manifest = z.strictObject({
  manifest_version: z.literal(1),
  status: z
    .enum(['complete', 'incomplete'])
    .describe('"incomplete" from the start of a full run until its last output is written, when "complete" replaces it; a folder whose manifest says "incomplete" is from an interrupted run'),
  survey: z.string(),
  date: z.string().describe('the run\'s fixed date (SOURCE_DATE_EPOCH or the survey date), ISO 8601 UTC'),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  dependencies: z.record(z.string(), z.string()).describe('installed version of every runtime dependency'),
  inputs: z.array(ManifestFile).describe('paths relative to the survey folder, sorted'),
  outputs: z.array(ManifestFile).describe('paths relative to the output folder, sorted; the manifest itself excluded'),
});
export type Manifest = z.infer<typeof Manifest>;
