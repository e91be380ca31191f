import { open, stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { InputError } from '../errors.js';
import { msg } from '../messages.js';
import { CellKind, columnNumber, isBlankText, type RawValue } from './cell-value.js';
import { defaultLimits, type ReadLimits } from './read-limits.js';
import { GridBuilder, GridLimitError, type CellRange, type SheetGrid } from './sheet-grid.js';

/** Which sheets to keep: called with each sheet's name and visibility in workbook file order. */
export type SheetFilter = (name: string, hidden: boolean) => boolean;

/** A workbook as read: the grids of the kept sheets and the names of all sheets. */
export interface XlsxRead {
  grids: SheetGrid[];
  sheetNames: string[];
}

// exceljs internals we hook into (exceljs 4.4): the streaming reader ignores <mergeCell>, so the sheet XML is
// scanned for merged ranges as it streams past, and the same hook counts inflated bytes (zip-bomb guard).
interface SheetEvent {
  eventType: string;
  value: InternalSheetReader;
}
interface InternalSheetReader extends AsyncIterable<InternalRow> {
  name: string;
  state?: string;
}
interface InternalRow {
  number: number;
  values: unknown[];
  getCell(col: number): { numFmt?: string };
}
interface InternalBookReader extends AsyncIterable<InternalSheetReader> {
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<SheetEvent>;
  properties?: { date1904?: boolean };
  model?: { sheets?: { name: string; state?: string }[] };
}

/**
 * Reads the sheets of an .xlsx workbook that `keep` selects, with exceljs's streaming reader (the workbook is
 * never in memory as a whole). Cells become (kind, value) pairs: numbers, text, dates (date-formatted cells,
 * ms UTC), booleans, errors; formula cells give their cached result. InputError (naming `display`) for files
 * that are not workbooks, damaged zips, encrypted workbooks and exceeded limits.
 */
export async function readXlsx(
  file: string,
  keep: SheetFilter,
  options: { limits?: ReadLimits; display?: string } = {},
): Promise<XlsxRead> {
  const limits = options.limits ?? defaultLimits;
  const display = options.display ?? file;
  await checkZipFile(file, display, limits);

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  }) as unknown as InternalBookReader;
  const merges = new WeakMap<object, CellRange[]>();
  const inflated = { bytes: 0 };
  const parseWorksheet = reader._parseWorksheet.bind(reader);
  reader._parseWorksheet = function* (iterator, sheetNo) {
    const found: CellRange[] = [];
    for (const event of parseWorksheet(scanSheetXml(iterator, found, inflated, limits.max_inflated_bytes), sheetNo)) {
      merges.set(event.value, found);
      yield event;
    }
  };

  const grids: SheetGrid[] = [];
  const seen: string[] = [];
  try {
    for await (const sheet of reader) {
      seen.push(sheet.name);
      if (!keep(sheet.name, sheet.state === 'hidden' || sheet.state === 'veryHidden')) continue;
      const date1904 = reader.properties?.date1904 === true;
      const builder = new GridBuilder(limits.max_cells);
      for await (const row of sheet) {
        builder.startRow(row.number);
        const values = row.values;
        for (let col = 1; col < values.length; col++) {
          const v = values[col];
          if (v === undefined || v === null) continue;
          setCell(builder, col, v, row, date1904);
        }
        builder.endRow();
      }
      grids.push(builder.finish(display, sheet.name, merges.get(sheet) ?? []));
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof GridLimitError) throw new InputError(msg.limitExceeded(display, error.message));
    throw new InputError(msg.corruptXlsx(display, error instanceof Error ? error.message : String(error)));
  }
  const names = reader.model?.sheets?.map((s) => s.name) ?? seen;
  if (names.length === 0 && seen.length === 0) throw new InputError(msg.noSheets(display));
  return { grids, sheetNames: names.length > 0 ? names : seen };
}

