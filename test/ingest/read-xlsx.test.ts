import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../pipeline/errors.js';
import { CellKind, type RawValue } from '../../pipeline/ingest/cell-value.js';
import { parseSheetXml, type SheetContext } from '../../pipeline/ingest/parse-sheet-xml.js';
import { isDateFormat } from '../../pipeline/ingest/parse-styles.js';
import { defaultLimits } from '../../pipeline/ingest/read-limits.js';
import { readXlsx } from '../../pipeline/ingest/read-xlsx.js';
import { GridBuilder, type SheetGrid } from '../../pipeline/ingest/sheet-grid.js';
import { columnValues, gridCells } from './grid-cells.js';
import { makeXlsx, makeZip, type TestSheetXml } from './make-xlsx.js';

const dir = mkdtempSync(path.join(tmpdir(), 'thinktank-xlsx-'));
let written = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a workbook to a temporary file and returns its path. */
function save(bytes: Buffer): string {
  const file = path.join(dir, `book-${++written}.xlsx`);
  writeFileSync(file, bytes);
  return file;
}

/** The cells of the first sheet of a hand-made workbook, by `row:col`. */
async function cellsOf(spec: Parameters<typeof makeXlsx>[0], limits = defaultLimits): Promise<Map<string, [number, RawValue]>> {
  const { grids } = await readXlsx(save(makeXlsx(spec)), () => true, { limits, display: 'book.xlsx' });
  return gridCells(grids[0]!);
}

const sheet = (rows: string, after = ''): TestSheetXml[] => [{ name: 'data', rows, after }];
const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

describe('readXlsx: strings', () => {
  it('reads t="str" texts that repeat in a column, or are all distinct, or blank, each as written', async () => {
    // texts repeat (decoded once per column), and one column has more distinct texts than a column pools
    const rows: string[] = [];
    const expected: [string, [number, RawValue]][] = [];
    for (let r = 1; r <= 5000; r++) {
      const code = ['a&amp;b', '  x', '_x0041_', '哈尔滨'][r % 4]!;
      rows.push(`<row r="${r}"><c r="A${r}" t="str"><v>${code}</v></c><c r="B${r}" t="str"><v>id-${r}</v></c><c r="C${r}" t="str"><v>${r % 2 ? ' ' : 'y'}</v></c></row>`);
      expected.push([`${r}:1`, [CellKind.text, ['a&b', '  x', 'A', '哈尔滨'][r % 4]!]], [`${r}:2`, [CellKind.text, `id-${r}`]]);
      if (r % 2 === 0) expected.push([`${r}:3`, [CellKind.text, 'y']]);
    }
    const cells = await cellsOf({ sheets: sheet(rows.join('')) });
    expect([...cells].sort()).toEqual(expected.sort());
  });

  it('concatenates rich-text runs, keeps spaces, leaves out phonetic guides, decodes entities and _xHHHH_ escapes', async () => {
    const cells = await cellsOf({
      sheets: sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>'),
      shared: [
        '<r><rPr><b/><sz val="11"/></rPr><t>哈尔滨</t></r><r><t xml:space="preserve"> 市 </t></r>',
        '<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/>',
        '<t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#20013;&#x6587;</t>',
        '<t>line_x000D_\r\nbreak _x005F_x000D_</t>',
        '<t><![CDATA[<raw> & ]]></t>',
      ],
    });
    expect([...cells.values()]).toEqual([
      [CellKind.text, '哈尔滨 市 '],
      [CellKind.text, '東京'],
      [CellKind.text, 'a & b <c> "d" \'e\' 中文'],
      [CellKind.text, 'line\r\nbreak _x000D_'],
      [CellKind.text, '<raw> & '],
    ]);
  });

  it('reads inline strings (rich runs concatenated), formula string results, and skips blank texts', async () => {
    const cells = await cellsOf({
      sheets: sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>多</t></r><r><t>行</t></r></is></c>' +
          '<c r="B1" t="str"><f>A1&amp;"x"</f><v>多行x</v></c><c r="C1" t="inlineStr"><is><t>  </t></is></c><c r="D1" t="s"><v>0</v></c></row>',
      ),
      shared: ['<t>\u3000</t>'],
    });
    expect([...cells]).toEqual([
      ['1:1', [CellKind.text, '多行']],
      ['1:2', [CellKind.text, '多行x']],
    ]);
  });

  it('refuses a cell that refers to a shared string that does not exist', async () => {
    const error = await failure(cellsOf({ sheets: sheet('<row r="1"><c r="A1" t="s"><v>7</v></c></row>'), shared: ['<t>a</t>'] }));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe('book.xlsx: the workbook is damaged and cannot be read (a cell refers to shared string "7", which does not exist); open it in Excel and save it again');
  });
});

