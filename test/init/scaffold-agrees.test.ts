import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeScaffold } from '../../pipeline/init/write-scaffold.js';
import { packageRoot } from '../../pipeline/package-root.js';
import { outputDir } from '../../pipeline/run/output-dir.js';
import { readSurveyConfig } from '../../pipeline/run/read-survey-config.js';
import { makeTempDir } from '../run/temp-dirs.js';

describe('the scaffold: README, .gitignore, $schema and the runner agree on where things are', () => {
  it('points $schema at the installed package by absolute file URL, and keeps outputs/ bookkeeping out of git', async () => {
    const dir = path.join(await makeTempDir('scaffold'), 'jilin-2027');
    await writeScaffold(dir, { date: new Date(Date.UTC(2027, 4, 20)) });
    const config = await readSurveyConfig(dir);
    expect(config.$schema).toMatch(/^file:\/\//);
    const schemaFile = fileURLToPath(config.$schema as string);
    expect(schemaFile).toBe(path.join(packageRoot, 'schemas', 'survey.schema.json'));
    expect(JSON.parse(await readFile(schemaFile, 'utf8'))).toMatchObject({ type: 'object' });

    // where the runner writes when run from anywhere
    const out = outputDir(dir, config, { cwd: '/' });
    expect(out).toBe(path.join(dir, 'outputs'));
    const rel = path.relative(dir, out);
    const ignored = (await readFile(path.join(dir, '.gitignore'), 'utf8')).trim().split('\n');
    expect(ignored).toEqual([`${rel}/.cache/`, `${rel}/.lock`, `${rel}/run-log.jsonl`, `${rel}/.*.check-*/`]);
    const readme = await readFile(path.join(dir, 'README.md'), 'utf8');
    expect(readme).toContain(`thinktank run                 # ${rel}/: validation, tables, charts, reports, manifest.json`);
    expect(readme).toContain(`thinktank check .             # CI: fail if ${rel}/ is not what a fresh run makes`);
    expect(readme).not.toContain('outputs/jilin-2027');
  });
});