/** Refuses files that are not zip archives before exceljs sees them (renamed PDFs, old .xls, encrypted files). */
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

const MERGE_START = Buffer.from('<mergeCells');
const MERGE_END = '</mergeCells>';

/**
 * Passes the chunks of a sheet's XML through unchanged while collecting its `<mergeCell ref="A1:C1"/>` ranges
 * (they come after the rows) and counting inflated bytes against `maxBytes`.
 */
async function* scanSheetXml(
  iterator: AsyncIterable<unknown>,
  merges: CellRange[],
  inflated: { bytes: number },
  maxBytes: number,
): AsyncGenerator<unknown> {
  let tail: Buffer = Buffer.alloc(0);
  let section: string | null = null;
  for await (const chunk of iterator) {
    const buf: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    inflated.bytes += buf.length;
    if (inflated.bytes > maxBytes) throw new GridLimitError(`more than ${maxBytes} bytes of sheet XML once unzipped`);
    if (section === null) {
      const joined = tail.length > 0 ? Buffer.concat([tail, buf]) : buf;
      const at = joined.indexOf(MERGE_START);
      if (at >= 0) section = joined.subarray(at).toString('utf8');
      else tail = joined.subarray(Math.max(0, joined.length - MERGE_START.length));
    } else if (!section.includes(MERGE_END)) {
      section += buf.toString('utf8');
    }
    yield chunk;
  }
  if (section !== null) {
    for (const m of section.matchAll(/<mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g)) {
      merges.push({
        left: columnNumber(m[1]!),
        top: Number(m[2]),
        right: columnNumber(m[3]!),
        bottom: Number(m[4]),
      });
    }
  }
}

function setCell(
  builder: GridBuilder,
  col: number,
  v: unknown,
  row: InternalRow,
  date1904: boolean,
): void {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) builder.set(col, CellKind.number, v === 0 ? 0 : v);
    else builder.set(col, CellKind.error, Number.isNaN(v) ? '#NUM!' : String(v));
    return;
  }
  if (typeof v === 'string') {
    if (!isBlankText(v)) builder.set(col, CellKind.text, v);
    return;
  }
  if (typeof v === 'boolean') {
    builder.set(col, CellKind.boolean, v ? 1 : 0);
    return;
  }
  if (v instanceof Date) {
    const ms = v.getTime();
    builder.set(col, Number.isFinite(ms) ? CellKind.date : CellKind.error, Number.isFinite(ms) ? ms : '#VALUE!');
    return;
  }
  if (typeof v !== 'object') return;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) {
    const text = (o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    if (!isBlankText(text)) builder.set(col, CellKind.text, text);
    return;
  }
  if ('formula' in o || 'sharedFormula' in o) {
    const result = o.result;
    if (result === undefined || result === null || (typeof result === 'number' && !Number.isFinite(result))) {
      // exceljs drops error results (#DIV/0!) and formulas never calculated have none: keep the formula
      const formula = typeof o.formula === 'string' ? o.formula : typeof o.sharedFormula === 'string' ? o.sharedFormula : '';
      builder.set(col, CellKind.error, `=${formula}`);
      return;
    }
    if (typeof result === 'number' && Number.isFinite(result) && isDateFormat(row.getCell(col).numFmt)) {
      builder.set(col, CellKind.date, excelToMs(result, date1904));
      return;
    }
    setCell(builder, col, result, row, date1904);
    return;
  }
  if (typeof o.error === 'string') {
    builder.set(col, CellKind.error, o.error);
    return;
  }
  if (typeof o.text === 'string') {
    if (!isBlankText(o.text)) builder.set(col, CellKind.text, o.text);
  }
}

function excelToMs(serial: number, date1904: boolean): number {
  return Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
}

/** Whether an Excel number format shows a date or time (`yyyy-mm-dd`, `m/d/yy h:mm`), ignoring quoted text. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format || format === 'General') return false;
  const bare = format.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
  return /[dmyhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}
