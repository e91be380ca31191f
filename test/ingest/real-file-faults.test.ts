/**
 * The faults found reading real files (issue 16), each with a file built the way its writer builds it: Chinese
 * Excel's GB18030 CSV with a line that is also valid UTF-8, Excel's `x15:workbookPr` extension beside a 1904
 * workbook, a formula left with an empty cached value.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { CellKind } from '../../pipeline/ingest/cell-value.js';
import { decodeText } from '../../pipeline/ingest/decode-text.js';
import { detectDelimiter } from '../../pipeline/ingest/parse-csv.js';
import { readCsv } from '../../pipeline/ingest/read-csv.js';
import { readXlsx } from '../../pipeline/ingest/read-xlsx.js';
import { gridCells } from './grid-cells.js';
import { makeXlsx } from './make-xlsx.js';

const dir = mkdtempSync(path.join(tmpdir(), 'thinktank-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let written = 0;
function save(bytes: Buffer, ext: string): string {
  const file = path.join(dir, `file-${++written}${ext}`);
  writeFileSync(file, bytes);
  return file;
}
const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => (e instanceof Error ? e.message : String(e)));

describe('GB18030 CSV', () => {
  const text = '问卷编号,所在市,员工人数\r\n1,哈尔滨市,12\r\n2,双鸭山,30\r\n3,齐齐哈尔市,7\r\n';
  const bytes = iconv.encode(text, 'gb18030');

  it('has a line that is valid UTF-8 byte by byte (the fixture is what the fault needs)', () => {
    const line3 = iconv.encode('2,双鸭山,30', 'gb18030');
    expect([...line3.subarray(2, 8)].map((b) => b.toString(16))).toEqual(['cb', 'ab', 'd1', 'bc', 'c9', 'bd']);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(line3)).not.toThrow();
  });

  it('reads a GB18030 file with such a line as GB18030, not as two encodings', async () => {
    expect(decodeText(bytes)).toEqual({ text, encoding: 'gb18030' });
    const { grid, encoding } = await readCsv(save(bytes, '.csv'));
    expect(encoding).toBe('gb18030');
    expect(grid.columns[1]!.texts).toContain('双鸭山');
  });

  it('reads a file whose only Chinese is such a line as GB18030', () => {
    const only = iconv.encode('id,city\n1,双鸭山\n', 'gb18030');
    expect(decodeText(only)).toEqual({ text: 'id,city\n1,双鸭山\n', encoding: 'gb18030' });
  });

  it('still reads UTF-8 text that GB2312 also covers (é, Cyrillic) as UTF-8', () => {
    expect(decodeText(Buffer.from('name\ncafé\nПривет\n', 'utf8')).encoding).toBe('utf-8');
  });

  it('still refuses a file of UTF-8 Chinese lines and GB18030 lines pasted together, naming both lines', async () => {
    const mixed = Buffer.concat([Buffer.from('id,city\n1,哈尔滨市\n', 'utf8'), iconv.encode('2,齐齐哈尔市\n', 'gb18030')]);
    expect(decodeText(mixed).mixed).toEqual({ utf8Line: 2, otherLine: 3 });
    expect(await failure(readCsv(save(mixed, '.csv'), { display: 'm.csv' }))).toMatch(/^m\.csv: line 3: .*UTF-8 text on line 2/);
  });

  it('reports bytes that are not GB18030 with their line instead of replacement characters', async () => {
    const bad = Buffer.concat([iconv.encode('编号,城市\n1,哈尔滨\n', 'gb18030'), Buffer.from([0x32, 0x2c, 0x81, 0x2c, 0x0a])]);
    expect(decodeText(bad).undecodable).toEqual({ line: 3, encoding: 'gb18030' });
    expect(await failure(readCsv(save(bad, '.csv'), { display: 'b.csv' }))).toBe(
      'b.csv: line 3: expected text in GB18030, found bytes that are not (a damaged or cut file, or another encoding); save the file again as UTF-8 or set "encoding" in survey.json',
    );
  });

  it('reports an odd-length UTF-16 file and a lone surrogate with their line', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n3', 'utf16le')]);
    expect(decodeText(utf16).undecodable).toBeUndefined();
    expect(decodeText(Buffer.concat([utf16, Buffer.from([0x34])])).undecodable).toEqual({ line: 3, encoding: 'utf-16le' });
    const lone = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('\n', 'utf16le')]);
    expect(decodeText(lone).undecodable).toEqual({ line: 2, encoding: 'utf-16le' });
  });
});

describe('the CSV delimiter', () => {
  it('is chosen from several lines, not a title line or a header of one column', () => {
    expect(detectDelimiter('2026年调查, 第一批\nid;city;n\n1;哈尔滨;3\n2;大庆;4\n')).toBe(';');
    expect(detectDelimiter('comment\nyes, fine\nno, bad\n')).toBe(',');
    expect(detectDelimiter('a\tb\tc\n1\t2,5\t3\n4\t5\t6\n')).toBe('\t');
  });
});

describe('xlsx as Excel writes it', () => {
  const ext =
    '<calcPr calcId="191029"/><extLst><ext uri="{79F54976-1DA5-4618-B147-4CDE4B953A38}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:workbookPr/></ext>' +
    '<ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>';

  it('keeps the 1904 date system when the x14/x15 workbookPr extension follows it', async () => {
    const file = save(
      makeXlsx({
        sheets: [{ name: 'data', rows: '<row r="1"><c r="A1" s="1"><v>41696</v></c></row>' }],
        cellXfs: '<xf numFmtId="0"/><xf numFmtId="14"/>',
        date1904: true,
        workbookExtra: ext,
      }),
      '.xlsx',
    );
    const { grids } = await readXlsx(file, () => true);
    // serial 41696 in the 1904 system is 2018-02-27 (read in the 1900 system: 2014-02-26, 4 years and 1 day early)
    expect(gridCells(grids[0]!).get('1:1')).toEqual([CellKind.date, Date.UTC(2018, 1, 27)]);
  });

  it('reads a formula with an empty cached value as never calculated, like one with no value', async () => {
    const file = save(
      makeXlsx({
        sheets: [
          {
            name: 'data',
            rows:
              '<row r="1"><c r="A1"><f>10*2</f><v></v></c><c r="B1"><f>SUM(A1)</f></c><c r="C1" t="str"><f>IF(1,"")</f><v></v></c>' +
              '<c r="D1" t="b"><f>TRUE()</f><v></v></c><c r="E1"><f>1+1</f><v>2</v></c></row>',
          },
        ],
      }),
      '.xlsx',
    );
    const { grids } = await readXlsx(file, () => true);
    const cells = gridCells(grids[0]!);
    expect(cells.get('1:1')).toEqual([CellKind.error, '=10*2']);
    expect(cells.get('1:2')).toEqual([CellKind.error, '=SUM(A1)']);
    // a text formula that calculated to "" is blank, not uncalculated
    expect(cells.get('1:3')).toBeUndefined();
    expect(cells.get('1:4')).toEqual([CellKind.error, '=TRUE()']);
    expect(cells.get('1:5')).toEqual([CellKind.number, 2]);
  });
});
