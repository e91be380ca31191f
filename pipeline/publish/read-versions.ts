import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The root of the thinktank package (where its package.json is). */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const PackageJson = z.looseObject({
  name: z.string(),
  version: z.string(),
  dependencies: z.record(z.string(), z.string()).optional(),
});

/** The tool's name and version and the installed version of each runtime dependency (sorted by name). */
export interface Versions {
  tool: { name: string; version: string };
  dependencies: Record<string, string>;
}

/**
 * Reads thinktank's package.json and the package.json of each runtime dependency in node_modules (the
 * versions actually installed, not the ranges asked for); a dependency that is not installed shows as
 * "missing".
 */
export async function readVersions(root: string = packageRoot): Promise<Versions> {
  const own = PackageJson.parse(JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')));
  const names = Object.keys(own.dependencies ?? {}).sort();
  const dependencies: Record<string, string> = {};
  for (const name of names) {
    const file = path.join(root, 'node_modules', ...name.split('/'), 'package.json');
    const text = await readFile(file, 'utf8').catch(() => null);
    dependencies[name] = text === null ? 'missing' : PackageJson.parse(JSON.parse(text)).version;
  }
  return { tool: { name: own.name, version: own.version }, dependencies };
}
