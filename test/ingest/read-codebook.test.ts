import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../pipeline/errors.js';
import { readCodebook } from '../../pipeline/ingest/index.js';
import { codebook } from '../fixtures/ingest/fixture-codebook.js';

const fixtures = path.join(import.meta.dirname, '../fixtures/ingest');

async function problems(name: string): Promise<string[]> {
  const error = await readCodebook(path.join(fixtures, name), { display: name }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).issues.map((i) => i.message);
}

describe('readCodebook', () => {
  it('reads codebook.json and codebook.xlsx to the same codebook', async () => {
    const fromJson = await readCodebook(path.join(fixtures, 'codebook.json'));
    const fromXlsx = await readCodebook(path.join(fixtures, 'codebook.xlsx'));
    expect(fromJson).toEqual(codebook);
    expect(fromXlsx).toEqual(codebook);
  });

  it('points each problem of a bad codebook.xlsx at its cell', async () => {
    expect(await problems('bad-codebook-duplicate-name.xlsx')).toMatchInlineSnapshot(`
      [
        "bad-codebook-duplicate-name.xlsx 'variables'!A5 (name): expected a variable name used once, found "resp_id"",
      ]
    `);
    expect(await problems('bad-codebook-min-above-max.xlsx')).toMatchInlineSnapshot(`
      [
        "bad-codebook-min-above-max.xlsx 'variables'!F4 (min): expected min <= max (-1), found "0"",
      ]
    `);
    expect(await problems('bad-codebook-codes-on-number.xlsx')).toMatchInlineSnapshot(`
      [
        "bad-codebook-codes-on-number.xlsx 'codes'!A15 (variable): expected codes only for single, multi or likert variables, found 1 code for "employees" (integer)",
      ]
    `);
    expect(await problems('bad-codebook-unknown-skip-variable.xlsx')).toMatchInlineSnapshot(`
      [
        "bad-codebook-unknown-skip-variable.xlsx 'variables'!J8 (skip_if): expected names of codebook variables, found "has_rnd"",
      ]
    `);
    expect(await problems('bad-codebook-bad-type.xlsx')).toMatchInlineSnapshot(`
      [
        "bad-codebook-bad-type.xlsx 'variables'!B4 (type): expected one of "id", "single", "multi", "likert", "number", "integer", "text", "date", found "numbr"",
      ]
    `);
  });
});