describe('readXlsx: numbers, dates, booleans, errors, formulas', () => {
  it('parses numbers exactly as Number() does, -0 as 0, INF as an error', async () => {
    const values = ['0', '-0', '12', '-3.25', '0.1', '7072.74', '1234567890.12345', '12345678901234567890', '1.5E-3', '1e+20', ' 42 ', 'INF', 'abc'];
    const row = values.map((v, k) => `<c r="${String.fromCharCode(65 + k)}1"><v>${v}</v></c>`).join('');
    const cells = await cellsOf({ sheets: sheet(`<row r="1">${row}</row>`) });
    expect([...cells.values()]).toEqual([
      [CellKind.number, 0],
      [CellKind.number, 0],
      [CellKind.number, 12],
      [CellKind.number, -3.25],
      [CellKind.number, 0.1],
      [CellKind.number, 7072.74],
      [CellKind.number, 1234567890.12345],
      [CellKind.number, 12345678901234567890],
      [CellKind.number, 0.0015],
      [CellKind.number, 1e20],
      [CellKind.number, 42],
      [CellKind.error, '#NUM!'],
      [CellKind.error, '#NUM!'],
    ]);
    expect(Object.is(cells.get('1:2')![1], 0)).toBe(true);
  });

  it('turns numbers with a date format into dates: built-in ids, Chinese built-in ids, custom formats, the 1900 leap bug', async () => {
    const cells = await cellsOf({
      sheets: sheet(
        '<row r="1"><c r="A1" s="1"><v>46085</v></c><c r="B1" s="2"><v>46085.5</v></c><c r="C1" s="3"><v>46085</v></c>' +
          '<c r="D1" s="4"><v>46085</v></c><c r="E1" s="1"><v>59</v></c><c r="F1" s="1"><v>61</v></c><c r="G1" s="9"><v>1</v></c>' +
          '<c r="H1" s="5"><f>TODAY()</f><v>46085</v></c></row>',
      ),
      numFmts: '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.00&quot;d&quot;"/>',
      cellXfs: '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="31"/><xf numFmtId="164"/><xf numFmtId="57"/>',
    });
    const day = Date.UTC(2026, 2, 4);
    expect([...cells.values()]).toEqual([
      [CellKind.date, day],
      [CellKind.date, day + 12 * 3_600_000],
      [CellKind.date, day],
      [CellKind.date, day],
      [CellKind.date, Date.UTC(1900, 1, 28)],
      [CellKind.date, Date.UTC(1900, 2, 1)],
      [CellKind.number, 1],
      [CellKind.date, day],
    ]);
  });

  it('reads dates in the 1904 date system', async () => {
    const cells = await cellsOf({ sheets: sheet('<row r="1"><c r="A1" s="1"><v>44623</v></c></row>'), cellXfs: '<xf numFmtId="0"/><xf numFmtId="14"/>', date1904: true });
    expect(cells.get('1:1')).toEqual([CellKind.date, Date.UTC(2026, 2, 4)]);
  });

  it('reads booleans, error cells, ISO date cells, and formulas by their cached value (or =formula when never calculated)', async () => {
    const cells = await cellsOf({
      sheets: sheet(
        '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#N/A</v></c>' +
          '<c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E1"><f>SUM(A2:A3)</f></c><c r="F1" t="b"><f>TRUE()</f><v>1</v></c>' +
          '<c r="G1" t="d"><v>2026-03-05</v></c><c r="H1" t="d"><v>2026-03-05T12:30:00</v></c><c r="I1"><f t="shared" si="0"/><v>3</v></c><c r="J1"><f t="shared" si="0"/></c></row>',
      ),
    });
    expect([...cells.values()]).toEqual([
      [CellKind.boolean, 1],
      [CellKind.boolean, 0],
      [CellKind.error, '#N/A'],
      [CellKind.error, '#DIV/0!'],
      [CellKind.error, '=SUM(A2:A3)'],
      [CellKind.boolean, 1],
      [CellKind.date, Date.UTC(2026, 2, 5)],
      [CellKind.date, Date.UTC(2026, 2, 5, 12, 30)],
      [CellKind.number, 3],
      [CellKind.error, '='],
    ]);
  });

  it('isDateFormat ignores quoted text, brackets, escapes, padding and fill characters', () => {
    expect(['yyyy-mm-dd', 'm/d/yy h:mm', '[h]:mm:ss', 'yyyy"年"m"月"d"日"', '[$-F800]dddd, mmmm dd, yyyy', 'mm:ss.0'].every((f) => isDateFormat(f))).toBe(true);
    expect(['General', 'general', '0.00', '#,##0 "days"', '0.0\\h', '[Red]0.00', '0_m', '**0', '@', undefined].some((f) => isDateFormat(f))).toBe(false);
  });
});

