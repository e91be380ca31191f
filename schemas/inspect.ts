import { z } from 'zod';

/** What a column's cells are, as `thinktank inspect` infers it from the cells below the header. */
export const InferredType = z.enum(['empty', 'integer', 'number', 'date', 'bool', 'text']);
export type InferredType = z.infer<typeof InferredType>;

/** One value and how many cells hold it. */
export const TopValue = z.object({ value: z.union([z.string(), z.number(), z.boolean()]), count: z.number().int().positive() });
export type TopValue = z.infer<typeof TopValue>;

/**
 * One column of a sheet as read: its letters, header (null when it has none), inferred type, missing cells
 * (blank below the header), error cells (#N/A, never calculated), distinct values, range (numbers, or dates as
 * ISO text) and its five commonest values.
 */
export const ColumnProfile = z.object({
  column: z.string(),
  header: z.string().nullable(),
  type: InferredType,
  values: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  distinct: z.number().int().nonnegative(),
  min: z.union([z.number(), z.string()]).nullable(),
  max: z.union([z.number(), z.string()]).nullable(),
  top: z.array(TopValue),
});
export type ColumnProfile = z.infer<typeof ColumnProfile>;

/** One sheet as read: where its header is (null when none was found) and its columns. */
export const SheetProfile = z.object({
  sheet: z.string().nullable(),
  header_row: z.number().int().positive().nullable(),
  rows: z.number().int().nonnegative(),
  columns: z.array(ColumnProfile),
});
export type SheetProfile = z.infer<typeof SheetProfile>;

/** `thinktank inspect FILE --json`: the file and each sheet read. */
export const Inspection = z.object({ file: z.string(), sheets: z.array(SheetProfile) });
export type Inspection = z.infer<typeof Inspection>;

/**
 * One non-empty cell, as `thinktank inspect --cells --json` prints it (one object a line): dates as ISO 8601
 * local date-times, errors as Excel shows them, `formula` for a formula with no cached value (value: its text).
 */
export const InspectCell = z.object({
  sheet: z.string().nullable(),
  cell: z.string(),
  kind: z.enum(['number', 'text', 'bool', 'date', 'error', 'formula']),
  value: z.union([z.string(), z.number(), z.boolean()]),
});
export type InspectCell = z.infer<typeof InspectCell>;
