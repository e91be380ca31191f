import { z } from 'zod';
import { Issue } from './issue.js';
import { CleanTable } from './table.js';

/** A cell of a quarantined row as it was: its column letters, header, variable (null if unmapped) and shown value. */
export const QuarantinedCell = z.object({
  column: z.string(),
  header: z.string(),
  variable: z.string().nullable(),
  value: z.string(),
});
export type QuarantinedCell = z.infer<typeof QuarantinedCell>;

/** A rejected row: where it was, why (the messages of its error issues), and its non-empty cells as they were. */
export const QuarantinedRow = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  row: z.number().int(),
  codes: z.array(z.string()),
  reasons: z.array(z.string()),
  cells: z.array(QuarantinedCell),
});
export type QuarantinedRow = z.infer<typeof QuarantinedRow>;

/** Row accounting of one file: rows_read = rows_kept + rows_quarantined; blank rows are skipped and counted apart. */
export const FileSummary = z.object({
  file: z.string(),
  sheets: z.array(z.string()),
  rows_read: z.number().int().nonnegative(),
  rows_kept: z.number().int().nonnegative(),
  rows_quarantined: z.number().int().nonnegative(),
  rows_blank: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
});
export type FileSummary = z.infer<typeof FileSummary>;

/**
 * `validation/summary.json` and the `thinktank validate --json` object: the row accounting overall and per file,
 * every issue (errors first by file and row, as found), and issue counts by code.
 */
export const ValidationSummary = z.object({
  rows_read: z.number().int().nonnegative(),
  rows_kept: z.number().int().nonnegative(),
  rows_quarantined: z.number().int().nonnegative(),
  rows_blank: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
  issues: z.array(Issue),
  files: z.array(FileSummary),
  by_code: z.record(z.string(), z.number().int()),
});
export type ValidationSummary = z.infer<typeof ValidationSummary>;

/** The output of the validate stage. */
export const Validation = z.object({
  table: CleanTable,
  issues: z.array(Issue),
  quarantine: z.array(QuarantinedRow),
  summary: ValidationSummary,
});
export type Validation = z.infer<typeof Validation>;
