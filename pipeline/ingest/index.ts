/**
 * Ingest: response files (.xlsx through our streaming sheet-XML reader, .csv in UTF-8 or GB18030; several files
 * at once in worker threads) into one columnar RawTable with every value's file, sheet, row and column; the
 * codebook reader; and readDataFile for reading a data file without a codebook (`thinktank estimate`).
 */
export { readCodebook } from './read-codebook.js';
export { ingestSurvey, listResponseFiles, type IngestSurveyOptions } from './ingest-survey.js';
export { ingestFile, type IngestFileOptions } from './ingest-file.js';
export { readDataFile, type DataFile } from './read-data-file.js';
export { CellKind, cellReference, columnLetters, excelSerialToMs, parseDateText, parseNumberText } from './cell-value.js';
export { normalizeHeader } from './normalize-header.js';
export { isRequired } from './raw-table-builder.js';
