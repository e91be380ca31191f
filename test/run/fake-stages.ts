/**
 * An in-memory stand-in for the real stages, to test the runner's mechanics (cache, lock, atomic writes,
 * publish) quickly and without depending on the stage modules. Each fake reads or writes just enough that
 * changing an input changes its output, and counts its calls.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliEffects } from '../../pipeline/cli/cli-effects.js';
import { memoryLogger } from '../../pipeline/effects.js';
import { writeFileAtomic } from '../../pipeline/publish/write-atomic.js';
import type { CodeUnit, StageSet } from '../../pipeline/run/stages.js';
import { makeTempDir } from './temp-dirs.js';

/** How many times each fake was called. */
export type Calls = Record<string, number>;

/** Options that make a fake misbehave. */
export interface FakeOptions {
  /** versions of the stage code, changed by tests to simulate a code change */
  versions?: Partial<Record<CodeUnit, string>>;
  /** called inside renderReport, to slow a run down or make it fail */
  onRender?: (file: string) => Promise<void>;
  /** called inside chartSurvey with its scope, before it draws */
  onChart?: (scope: string) => Promise<void>;
  /** called inside writeEstimates, before it writes */
  onWriteEstimates?: () => Promise<void>;
}

interface FakeRaw {
  rows: { id: string; region: string; score: number }[];
}

/** A fake stage set and its call counts. Casts at the edges only: the fakes return simplified values. */
export function fakeStages(options: FakeOptions = {}): { stages: StageSet; calls: Calls } {
  const calls: Calls = {};
  const count = (name: string) => {
    calls[name] = (calls[name] ?? 0) + 1;
  };
  const write = async (outDir: string, rel: string, data: string | Uint8Array) => {
    const file = path.join(outDir, rel);
    await writeFileAtomic(file, data);
    return file;
  };
  const fake = {
    async readCodebook(file: string) {
      count('readCodebook');
      return JSON.parse(await readFile(file, 'utf8'));
    },
    async ingestSurvey(surveyDir: string, config: { responses: string[] }) {
      count('ingestSurvey');
      const rows: FakeRaw['rows'] = [];
      const dir = path.join(surveyDir, 'responses');
      for (const name of ['a.csv', 'b.csv']) {
        const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
        for (const line of text.split('\n').slice(1)) {
          const [id, region, score] = line.split(',');
          if (id) rows.push({ id, region: region ?? '', score: Number(score) });
        }
      }
      void config;
      return { rows } satisfies FakeRaw;
    },
    async ingestFile(file: string) {
      count('ingestFile');
      const text = await readFile(file, 'utf8');
      const rows = text
        .split('\n')
        .slice(1)
        .filter((l) => l !== '')
        .map((line) => {
          const [id, region, score] = line.split(',');
          return { id: id ?? '', region: region ?? '', score: Number(score) };
        });
      return { rows };
    },
    async validate(raw: FakeRaw) {
      count('validate');
      const kept = raw.rows.filter((r) => Number.isFinite(r.score));
      const levels = ['r1', 'r2', 'r3'];
      const issues = raw.rows
        .filter((r) => !Number.isFinite(r.score))
        .map((r) => ({
          file: 'responses/a.csv',
          sheet: null,
          cell: null,
          column: 'score',
          row: null,
          code: 'not_a_number',
          severity: 'error' as const,
          expected: 'a number',
          found: 'x',
          message: `responses/a.csv (score) of ${r.id}: expected a number, found "x"`,
        }));
      const summary = {
        rows_read: raw.rows.length,
        rows_kept: kept.length,
        rows_quarantined: raw.rows.length - kept.length,
        rows_blank: 0,
        errors: issues.length,
        warnings: 0,
        issues,
        files: [{ file: 'responses/a.csv', sheets: [], rows_read: raw.rows.length, rows_kept: kept.length, rows_quarantined: raw.rows.length - kept.length, rows_blank: 0, errors: issues.length, warnings: 0 }],
        by_code: issues.length > 0 ? { not_a_number: issues.length } : {},
      };
      const table = {
        rowCount: kept.length,
        columns: new Map<string, unknown>([
          ['region', { kind: 'code', codes: Int32Array.from(kept.map((r) => levels.indexOf(r.region))), levels }],
          ['score', { kind: 'number', values: Float64Array.from(kept.map((r) => r.score)) }],
        ]),
        source: { files: [], sheets: [], file: new Int32Array(0), sheet: new Int32Array(0), row: new Int32Array(0) },
      };
      return { table, issues, quarantine: [], summary };
    },
    async writeValidation(outDir: string, validation: { summary: unknown }) {
      count('writeValidation');
      return [await write(outDir, 'validation/summary.json', `${JSON.stringify(validation.summary, null, 2)}\n`)];
    },
    async readMargins(file: string) {
      count('readMargins');
      return { text: await readFile(file, 'utf8') };
    },
    async weight(table: { rowCount: number }) {
      count('weight');
      return { weights: new Float64Array(table.rowCount).fill(2) };
    },
    async estimateSurvey(table: { columns: Map<string, { kind: string; values?: Float64Array; codes?: Int32Array; levels?: string[] }> }, weighted: { weights: Float64Array }) {
      count('estimateSurvey');
      const score = table.columns.get('score')?.values ?? new Float64Array(0);
      const region = table.columns.get('region');
      const mean = (keep: (i: number) => boolean) => {
        let sw = 0;
        let s = 0;
        score.forEach((v, i) => {
          if (keep(i)) {
            sw += weighted.weights[i] ?? 0;
            s += (weighted.weights[i] ?? 0) * v;
          }
        });
        return sw > 0 ? s / sw : NaN;
      };
      const estimates = [{ variable: 'score', domain: null, estimate: mean(() => true) }];
      for (const [k, level] of (region?.levels ?? []).entries()) {
        estimates.push({ variable: 'score', domain: { region: level } as never, estimate: mean((i) => region?.codes?.[i] === k) });
      }
      return { n: score.length, estimates };
    },
    async writeEstimates(outDir: string, estimates: unknown) {
      count('writeEstimates');
      await options.onWriteEstimates?.();
      return [await write(outDir, 'tables/estimates.json', `${JSON.stringify(estimates, null, 2)}\n`)];
    },
    async chartSurvey(estimates: { estimates: { domain: Record<string, string> | null; estimate: number }[] }, _codebook: unknown, _config: unknown, opts: { scopes: string[]; langs: string[] }) {
      count('chartSurvey');
      for (const scope of opts.scopes) await options.onChart?.(scope);
      return opts.scopes.flatMap((scope) =>
        opts.langs.map((lang) => {
          const e = estimates.estimates.find((x) => (scope === 'province' ? x.domain === null : x.domain?.region === scope));
          return { id: `${scope}-score.${lang}`, scope, lang, svg: `<svg><text>${lang} ${scope} ${e?.estimate ?? 'NaN'}</text></svg>` };
        }),
      );
    },
    async writeCharts(outDir: string, figures: { id: string; svg: string }[]) {
      count('writeCharts');
      return Promise.all(figures.map((f) => write(outDir, `charts/${f.id}.svg`, f.svg)));
    },
    async buildReportModel(input: { scope: string; lang: string; figures: { svg: string }[]; narrative: Record<string, string>; validation: { rows_kept: number } }) {
      count('buildReportModel');
      return { scope: input.scope, lang: input.lang, body: [...input.figures.map((f) => f.svg), JSON.stringify(input.narrative), String(input.validation.rows_kept)] };
    },
    async renderReport(model: { scope: string; lang: string; body: string[] }, opts: { creationDate: Date }) {
      count('renderReport');
      await options.onRender?.(`${model.scope}.${model.lang}`);
      return new TextEncoder().encode(`%PDF-fake ${opts.creationDate.toISOString()}\n${model.body.join('\n')}\n`);
    },
    async writeReports(outDir: string, reports: { file: string; bytes: Uint8Array }[]) {
      count('writeReports');
      return Promise.all(reports.map((r) => write(outDir, `reports/${r.file}`, r.bytes)));
    },
    async codeVersion(unit: CodeUnit) {
      return options.versions?.[unit] ?? `fake-${unit}-1`;
    },
  };
  return { stages: fake as unknown as StageSet, calls };
}

