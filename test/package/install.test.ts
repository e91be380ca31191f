/**
 * thinktank as an analyst installs it: `npm pack` (which builds), `npm install -g` of the tarball into a
 * temporary prefix (dependencies from the npm cache the clone's `npm ci` filled), then the installed
 * `thinktank` scaffolds a survey outside the repository and runs it from another folder; the outputs land in
 * the survey folder. Also: the tarball's size and contents, `--version`, `--help`'s start-up, and the library
 * API imported by package name.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../run/temp-dirs.js';

const run = promisify(execFile);
const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packageJson = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

let work = '';
let tarball = '';
let files: string[] = [];
let prefix = '';
let bin = '';

beforeAll(async () => {
  work = await makeTempDir('package');
  // `npm pack` runs `prepare`, which builds dist/ from the sources as they are now
  const packed = await run(npm, ['pack', '--json', '--pack-destination', work], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, info!.filename);
  files = info!.files.map((f) => f.path);
  prefix = path.join(work, 'prefix');
  await run(npm, ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
    cwd: work,
    maxBuffer: 64 * 1024 * 1024,
  });
  bin = path.join(prefix, process.platform === 'win32' ? 'thinktank.cmd' : path.join('bin', 'thinktank'));
}, 300_000);

/** Runs the installed `thinktank` in `cwd`, with nothing of the repository on its path. */
function thinktank(args: string[], cwd: string) {
  const result = spawnSync(bin, args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', TZ: 'UTC' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the npm package', () => {
  it('is a tarball of at most 3 MB holding the compiled code, declarations and JSON Schemas, not the sources, tests or example', async () => {
    expect((await stat(tarball)).size).toBeLessThanOrEqual(3 * 1024 * 1024);
    expect(files).toContain('dist/pipeline/cli/bin.js');
    expect(files).toContain('dist/pipeline/cli/help.json');
    expect(files).toContain('dist/pipeline/index.d.ts');
    expect(files).toContain('dist/pipeline/run/render-worker.js');
    expect(files).toContain('schemas/survey.schema.json');
    const stray = files.filter((f) => /^(test|inputs|outputs|bench)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.endsWith('.mjs'));
    expect(stray).toEqual([]);
  });

  it('installs a `thinktank` that prints its version and answers --help quickly from any folder', async () => {
    const elsewhere = await makeTempDir('elsewhere');
    expect(thinktank(['--version'], elsewhere)).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const help = thinktank(['--help'], elsewhere);
      times.push(performance.now() - started);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('thinktank run [survey]');
    }
    // the target is 300 ms. On a shared, loaded machine Node alone can take longer than that to start, so the
    // best of five is compared with the target or, when Node itself is slow, with bare Node's best plus 150 ms
    const bare: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      bare.push(performance.now() - started);
    }
    expect(Math.min(...times)).toBeLessThan(Math.max(300, Math.min(...bare) + 150));
  });

  it('scaffolds a survey outside the repository and runs it from another folder, the outputs landing in the survey folder', async () => {
    const surveys = await makeTempDir('surveys');
    const elsewhere = await makeTempDir('elsewhere');
    const survey = path.join(surveys, 'jilin-2027');
    const init = thinktank(['init', survey], elsewhere);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout.split('\n')).toContain(path.join(survey, 'survey.json'));
    const config = JSON.parse(await readFile(path.join(survey, 'survey.json'), 'utf8')) as { $schema: string };
    // the schema of the installed package, not of the repository
    expect(fileURLToPath(config.$schema)).toBe(path.join(prefix, 'lib', 'node_modules', 'thinktank', 'schemas', 'survey.schema.json'));
    await stat(fileURLToPath(config.$schema));

    const validate = thinktank(['validate', path.relative(elsewhere, survey)], elsewhere);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toMatch(/^validation: 200 rows read, 200 kept/);

    // charts and one report in worker threads, with the fonts from their npm package: what the package must ship
    const result = thinktank(['run', path.relative(elsewhere, survey), '--region', 'province', '--lang', 'EN', '--json'], elsewhere);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { outDir: string; reports: string[] };
    expect(summary.outDir).toBe(path.join(survey, 'outputs'));
    expect(summary.reports).toEqual(['reports/jilin-2027-province.en.pdf']);
    expect(result.stderr).toContain(`: ${path.join(survey, 'outputs')} (1 reports)`);
    const pdf = await readFile(path.join(survey, 'outputs', 'reports', 'jilin-2027-province.en.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await readdir(elsewhere)).toEqual([]);
  }, 240_000);

  it('exports the library API by package name, with its types', async () => {
    const app = await makeTempDir('app');
    await mkdir(path.join(app, 'node_modules'));
    await symlink(path.join(prefix, 'lib', 'node_modules', 'thinktank'), path.join(app, 'node_modules', 'thinktank'), 'dir');
    const script = "const api = await import('thinktank'); const schemas = await import('thinktank/schemas'); console.log(typeof api.runPipeline, typeof api.estimateSurvey, typeof schemas.SurveyConfig.parse);";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app });
    expect(stdout.trim()).toBe('function function function');
    await stat(path.join(app, 'node_modules', 'thinktank', 'dist', 'pipeline', 'index.d.ts'));
  });
});
