import type { Limits } from '../../schemas/survey.js';

/** Limits on what a reader accepts (survey.json `limits`). */
export type ReadLimits = Limits;

/**
 * The default limits (200 MB files, 2 GB inflated, 30M cells, 32,767 characters a cell): the defaults of
 * survey.json's `limits`, written out rather than parsed from the schema so the readers, which also run in
 * worker threads, do not load zod (a test checks the two agree).
 */
export const defaultLimits: ReadLimits = {
  max_file_bytes: 200 * 1024 * 1024,
  max_inflated_bytes: 2 * 1024 * 1024 * 1024,
  max_cells: 30_000_000,
  max_cell_chars: 32_767,
  max_shared_strings: 5_000_000,
  max_shared_chars: 100_000_000,
  max_columns: 16_384,
  max_line_chars: 4_194_304,
  max_issues: 200_000,
};
