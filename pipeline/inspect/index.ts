/**
 * Inspect: what thinktank reads from a data file, with the reader ingest uses and no codebook: per sheet the
 * header row found and a profile of each column (`thinktank inspect`), or every non-empty cell (`--cells`).
 */
export { readInspection, type InspectOptions } from './read-inspection.js';
export { profileSheet, profileColumn } from './profile-sheet.js';
export { listCells, isoLocal } from './list-cells.js';
export { formatInspection } from './format-inspection.js';
export { classifyCells, type CellValue } from './classify-cells.js';
