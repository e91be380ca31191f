import { open, stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { location, msg } from '../messages.js';
import { cellReference } from './cell-value.js';
import { parseSharedStrings, type SharedStrings } from './parse-shared-strings.js';
import { parseSheetXml, type SheetContext } from './parse-sheet-xml.js';
import { parseDateStyles } from './parse-styles.js';
import { parseWorkbook, parseWorkbookPath } from './parse-workbook.js';
import { defaultLimits, type ReadLimits } from './read-limits.js';
import { readZip, ZipLimitError, type ZipArchive } from './read-zip.js';
import { GridBuilder, GridLimitError, type SheetGrid } from './sheet-grid.js';

export { isDateFormat } from './parse-styles.js';

/** The largest workbook.xml, relationships or styles.xml read whole (the sheets and shared strings stream). */
const MAX_PART_BYTES = 64 * 1024 * 1024;

/** Which sheets to keep: called with each worksheet's name and visibility, in the workbook's tab order. */
export type SheetFilter = (name: string, hidden: boolean) => boolean;

/** A workbook as read: the grids of the kept sheets and the names of all sheets. */
export interface XlsxRead {
  grids: SheetGrid[];
  sheetNames: string[];
}

/**
 * Reads the sheets of an .xlsx workbook that `keep` selects with our streaming reader: the zip's central
 * directory first, then workbook.xml, its relationships, the shared strings and styles, then each kept sheet's
 * XML as it inflates (a workbook is never in memory as a whole, only its shared strings). Cells become (kind,
 * value) pairs: numbers, text, dates (date-formatted numbers, ms UTC), booleans, errors; formula cells give their
 * cached result. InputError (naming `display`) for files that are not workbooks, damaged zips or XML,
 * encrypted workbooks and exceeded limits (file size, inflated bytes of all parts, cells, characters a cell).
 */
export async function readXlsx(
  file: string,
  keep: SheetFilter,
  options: { limits?: ReadLimits; display?: string } = {},
): Promise<XlsxRead> {
  const limits = options.limits ?? defaultLimits;
  const display = options.display ?? file;
  await checkZipFile(file, display, limits);
  let zip: ZipArchive;
  try {
    zip = await readZip(file, limits.max_inflated_bytes);
  } catch (error) {
    throw asInputError(error, display);
  }
  try {
    return await readWorkbook(zip, keep, limits, display);
  } catch (error) {
    throw asInputError(error, display);
  } finally {
    await zip.close();
  }
}

async function readWorkbook(zip: ZipArchive, keep: SheetFilter, limits: ReadLimits, display: string): Promise<XlsxRead> {
  const whole = async (path: string | null): Promise<Buffer | null> => {
    const entry = path === null ? null : zip.entry(path);
    if (entry === null) return null;
    if (entry.size > MAX_PART_BYTES) throw new GridLimitError(`${entry.name} has more than ${MAX_PART_BYTES} bytes`);
    const chunks: Buffer[] = [];
    for await (const chunk of zip.read(entry)) chunks.push(chunk);
    return Buffer.concat(chunks);
  };
  const workbookPath = parseWorkbookPath(await whole('_rels/.rels'));
  const workbookXml = await whole(workbookPath);
  if (workbookXml === null) throw new InputError(msg.notXlsx(display, 'a zip archive without a workbook in it'));
  const slash = workbookPath.lastIndexOf('/');
  const relsPath = `${workbookPath.slice(0, slash + 1)}_rels/${workbookPath.slice(slash + 1)}.rels`;
  const info = parseWorkbook(workbookPath, workbookXml, await whole(relsPath));
  const sheetNames = info.sheets.map((s) => s.name);
  if (sheetNames.length === 0) throw new InputError(msg.noSheets(display));

  const chosen = info.sheets.filter((s) => s.path !== null && keep(s.name, s.hidden));
  const grids: SheetGrid[] = [];
  if (chosen.length === 0) return { grids, sheetNames };

  const maxUnitBytes = Math.max(1 << 20, limits.max_cell_chars * 16);
  const tooLarge = `a cell of more than ${limits.max_cell_chars} characters`;
  const sstEntry = info.sharedStrings === null ? null : zip.entry(info.sharedStrings);
  const shared: SharedStrings =
    sstEntry === null
      ? { strings: [], blank: new Uint8Array(0) }
      : await parseSharedStrings(zip.read(sstEntry), maxUnitBytes, tooLarge, { maxStrings: limits.max_shared_strings, maxChars: limits.max_shared_chars });
  const styles = await whole(info.styles);
  const context: SheetContext = {
    shared,
    dateStyles: styles === null ? new Uint8Array(0) : parseDateStyles(styles),
    date1904: info.date1904,
    maxCellChars: limits.max_cell_chars,
    maxUnitBytes,
  };
  // the cells of every sheet count against one limit: a file of many sheets is no bigger an allowance
  const count = { cells: 0 };
  for (const sheet of chosen) {
    const entry = zip.entry(sheet.path!);
    if (entry === null) throw new InputError(msg.corruptXlsx(display, `the part ${sheet.path} of sheet "${sheet.name}" is missing`));
    const builder = new GridBuilder(limits.max_cells, limits.max_columns, count);
    try {
      const merges = await parseSheetXml(zip.read(entry), context, builder);
      grids.push(builder.finish(display, sheet.name, merges));
    } catch (error) {
      // a limit met at a cell: name the cell
      if (!(error instanceof GridLimitError) || error.at === null) throw error;
      const cell = cellReference(sheet.name, error.at.col, error.at.row);
      throw new InputError(msg.limitExceeded(location(display, sheet.name, cell, null), error.message));
    }
  }
  return { grids, sheetNames };
}

/** The InputError a reading failure becomes: limits as limits, anything else as a damaged workbook. */
function asInputError(error: unknown, display: string): InputError {
  if (error instanceof InputError) return error;
  if (error instanceof GridLimitError || error instanceof ZipLimitError) return new InputError(msg.limitExceeded(display, error.message));
  return new InputError(msg.corruptXlsx(display, error instanceof Error ? error.message : String(error)));
}

/** Refuses files that are not zip archives before reading them (renamed PDFs, old .xls, encrypted files). */
async function checkZipFile(file: string, display: string, limits: ReadLimits): Promise<void> {
  let size: number;
  const head = Buffer.alloc(8);
  try {
    size = (await stat(file)).size;
    const handle = await open(file, 'r');
    try {
      await handle.read(head, 0, 8, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new InputError(msg.cannotRead(display, error instanceof Error ? error.message : String(error)));
  }
  if (size > limits.max_file_bytes) throw new InputError(msg.fileTooLarge(display, size, limits.max_file_bytes));
  if (size === 0) throw new InputError(msg.notXlsx(display, 'an empty file'));
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return;
  if (head.readUInt32BE(0) === 0xd0cf11e0) {
    throw new InputError(msg.notXlsx(display, 'an encrypted workbook or an old .xls file (save it as .xlsx without a password)'));
  }
  if (head.subarray(0, 4).toString('latin1') === '%PDF') throw new InputError(msg.notXlsx(display, 'a PDF file'));
  throw new InputError(msg.notXlsx(display, 'something else (not a zip archive)'));
}
