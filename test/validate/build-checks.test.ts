import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Variable } from '../../schemas/codebook.js';
import type { RawColumn } from '../../schemas/raw-table.js';
import { CellKind, rawValueAt } from '../../pipeline/ingest/cell-value.js';
import { buildCheck, checkColumn } from '../../pipeline/validate/build-checks.js';
import { firstOccurrences } from '../../pipeline/validate/first-occurrences.js';

const label = { zh: '标签', en: 'label' };
const variable = (v: Partial<Variable> & Pick<Variable, 'name' | 'type'>): Variable => ({ label, ...v }) as Variable;
const codes = ['1', '2', '3'].map((code) => ({ code, label: { zh: `选项${code}`, en: `option ${code}` } }));

describe('buildCheck: acceptsNumber', () => {
  const numbers = [
    buildCheck(variable({ name: 'n', type: 'number' })),
    buildCheck(variable({ name: 'i', type: 'integer' })),
    buildCheck(variable({ name: 'r', type: 'number', min: -1.5, max: 100 })),
    buildCheck(variable({ name: 'k', type: 'integer', min: 0, max: 10 })),
  ];
  const edges = [0, -0, 1, -1, 10, 10.5, 100, 100.0001, -1.5, -1.6, 2 ** 53, 2 ** 53 - 1, Number.NaN, Infinity, -Infinity, 1e308];

  it('says yes only to numbers the schema accepts as they are', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.constantFrom(...edges)), (x) => {
        for (const check of numbers) {
          const full = check.check(CellKind.number, x);
          if (check.acceptsNumber!(x)) expect(full).toEqual({ ok: true, value: x });
          // and it says yes to the plain in-range numbers, or it would save nothing
          if (full.ok && Number.isInteger(x) && Math.abs(x) < 1e6) expect(check.acceptsNumber!(x)).toBe(true);
        }
      }),
    );
  });

  it('is null for types other than numbers', () => {
    expect(buildCheck(variable({ name: 'd', type: 'date' })).acceptsNumber).toBeNull();
    expect(buildCheck(variable({ name: 's', type: 'single', codes })).acceptsNumber).toBeNull();
  });
});

describe('checkColumn', () => {
  it('gives each cell the result of checking it alone, for repeated and distinct texts and numbers', () => {
    const column: RawColumn = {
      kinds: Uint8Array.from([1, 2, 2, 1, 1, 5, 2, 1, 4, 1, 2, 3]),
      values: Float64Array.from([2, 0, 1, 2, -0, 2, 0, 7, 1, 0, 3, Date.UTC(2026, 0, 1)]),
      texts: [' 3 ', '选项1', '#N/A', 'nope'],
    };
    for (const v of [
      variable({ name: 's', type: 'single', codes }),
      variable({ name: 'm', type: 'multi', codes }),
      variable({ name: 't', type: 'text' }),
      variable({ name: 'i', type: 'integer', min: 0, max: 5 }),
      variable({ name: 'd', type: 'date' }),
    ]) {
      const check = buildCheck(v);
      const results = checkColumn(check, column);
      for (let i = 0; i < column.kinds.length; i++) expect(results(i)).toEqual(check.check(column.kinds[i]!, rawValueAt(column, i)));
    }
  });

  it('keeps -0 apart from 0 in the results', () => {
    const column: RawColumn = { kinds: Uint8Array.from([1, 1]), values: Float64Array.from([0, -0]), texts: [] };
    const results = checkColumn(buildCheck(variable({ name: 't', type: 'text' })), column);
    expect([results(0), results(1)]).toEqual([
      { ok: true, value: '0' },
      { ok: true, value: '0' },
    ]);
    const numbers = checkColumn(buildCheck(variable({ name: 'n', type: 'number' })), column);
    expect(Object.is((numbers(1) as { value: number }).value, -0)).toBe(true);
  });
});

describe('firstOccurrences', () => {
  it('finds the first row of each key, as a Map would', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string({ maxLength: 3 }), { nil: null }), { maxLength: 200 }), (keys) => {
        const first = new Map<string, number>();
        const expected = keys.map((key, i) => {
          if (key === null) return -1;
          if (!first.has(key)) first.set(key, i);
          return first.get(key)!;
        });
        expect(Array.from(firstOccurrences(keys))).toEqual(expected);
      }),
    );
  });
});
