import { describe, expect, it } from 'vitest';
import type { Codebook } from '../../schemas/codebook.js';
import { validate } from '../../pipeline/validate/index.js';
import { rawFromRows } from './raw-from-rows.js';

const codes = (...list: number[]) => list.map((code) => ({ code, label: { zh: `选项${code}`, en: `Option ${code}` } }));
const codebook: Codebook = [
  { name: 'id', type: 'id', label: { zh: '编号', en: 'ID' } },
  { name: 'has_rd', type: 'single', label: { zh: '是否研发', en: 'Any R&D' }, codes: [{ code: 1, label: { zh: '是', en: 'Yes' } }, { code: 2, label: { zh: '否', en: 'No' } }] },
  { name: 'rd_spend', type: 'number', label: { zh: '研发经费', en: 'R&D spend' }, min: 0, required: true, skip_if: 'has_rd == 2' },
  { name: 'staff', type: 'integer', label: { zh: '人数', en: 'Staff' }, min: 0, max: 100000 },
  { name: 'rd_staff', type: 'integer', label: { zh: '研发人数', en: 'R&D staff' }, min: 0, rule: 'rd_staff <= staff' },
  { name: 'tech', type: 'multi', label: { zh: '技术', en: 'Tech' }, codes: codes(1, 2, 3) },
  { name: 'score', type: 'likert', label: { zh: '评分', en: 'Score' }, codes: codes(1, 2, 3, 4, 5) },
  { name: 'when', type: 'date', label: { zh: '日期', en: 'Date' } },
  { name: 'note', type: 'text', label: { zh: '备注', en: 'Note' } },
];
const header = ['id', 'has_rd', 'rd_spend', 'staff', 'rd_staff', 'tech', 'score', 'when', 'note'];
const check = (rows: (string | number | null | { date: string })[][]) => validate(rawFromRows(codebook, [{ header, rows }]), codebook);
const messages = (rows: Parameters<typeof check>[0]) => check(rows).issues.map((i) => i.message);

