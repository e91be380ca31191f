import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../pipeline/effects.js';
import { InputError } from '../../pipeline/errors.js';
import type { Effects } from '../../pipeline/effects.js';
import { orderIssue } from '../../pipeline/validate/index.js';
import { validateDataFile, validateSurvey } from '../../pipeline/run.js';

const survey = path.join(import.meta.dirname, '../fixtures/validate/survey');
const effectsWith = (log: Effects['log']): Effects => ({ log, now: () => new Date(0), stdout: () => {}, env: {}, isTTY: false });

describe('validateSurvey', () => {
  it('validates every response file, names files relative to the survey, and reports an unreadable file as an issue', async () => {
    const log = memoryLogger();
    const result = await validateSurvey(survey, {}, effectsWith(log));
    expect(result).toMatchObject({ rows_read: 3, rows_kept: 2, rows_quarantined: 1, rows_blank: 0, errors: 2 });
    expect(result.issues.map((i) => i.message)).toMatchInlineSnapshot(`
      [
        "responses/a-harbin.csv B4 (region): expected one of the codes 230100, 230200, found "230300"",
        "responses/broken.xlsx: expected an .xlsx workbook, found something else (not a zip archive)",
      ]
    `);
    expect(result.files.map((f) => f.file)).toEqual(['responses/a-harbin.csv', 'responses/broken.xlsx']);
    expect(log.lines).toContain('error: responses/broken.xlsx: expected an .xlsx workbook, found something else (not a zip archive)');
    expect(Object.keys(orderIssue(result.issues[0]!))).toEqual(['file', 'sheet', 'cell', 'column', 'row', 'code', 'severity', 'expected', 'found', 'message']);
  });
  it('gives an InputError for a folder without survey.json', async () => {
    await expect(validateSurvey(path.join(survey, 'responses'), {}, effectsWith(memoryLogger()))).rejects.toBeInstanceOf(InputError);
  });
});

describe('validateDataFile', () => {
  it('validates one file against a codebook', async () => {
    const result = await validateDataFile(path.join(survey, 'responses/a-harbin.csv'), path.join(survey, 'codebook.json'), {}, effectsWith(memoryLogger()));
    expect(result).toMatchObject({ rows_read: 3, rows_kept: 2, rows_quarantined: 1, by_code: { invalid_code: 1 } });
    expect(result.issues[0]!.file).toBe(path.join(survey, 'responses/a-harbin.csv'));
  });
});
