/**
 * The reference for the differential test: exceljs 4.4 reading a workbook, its cells converted the way ingest
 * converted them before it had its own reader (streaming WorkbookReader for the values, readFile for the merged
 * ranges and sheet states, which the streaming reader ignores). exceljs's streaming reader decodes UTF-8 chunk by
 * chunk and so turns a character split between two chunks into U+FFFD (exceljs issues #2063, #2084, open): such
 * texts are taken from readFile instead, which decodes whole parts, and counted in `repaired`.
 */
import ExcelJS from 'exceljs';
import { CellKind, isBlankText, type RawValue } from '../../pipeline/ingest/cell-value.js';
import { isDateFormat } from '../../pipeline/ingest/read-xlsx.js';
import type { CellRange } from '../../pipeline/ingest/sheet-grid.js';

/** One sheet as a map from `row:col` to [kind, value], with its merged ranges and row numbers. */
export interface CellMap {
  name: string;
  hidden: boolean;
  cells: Map<string, [number, RawValue]>;
  rows: number[];
  merges: CellRange[];
  /** Texts the streaming reader garbled, taken from readFile. */
  repaired: number;
}

interface StreamRow {
  number: number;
  values: unknown[];
  getCell(col: number): { numFmt?: string };
}

/** Reads every sheet of `file` with exceljs, as cell maps in tab order. */
export async function readWithExceljs(file: string): Promise<CellMap[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheets = new Map<string, CellMap>();
  for (const ws of book.worksheets) {
    const merges = ((ws.model as { merges?: string[] }).merges ?? []).map(parseRange);
    sheets.set(ws.name, { name: ws.name, hidden: ws.state !== 'visible', cells: new Map(), rows: [], merges, repaired: 0 });
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  }) as unknown as AsyncIterable<AsyncIterable<StreamRow> & { name: string }> & { properties?: { date1904?: boolean } };
  for await (const sheet of reader) {
    const map = sheets.get(sheet.name)!;
    const date1904 = reader.properties?.date1904 === true;
    for await (const row of sheet) {
      let filled = false;
      for (let col = 1; col < row.values.length; col++) {
        const v = row.values[col];
        if (v === undefined || v === null) continue;
        let cell = convert(v, row, col, date1904);
        if (cell === null) continue;
        if (cell[0] === CellKind.text && String(cell[1]).includes('\ufffd')) {
          const whole = book.getWorksheet(sheet.name)!.getCell(row.number, col).value;
          cell = convert(whole, row, col, date1904);
          map.repaired++;
          if (cell === null) continue;
        }
        map.cells.set(`${row.number}:${col}`, cell);
        filled = true;
      }
      if (filled) map.rows.push(row.number);
    }
  }
  return [...sheets.values()];
}

function parseRange(ref: string): CellRange {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref)!;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { left: col(m[1]!), top: Number(m[2]), right: col(m[3]!), bottom: Number(m[4]) };
}

/** exceljs's Date conversion, without the 1900 leap-year correction. */
function excelToMs(serial: number, date1904: boolean): number {
  return Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
}

function convert(v: unknown, row: StreamRow, col: number, date1904: boolean): [number, RawValue] | null {
  if (typeof v === 'number') return Number.isFinite(v) ? [CellKind.number, v === 0 ? 0 : v] : [CellKind.error, '#NUM!'];
  if (typeof v === 'string') return isBlankText(v) ? null : [CellKind.text, v];
  if (typeof v === 'boolean') return [CellKind.boolean, v ? 1 : 0];
  if (v instanceof Date) return [CellKind.date, v.getTime()];
  if (typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) {
    const text = (o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    return isBlankText(text) ? null : [CellKind.text, text];
  }
  if ('formula' in o || 'sharedFormula' in o) {
    const result = o.result;
    if (result === undefined || result === null || (typeof result === 'number' && !Number.isFinite(result))) {
      const formula = typeof o.formula === 'string' ? o.formula : typeof o.sharedFormula === 'string' ? o.sharedFormula : '';
      return [CellKind.error, `=${formula}`];
    }
    if (typeof result === 'number' && isDateFormat(row.getCell(col).numFmt)) return [CellKind.date, excelToMs(result, date1904)];
    return convert(result, row, col, date1904);
  }
  if (typeof o.error === 'string') return [CellKind.error, o.error];
  if (typeof o.text === 'string') return isBlankText(o.text) ? null : [CellKind.text, o.text];
  return null;
}
