import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../pipeline/effects.js';
import { ingestSurvey, readCodebook } from '../../pipeline/ingest/index.js';
import { validate } from '../../pipeline/validate/index.js';
import { SurveyConfig } from '../../schemas/survey.js';

const DIR = path.resolve(import.meta.dirname, '../../inputs/heilongjiang-2026');

interface Planted {
  file: string;
  ref: string;
  kind: string;
  duplicate_of?: { file: string; ref: string };
}

describe('validating the Heilongjiang example', () => {
  it('reports an error at the exact cell of every planted defect, and no other error', async () => {
    const manifest = JSON.parse(await readFile(path.join(DIR, 'injected-defects.json'), 'utf8')) as {
      total_rows: number;
      defects: Planted[];
    };
    const codebook = await readCodebook(path.join(DIR, 'codebook.xlsx'));
    const config = SurveyConfig.parse(JSON.parse(await readFile(path.join(DIR, 'survey.json'), 'utf8')));
    const raw = await ingestSurvey(DIR, config, codebook, silentLogger);
    expect(raw.rowCount).toBe(manifest.total_rows);
    const result = validate(raw, codebook);
    const errors = result.issues.filter((i) => i.severity === 'error');
    const at = (file: string, cell: string | null) => `${file} ${cell ?? ''}`;
    const errorCells = new Set(errors.map((i) => at(i.file, i.cell)));
    const missed = manifest.defects.filter((d) => !errorCells.has(at(d.file, d.ref))).map((d) => `${at(d.file, d.ref)} ${d.kind}`);
    expect(missed).toEqual([]);
    const planted = new Set(manifest.defects.flatMap((d) => [at(d.file, d.ref), ...(d.duplicate_of ? [at(d.duplicate_of.file, d.duplicate_of.ref)] : [])]));
    expect(errors.filter((i) => !planted.has(at(i.file, i.cell))).map((i) => i.message)).toEqual([]);
    expect(result.summary.rows_kept + result.summary.rows_quarantined).toBe(manifest.total_rows);
    expect(result.summary.rows_quarantined).toBe(manifest.defects.length);
  }, 30_000);
});
