import { z } from 'zod';

/** How bad an issue is: an error quarantines the row (or fails the run), a warning keeps it. */
export const Severity = z.enum(['error', 'warning']);
export type Severity = z.infer<typeof Severity>;

/**
 * One problem found in the inputs, located so an analyst can jump to it.
 * `cell` is pasteable into Excel's Go To box (`'Sheet1'!D14`); null when the problem has no single cell.
 */
export const Issue = z.strictObject({
  file: z.string(),
  sheet: z.string().nullable(),
  cell: z.string().nullable(),
  column: z.string().nullable(),
  row: z.number().int().nullable(),
  code: z.string(),
  severity: Severity,
  expected: z.string(),
  found: z.string(),
  message: z.string(),
});
export type Issue = z.infer<typeof Issue>;
