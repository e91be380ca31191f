import path from 'node:path';
import { InputError } from '../errors.js';
import { msg } from '../messages.js';
import { readCsv } from './read-csv.js';
import { readSav } from './read-sav.js';
import { defaultLimits, type ReadLimits } from './read-limits.js';
import { readXlsx, type SheetFilter } from './read-xlsx.js';
import type { SheetGrid } from './sheet-grid.js';

/** How to read one data file. */
export interface ReadGridsOptions {
  /** Keep only this sheet (xlsx); InputError when it does not exist. */
  sheet?: string;
  /** Keep every visible sheet (true) or only the first visible one (false, the default). */
  allSheets?: boolean;
  encoding?: 'auto' | 'utf-8' | 'gb18030';
  limits?: ReadLimits;
  /** The file name messages use (relative to the survey folder). */
  display?: string;
}

/**
 * Reads a .csv, .sav or .xlsx file into sheet grids: for a CSV or an SPSS file one grid with sheet null; for a workbook the sheet
 * named `sheet`, else every visible sheet (`allSheets`) or the first visible one. InputError for unsupported
 * types, missing sheets and unreadable files.
 */
export async function readGrids(file: string, options: ReadGridsOptions = {}): Promise<SheetGrid[]> {
  const display = options.display ?? file;
  const limits = options.limits ?? defaultLimits;
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') {
    const { grid } = await readCsv(file, { encoding: options.encoding ?? 'auto', limits, display });
    return [grid];
  }
  if (ext === '.sav' || ext === '.zsav') return [await readSav(file, { limits, display })];
  if (ext !== '.xlsx' && ext !== '.xlsm') throw new InputError(msg.unsupportedType(display));
  let taken = false;
  const keep: SheetFilter = (name, hidden) => {
    if (options.sheet !== undefined) return name === options.sheet;
    if (hidden) return false;
    if (options.allSheets) return true;
    if (taken) return false;
    taken = true;
    return true;
  };
  const { grids, sheetNames } = await readXlsx(file, keep, { limits, display });
  if (options.sheet !== undefined && grids.length === 0) {
    throw new InputError(msg.sheetNotFound(display, options.sheet, sheetNames));
  }
  if (grids.length === 0) throw new InputError(msg.noSheets(display));
  return grids;
}
