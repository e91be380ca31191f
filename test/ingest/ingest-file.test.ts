import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger, silentLogger } from '../../pipeline/effects.js';
import { InputError } from '../../pipeline/errors.js';
import { CellKind, ingestFile } from '../../pipeline/ingest/index.js';
import { defaultLimits } from '../../pipeline/ingest/read-limits.js';
import { codebook } from '../fixtures/ingest/fixture-codebook.js';
import { columnValues } from './grid-cells.js';

const fixtures = path.join(import.meta.dirname, '../fixtures/ingest');
const ingest = (name: string, options: Parameters<typeof ingestFile>[2] = {}) =>
  ingestFile(path.join(fixtures, name), codebook, { display: name, ...options }, silentLogger);

describe('ingestFile', () => {
  it('maps Chinese headers (full-width brackets, alias, trailing space) of a field-office workbook to variables', async () => {
    const raw = await ingest('field-office.xlsx');
    const part = raw.parts[0]!;
    expect(part).toMatchObject({ file: 'field-office.xlsx', sheet: '调查数据', header_row: 3, first: 0, rows_read: 11, rows_blank: 1 });
    expect(part.mapping.map((m) => `${m.column}:${m.variable}`)).toEqual([
      'A:resp_id',
      'B:region',
      'C:employees',
      'D:revenue',
      'E:survey_date',
      'F:has_rd',
      'G:rd_spend',
      'H:rd_staff',
      'I:tech',
      'J:satisfaction',
      'K:comment',
    ]);
    expect(part.unmapped.map((u) => [u.column, u.header])).toEqual([['L', '备注']]);
    expect(part.missing).toEqual([]);
    expect(raw.issues.map((i) => i.code)).toEqual(['unmapped_column']);
  });

  it('keeps every value with its source row and raw kind (date cells, serials, formulas, text numbers)', async () => {
    const raw = await ingest('field-office.xlsx');
    expect(Array.from(raw.source.row)).toEqual([4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15]);
    const dates = raw.columns.get('survey_date')!;
    expect(dates.kinds[0]).toBe(CellKind.date);
    expect(columnValues(dates)[0]).toBe(Date.UTC(2026, 2, 2));
    expect([dates.kinds[3], columnValues(dates)[3]]).toEqual([CellKind.number, 46085]);
    const revenue = raw.columns.get('revenue')!;
    expect([revenue.kinds[5], columnValues(revenue)[5]]).toEqual([CellKind.number, 200]);
    const employees = raw.columns.get('employees')!;
    expect([employees.kinds[2], columnValues(employees)[2]]).toEqual([CellKind.text, '1,250']);
  });

  it('reads two-level headers with merged cells', async () => {
    const raw = await ingest('two-level-header.xlsx');
    const part = raw.parts[0]!;
    expect([part.header_row, part.header_end, part.rows_read]).toEqual([1, 2, 2]);
    expect(part.mapping.map((m) => `${m.column}:${m.variable}`)).toEqual(['A:resp_id', 'B:region', 'C:employees', 'D:revenue', 'E:satisfaction']);
    expect(raw.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('reads every matching visible sheet, skipping instructions and hidden sheets, with English headers in any case', async () => {
    const log = memoryLogger();
    const raw = await ingestFile(path.join(fixtures, 'two-sheets.xlsx'), codebook, { display: 'two-sheets.xlsx' }, log);
    expect(raw.parts.map((p) => [p.sheet, p.rows_read])).toEqual([
      ['Harbin', 1],
      ['Qiqihar', 2],
    ]);
    expect(raw.source.sheets).toEqual(['Harbin', 'Qiqihar']);
    expect(columnValues(raw.columns.get('revenue')!)).toEqual([10, null, null]);
    expect(log.lines[0]).toBe("two-sheets.xlsx '说明 instructions': skipped (no header matching the codebook)");
  });

  it('reads GB18030 and UTF-8-with-BOM CSV files alike', async () => {
    const gb = await ingest('gb18030.csv');
    const utf8 = await ingest('utf8-bom.csv');
    expect(gb.columns).toEqual(utf8.columns);
    expect(columnValues(gb.columns.get('comment')!)).toEqual(['很好，谢谢', '多行\r\n意见', null]);
    expect(gb.parts[0]).toMatchObject({ sheet: null, rows_read: 3, rows_blank: 1 });
  });

  it('refuses a file over the cell limit with an InputError', async () => {
    const limits = { ...defaultLimits, max_cells: 20 };
    await expect(ingest('field-office.xlsx', { limits })).rejects.toThrow(
      'field-office.xlsx: the file is too big to read safely: more than 20 non-empty cells (limits.max_cells) (raise limits in survey.json if it is genuine)',
    );
    await expect(ingest('field-office.xlsx', { limits: { ...defaultLimits, max_inflated_bytes: 1000 } })).rejects.toThrow(/once unzipped/);
    await expect(ingest('gb18030.csv', { limits: { ...defaultLimits, max_file_bytes: 10 } })).rejects.toThrow(/more than the limit of 10 bytes/);
  });
});

describe('bad files: one defect each, never a stack trace', () => {
  const unreadable: [string, string][] = [
    ['bad-not-a-spreadsheet.xlsx', 'bad-not-a-spreadsheet.xlsx: expected an .xlsx workbook, found a PDF file'],
    ['bad-encrypted.xlsx', 'bad-encrypted.xlsx: expected an .xlsx workbook, found an encrypted workbook or an old .xls file (save it as .xlsx without a password)'],
    ['bad-truncated.xlsx', 'bad-truncated.xlsx: the workbook is damaged and cannot be read (the zip archive is cut short: no central directory); open it in Excel and save it again'],
    ['bad-lone-quote.csv', 'bad-lone-quote.csv: line 2: a quoted field starts here and never ends (a lone " character?)'],
  ];
  for (const [name, message] of unreadable) {
    it(`${name}: an InputError naming the file`, async () => {
      const error = await ingest(name).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(message);
    });
  }

  const flagged: [string, string, 'error' | 'warning'][] = [
    ['bad-empty-workbook.xlsx', 'empty_sheet', 'error'],
    ['bad-no-header.xlsx', 'no_header', 'error'],
    ['bad-duplicate-header.xlsx', 'duplicate_column', 'error'],
    ['bad-missing-required.xlsx', 'missing_column', 'error'],
    ['bad-empty-header.xlsx', 'unmapped_column', 'warning'],
    ['bad-proto-header.xlsx', 'unmapped_column', 'warning'],
  ];
  for (const [name, code, severity] of flagged) {
    it(`${name}: a ${code} ${severity}`, async () => {
      const raw = await ingest(name);
      const own = raw.issues.filter((i) => i.code !== 'missing_column' || i.severity === 'error');
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((i) => i.code === code && i.severity === severity && i.file === name)).toBe(true);
    });
  }

  it('bad-proto-header.xlsx: __proto__, constructor and prototype headers stay plain columns', async () => {
    const raw = await ingest('bad-proto-header.xlsx');
    expect(raw.parts[0]!.unmapped.map((u) => u.header)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
