import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run.js';
import { defaultStages, type StageSet } from '../../pipeline/run/stages.js';
import { checkLayout } from '../../pipeline/report/layout/check-layout.js';
import { layoutDocument } from '../../pipeline/report/layout/layout-document.js';
import { loadFonts } from '../../pipeline/report/layout/measure-text.js';
import type { Figure } from '../../schemas/figure.js';
import { sceneOverlaps } from '../helpers/scene-overlaps.js';
import { testEffects } from '../run/fake-stages.js';

const root = path.join(import.meta.dirname, '../..');
const surveyDir = path.join(root, 'inputs/heilongjiang-2026');

/**
 * The layout checks over every report of the example (the province and 13 prefectures, in Chinese and English:
 * 28 reports): the pipeline runs as `npm start` does, except that each report is laid out and checked instead
 * of painted, and every figure's Vega scenegraph is checked for colliding text.
 */
describe('the layout of all 28 example reports', () => {
  let out: string;
  const problems = new Map<string, string[]>();
  const figures: Figure[] = [];
  /** each report's table captions, in order */
  const tableCaptions = new Map<string, string[]>();

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'thinktank-layout-'));
    const stages: StageSet = {
      ...defaultStages,
      chartSurvey: async (...args) => {
        const made = await defaultStages.chartSurvey(...args);
        figures.push(...made);
        return made;
      },
      writeCharts: async () => [],
      renderReport: async (model) => {
        const laid = layoutDocument(model, loadFonts());
        problems.set(`${model.meta.scope}.${model.meta.lang}`, checkLayout(laid, model.meta.lang));
        const tables = model.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'table' && b.label !== null);
        tableCaptions.set(`${model.meta.scope}.${model.meta.lang}`, tables.map((b) => (b.kind === 'table' ? (b.caption ?? '') : '')));
        return new Uint8Array();
      },
      writeReports: async () => [],
    };
    await runPipeline(surveyDir, { out, force: true }, testEffects(root), stages);
  }, 600_000);
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('lays out all 28 reports', () => {
    expect(problems.size).toBe(28);
  });

  it('keeps all text inside the type area, starts chapters on a new page, strands no lines above a chapter, breaks headers between words and writes numbers by the style sheet', () => {
    const all = [...problems].flatMap(([report, list]) => list.map((p) => `${report} ${p}`));
    expect(all.filter((p) => !/only \d+% full/.test(p))).toEqual([]);
  });

  it('gives every table of a report its own caption: a table split for width says which part it is', () => {
    const repeated = [...tableCaptions].flatMap(([report, captions]) => captions.filter((c, i) => captions.indexOf(c) !== i).map((c) => `${report}: ${c}`));
    expect(tableCaptions.size).toBe(28);
    expect(repeated).toEqual([]);
  });

  it('fills every page but those before a chapter (and the front matter lists) to at least 60%', () => {
    const fills = [...problems].flatMap(([report, list]) => list.filter((p) => /only \d+% full/.test(p)).map((p) => `${report} ${p}`));
    expect(fills).toEqual([]);
  });

  it('draws no figure with text that overlaps text, or a value label crossed by a line', async () => {
    const found: string[] = [];
    for (const figure of figures) {
      for (const p of await sceneOverlaps(figure.spec)) found.push(`${figure.id}: ${p}`);
    }
    expect(figures.length).toBeGreaterThan(600);
    expect(found).toEqual([]);
  }, 600_000);
});
