/**
 * Hand-made .xlsx files for reader tests: a minimal zip writer (stored or deflated entries, optionally with
 * zip64 size fields) and a workbook assembled from raw XML, so each test shows the exact XML it reads.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** Zips `parts` (name -> content) in the given order. */
export function makeZip(parts: [string, string | Buffer][], options: { store?: boolean; zip64?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of parts) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const packed = options.store ? data : deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data) >>> 0;
    const method = options.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, packed);
    const extra = Buffer.alloc(options.zip64 ? 28 : 0);
    if (options.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(data.length), 4);
      extra.writeBigUInt64LE(BigInt(packed.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(options.zip64 ? 0xffffffff : packed.length, 20);
    central.writeUInt32LE(options.zip64 ? 0xffffffff : data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 42);
    centrals.push(central, nameBytes, extra);
    offset += 30 + nameBytes.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A sheet of a hand-made workbook: its name, state and the XML inside `<sheetData>` (plus what follows it). */
export interface TestSheetXml {
  name: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
  rows: string;
  after?: string;
}

/**
 * A workbook from raw XML: `sheets` (rows as `<row>` XML), optional shared strings (each the inside of an
 * `<si>`), `numFmts`/`cellXfs` (the inside of those elements of styles.xml), `date1904`, and the zip options.
 * Shared strings are stored after the sheets, as some writers do.
 */
export function makeXlsx(spec: {
  sheets: TestSheetXml[];
  shared?: string[];
  numFmts?: string;
  cellXfs?: string;
  date1904?: boolean;
  /** XML after `<sheets>` in workbook.xml (Excel's `<extLst>` with its `x15:workbookPr`). */
  workbookExtra?: string;
  store?: boolean;
  zip64?: boolean;
  rawSheets?: string[];
}): Buffer {
  const rels = spec.sheets.map((_, k) => `<Relationship Id="rId${k + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${k + 1}.xml"/>`);
  rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  rels.push(`<Relationship Id="rIdT" Type="${REL}/styles" Target="/xl/styles.xml"/>`);
  const parts: [string, string][] = [
    ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><workbookPr${spec.date1904 ? ' date1904="1"' : ''}/><sheets>${spec.sheets
        .map((s, k) => `<sheet name="${s.name.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" sheetId="${k + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${k + 1}"/>`)
        .join('')}</sheets>${spec.workbookExtra ?? ''}</workbook>`,
    ],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`],
    [
      'xl/styles.xml',
      `<?xml version="1.0"?><styleSheet ${NS}>${spec.numFmts ? `<numFmts>${spec.numFmts}</numFmts>` : ''}<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs>${spec.cellXfs ?? '<xf numFmtId="0"/>'}</cellXfs></styleSheet>`,
    ],
  ];
  spec.sheets.forEach((s, k) => {
    const xml = spec.rawSheets?.[k] ?? `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>${s.rows}</sheetData>${s.after ?? ''}</worksheet>`;
    parts.push([`xl/worksheets/sheet${k + 1}.xml`, xml]);
  });
  parts.push(['xl/sharedStrings.xml', `<?xml version="1.0"?><sst ${NS}>${(spec.shared ?? []).map((s) => `<si>${s}</si>`).join('')}</sst>`]);
  return makeZip(parts, { ...(spec.store ? { store: true } : {}), ...(spec.zip64 ? { zip64: true } : {}) });
}