describe('readXlsx: sheet XML as real writers produce it', () => {
  it('reads prefixed element names, cells and rows without references, self-closing rows, comments and merged ranges', async () => {
    const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const xml =
      `<?xml version="1.0"?><!-- written by hand --><x:worksheet ${ns}><x:sheetData>` +
      '<x:row r="2"><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>1</x:v></x:c><x:c r="E2"><x:v>2</x:v></x:c><x:c><x:v>3</x:v></x:c></x:row>' +
      '<x:row><x:c><!-- note --><x:v>4</x:v></x:c></x:row><x:row r="9" spans="1:3"/>' +
      '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A2:B3"/></x:mergeCells></x:worksheet>';
    const { grids } = await readXlsx(save(makeXlsx({ sheets: sheet(''), rawSheets: [xml] })), () => true);
    expect([...gridCells(grids[0]!)]).toEqual([
      ['2:1', [CellKind.text, 'a']],
      ['3:1', [CellKind.number, 4]],
      ['2:2', [CellKind.number, 1]],
      ['2:5', [CellKind.number, 2]],
      ['2:6', [CellKind.number, 3]],
    ]);
    expect(grids[0]!.rows).toEqual([2, 3]);
    expect(grids[0]!.lastRow).toBe(9);
    expect(grids[0]!.merges).toEqual([{ left: 1, top: 2, right: 2, bottom: 3 }]);
  });

  it('gives keep every worksheet in tab order with its visibility, and reads only those kept', async () => {
    const file = save(
      makeXlsx({
        sheets: [
          { name: 'R&D "A"', rows: '<row r="1"><c r="A1"><v>1</v></c></row>' },
          { name: 'old', state: 'hidden', rows: '<row r="1"><c r="A1"><v>2</v></c></row>' },
          { name: 'b', state: 'veryHidden', rows: '<row r="1"><c r="A1"><v>3</v></c></row>' },
          { name: 'c', rows: '<row r="1"><c r="A1"><v>4</v></c></row>' },
        ],
      }),
    );
    const seen: [string, boolean][] = [];
    const read = await readXlsx(file, (name, hidden) => {
      seen.push([name, hidden]);
      return name === 'c';
    });
    expect(seen).toEqual([
      ['R&D "A"', false],
      ['old', true],
      ['b', true],
      ['c', false],
    ]);
    expect(read.sheetNames).toEqual(['R&D "A"', 'old', 'b', 'c']);
    expect(read.grids.map((g) => [g.sheet, columnValues(g.columns[0]!)])).toEqual([['c', [4]]]);
  });

  it('reads stored (uncompressed) and zip64 archives alike', async () => {
    const spec = { sheets: sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2.5</v></c></row>'), shared: ['<t>哈尔滨</t>'] };
    const expected = [...(await cellsOf(spec))];
    expect(expected).toEqual([
      ['1:1', [CellKind.text, '哈尔滨']],
      ['1:2', [CellKind.number, 2.5]],
    ]);
    expect([...(await cellsOf({ ...spec, store: true }))]).toEqual(expected);
    expect([...(await cellsOf({ ...spec, zip64: true }))]).toEqual(expected);
  });

  it('streams large parts (past the one-piece size, stored or deflated) and checks their CRC too', async () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const rows: string[] = [];
    const expected: number[] = [];
    for (let r = 1; r <= 30_000; r++) {
      const cells: string[] = [];
      for (let c = 0; c < 4; c++) {
        const v = Math.round(rand() * 1e9) / 1000;
        expected.push(v);
        cells.push(`<c r="${String.fromCharCode(65 + c)}${r}"><v>${v}</v></c>`);
      }
      rows.push(`<row r="${r}">${cells.join('')}</row><!-- ${rand()} -->`);
    }
    for (const store of [false, true]) {
      const bytes = makeXlsx({ sheets: sheet(rows.join('')), store });
      expect(bytes.length).toBeGreaterThan(1024 * 1024);
      const { grids } = await readXlsx(save(bytes), () => true);
      const grid = grids[0]!;
      expect(grid.rows.length).toBe(30_000);
      const read: number[] = [];
      for (let i = 0; i < grid.rows.length; i++) for (const column of grid.columns) read.push(column.values[i]!);
      expect(read).toEqual(expected);
    }
    const stored = makeXlsx({ sheets: sheet(rows.join('')), store: true });
    const at = stored.indexOf('<v>', 900_000);
    stored[at + 3] = stored[at + 3] === 0x31 ? 0x32 : 0x31;
    const error = (await failure(readXlsx(save(stored), () => true, { display: 'book.xlsx' }))) as Error;
    expect(error.message).toMatch(/sheet1\.xml: checksum mismatch/);
  }, 30_000);

  it('gives the same cells however the XML is cut into chunks (any split of any tag, text or character)', async () => {
    const xml = Buffer.from(
      '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>多&amp;行</t></r></is></c>' +
        '<c r="C1" s="1"><v>46085</v></c><c r="D1"><f>1+1</f><v>2</v></c><c r="E1" t="e"><v>#N/A</v></c><c r="F1" t="b"><v>1</v></c></row>' +
        '<row r="3"><c r="A3"><v>-12.5</v></c><c r="B3"/><c r="C3" t="str"><v><![CDATA[x<y]]></v></c></row></sheetData>' +
        '<mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>',
    );
    const context: SheetContext = {
      shared: { strings: ['哈尔滨'], blank: new Uint8Array(1) },
      dateStyles: Uint8Array.of(0, 1),
      date1904: false,
      maxCellChars: 100,
      maxUnitBytes: 1 << 20,
    };
    const read = async (cuts: number[]): Promise<SheetGrid> => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      async function* chunks(): AsyncGenerator<Buffer> {
        let from = 0;
        for (const at of [...points, xml.length]) {
          if (at > from) yield xml.subarray(from, at);
          from = at;
        }
      }
      const builder = new GridBuilder(1000);
      const merges = await parseSheetXml(chunks(), context, builder);
      return builder.finish('x.xlsx', 'data', merges);
    };
    const whole = await read([]);
    expect(gridCells(whole).size).toBe(8);
    const everyByte = await read(Array.from({ length: xml.length }, (_, k) => k));
    expect(everyByte).toEqual(whole);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: xml.length - 1 }), { maxLength: 12 }), async (cuts) => {
        expect(await read(cuts)).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });
});

