import { describe, expect, it } from 'vitest';
import { decodeOoxmlEscapes, decodeXml, decodeXmlAttribute, XmlError } from '../../pipeline/ingest/decode-xml.js';
import { parseDateStyles } from '../../pipeline/ingest/parse-styles.js';
import { parseWorkbook } from '../../pipeline/ingest/parse-workbook.js';

describe('decoding XML text', () => {
  it('replaces the predefined entities and character references, and normalises line ends before them', () => {
    expect(decodeXml('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#20013;&#x6587; &#x1F600;')).toBe('a & b <c> "d" \'e\' 中文 😀');
    expect(decodeXml('one\r\ntwo\rthree&#13;&#10;')).toBe('one\ntwo\nthree\r\n');
    expect(decodeXml('plain text, no markup')).toBe('plain text, no markup');
  });

  it('refuses undefined entities, stray ampersands and references to characters XML forbids', () => {
    for (const bad of ['&nbsp;', 'a & b', '&amp', '&#0;', '&#xD800;', '&#x110000;', '&#x;', '&constructor;', '&__proto__;']) {
      expect(() => decodeXml(bad), bad).toThrow(XmlError);
    }
  });

  it('normalises white space in attribute values as XML does', () => {
    expect(decodeXmlAttribute('a\tb\nc\r\nd&#10;e')).toBe('a b c d\ne');
  });

  it('decodes _xHHHH_ escapes, an escaped underscore keeping what follows literal', () => {
    expect(decodeOoxmlEscapes('a_x000D_b_x0009_c')).toBe('a\rb\tc');
    expect(decodeOoxmlEscapes('_x005F_x000D_')).toBe('_x000D_');
    expect(decodeOoxmlEscapes('no_xescape_x12_')).toBe('no_xescape_x12_');
  });
});

describe('workbook parts', () => {
  it('reads sheet names, visibility, parts (relative and absolute targets), the 1904 flag and the shared parts', () => {
    const rels = Buffer.from(
      '<Relationships><Relationship Id="rId1" Type="http://x/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://x/relationships/chartsheet" Target="chartsheets/sheet1.xml"/>' +
        '<Relationship Id="rId3" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="/xl/worksheets/../worksheets/s2.xml"/>' +
        '<Relationship Id="rId4" Type="http://x/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
        '<Relationship Id="rId5" Type="http://x/relationships/styles" Target="styles.xml"/>' +
        '<Relationship Id="rId6" Type="http://x/relationships/hyperlink" Target="https://example.org" TargetMode="External"/></Relationships>',
    );
    const workbook = Buffer.from(
      '<x:workbook xmlns:x="s" xmlns:r="r"><x:workbookPr date1904="true"/><x:sheets><x:sheet name="数据 &amp; 说明" sheetId="1" r:id="rId1"/>' +
        '<x:sheet name="chart" sheetId="2" r:id="rId2"/><x:sheet name="old" sheetId="3" state="veryHidden" r:id="rId3"/></x:sheets></x:workbook>',
    );
    expect(parseWorkbook('xl/workbook.xml', workbook, rels)).toEqual({
      sheets: [
        { name: '数据 & 说明', hidden: false, path: 'xl/worksheets/sheet1.xml' },
        { name: 'chart', hidden: false, path: null },
        { name: 'old', hidden: true, path: 'xl/worksheets/s2.xml' },
      ],
      date1904: true,
      sharedStrings: 'xl/sharedStrings.xml',
      styles: 'xl/styles.xml',
    });
  });

  it('flags the cell formats that show dates, from cellXfs only (not cellStyleXfs)', () => {
    const styles = Buffer.from(
      '<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/m/d"/><numFmt numFmtId="14" formatCode="0.00"/></numFmts>' +
        '<cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs>' +
        '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="22" applyNumberFormat="1"><alignment/></xf><xf numFmtId="58"/><xf numFmtId="49"/></cellXfs></styleSheet>',
    );
    expect(Array.from(parseDateStyles(styles))).toEqual([0, 1, 0, 1, 1, 0]);
  });
});
