import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../package-root.js';

export { packageRoot };

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
 * Reads thinktank's package.json and the package.json of each runtime dependency, found as Node finds it (in
 * `node_modules` of the package root or of a folder above it, where npm hoists it when thinktank is installed as
 * a dependency): the versions actually installed, not the ranges asked for; one not installed shows as "missing".
 */
export async function readVersions(root: string = packageRoot): Promise<Versions> {
  const own = PackageJson.parse(JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')));
  const names = Object.keys(own.dependencies ?? {}).sort();
  const dependencies: Record<string, string> = {};
  for (const name of names) {
    const text = await readDependencyManifest(root, name);
    dependencies[name] = text === null ? 'missing' : PackageJson.parse(JSON.parse(text)).version;
  }
  return { tool: { name: own.name, version: own.version }, dependencies };
}

async function readDependencyManifest(root: string, name: string): Promise<string | null> {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const text = await readFile(path.join(dir, 'node_modules', ...name.split('/'), 'package.json'), 'utf8').catch(() => null);
    if (text !== null || path.dirname(dir) === dir) return text;
  }
}