describe('readXlsx: damaged and hostile workbooks', () => {
  const damaged = async (bytes: Buffer) => ((await failure(readXlsx(save(bytes), () => true, { display: 'book.xlsx' }))) as Error).message;

  it('refuses DOCTYPE and entity declarations (XML bombs, external entities)', async () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>';
    expect(await damaged(makeXlsx({ sheets: sheet(''), rawSheets: [bomb] }))).toBe(
      'book.xlsx: the workbook is damaged and cannot be read (a DOCTYPE or ENTITY declaration (not allowed in a workbook)); open it in Excel and save it again',
    );
    expect(await damaged(makeXlsx({ sheets: sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>') }))).toMatch(/an undefined entity &nbsp;/);
  });

  it('refuses a sheet that ends inside a tag, a damaged zip entry and a missing workbook part', async () => {
    expect(await damaged(makeXlsx({ sheets: sheet(''), rawSheets: ['<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><pageMargins left="0.7"'] }))).toMatch(
      /ends inside a tag/,
    );
    const good = makeXlsx({ sheets: sheet('<row r="1"><c r="A1"><v>1</v></c></row>'), store: true });
    const at = good.indexOf('<c r="A1"><v>1');
    const flipped = Buffer.from(good);
    flipped[at + 11] = 0x32; // the 1 becomes a 2: the CRC no longer matches
    expect(await damaged(flipped)).toMatch(/xl\/worksheets\/sheet1\.xml: checksum mismatch/);
    expect(await damaged(makeZip([['docProps/app.xml', '<Properties/>']]))).toBe('book.xlsx: expected an .xlsx workbook, found a zip archive without a workbook in it');
  });

  it('counts the inflated bytes of every part against max_inflated_bytes, the shared strings included', async () => {
    const big = { sheets: sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), shared: [`<t>${'x'.repeat(5000)}</t>`] };
    const limits = { ...defaultLimits, max_inflated_bytes: 4000 };
    const error = await failure(cellsOf(big, limits));
    expect((error as Error).message).toBe('book.xlsx: the file is too big to read safely: more than 4000 bytes once unzipped (raise limits in survey.json if it is genuine)');
  });

  it('enforces max_cell_chars on shared and inline strings, and max_cells', async () => {
    const limits = { ...defaultLimits, max_cell_chars: 10 };
    const long = (await failure(cellsOf({ sheets: sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), shared: ['<t>01234567890</t>'] }, limits))) as Error;
    expect(long.message).toBe("book.xlsx 'data'!A1: the file is too big to read safely: a cell of more than 10 characters (raise limits in survey.json if it is genuine)");
    const inline = (await failure(cellsOf({ sheets: sheet('<row r="4"><c r="C4" t="inlineStr"><is><t>01234567890</t></is></c></row>') }, limits))) as Error;
    expect(inline.message).toMatch(/^book\.xlsx 'data'!C4: .*a cell of more than 10 characters/);
    const ok = await cellsOf({ sheets: sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>0123456789</t></is></c></row>') }, limits);
    expect(ok.get('1:1')).toEqual([CellKind.text, '0123456789']);
    const cells = (await failure(cellsOf({ sheets: sheet('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>') }, { ...defaultLimits, max_cells: 1 }))) as Error;
    expect(cells.message).toMatch(/more than 1 non-empty cells/);
  });

  it('refuses a cell beyond column XFD rather than allocating columns for it', async () => {
    expect(await damaged(makeXlsx({ sheets: sheet('<row r="1"><c r="ZZZZ1"><v>1</v></c></row>') }))).toMatch(/a cell beyond column XFD/);
  });
});
