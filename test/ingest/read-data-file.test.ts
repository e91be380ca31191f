import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../pipeline/errors.js';
import { readDataFile } from '../../pipeline/ingest/index.js';

const fixtures = path.join(import.meta.dirname, '../fixtures/ingest');
const apistrat = path.join(fixtures, 'apistrat.csv');

describe('readDataFile', () => {
  it('reads apistrat.csv: quoted fields, numbers as numbers, empty fields as null', async () => {
    const data = await readDataFile(apistrat);
    expect(data.headers).toHaveLength(39);
    expect(data.headers.slice(0, 3)).toEqual(['cds', 'stype', 'name']);
    expect(data.rows).toHaveLength(200);
    expect(data.sheet).toBeNull();
    expect(data.headerRow).toBe(1);
    const first = data.rows[0]!;
    const col = (name: string) => first[data.headers.indexOf(name)];
    expect(col('stype')).toBe('E');
    expect(col('sname')).toBe('Open Magnet: Center for Individual (Char');
    expect(col('api00')).toBe(840);
    expect(col('flag')).toBeNull();
    expect(col('pw')).toBe(44.2099990844727);
    expect(col('fpc')).toBe(4421);
    expect(data.rows.every((r) => r.length === 39)).toBe(true);
  });

  it('finds the header under a title row and a blank row, and converts cells of a field-office workbook', async () => {
    const data = await readDataFile(path.join(fixtures, 'field-office.xlsx'));
    expect(data.sheet).toBe('调查数据');
    expect(data.headerRow).toBe(3);
    expect(data.headers[0]).toBe('编号');
    expect(data.headers).toContain('备注');
    expect(data.rows).toHaveLength(11);
    expect(data.blankRows).toBe(1);
    expect(data.rowNumbers.slice(0, 6)).toEqual([4, 5, 6, 7, 8, 10]);
    // HRB-002: numbers stored as text with thousands separators
    expect(data.rows[2]!.slice(0, 4)).toEqual(['HRB-002', 1, 1250, 12000]);
    // a date cell becomes ISO text; a formula gives its cached result
    expect(data.rows[0]![4]).toBe('2026-03-02');
    expect(data.rows[5]![3]).toBe(200);
  });

  it('names the columns of a two-level header by their lowest header cell', async () => {
    const data = await readDataFile(path.join(fixtures, 'two-level-header.xlsx'));
    expect(data.headers).toEqual(['问卷编号', '所在市', '从业人员数', '营业收入', '满意度']);
    expect(data.rows).toEqual([
      ['Q-1', 1, 10, 100, 4],
      ['Q-2', 2, 20, 200, 5],
    ]);
  });

  it('reads a named sheet and refuses a missing one with the sheet names', async () => {
    const data = await readDataFile(path.join(fixtures, 'two-sheets.xlsx'), { sheet: 'Qiqihar' });
    expect(data.rows).toEqual([
      ['E-2', 2, 7],
      ['E-3', 2, 0],
    ]);
    await expect(readDataFile(path.join(fixtures, 'two-sheets.xlsx'), { sheet: 'Daqing' })).rejects.toThrow(
      /no sheet named "Daqing"; the sheets are "说明 instructions", "Harbin", "Qiqihar", "old"/,
    );
  });

  it('reads a GB18030 CSV and keeps codes with leading zeros as text', async () => {
    const data = await readDataFile(path.join(fixtures, 'gb18030.csv'));
    expect(data.headers).toEqual(['问卷编号', '所在市', '从业人员数', '营业收入（万元）', '意见建议']);
    expect(data.rows[0]).toEqual(['G-1', 1, 10, 1234.5, '很好，谢谢']);
    expect(data.rows[1]![4]).toBe('多行\r\n意见');
    expect(data.blankRows).toBe(1);
  });

  it('gives an InputError naming the file for files it cannot read', async () => {
    for (const name of ['bad-not-a-spreadsheet.xlsx', 'bad-truncated.xlsx', 'bad-encrypted.xlsx', 'bad-no-header.xlsx', 'bad-empty-workbook.xlsx', 'bad-lone-quote.csv', 'missing.csv']) {
      const error = await readDataFile(path.join(fixtures, name)).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(InputError);
      expect((error as Error).message, name).toContain(name);
    }
    await expect(readDataFile(path.join(fixtures, 'codebook.json'))).rejects.toThrow(/expected a \.xlsx, \.csv or \.sav file/);
  });
});
