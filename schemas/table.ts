import { z } from 'zod';

const float64 = z.custom<Float64Array>((v) => v instanceof Float64Array, 'a Float64Array');
const int32 = z.custom<Int32Array>((v) => v instanceof Int32Array, 'an Int32Array');
const uint8 = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'a Uint8Array');

/** Numbers (number, integer); NaN is missing. */
export const NumberColumn = z.object({ kind: z.literal('number'), values: float64 });
/** Dates as milliseconds since 1970-01-01 UTC; NaN is missing. */
export const DateColumn = z.object({ kind: z.literal('date'), values: float64 });
/** Coded answers (single, likert): index into `levels` (the codebook's codes as strings, codebook order); -1 is missing. */
export const CodeColumn = z.object({ kind: z.literal('code'), codes: int32, levels: z.array(z.string()) });
/** Multiple response: `chosen[k][i]` is 1 when row i chose `levels[k]`; `answered[i]` is 0 for a blank answer. */
export const MultiColumn = z.object({
  kind: z.literal('multi'),
  levels: z.array(z.string()),
  chosen: z.array(uint8),
  answered: uint8,
});
/** Free text and ids; null is missing. */
export const TextColumn = z.object({ kind: z.literal('text'), values: z.array(z.string().nullable()) });

export const Column = z.discriminatedUnion('kind', [NumberColumn, DateColumn, CodeColumn, MultiColumn, TextColumn]);
export type Column = z.infer<typeof Column>;
export type NumberColumn = z.infer<typeof NumberColumn>;
export type DateColumn = z.infer<typeof DateColumn>;
export type CodeColumn = z.infer<typeof CodeColumn>;
export type MultiColumn = z.infer<typeof MultiColumn>;
export type TextColumn = z.infer<typeof TextColumn>;

/** Where each row came from: `files[file[i]]`, `sheets[sheet[i]]`, 1-based sheet row `row[i]`. */
export const RowSource = z.object({
  files: z.array(z.string()),
  sheets: z.array(z.string()),
  file: int32,
  sheet: int32,
  row: int32,
});
export type RowSource = z.infer<typeof RowSource>;

/** The validated responses, columnar: one typed column per codebook variable, all of length `rowCount`. */
export const CleanTable = z.object({
  rowCount: z.number().int().nonnegative(),
  columns: z.map(z.string(), Column),
  source: RowSource,
});
export type CleanTable = z.infer<typeof CleanTable>;
