import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli/main.js';
import { SurveyEstimates } from '../../schemas/estimates.js';
import { readPdf } from '../helpers/pdf-text.js';
import { testEffects } from '../run/fake-stages.js';

const root = path.join(import.meta.dirname, '../..');
const surveyDir = path.join(root, 'inputs/heilongjiang-2026');

interface Planted {
  files: { rows: number }[];
  defects: { file: string; ref: string }[];
}

/** The whole pipeline on the bundled example, through the CLI, as `npm start` runs it (provincial reports only). */
describe('the example survey end to end', () => {
  let out: string;
  let code: number;
  let stderr: string;
  let summary: { validation: { rows_read: number; rows_kept: number; rows_quarantined: number; rows_blank: number }; reports: string[] };

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'thinktank-e2e-'));
    const effects = testEffects(root);
    code = await main(['run', surveyDir, '--out', out, '--region', 'province', '--json'], effects);
    stderr = effects.lines.join('\n');
    summary = JSON.parse(effects.out.join('')) as typeof summary;
  }, 300_000);
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('exits 0 and accounts for every row: read = kept + quarantined, one quarantined row per planted defect row', async () => {
    expect(code, stderr).toBe(0);
    const planted = JSON.parse(await readFile(path.join(surveyDir, 'injected-defects.json'), 'utf8')) as Planted;
    const { rows_read, rows_kept, rows_quarantined } = summary.validation;
    expect(rows_read).toBe(planted.files.reduce((sum, f) => sum + f.rows, 0));
    expect(rows_read).toBe(rows_kept + rows_quarantined);
    const defectRows = new Set(planted.defects.map((d) => `${d.file}:${d.ref.replace(/^.*![A-Z]+/, '')}`));
    expect(rows_quarantined).toBe(defectRows.size);
    const written = JSON.parse(await readFile(path.join(out, 'validation/summary.json'), 'utf8')) as typeof summary.validation;
    expect(written.rows_kept).toBe(rows_kept);
  });

  it('estimates every region for the region variable, with bases that add up to the kept rows', async () => {
    const estimates = SurveyEstimates.parse(JSON.parse(await readFile(path.join(out, 'tables/estimates.json'), 'utf8')));
    const byRegion = estimates.estimates.filter((e) => e.statistic === 'prop' && e.variable === 'prefecture' && e.domain === null);
    expect(byRegion).toHaveLength(13);
    expect(byRegion.reduce((sum, e) => sum + e.estimate, 0)).toBeCloseTo(1, 9);
    expect(byRegion.every((e) => e.n === summary.validation.rows_kept)).toBe(true);
    const regional = new Set(estimates.estimates.filter((e) => e.domain !== null).map((e) => e.domain!.prefecture));
    expect(regional.size).toBe(13);
  });

  it('writes a Chinese provincial report of at least 8 pages with page numbers, an outline and the survey title', async () => {
    const file = path.join(out, 'reports/heilongjiang-2026-province.zh.pdf');
    expect(summary.reports).toContain('reports/heilongjiang-2026-province.zh.pdf');
    const pdf = await readPdf(file);
    expect(pdf.pages.length).toBeGreaterThanOrEqual(8);
    expect(pdf.pages[0]).toContain('黑龙江省科技创新');
    expect(pdf.pages[2]).toContain(`3 / ${pdf.pages.length}`);
    expect(pdf.outline.map((o) => o.title)).toContain('1 执行摘要');
    expect(pdf.pages.join('\n')).toMatch(/n\s*=\s*2,9\d\d/);
  });

  it('embeds Noto Sans SC as a subset and draws charts as vectors, not images', async () => {
    const bytes = await readFile(path.join(out, 'reports/heilongjiang-2026-province.zh.pdf'));
    const text = bytes.toString('latin1');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    expect(text).toContain('/FontFile2');
    expect(text).not.toContain('/Subtype /Image');
    // at least one content stream draws paths (charts): inflate streams and look for path operators
    const streams = [...text.matchAll(/stream\r?\n/g)].slice(0, 400);
    const drawsPaths = streams.some((m) => {
      const start = m.index! + m[0].length;
      const end = text.indexOf('endstream', start);
      try {
        return / re\n| l\n/.test(inflateSync(bytes.subarray(start, end)).toString('latin1'));
      } catch {
        return false;
      }
    });
    expect(drawsPaths).toBe(true);
  });

  it('writes the English provincial report too', async () => {
    const pdf = await readPdf(path.join(out, 'reports/heilongjiang-2026-province.en.pdf'));
    expect(pdf.pages[0]).toContain('Heilongjiang');
    expect(pdf.outline.map((o) => o.title)).toContain('1 Executive summary');
  });
});
