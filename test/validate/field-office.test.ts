import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../pipeline/effects.js';
import { ingestFile } from '../../pipeline/ingest/index.js';
import { validate } from '../../pipeline/validate/index.js';
import { codebook } from '../fixtures/ingest/fixture-codebook.js';

const fixtures = path.join(import.meta.dirname, '../fixtures/ingest');

describe('a field-office workbook with a title row, Chinese headers and five kinds of bad cells', async () => {
  const raw = await ingestFile(path.join(fixtures, 'field-office.xlsx'), codebook, { display: 'responses/harbin.xlsx' }, silentLogger);
  const result = validate(raw, codebook);

  it('reports every bad cell at its exact cell', () => {
    expect(result.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toMatchInlineSnapshot(`
      [
        "responses/harbin.xlsx '调查数据'!C5 (employees): expected an integer >= 0, found "n/a"",
        "responses/harbin.xlsx '调查数据'!J8 (satisfaction): expected one of the codes 1, 2, 3, 4, 5, found "6"",
        "responses/harbin.xlsx '调查数据'!A11 (resp_id): expected a value (the question is required), found a blank cell",
        "responses/harbin.xlsx '调查数据'!A12 (resp_id): expected a unique value, found "HRB-002" again (first at responses/harbin.xlsx '调查数据'!A6)",
        "responses/harbin.xlsx '调查数据'!D14 (revenue): expected a number >= 0, found the date "2026-07-15"",
      ]
    `);
  });

  it('quarantines exactly the rows with a bad cell, with their reasons and cells as they were', () => {
    expect(result.quarantine.map((q) => [q.row, q.codes])).toEqual([
      [5, ['invalid_integer']],
      [8, ['invalid_code']],
      [11, ['required']],
      [12, ['duplicate_id']],
      [14, ['invalid_number']],
    ]);
    const first = result.quarantine[0]!;
    expect(first).toMatchObject({ file: 'responses/harbin.xlsx', sheet: '调查数据' });
    expect(first.cells.slice(0, 4)).toEqual([
      { column: 'A', header: '编号', variable: 'resp_id', value: 'HRB-101' },
      { column: 'B', header: '所在市', variable: 'region', value: '1' },
      { column: 'C', header: '从业人员数(人)', variable: 'employees', value: 'n/a' },
      { column: 'D', header: '营业收入（万元）', variable: 'revenue', value: '100' },
    ]);
  });

  it('loses no good row: all six are kept, with their values converted', () => {
    const ids = result.table.columns.get('resp_id');
    expect(ids).toEqual({ kind: 'text', values: ['HRB-001', 'HRB-002', 'HRB-003', 'HRB-004', 'HRB-005', 'HRB-006'] });
    expect(Array.from(result.table.source.row)).toEqual([4, 6, 7, 10, 13, 15]);
    const employees = result.table.columns.get('employees')!;
    expect(employees.kind === 'number' && Array.from(employees.values)).toEqual([120, 1250, 45, 60, 300, 15]);
    const region = result.table.columns.get('region')!;
    expect(region.kind === 'code' && [region.levels, Array.from(region.codes)]).toEqual([['1', '2'], [0, 0, 1, 0, 1, 0]]);
    const hasRd = result.table.columns.get('has_rd')!;
    expect(hasRd.kind === 'code' && Array.from(hasRd.codes)).toEqual([0, 1, 1, 0, 0, 1]);
    const dates = result.table.columns.get('survey_date')!;
    expect(dates.kind === 'date' && Array.from(dates.values, (ms) => new Date(ms).toISOString().slice(0, 10))).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
    ]);
    const tech = result.table.columns.get('tech')!;
    expect(tech.kind === 'multi' && tech.chosen.map((c) => Array.from(c))).toEqual([
      [1, 0, 1, 1, 0, 0],
      [0, 1, 1, 0, 0, 0],
      [1, 0, 0, 0, 1, 0],
      [0, 0, 0, 1, 0, 0],
    ]);
    expect(tech.kind === 'multi' && Array.from(tech.answered)).toEqual([1, 1, 1, 1, 1, 0]);
  });

  it('accounts for every row: read = kept + quarantined, blank rows apart', () => {
    expect(result.summary).toMatchObject({ rows_read: 11, rows_kept: 6, rows_quarantined: 5, rows_blank: 1, errors: 5 });
    expect(result.summary.files).toEqual([
      { file: 'responses/harbin.xlsx', sheets: ['调查数据'], rows_read: 11, rows_kept: 6, rows_quarantined: 5, rows_blank: 1, errors: 5, warnings: 1 },
    ]);
  });
});
