/**
 * Builders of the hostile inputs of issue 18, made the way an attacker makes them (never committed): workbooks
 * whose parts are streamed through deflate, so a 10 MB file can declare hundreds of millions of shared strings
 * or rows without the builder holding them; CSV files of a million columns or one 10 MB line; deep
 * expressions and codebook JSON; code lists of a million entries; globs that backtrack. Used by the tests
 * (small enough to stay quick, large enough to pass the limits) and by measure-bombs.ts (the sizes).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { crc32, createDeflateRaw } from 'node:zlib';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A zip part: a name and its text, given as chunks (a generator, so a part of gigabytes is never in memory). */
interface StreamPart {
  name: string;
  chunks: () => Iterable<string>;
}

/** Writes a zip archive of deflated parts to `file`, streaming each part; returns the file's size in bytes. */
export async function writeStreamedZip(file: string, parts: StreamPart[]): Promise<number> {
  const out = createWriteStream(file);
  let offset = 0;
  const write = async (buf: Buffer): Promise<void> => {
    offset += buf.length;
    if (!out.write(buf)) await once(out, 'drain');
  };
  const central: Buffer[] = [];
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    // sizes and CRC go in a data descriptor after the data (flag bit 3), as streaming zip writers do
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x808, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(33, 12);
    local.writeUInt16LE(name.length, 26);
    const localOffset = offset;
    await write(Buffer.concat([local, name]));
    let crc = 0;
    let size = 0;
    let packed = 0;
    const deflate = createDeflateRaw({ level: 9, memLevel: 9 });
    const drained = (async () => {
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        packed += chunk.length;
        await write(chunk);
      }
    })();
    for (const text of part.chunks()) {
      const buf = Buffer.from(text, 'utf8');
      crc = crc32(buf, crc);
      size += buf.length;
      if (!deflate.write(buf)) await once(deflate, 'drain');
    }
    deflate.end();
    await drained;
    if (size > 0xffffffff) throw new Error('a part too large for a zip without zip64');
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(packed, 8);
    descriptor.writeUInt32LE(size, 12);
    await write(descriptor);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x808, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(33, 14);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(packed, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(localOffset, 42);
    central.push(entry, name);
  }
  const cd = Buffer.concat(central);
  const cdOffset = offset;
  await write(cd);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  await write(end);
  out.end();
  await once(out, 'finish');
  return offset;
}

/** `text` repeated `times` times, in chunks of about 1 MB. */
function* repeated(text: string, times: number): Iterable<string> {
  const per = Math.max(1, Math.floor((1 << 20) / Math.max(1, text.length)));
  const block = text.repeat(Math.min(per, times));
  let left = times;
  while (left >= per) {
    yield block;
    left -= per;
  }
  if (left > 0) yield text.repeat(left);
}

