import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The folder that holds `pipeline/` and `schemas/` as they run: the repository root when the TypeScript sources
 * run (tests, tsx), `dist/` once compiled. Source hashes for the stage cache are taken from here.
 */
export const codeRoot = path.resolve(here, '..');

/** The root of the thinktank package: the nearest folder above this file with a package.json. */
export const packageRoot = findPackageRoot(here);

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/** thinktank's own package.json `version` (read once, synchronously: it is needed at module load). */
export const packageVersion: string = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** The generated JSON Schema of survey.json, as shipped in the package (`schemas/survey.schema.json`). */
export const surveySchemaFile = path.join(packageRoot, 'schemas', 'survey.schema.json');
