import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SurveyConfig, Limits } from '../../schemas/survey.js';
import { memoryLogger } from '../../pipeline/effects.js';
import { ingestSurvey, readCodebook } from '../../pipeline/ingest/index.js';
import { readGrids } from '../../pipeline/ingest/read-grids.js';
import { readGridsParallel, type GridJob } from '../../pipeline/ingest/read-grids-parallel.js';
import { defaultLimits } from '../../pipeline/ingest/read-limits.js';
import { validate } from '../../pipeline/validate/index.js';

const surveyDir = path.join(import.meta.dirname, '../../inputs/heilongjiang-2026');
const fixtures = path.join(import.meta.dirname, '../fixtures/ingest');

describe('reading files in worker threads', () => {
  it('yields every file in job order, the same grids as readGrids, with this thread reading or not', async () => {
    const names = ['field-office.xlsx', 'bad-truncated.xlsx', 'two-sheets.xlsx', 'gb18030.csv', 'two-level-header.xlsx', 'bad-not-a-spreadsheet.xlsx'];
    const jobs: GridJob[] = names.map((name) => ({ file: path.join(fixtures, name), options: { allSheets: true, display: name } }));
    for (const workersOnly of [false, true]) {
      const results = [];
      for await (const result of readGridsParallel(jobs, 2, { workersOnly })) results.push(result);
      expect(results.map((r) => r.ok)).toEqual([true, false, true, true, true, false]);
      if (workersOnly) expect(results.every((r) => r.worker)).toBe(true);
      for (const [k, job] of jobs.entries()) {
        const result = results[k]!;
        if (result.ok) expect(result.grids).toEqual(await readGrids(job.file, job.options));
        else expect(result.error.message).toBe(((await readGrids(job.file, job.options).catch((e: unknown) => e)) as Error).message);
      }
    }
  }, 30_000);

  it('ingests the example survey to the same RawTable, log and validation summary with workers as in one thread', async () => {
    const config = SurveyConfig.parse(JSON.parse(await readFile(path.join(surveyDir, 'survey.json'), 'utf8')));
    const codebook = await readCodebook(path.join(surveyDir, config.codebook));
    const oneLog = memoryLogger();
    const one = await ingestSurvey(surveyDir, config, codebook, oneLog, { threads: 1 });
    const twoLog = memoryLogger();
    const two = await ingestSurvey(surveyDir, config, codebook, twoLog, { threads: 2, workersOnly: true });
    expect(one.rowCount).toBe(3000);
    expect(two).toEqual(one);
    expect(twoLog.lines).toEqual(oneLog.lines);
    expect(validate(two, codebook).summary).toEqual(validate(one, codebook).summary);
  }, 60_000);

  it('keeps an unreadable file in its place among the others when read in parallel', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'thinktank-survey-'));
    mkdirSync(path.join(dir, 'responses'));
    const responses = ['230100-harbin.xlsx', '230200-qiqihar.xlsx', '230300-jixi.xlsx'];
    for (const name of responses) copyFileSync(path.join(surveyDir, 'responses', name), path.join(dir, 'responses', name));
    copyFileSync(path.join(fixtures, 'bad-truncated.xlsx'), path.join(dir, 'responses', '230250-broken.xlsx'));
    const config = SurveyConfig.parse(JSON.parse(await readFile(path.join(surveyDir, 'survey.json'), 'utf8')));
    const codebook = await readCodebook(path.join(surveyDir, config.codebook));
    const logs = [memoryLogger(), memoryLogger()];
    const one = await ingestSurvey(dir, config, codebook, logs[0]!, { threads: 1 });
    const two = await ingestSurvey(dir, config, codebook, logs[1]!, { threads: 2, workersOnly: true });
    expect(two).toEqual(one);
    expect(logs[1]!.lines).toEqual(logs[0]!.lines);
    expect(one.files.map((f) => [f.file, f.parts.length])).toEqual([
      ['responses/230100-harbin.xlsx', 1],
      ['responses/230200-qiqihar.xlsx', 1],
      ['responses/230250-broken.xlsx', 0],
      ['responses/230300-jixi.xlsx', 1],
    ]);
    expect(one.issues.filter((i) => i.code === 'unreadable_file').map((i) => i.message)).toEqual([
      'responses/230250-broken.xlsx: the workbook is damaged and cannot be read (the zip archive is cut short: no central directory); open it in Excel and save it again',
    ]);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('defaultLimits are the defaults of the survey.json schema', () => {
    expect(defaultLimits).toEqual(Limits.parse({}));
  });
});
