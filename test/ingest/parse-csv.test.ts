import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../pipeline/ingest/decode-text.js';
import { detectDelimiter, parseCsv } from '../../pipeline/ingest/parse-csv.js';

const fields = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(`unexpected failure at line ${parsed.line}`);
  return parsed.records.map((r) => r.fields);
};

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, empty fields and CRLF', () => {
    expect(fields('a,"b,c",,"say ""hi"""\r\n1,2,3,4\r\n')).toEqual([
      ['a', 'b,c', '', 'say "hi"'],
      ['1', '2', '3', '4'],
    ]);
  });
  it('keeps line breaks inside quotes and records the starting line of each record', () => {
    const parsed = parseCsv('h1,h2\n"two\nlines",x\nlast,y');
    expect(parsed.ok && parsed.records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['h1', 'h2']],
      [2, ['two\nlines', 'x']],
      [4, ['last', 'y']],
    ]);
  });
  it('keeps a trailing empty field and reads a lone CR as a line end', () => {
    expect(fields('a,b,\rc,d')).toEqual([
      ['a', 'b', ''],
      ['c', 'd'],
    ]);
  });
  it('keeps a quote inside an unquoted field as a character', () => {
    expect(fields('5" screen,x\n')).toEqual([['5" screen', 'x']]);
  });
  it('fails with the line where a quoted field never closes', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({ ok: false, line: 2 });
  });
  it('detects semicolon and tab delimiters', () => {
    expect(detectDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    expect(detectDelimiter('"x;y",b,c')).toBe(',');
  });
});

describe('decodeText', () => {
  const text = '问卷编号,所在市\n1,哈尔滨市\n';
  it('detects GB18030 when the bytes are not UTF-8', () => {
    expect(decodeText(iconv.encode(text, 'gb18030'))).toEqual({ text, encoding: 'gb18030' });
  });
  it('reads UTF-8 with and without a byte-order mark', () => {
    const utf8 = Buffer.from(text, 'utf8');
    expect(decodeText(utf8)).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]))).toEqual({ text, encoding: 'utf-8' });
  });
  it('honours a forced encoding and UTF-16 byte-order marks', () => {
    expect(decodeText(iconv.encode(text, 'gb18030'), 'gb18030').text).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])).text).toBe(text);
  });
});
