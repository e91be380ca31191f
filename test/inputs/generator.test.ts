import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnLetters, formatThousands, toExcelSerial } from '../../inputs/generate-heilongjiang/cells.js';
import { Random, deriveSeed } from '../../inputs/generate-heilongjiang/random.js';
import { normalizeZipTimestamps } from '../../inputs/generate-heilongjiang/zip-timestamps.js';

describe('the example generator helpers', () => {
  it('draws the same numbers from the same seed and different ones from another', () => {
    const draw = (seed: number) => {
      const rng = new Random(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(deriveSeed(1, '230100')).not.toBe(deriveSeed(1, '230200'));
  });

  it('formats numbers the way field offices type them', () => {
    expect(formatThousands(1234)).toBe('1,234');
    expect(formatThousands(12345.6)).toBe('12,345.6');
    expect(formatThousands(999)).toBe('999');
    expect(formatThousands(-1234567)).toBe('-1,234,567');
  });

  it('names columns and dates as Excel does', () => {
    expect([0, 25, 26, 44].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AS']);
    expect(toExcelSerial(new Date(Date.UTC(2026, 6, 1)))).toBe(46204);
  });

  it('fixes the zip timestamps so a workbook written twice is byte-identical and still readable', async () => {
    const write = async (stamp: Date) => {
      const workbook = new ExcelJS.Workbook();
      workbook.created = workbook.modified = new Date(Date.UTC(2026, 0, 1));
      workbook.addWorksheet('s').addRow(['调查', 1]);
      const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
      // Stand in for JSZip stamping "now": overwrite every entry time with `stamp`, then normalise.
      return normalizeZipTimestamps(normalizeZipTimestamps(bytes, stamp), new Date(Date.UTC(2026, 8, 1)));
    };
    const a = await write(new Date(Date.UTC(2030, 1, 2, 3, 4, 6)));
    const b = await write(new Date(Date.UTC(2031, 5, 6, 7, 8, 10)));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const back = new ExcelJS.Workbook();
    // exceljs's typings name the pre-generic Buffer type; the bytes are what it wants.
    await back.xlsx.load(Buffer.from(a) as unknown as Parameters<typeof back.xlsx.load>[0]);
    expect(back.getWorksheet('s')?.getCell('A1').value).toBe('调查');
  });
});
