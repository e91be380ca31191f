import { parseXmlTags } from './parse-xml-tags.js';

/**
 * Built-in number formats that show dates or times: 14-22 and 45-47 in every locale, 27-36 and 50-58 in the
 * East Asian ones (`yyyy"年"m"月"d"日"` is 31 in Chinese Excel, which saves only the id).
 */
const BUILT_IN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * Whether an Excel number format shows a date or time (`yyyy-mm-dd`, `m/d/yy h:mm`): d, m, y, h or s outside
 * quoted text, `[...]` sections, backslash escapes and `_x`/`*x` padding and fill characters.
 */
export function isDateFormat(format: string | undefined): boolean {
  if (!format || /^general$/i.test(format)) return false;
  const bare = format.replace(/"[^"]*"/g, '').replace(/[\\_*]./g, '').replace(/\[[^\]]*\]/g, '');
  return /[dmyhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

/**
 * Reads styles.xml into one flag per cell format (`<cellXfs>` index, the `s` of a cell): 1 when its number
 * format shows a date or time (a built-in date id, or a custom format by isDateFormat), else 0.
 */
export function parseDateStyles(xml: Buffer): Uint8Array {
  const custom = new Map<number, string>();
  const formatIds: number[] = [];
  let inCellXfs = false;
  for (const tag of parseXmlTags(xml)) {
    if (tag.name === 'numFmt' && tag.kind !== 'close') {
      const id = Number(tag.attributes.get('numFmtId'));
      const code = tag.attributes.get('formatCode');
      if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
    } else if (tag.name === 'cellXfs') {
      inCellXfs = tag.kind === 'open';
    } else if (tag.name === 'xf' && inCellXfs && tag.kind !== 'close') {
      formatIds.push(Number(tag.attributes.get('numFmtId') ?? 0));
    }
  }
  const flags = new Uint8Array(formatIds.length);
  formatIds.forEach((id, k) => {
    const code = custom.get(id);
    flags[k] = (code !== undefined ? isDateFormat(code) : BUILT_IN_DATE_IDS.has(id)) ? 1 : 0;
  });
  return flags;
}
