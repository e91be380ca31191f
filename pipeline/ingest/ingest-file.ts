import type { Codebook } from '../../schemas/codebook.js';
import type { RawTable } from '../../schemas/raw-table.js';
import type { Logger } from '../effects.js';
import { RawTableBuilder } from './raw-table-builder.js';
import { readGrids } from './read-grids.js';
import type { ReadLimits } from './read-limits.js';

/** Options of ingestFile. */
export interface IngestFileOptions {
  sheet?: string;
  encoding?: 'auto' | 'utf-8' | 'gb18030';
  limits?: ReadLimits;
  /** The name messages use for the file (default: the path as given). */
  display?: string;
  /** The 1-based row of the header (`--header-row`); guessed when absent. */
  headerRow?: number;
}

/**
 * Ingests one .xlsx, .csv or .sav file against a codebook (the I/O edge: reads, then the pure RawTableBuilder maps
 * headers and gathers rows). Without `sheet`, every visible sheet whose header matches the codebook is read.
 * InputError when the file cannot be read at all; header problems are issues in the RawTable.
 */
export async function ingestFile(
  file: string,
  codebook: Codebook,
  options: IngestFileOptions,
  log: Logger,
): Promise<RawTable> {
  const display = options.display ?? file;
  const grids = await readGrids(file, {
    ...(options.sheet !== undefined ? { sheet: options.sheet } : { allSheets: true }),
    encoding: options.encoding ?? 'auto',
    ...(options.limits ? { limits: options.limits } : {}),
    display,
  });
  const builder = new RawTableBuilder(codebook);
  builder.addFile(display, grids, options.sheet !== undefined ? 'named' : 'auto', options.headerRow);
  for (const note of builder.notes) log.info(note);
  return builder.finish();
}
