import type { Inspection } from '../../schemas/inspect.js';
import { readGrids } from '../ingest/read-grids.js';
import type { SheetGrid } from '../ingest/sheet-grid.js';
import { profileSheet } from './profile-sheet.js';

/** Options of readInspection. */
export interface InspectOptions {
  /** Only this sheet; else every visible sheet. */
  sheet?: string;
  /** The 1-based header row, instead of guessing it. */
  headerRow?: number;
  /** The file name shown (default: the path given). */
  display?: string;
  /** Profile the sheets (default true); false leaves the grids as read, for listing their cells. */
  profile?: boolean;
}

/**
 * `thinktank inspect`, library side: reads a data file with the reader ingest uses (every visible sheet, or
 * `sheet`) and profiles each sheet (profileSheet). Returns the grids too, for listing cells. InputError when
 * the file cannot be read.
 */
export async function readInspection(file: string, options: InspectOptions = {}): Promise<{ inspection: Inspection; grids: SheetGrid[] }> {
  const display = options.display ?? file;
  const grids = await readGrids(file, { ...(options.sheet !== undefined ? { sheet: options.sheet } : { allSheets: true }), display });
  // profiling empties a platform export's skip markers, as ingest does: only when asked for
  const sheets = options.profile === false ? [] : grids.map((g) => profileSheet(g, options.headerRow));
  return { inspection: { file: display, sheets }, grids };
}
