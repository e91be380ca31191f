import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../pipeline/effects.js';
import { validateSurvey } from '../../pipeline/run.js';

const surveyDir = path.join(import.meta.dirname, '../../inputs/heilongjiang-2026');

interface Planted {
  files: { file: string; sheet: string; header_row: number; rows: number; blank_rows: number }[];
  defects: { file: string; ref: string; kind: string; variable: string }[];
}

describe('the example survey (inputs/heilongjiang-2026)', async () => {
  const planted = JSON.parse(await readFile(path.join(surveyDir, 'injected-defects.json'), 'utf8')) as Planted;
  const result = await validateSurvey(surveyDir, {}, { log: memoryLogger(), now: () => new Date(0), stdout: () => {}, env: {}, isTTY: false });

  it('reports every planted defect as an error at its cell, and no other error', () => {
    const errors = result.issues.filter((i) => i.severity === 'error');
    for (const d of planted.defects) {
      expect(errors.some((e) => e.file === d.file && e.cell === d.ref && e.column === d.variable), `${d.kind} at ${d.file} ${d.ref}`).toBe(true);
    }
    expect(errors).toHaveLength(planted.defects.length);
  });

  it('reads every row of every file: read = kept + quarantined, blank rows counted', () => {
    expect(result.files.map((f) => [f.file, f.sheets, f.rows_read, f.rows_blank])).toEqual(
      planted.files.map((f) => [f.file, [f.sheet], f.rows, f.blank_rows]),
    );
    for (const f of result.files) expect(f.rows_read).toBe(f.rows_kept + f.rows_quarantined);
    expect(result.rows_quarantined).toBe(new Set(planted.defects.map((d) => `${d.file}:${d.ref.replace(/^.*![A-Z]+/, '')}`)).size);
  });
}, 30_000);
