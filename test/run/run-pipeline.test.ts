import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Manifest } from '../../schemas/manifest.js';
import { InputError, UsageError } from '../../pipeline/errors.js';
import { listFiles } from '../../pipeline/publish/list-files.js';
import { type RunEvent, type RunResult, runPipeline } from '../../pipeline/run.js';
import { fakeStages, makeFakeSurvey, testEffects } from './fake-stages.js';
import { makeTempDir } from './temp-dirs.js';

const statuses = (result: RunResult) => Object.fromEntries(result.stages.map((s) => [s.stage, s.status]));
const readAll = async (dir: string) => {
  const files: Record<string, string> = {};
  for (const file of await listFiles(dir)) files[file] = await readFile(path.join(dir, file), 'latin1');
  return files;
};

describe('runPipeline with fake stages', () => {
  it('runs every stage, writes the outputs and a manifest of every input and output', async () => {
    const { root, surveyDir, outDir } = await makeFakeSurvey();
    const { stages, calls } = fakeStages();
    const result = await runPipeline(surveyDir, { cwd: root }, testEffects(root), stages);
    expect(result.outDir).toBe(outDir);
    expect(statuses(result)).toEqual({ ingest: 'ran', validate: 'ran', weight: 'ran', estimate: 'ran', chart: 'ran', report: 'ran', publish: 'ran' });
    expect(result.reports).toEqual([
      'reports/fake-province.zh.pdf',
      'reports/fake-province.en.pdf',
      'reports/fake-r1.zh.pdf',
      'reports/fake-r1.en.pdf',
      'reports/fake-r2.zh.pdf',
      'reports/fake-r2.en.pdf',
      'reports/fake-r3.zh.pdf',
      'reports/fake-r3.en.pdf',
    ]);
    expect(calls).toMatchObject({ readCodebook: 1, ingestSurvey: 1, validate: 1, weight: 1, estimateSurvey: 1, chartSurvey: 4, renderReport: 8 });
    const manifest = Manifest.parse(JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')));
    expect(manifest.inputs.map((f) => f.path)).toEqual(['codebook.json', 'responses/a.csv', 'responses/b.csv', 'survey.json']);
    expect(manifest.outputs.map((f) => f.path)).toEqual((await listFiles(outDir)).filter((f) => f !== 'manifest.json'));
    expect(manifest.date).toBe('2026-03-01T00:00:00.000Z');
    expect(JSON.stringify(manifest)).not.toMatch(/"ms"|time|\/tmp\//);
    const log = (await readFile(path.join(outDir, 'run-log.jsonl'), 'utf8')).trim().split('\n');
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0] as string)).toMatchObject({ survey: 'fake', stages: expect.any(Array) });
  });

  it('takes everything from the cache on a second run, without calling a stage or loading a value', async () => {
    const { root, surveyDir, outDir } = await makeFakeSurvey();
    const first = fakeStages();
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), first.stages);
    const before = await readAll(outDir);
    const second = fakeStages();
    const result = await runPipeline(surveyDir, { cwd: root }, testEffects(root), second.stages);
    expect(statuses(result)).toEqual({
      ingest: 'cached',
      validate: 'cached',
      weight: 'cached',
      estimate: 'cached',
      chart: 'cached',
      report: 'cached',
      publish: 'ran',
    });
    expect(second.calls).toEqual({});
    expect(await readAll(outDir)).toEqual(before);
    expect(result.ms).toBeLessThan(1000);
  });

  it('re-runs from the first stage whose inputs changed: a response file', async () => {
    const { root, surveyDir, outDir } = await makeFakeSurvey();
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    await writeFile(path.join(surveyDir, 'responses', 'b.csv'), 'id,region,score\n4,r2,41\n5,r3,50\n6,r3,60\n');
    const { stages, calls } = fakeStages();
    const result = await runPipeline(surveyDir, { cwd: root }, testEffects(root), stages);
    expect(statuses(result)).toMatchObject({ ingest: 'ran', validate: 'ran', weight: 'ran', estimate: 'ran', chart: 'ran', report: 'ran' });
    expect(calls.ingestSurvey).toBe(1);
    expect(await readFile(path.join(outDir, 'tables', 'estimates.json'), 'utf8')).toContain('"estimate": 35.5');
  });

  it('re-runs only the reports when only a narrative text changed', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    await mkdir(path.join(surveyDir, 'narrative'));
    await writeFile(path.join(surveyDir, 'narrative', 'summary.en.md'), 'Things went well.\n');
    const { stages, calls } = fakeStages();
    const result = await runPipeline(surveyDir, { cwd: root }, testEffects(root), stages);
    expect(statuses(result)).toMatchObject({ ingest: 'cached', estimate: 'cached', chart: 'cached', report: 'partly cached' });
    expect(result.stages.find((s) => s.stage === 'report')).toMatchObject({ ran: 4, cached: 4 });
    expect(calls.renderReport).toBe(4);
    expect(calls.chartSurvey).toBeUndefined();
  });

  it('re-runs a stage and the ones after it when its code changes', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    const { stages, calls } = fakeStages({ versions: { chart: 'fake-chart-2' } });
    const result = await runPipeline(surveyDir, { cwd: root }, testEffects(root), stages);
    expect(statuses(result)).toMatchObject({ estimate: 'cached', chart: 'ran', report: 'ran' });
    expect(calls).toMatchObject({ chartSurvey: 4, renderReport: 8 });
    expect(calls.estimateSurvey).toBeUndefined();
  });

  it('re-runs the stages after validation when a config key changes, and keys ignore key order in survey.json', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    const configFile = path.join(surveyDir, 'survey.json');
    const config = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(config).reverse());
    await writeFile(configFile, JSON.stringify(reordered, null, 4));
    const same = await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    expect(statuses(same)).toMatchObject({ ingest: 'cached', report: 'cached' });
    await writeFile(configFile, JSON.stringify({ ...config, title: { zh: '新', en: 'New' } }));
    const changed = await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    expect(statuses(changed)).toMatchObject({ ingest: 'ran', report: 'ran' });
  });

  it('rewrites a deleted or edited output from the cached value without recomputing it', async () => {
    const { root, surveyDir, outDir } = await makeFakeSurvey();
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    const pdf = path.join(outDir, 'reports', 'fake-r2.en.pdf');
    const original = await readFile(pdf);
    await rm(pdf);
    await writeFile(path.join(outDir, 'validation', 'summary.json'), 'tampered');
    const { stages, calls } = fakeStages();
    const result = await runPipeline(surveyDir, { cwd: root }, testEffects(root), stages);
    expect(result.stages.find((s) => s.stage === 'report')).toMatchObject({ restored: 1, cached: 7, ran: 0 });
    expect(result.stages.find((s) => s.stage === 'validate')).toMatchObject({ restored: 1 });
    expect(calls).toEqual({ writeValidation: 1, writeReports: 1 });
    expect(Buffer.compare(await readFile(pdf), original)).toBe(0);
    expect(await readFile(path.join(outDir, 'validation', 'summary.json'), 'utf8')).toContain('"rows_read": 6');
  });

  it('recomputes a step whose cached value is damaged', async () => {
    const { root, surveyDir, outDir } = await makeFakeSurvey();
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    const cacheDir = path.join(outDir, '.cache', 'estimate');
    for (const name of await readdir(cacheDir)) if (name.endsWith('.bin')) await writeFile(path.join(cacheDir, name), 'not v8');
    await rm(path.join(outDir, 'tables', 'estimates.json'));
    const { stages, calls } = fakeStages();
    const result = await runPipeline(surveyDir, { cwd: root }, testEffects(root), stages);
    expect(statuses(result)).toMatchObject({ estimate: 'ran', chart: 'cached' });
    expect(calls.estimateSurvey).toBe(1);
  });

  it('runs everything again with force', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    const { stages, calls } = fakeStages();
    const result = await runPipeline(surveyDir, { cwd: root, force: true }, testEffects(root), stages);
    expect(new Set(result.stages.map((s) => s.status))).toEqual(new Set(['ran']));
    expect(calls).toMatchObject({ ingestSurvey: 1, chartSurvey: 4, renderReport: 8 });
  });

  it('stops after the stage given as only, and writes no manifest before publish', async () => {
    const { root, surveyDir, outDir } = await makeFakeSurvey();
    const { stages, calls } = fakeStages();
    const result = await runPipeline(surveyDir, { cwd: root, only: 'validate' }, testEffects(root), stages);
    expect(result.stages.map((s) => s.stage)).toEqual(['ingest', 'validate']);
    expect(result.manifest).toBeNull();
    expect(result.validation).toEqual({ rows_read: 6, rows_kept: 6, rows_quarantined: 0, rows_blank: 0, errors: 0, warnings: 0 });
    expect(calls.weight).toBeUndefined();
    expect(await listFiles(outDir)).toEqual(['validation/summary.json']);
  });

  it('builds one region in one language, keeping the full run\'s cache and outputs', async () => {
    const { root, surveyDir, outDir } = await makeFakeSurvey();
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    const before = await readAll(outDir);
    await writeFile(path.join(surveyDir, 'narrative.txt'), 'not an input');
    const partial = await runPipeline(surveyDir, { cwd: root, region: 'r2', langs: ['en'] }, testEffects(root), fakeStages().stages);
    expect(partial.partial).toBe(true);
    expect(partial.reports).toEqual(['reports/fake-r2.en.pdf']);
    expect(statuses(partial)).toMatchObject({ chart: 'ran', report: 'ran' });
    expect(await readAll(outDir)).toEqual(before);
    const { stages, calls } = fakeStages();
    const full = await runPipeline(surveyDir, { cwd: root }, testEffects(root), stages);
    expect(statuses(full)).toMatchObject({ chart: 'cached', report: 'cached' });
    expect(calls).toEqual({});
  });

  it('refuses a region that is not in the data, listing the ones that are', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    const error = await runPipeline(surveyDir, { cwd: root, region: 'r9' }, testEffects(root), fakeStages().stages).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('--region: no region "r9" in the data; the regions are: province, r1, r2, r3');
  });

  it('deletes outputs that a full run no longer makes, and cache entries it did not use', async () => {
    const { root, surveyDir, outDir } = await makeFakeSurvey();
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    await writeFile(path.join(surveyDir, 'responses', 'b.csv'), 'id,region,score\n4,r2,40\n');
    await writeFile(path.join(outDir, 'notes.txt'), 'mine');
    const result = await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    expect(result.reports).toHaveLength(6);
    const files = await listFiles(outDir);
    expect(files.filter((f) => f.startsWith('reports/'))).toEqual([
      'reports/fake-province.en.pdf',
      'reports/fake-province.zh.pdf',
      'reports/fake-r1.en.pdf',
      'reports/fake-r1.zh.pdf',
      'reports/fake-r2.en.pdf',
      'reports/fake-r2.zh.pdf',
    ]);
    expect(files).toContain('notes.txt');
    expect((await readdir(path.join(outDir, '.cache', 'report'))).length).toBe(12);
    expect((await readdir(path.join(outDir, '.cache', 'ingest'))).length).toBe(2);
  });

  it('makes byte-identical outputs in two fresh folders, and dates them from SOURCE_DATE_EPOCH when set', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    await runPipeline(surveyDir, { cwd: root, out: 'one' }, testEffects(root), fakeStages().stages);
    await runPipeline(surveyDir, { cwd: root, out: 'two' }, testEffects(root), fakeStages().stages);
    expect(await readAll(path.join(root, 'one'))).toEqual(await readAll(path.join(root, 'two')));
    const dated = await runPipeline(surveyDir, { cwd: root, out: 'three' }, testEffects(root, { SOURCE_DATE_EPOCH: '0' }), fakeStages().stages);
    expect(dated.date).toBe('1970-01-01T00:00:00.000Z');
    expect(await readFile(path.join(root, 'three', 'reports', 'fake-r1.en.pdf'), 'utf8')).toContain('1970-01-01');
  });

  it('sweeps temp files a killed run left behind', async () => {
    const { root, surveyDir, outDir } = await makeFakeSurvey();
    await mkdir(path.join(outDir, 'reports'), { recursive: true });
    await writeFile(path.join(outDir, 'reports', '.fake-r1.en.pdf.0123456789ab.tmp'), 'half a pdf');
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    expect(await readdir(path.join(outDir, 'reports'))).not.toContain('.fake-r1.en.pdf.0123456789ab.tmp');
  });

  it('keeps a second run out while one is writing, and lets it in afterwards', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const rendering = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const slow = fakeStages({
      onRender: async () => {
        entered();
        await gate;
      },
    });
    const first = runPipeline(surveyDir, { cwd: root }, testEffects(root), slow.stages);
    await rendering;
    const second = await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(InputError);
    expect((second as Error).message).toMatch(/is being written by another thinktank run/);
    release();
    await first;
    const third = await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    expect(statuses(third).report).toBe('cached');
  });

  it('leaves the previous outputs whole and releases the lock when a stage fails midway', async () => {
    const { root, surveyDir, outDir } = await makeFakeSurvey();
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    const before = await readAll(outDir);
    await writeFile(path.join(surveyDir, 'responses', 'a.csv'), 'id,region,score\n1,r1,11\n2,r1,20\n3,r2,30\n');
    let rendered = 0;
    const failing = fakeStages({
      onRender: async () => {
        if (++rendered === 3) throw new Error('renderer crashed');
      },
    });
    await expect(runPipeline(surveyDir, { cwd: root }, testEffects(root), failing.stages)).rejects.toThrow('renderer crashed');
    const after = await readAll(outDir);
    for (const [file, text] of Object.entries(after)) {
      // every file is either what it was or what the new run made in full: never a part
      if (before[file] !== text) expect(text.startsWith('%PDF-fake') || text.startsWith('{') || text.startsWith('<svg') || text.startsWith('[')).toBe(true);
    }
    // the old manifest no longer vouches for the folder: it says "incomplete", and the folder carries the mark
    expect(JSON.parse(after['manifest.json']!)).toMatchObject({ status: 'incomplete', outputs: [] });
    expect(existsSync(path.join(outDir, '.incomplete'))).toBe(true);
    const recovered = await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    expect(JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8'))).toMatchObject({ status: 'complete' });
    expect(existsSync(path.join(outDir, '.incomplete'))).toBe(false);
    // reports render two at a time: the two before the crash, and any that finished beside it, are reused
    const report = recovered.stages.find((s) => s.stage === 'report')!;
    expect(report.cached).toBeGreaterThanOrEqual(2);
    expect(report.cached + report.ran).toBe(8);
  });

  it('writes the estimate tables while the charts are drawn, and fails the run when that write fails', async () => {
    const { root, surveyDir, outDir } = await makeFakeSurvey();
    let chartsBegun = -1;
    const slow = fakeStages({
      onWriteEstimates: async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        chartsBegun = slow.calls.chartSurvey ?? 0;
      },
    });
    const result = await runPipeline(surveyDir, { cwd: root }, testEffects(root), slow.stages);
    // the chart stage did not wait for the tables, and the run waited for them before its manifest
    expect(chartsBegun).toBeGreaterThan(0);
    const manifest = Manifest.parse(JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')));
    expect(manifest.outputs.map((o) => o.path)).toContain('tables/estimates.json');
    expect(result.stages.map((s) => s.stage)).toContain('publish');

    await writeFile(path.join(surveyDir, 'responses', 'a.csv'), 'id,region,score\n1,r1,12\n2,r1,20\n3,r2,30\n');
    const failing = fakeStages({
      onWriteEstimates: async () => {
        throw new Error('disk full');
      },
    });
    await expect(runPipeline(surveyDir, { cwd: root }, testEffects(root), failing.stages)).rejects.toThrow('disk full');
    // the lock was released, and the next run writes the tables
    await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages);
    expect(JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8'))).toMatchObject({ status: 'complete' });
  });

  it("begins a scope's reports as soon as its charts are drawn, and counts them in the report stage", async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    const events: string[] = [];
    const { stages } = fakeStages({
      // the last region's charts take a while: the other scopes' reports need not wait for them
      onChart: async (scope) => {
        if (scope === 'r3') await new Promise((resolve) => setTimeout(resolve, 150));
        events.push(`chart ${scope}`);
      },
      onRender: async (file) => {
        events.push(`report ${file}`);
      },
    });
    const progress: string[] = [];
    const observer = (e: RunEvent) => progress.push(e.type === 'step' ? `${e.stage} step` : `${e.stage} ${e.type}`);
    const result = await runPipeline(surveyDir, { cwd: root, observer }, testEffects(root), stages);
    expect(events.indexOf('report province.en')).toBeLessThan(events.indexOf('chart r3'));
    expect(events.indexOf('report r3.en')).toBeGreaterThan(events.indexOf('chart r3'));
    // progress stays in stage order: every report step is shown after the chart stage has ended
    const chartEnd = progress.indexOf('chart stage-end');
    expect(progress.slice(0, chartEnd)).not.toContain('report step');
    expect(progress.filter((p) => p === 'report step')).toHaveLength(8);
    expect(result.stages.find((s) => s.stage === 'report')).toMatchObject({ ran: 8, status: 'ran' });
  });

  it('fails with the chart error, after the reports under way have stopped, when a chart fails while reports are drawn', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    let rendering = 0;
    let renderingAtFailure = -1;
    const { stages } = fakeStages({
      onChart: async (scope) => {
        if (scope !== 'r3') return;
        await new Promise((resolve) => setTimeout(resolve, 50));
        renderingAtFailure = rendering;
        throw new Error('chart crashed');
      },
      onRender: async () => {
        rendering++;
        await new Promise((resolve) => setTimeout(resolve, 100));
        rendering--;
      },
    });
    await expect(runPipeline(surveyDir, { cwd: root }, testEffects(root), stages)).rejects.toThrow('chart crashed');
    // reports were being drawn when the chart failed, and none was still drawing when the run returned
    expect(renderingAtFailure).toBeGreaterThan(0);
    expect(rendering).toBe(0);
  });

  it('names a missing input and the survey.json key that points at it', async () => {
    const { root, surveyDir } = await makeFakeSurvey({ calibration: { method: 'rake', variables: ['region'] } });
    await expect(runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages)).rejects.toThrow(
      /^survey\.json: calibration\.margins: file not found: "margins\.csv" \(looked in .*\)$/,
    );
    const other = await makeFakeSurvey({ responses: ['data/*.xlsx'] });
    await expect(runPipeline(other.surveyDir, { cwd: other.root }, testEffects(other.root), fakeStages().stages)).rejects.toThrow(
      /^survey\.json: responses: no file matches "data\/\*\.xlsx" in /,
    );
  });

  it('stops with an InputError when no row passed validation', async () => {
    const { root, surveyDir } = await makeFakeSurvey();
    await writeFile(path.join(surveyDir, 'responses', 'a.csv'), 'id,region,score\n1,r1,x\n');
    await writeFile(path.join(surveyDir, 'responses', 'b.csv'), 'id,region,score\n2,r1,y\n');
    const error = await runPipeline(surveyDir, { cwd: root }, testEffects(root), fakeStages().stages).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^no response row passed validation \(2 read, 2 quarantined\)/);
    expect((error as InputError).issues).toHaveLength(2);
  });

  it('writes beside the survey by default, wherever it runs from: <survey>/outputs, survey.json "outputs", or an --out relative to the working folder', async () => {
    const { surveyDir } = await makeFakeSurvey({ outputs: undefined });
    const elsewhere = await makeTempDir('cwd');
    const result = await runPipeline(surveyDir, { cwd: elsewhere, only: 'validate' }, testEffects(elsewhere), fakeStages().stages);
    expect(result.outDir).toBe(path.join(surveyDir, 'outputs'));
    const configured = await makeFakeSurvey({ outputs: '../results/fake' });
    const moved = await runPipeline(configured.surveyDir, { cwd: elsewhere, only: 'ingest' }, testEffects(elsewhere), fakeStages().stages);
    expect(moved.outDir).toBe(path.join(configured.root, 'inputs', 'results', 'fake'));
    const out = await runPipeline(surveyDir, { cwd: elsewhere, out: 'x/y', only: 'ingest' }, testEffects(elsewhere), fakeStages().stages);
    expect(out.outDir).toBe(path.join(elsewhere, 'x', 'y'));
  });
});