/** The fixed parts of a one-sheet workbook (sheet name `Sheet1`, or `sheetNameXml`). */
function workbookParts(sheetNameXml = 'Sheet1'): StreamPart[] {
  const one = (name: string, text: string): StreamPart => ({ name, chunks: () => [text] });
  return [
    one(
      '[Content_Types].xml',
      `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    ),
    one(
      '_rels/.rels',
      `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    one('xl/workbook.xml', `${DECL}<workbook xmlns="${NS}" xmlns:r="${NS_R}"><sheets><sheet name="${sheetNameXml}" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    one(
      'xl/_rels/workbook.xml.rels',
      `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ),
    // style 1 is the built-in date format 14 (m/d/yyyy), for date cells `s="1"`
    one('xl/styles.xml', `${DECL}<styleSheet xmlns="${NS}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`),
  ];
}

/** The header row of the corpus survey (resp_id, region, employees, comment), as inline strings. */
const HEADER_CELLS = `<c r="A1" t="inlineStr"><is><t>resp_id</t></is></c><c r="B1" t="inlineStr"><is><t>region</t></is></c><c r="C1" t="inlineStr"><is><t>employees</t></is></c>`;
const HEADER_ROW = `<row r="1">${HEADER_CELLS}</row>`;

/** A workbook whose shared string table holds `count` empty strings `<si/>` (issue 18: V8 "invalid size"). */
export function writeSharedStringsBomb(file: string, count: number): Promise<number> {
  return writeStreamedZip(file, [
    ...workbookParts(),
    { name: 'xl/sharedStrings.xml', chunks: () => [`${DECL}<sst xmlns="${NS}" count="${count}" uniqueCount="${count}">`, ...repeated('<si/>', count), '</sst>'] },
    { name: 'xl/worksheets/sheet1.xml', chunks: () => [`${DECL}<worksheet xmlns="${NS}"><sheetData>${HEADER_ROW}</sheetData></worksheet>`] },
  ]);
}

/**
 * A workbook of `rows` one-cell rows under the survey header, written without row numbers (each `<row>` the
 * next), the way the 11.7 MB "tens of millions of rows" file was built; `numbered` writes `r` on each row.
 */
export function writeRowsBomb(file: string, rows: number, numbered = false): Promise<number> {
  function* sheet(): Iterable<string> {
    yield `${DECL}<worksheet xmlns="${NS}"><sheetData>${HEADER_ROW}`;
    if (!numbered) yield* repeated('<row><c t="inlineStr"><is><t>x</t></is></c></row>', rows);
    else {
      let block = '';
      for (let r = 2; r < rows + 2; r++) {
        block += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>x</t></is></c></row>`;
        if (block.length > 1 << 20) {
          yield block;
          block = '';
        }
      }
      yield block;
    }
    yield '</sheetData></worksheet>';
  }
  return writeStreamedZip(file, [...workbookParts(), { name: 'xl/sharedStrings.xml', chunks: () => [`${DECL}<sst xmlns="${NS}"/>`] }, { name: 'xl/worksheets/sheet1.xml', chunks: sheet }]);
}

/** A workbook of `rows` rows of `columns` numeric cells each under the survey header: the densest cell bomb. */
export function writeDenseBomb(file: string, rows: number, columns: number): Promise<number> {
  const row = `<row>${'<c><v>1</v></c>'.repeat(columns)}</row>`;
  return writeStreamedZip(file, [
    ...workbookParts(),
    { name: 'xl/sharedStrings.xml', chunks: () => [`${DECL}<sst xmlns="${NS}"/>`] },
    { name: 'xl/worksheets/sheet1.xml', chunks: () => [`${DECL}<worksheet xmlns="${NS}"><sheetData>${HEADER_ROW}`, ...repeated(row, rows), '</sheetData></worksheet>'] },
  ]);
}

/**
 * A workbook whose sheet XML is `body` inside `<sheetData>` below the survey header (rows written by the test;
 * `moreHeader` adds header cells after C1), the sheet named by `nameXml` (raw attribute text).
 */
export function writeSheetXml(file: string, body: string, nameXml = 'Sheet1', moreHeader = ''): Promise<number> {
  const header = `<row r="1">${HEADER_CELLS}${moreHeader}</row>`;
  return writeStreamedZip(file, [
    ...workbookParts(nameXml),
    { name: 'xl/sharedStrings.xml', chunks: () => [`${DECL}<sst xmlns="${NS}"/>`] },
    { name: 'xl/worksheets/sheet1.xml', chunks: () => [`${DECL}<worksheet xmlns="${NS}"><sheetData>${header}`, body, '</sheetData></worksheet>'] },
  ]);
}

/** A CSV whose header has `columns` fields (`c1,c2,...`) above two short rows. */
export async function writeWideCsv(file: string, columns: number): Promise<void> {
  const header: string[] = ['resp_id', 'region', 'employees'];
  for (let c = 4; c <= columns; c++) header.push(`c${c}`);
  await writeFile(file, `${header.join(',')}\nW-1,230100,5\nW-2,230200,6\n`);
}

/** A CSV of one header line and then one line of `fields` empty fields (a 10 MB line of 5M fields). */
export async function writeLongLineCsv(file: string, fields: number): Promise<void> {
  await writeFile(file, `resp_id,region,employees\n${','.repeat(fields - 1)}\n`);
}

/** An expression of `depth` parentheses around one comparison: `((((a == 1))))`. */
export function nestedExpression(depth: number): string {
  return `${'('.repeat(depth)}employees == 1${')'.repeat(depth)}`;
}

/** An expression of `terms` comparisons joined by `and`: a left-deep tree `terms` levels deep. */
export function chainedExpression(terms: number): string {
  return Array.from({ length: terms }, () => 'employees == 1').join(' and ');
}

/** Codebook JSON nested `depth` arrays deep (`[[[[...]]]]`). */
export function nestedCodebookJson(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** A codebook (the corpus survey's) whose `region` has `codes` codes. */
export function bigCodeListCodebook(codes: number): string {
  const list: { code: string; label: { zh: string; en: string } }[] = [];
  for (let k = 0; k < codes; k++) list.push({ code: String(100000 + k), label: { zh: `地区${k}`, en: `Region ${k}` } });
  return JSON.stringify([
    { name: 'resp_id', type: 'id', label: { zh: '问卷编号', en: 'Response ID' } },
    { name: 'region', type: 'single', label: { zh: '所在市', en: 'Prefecture' }, required: true, codes: list },
    { name: 'employees', type: 'integer', label: { zh: '从业人员数', en: 'Employees' }, min: 0 },
  ]);
}

/** A glob of `n` `*a` segments and a name that almost matches it (catastrophic for a backtracking matcher). */
export function backtrackingGlob(n: number): { pattern: string; name: string } {
  return { pattern: `responses/${'*a'.repeat(n)}*b.csv`, name: `${'a'.repeat(60)}.csv` };
}

/** A glob of `n` `**` folder segments. */
export function deepGlobstar(n: number): string {
  return `responses/${'**/'.repeat(n)}x.csv`;
}