/** A small survey folder for the fakes: survey.json, codebook.json, two response CSVs over three regions. */
export async function makeFakeSurvey(config: Record<string, unknown> = {}): Promise<{ root: string; surveyDir: string; outDir: string }> {
  const root = await makeTempDir('test');
  const surveyDir = path.join(root, 'inputs', 'fake');
  await mkdir(path.join(surveyDir, 'responses'), { recursive: true });
  await writeFile(
    path.join(surveyDir, 'survey.json'),
    JSON.stringify({
      id: 'fake',
      title: { zh: '测试', en: 'Test' },
      issuer: { zh: '测试', en: 'Test' },
      date: '2026-03-01',
      codebook: 'codebook.json',
      responses: ['responses/*.csv'],
      region: 'region',
      // as the repository's example: outputs at the top level of the temporary root (outputs/fake/)
      outputs: '../../outputs/fake',
      ...config,
    }),
  );
  await writeFile(path.join(surveyDir, 'codebook.json'), JSON.stringify([{ name: 'region' }, { name: 'score' }]));
  await writeFile(path.join(surveyDir, 'responses', 'a.csv'), 'id,region,score\n1,r1,10\n2,r1,20\n3,r2,30\n');
  await writeFile(path.join(surveyDir, 'responses', 'b.csv'), 'id,region,score\n4,r2,40\n5,r3,50\n6,r3,60\n');
  return { root, surveyDir, outDir: path.join(root, 'outputs', 'fake') };
}

/** Effects that keep stderr lines and stdout text, with a fixed environment (no colour, not a terminal). */
export function testEffects(cwd: string, env: Record<string, string | undefined> = {}): CliEffects & { lines: string[]; out: string[] } {
  const log = memoryLogger();
  const out: string[] = [];
  return {
    log,
    lines: log.lines,
    out,
    now: () => new Date(Date.UTC(2026, 0, 2)),
    stdout: (text) => {
      out.push(text);
    },
    env: { NO_COLOR: '1', ...env },
    isTTY: false,
    cwd,
  };
}
