import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Codebook } from '../../schemas/codebook.js';
import { validate } from '../../pipeline/validate/index.js';
import { rawFromRows, type TestCell } from './raw-from-rows.js';

const codebook: Codebook = [
  { name: 'id', type: 'id', label: { zh: '编号', en: 'ID' } },
  { name: 'n', type: 'integer', label: { zh: '人数', en: 'N' }, min: 0, max: 50, required: true },
  { name: 'c', type: 'single', label: { zh: '类别', en: 'C' }, codes: [1, 2].map((code) => ({ code, label: { zh: `${code}`, en: `${code}` } })) },
  { name: 'x', type: 'number', label: { zh: '金额', en: 'X' }, skip_if: 'c == 2', rule: 'x >= n' },
];
const header = ['id', 'n', 'c', 'x'];

const cell: fc.Arbitrary<TestCell> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5, max: 60 }),
  fc.constantFrom('1', '2', 'n/a', ' ', '1,000', 'x'),
  fc.double({ noNaN: false }),
  fc.constant({ date: '2026-01-02' }),
);
const row = fc.tuple(fc.constantFrom<TestCell>('a', 'b', 'c', 'd', 'e', null), cell, cell, cell);
const sheet = fc.record({ rows: fc.array(row, { maxLength: 30 }) });

describe('row accounting', () => {
  it('rows read = kept + quarantined, per file and overall, for any rows; the table holds exactly the kept rows', () => {
    fc.assert(
      fc.property(fc.array(sheet, { minLength: 1, maxLength: 4 }), (sheets) => {
        const raw = rawFromRows(
          codebook,
          sheets.map((s, k) => ({ file: `file-${k}.xlsx`, header, rows: s.rows })),
        );
        const { summary, table, quarantine } = validate(raw, codebook);
        const blank = sheets.reduce((sum, s) => sum + s.rows.filter((r) => r.every((c) => c === null || c === ' ')).length, 0);
        const total = sheets.reduce((sum, s) => sum + s.rows.length, 0);
        // trailing blank rows are not counted anywhere, inner blank rows are counted as blank
        expect(summary.rows_read + summary.rows_blank).toBeLessThanOrEqual(total);
        expect(summary.rows_read).toBe(total - blank);
        expect(summary.rows_read).toBe(summary.rows_kept + summary.rows_quarantined);
        for (const f of summary.files) expect(f.rows_read).toBe(f.rows_kept + f.rows_quarantined);
        expect(summary.files.reduce((s, f) => s + f.rows_read, 0)).toBe(summary.rows_read);
        expect(table.rowCount).toBe(summary.rows_kept);
        expect(quarantine).toHaveLength(summary.rows_quarantined);
        expect(quarantine.every((q) => q.reasons.length > 0)).toBe(true);
        const errorRows = new Set(summary.issues.filter((i) => i.severity === 'error' && i.row !== null).map((i) => `${i.file}:${i.row}`));
        expect(quarantine.map((q) => `${q.file}:${q.row}`).sort()).toEqual([...new Set(quarantine.map((q) => `${q.file}:${q.row}`))].sort());
        for (const key of errorRows) expect(quarantine.some((q) => `${q.file}:${q.row}` === key)).toBe(true);
      }),
      { numRuns: 200, seed: 20260315 },
    );
  });

  it('does not depend on the order of the files', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), fc.array(row, { maxLength: 20 }), (a, b) => {
        const one = validate(rawFromRows(codebook, [{ file: 'a.xlsx', header, rows: a }, { file: 'b.xlsx', header, rows: b }]), codebook).summary;
        const two = validate(rawFromRows(codebook, [{ file: 'b.xlsx', header, rows: b }, { file: 'a.xlsx', header, rows: a }]), codebook).summary;
        expect(one.rows_kept + one.rows_quarantined).toBe(two.rows_kept + two.rows_quarantined);
        expect(one.rows_blank).toBe(two.rows_blank);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