describe('validate', () => {
  it('accepts a clean row and converts every type', () => {
    const { table, issues, summary } = check([['A1', '是', '1,200.5', 10, 2, '1；3', '５', '2026/3/1', ' fine ']]);
    expect(issues).toEqual([]);
    expect(summary).toMatchObject({ rows_read: 1, rows_kept: 1, rows_quarantined: 0 });
    expect(table.columns.get('has_rd')).toEqual({ kind: 'code', codes: Int32Array.from([0]), levels: ['1', '2'] });
    expect(table.columns.get('rd_spend')).toEqual({ kind: 'number', values: Float64Array.from([1200.5]) });
    expect(table.columns.get('score')).toEqual({ kind: 'code', codes: Int32Array.from([4]), levels: ['1', '2', '3', '4', '5'] });
    expect(table.columns.get('when')).toEqual({ kind: 'date', values: Float64Array.from([Date.UTC(2026, 2, 1)]) });
    expect(table.columns.get('note')).toEqual({ kind: 'text', values: ['fine'] });
    const tech = table.columns.get('tech');
    expect(tech?.kind === 'multi' && tech.chosen.map((c) => c[0])).toEqual([1, 0, 1]);
  });

  it('reads Excel date serials and date cells in a date column', () => {
    const { table, issues } = check([
      ['A1', 2, null, 1, 0, null, null, 46085, null],
      ['A2', 2, null, 1, 0, null, null, { date: '2026-03-05' }, null],
    ]);
    expect(issues).toEqual([]);
    expect(table.columns.get('when')).toEqual({ kind: 'date', values: Float64Array.from([Date.UTC(2026, 2, 4), Date.UTC(2026, 2, 5)]) });
  });

  it('enforces skip rules both ways: blank when skipped, required when not', () => {
    expect(messages([['A1', 2, 5, 10, 0, null, null, null, null]])).toEqual([
      'data.xlsx \'data\'!C2 (rd_spend): expected a blank cell, as the skip rule has_rd == 2 holds (has_rd = 2), found "5"',
    ]);
    expect(messages([['A1', 1, null, 10, 0, null, null, null, null]])).toEqual([
      "data.xlsx 'data'!C2 (rd_spend): expected a value (the question is required), found a blank cell",
    ]);
    // the gate question blank: cannot tell, so neither is reported
    expect(messages([['A1', null, null, 10, 0, null, null, null, null]])).toEqual([]);
  });

  it('checks cross-field rules only when their variables are present', () => {
    expect(messages([['A1', 2, null, 8, 20, null, null, null, null]])).toEqual([
      'data.xlsx \'data\'!E2 (rd_staff): expected rd_staff <= staff to hold, found "20" (staff = 8)',
    ]);
    expect(messages([['A1', 2, null, null, 20, null, null, null, null]])).toEqual([]);
    expect(messages([['A1', 2, null, 'many', 20, null, null, null, null]])).toEqual([
      'data.xlsx \'data\'!D2 (staff): expected an integer between 0 and 100000, found "many"',
    ]);
  });

  it('names the bad code of a multiple response and of a Likert item', () => {
    expect(messages([['A1', 2, null, 1, 0, '1,4', 6, null, null]])).toEqual([
      'data.xlsx \'data\'!F2 (tech): expected codes from 1, 2, 3 separated by , ; 、 or spaces, found "1,4"',
      'data.xlsx \'data\'!G2 (score): expected one of the codes 1, 2, 3, 4, 5, found "6"',
    ]);
  });

  it('finds duplicate ids across files, keeping the first', () => {
    const raw = rawFromRows(codebook, [
      { file: 'a.xlsx', header, rows: [['X1', 2, null, 1, 0, null, null, null, null]] },
      { file: 'b.csv', sheet: null, header, rows: [[' X1', 2, null, 1, 0, null, null, null, null], ['X2', 2, null, 1, 0, null, null, null, null]] },
    ]);
    const result = validate(raw, codebook);
    expect(result.issues.map((i) => i.message)).toEqual(["b.csv A2 (id): expected a unique value, found \"X1\" again (first at a.xlsx 'data'!A2)"]);
    expect(result.summary.files.map((f) => [f.file, f.rows_kept, f.rows_quarantined])).toEqual([
      ['a.xlsx', 1, 0],
      ['b.csv', 1, 1],
    ]);
  });

  it('flags outliers as warnings and keeps their rows', () => {
    const rows = [10, 12, 11, 13, 9, 10, 12, 11, 10, 9, 5000].map((staff, k) => [`A${k}`, 2, null, staff, 0, null, null, null, null]);
    const result = check(rows);
    expect(result.issues.map((i) => [i.code, i.severity, i.cell])).toEqual([['outlier', 'warning', "'data'!D12"]]);
    expect(result.issues[0]!.message).toBe(
      'data.xlsx \'data\'!D12 (staff): expected a value from 1 to 21 (within 5 interquartile ranges of the median), found "5000"; the row is kept (check the value)',
    );
    expect(result.summary.rows_kept).toBe(11);
  });

  it('rejects text with control characters and error cells, and never changes its input', () => {
    const raw = rawFromRows(codebook, [{ header, rows: [['A1', 2, null, 1, 0, null, null, null, 'a\u0001b'], ['A2', 2, null, 1, 0, null, null, 'not a date', null]] }]);
    const before = structuredClone(raw);
    const result = validate(raw, codebook);
    expect(result.issues.map((i) => i.message)).toEqual([
      'data.xlsx \'data\'!I2 (note): expected text without control characters, found "a\\u0001b"',
      "data.xlsx 'data'!H3 (when): expected a date (a date cell, an Excel date serial or text like 2026-03-15), found \"not a date\"",
    ]);
    expect(raw).toEqual(before);
  });

  it('gives an empty table for no rows', () => {
    const result = check([]);
    expect(result.table.rowCount).toBe(0);
    expect(result.summary).toMatchObject({ rows_read: 0, rows_kept: 0, rows_quarantined: 0, issues: [] });
  });
});
