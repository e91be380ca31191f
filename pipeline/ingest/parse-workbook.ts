import { XmlError } from './decode-xml.js';
import { parseXmlTags } from './parse-xml-tags.js';

/** A sheet of a workbook, in tab order. */
export interface WorkbookSheet {
  name: string;
  hidden: boolean;
  /** The zip path of its worksheet part; null for chart and dialog sheets (no cells) or a missing relationship. */
  path: string | null;
}

/** What the reader needs from workbook.xml and its relationships. */
export interface WorkbookInfo {
  sheets: WorkbookSheet[];
  /** The Mac 1904 date system. */
  date1904: boolean;
  /** Zip paths of the shared strings and styles parts, when the workbook has them. */
  sharedStrings: string | null;
  styles: string | null;
}

interface Relationship {
  type: string;
  target: string;
}

/**
 * Reads the relationships part (`*.rels`) of the part at `source` (`xl/workbook.xml`): Id -> type and target,
 * targets resolved to zip paths. External targets (hyperlinks) are left out.
 */
export function parseRelationships(xml: Buffer, source: string): Map<string, Relationship> {
  const out = new Map<string, Relationship>();
  const base = source.includes('/') ? source.slice(0, source.lastIndexOf('/') + 1) : '';
  for (const tag of parseXmlTags(xml)) {
    if (tag.name !== 'Relationship' || tag.kind === 'close') continue;
    const id = tag.attributes.get('Id');
    const target = tag.attributes.get('Target');
    if (id === undefined || target === undefined || tag.attributes.get('TargetMode') === 'External') continue;
    out.set(id, { type: tag.attributes.get('Type') ?? '', target: resolvePath(base, target) });
  }
  return out;
}

/** The zip path of the workbook part from the package relationships (`_rels/.rels`), else `xl/workbook.xml`. */
export function parseWorkbookPath(rootRels: Buffer | null): string {
  if (rootRels === null) return 'xl/workbook.xml';
  for (const rel of parseRelationships(rootRels, '').values()) if (rel.type.endsWith('/officeDocument')) return rel.target;
  return 'xl/workbook.xml';
}

/**
 * Reads workbook.xml (sheet names, visibility, relationship ids, the 1904 flag) with its relationships, giving
 * each sheet its worksheet part. XmlError for a workbook without a `<sheets>` list.
 */
export function parseWorkbook(workbookPath: string, xml: Buffer, rels: Buffer | null): WorkbookInfo {
  const relationships = rels === null ? new Map<string, Relationship>() : parseRelationships(rels, workbookPath);
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  let sawSheets = false;
  for (const tag of parseXmlTags(xml)) {
    if (tag.kind === 'close') continue;
    if (tag.name === 'workbookPr') {
      // Excel also writes `<x14:workbookPr>`/`<x15:workbookPr>` in extLst (same local name, no date1904): only
      // the element that carries the flag decides it
      const flag = tag.attributes.get('date1904');
      if (flag !== undefined) date1904 = flag === '1' || flag === 'true';
    } else if (tag.name === 'sheets') {
      sawSheets = true;
    } else if (tag.name === 'sheet') {
      const rel = relationships.get(tag.attributes.get('id') ?? '');
      const state = tag.attributes.get('state');
      sheets.push({
        name: tag.attributes.get('name') ?? '',
        hidden: state === 'hidden' || state === 'veryHidden',
        path: rel && rel.type.endsWith('/worksheet') ? rel.target : null,
      });
    }
  }
  if (!sawSheets) throw new XmlError(`${workbookPath} lists no sheets`);
  let sharedStrings: string | null = null;
  let styles: string | null = null;
  for (const rel of relationships.values()) {
    if (rel.type.endsWith('/sharedStrings')) sharedStrings ??= rel.target;
    else if (rel.type.endsWith('/styles')) styles ??= rel.target;
  }
  return { sheets, date1904, sharedStrings, styles };
}

/** Resolves a relationship target against the folder of its source part; `/x` is from the package root. */
function resolvePath(base: string, target: string): string {
  const joined = target.startsWith('/') ? target.slice(1) : base + target;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
