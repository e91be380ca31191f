import { InputError } from '../errors.js';
import { msg } from '../messages.js';
import { parseSav, SavError } from './parse-sav.js';
import { defaultLimits, type ReadLimits } from './read-limits.js';
import { readWholeFile } from './read-whole-file.js';
import { GridLimitError, type SheetGrid } from './sheet-grid.js';

/**
 * Reads an SPSS .sav or .zsav file into one grid (sheet null; row 1 the variable names, then one row a case),
 * with each column's variable label and value labels in `meta`. InputError when the file is too large, not a
 * system file, damaged, or over a limit.
 */
export async function readSav(file: string, options: { limits?: ReadLimits; display?: string } = {}): Promise<SheetGrid> {
  const limits = options.limits ?? defaultLimits;
  const display = options.display ?? file;
  const bytes = await readWholeFile(file, display, limits.max_file_bytes);
  try {
    const { grid, variables } = parseSav(bytes, display, limits.max_cells);
    grid.meta = variables.map((v) => ({ label: v.label, valueLabels: v.valueLabels }));
    return grid;
  } catch (error) {
    if (error instanceof GridLimitError) throw new InputError(msg.limitExceeded(display, error.message));
    if (error instanceof SavError || error instanceof RangeError) {
      throw new InputError(msg.corruptSav(display, error instanceof SavError ? error.message : 'it ends early'));
    }
    throw error;
  }
}
