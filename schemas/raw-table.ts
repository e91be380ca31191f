import { z } from 'zod';
import { Issue } from './issue.js';
import { RowSource } from './table.js';

const uint8 = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'a Uint8Array');
const int32 = z.custom<Int32Array>((v) => v instanceof Int32Array, 'an Int32Array');
const float64 = z.custom<Float64Array>((v) => v instanceof Float64Array, 'a Float64Array');

/**
 * One column of raw cells, as the sheet held them, in typed arrays (no value per cell on the JS heap).
 * `kinds[i]`: 0 empty, 1 number, 2 text, 3 date, 4 boolean, 5 error cell. `values[i]`: the number; a date's ms
 * since 1970 UTC; a boolean's 1/0; for a text or an error cell (e.g. `#N/A`) the index of its text in `texts`;
 * 0 when empty. `texts` holds the column's texts (untrimmed, so messages can show stray spaces), a repeated text
 * usually once, so a coded column's answers cost nothing (a column of ids or free text may repeat some); it may
 * hold texts no cell refers to.
 */
export const RawColumn = z.object({
  kinds: uint8,
  values: float64,
  texts: z.array(z.string()),
});
export type RawColumn = z.infer<typeof RawColumn>;

/** A sheet column read as a codebook variable: the column letters and the header text found. */
export const ColumnMapping = z.object({ variable: z.string(), column: z.string(), header: z.string() });
export type ColumnMapping = z.infer<typeof ColumnMapping>;

/** A sheet column that matches no codebook variable, with its cells (rows of its part), kept for quarantine. */
export const UnmappedColumn = z.object({ column: z.string(), header: z.string(), cells: RawColumn });
export type UnmappedColumn = z.infer<typeof UnmappedColumn>;

/**
 * One sheet of one file as ingested (a CSV has sheet null). Its rows are `first .. first + rows_read - 1` of the
 * RawTable. `missing` lists codebook variables with no column here (their cells read as empty).
 */
export const RawPart = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  header_row: z.number().int(),
  header_end: z.number().int(),
  mapping: z.array(ColumnMapping),
  unmapped: z.array(UnmappedColumn),
  missing: z.array(z.string()),
  first: z.number().int().nonnegative(),
  rows_read: z.number().int().nonnegative(),
  rows_blank: z.number().int().nonnegative(),
});
export type RawPart = z.infer<typeof RawPart>;

/** A file of the survey as ingested: its parts (sheets), or none when it could not be read (see `issues`). */
export const RawFile = z.object({ file: z.string(), parts: z.array(z.number().int()) });
export type RawFile = z.infer<typeof RawFile>;

/**
 * Every response row of every file before validation, columnar: one RawColumn per codebook variable (codebook
 * order, all of length `rowCount`), where each row came from (`source`, and `part[i]` indexing `parts`), the
 * header mapping of each part, and the issues found while reading (unreadable files, missing or unmapped columns).
 * Fully blank rows are not rows: they are counted in `rows_blank` of their part.
 */
export const RawTable = z.object({
  rowCount: z.number().int().nonnegative(),
  variables: z.array(z.string()),
  columns: z.map(z.string(), RawColumn),
  source: RowSource,
  part: int32,
  parts: z.array(RawPart),
  files: z.array(RawFile),
  issues: z.array(Issue),
});
export type RawTable = z.infer<typeof RawTable>;
