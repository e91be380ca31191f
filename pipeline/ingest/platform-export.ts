import { CellKind } from './cell-value.js';
import type { HeaderInfo } from './find-header.js';
import type { SheetGrid } from './sheet-grid.js';

/**
 * The columns survey platforms put before the answers in their Excel/CSV exports: 问卷星 (Wenjuanxing: 序号,
 * 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP) and 腾讯问卷 (Tencent Survey: 编号, 开始答题时间,
 * 结束答题时间, 答题时长, IP, 地理位置...). Matched after trimming.
 */
export const PLATFORM_METADATA = new Set([
  '序号', '提交答卷时间', '所用时间', '来源', '来源详情', '来自IP', '来自ip', 'IP', 'ip', 'IP地址', '总分', '答卷编号',
  '编号', '用户ID', '昵称', '开始答题时间', '结束答题时间', '答题时长', '地理位置', '国家', '省份', '城市', '自定义字段', '渠道',
]);
/** Metadata only a platform writes (a survey's own data may well have a 序号 or 编号 column). */
const PLATFORM_ONLY = new Set(['提交答卷时间', '所用时间', '来源详情', '来自IP', '开始答题时间', '结束答题时间', '答题时长']);

/**
 * The platforms' markers for a question not answered: `(跳过)` a question skipped by the questionnaire's logic,
 * `(空)` an optional question left empty (问卷星 by option text), and -3 / -2 for the same in exports by option
 * number.
 */
const SKIP_TEXTS = new Set(['(跳过)', '（跳过）', '(空)', '（空）', '-3', '-2']);
const SKIP_NUMBERS = new Set([-3, -2]);

/** Whether a sheet is a survey platform's export: its header has a column only a platform writes. */
export function isPlatformExport(header: HeaderInfo): boolean {
  return header.texts.some((t) => t.length > 0 && PLATFORM_ONLY.has(t[t.length - 1]!.trim()));
}

/** Whether a header of a platform export is one of its metadata columns. */
export function isPlatformMetadata(headerText: string): boolean {
  return PLATFORM_METADATA.has(headerText.trim());
}

/**
 * Empties the skip markers of a platform export's answer cells (below the header, metadata columns left as they
 * are), in place: the grid is the reader's, not shared. Returns how many cells were emptied.
 */
export function clearSkipMarkers(grid: SheetGrid, header: HeaderInfo): number {
  let cleared = 0;
  grid.columns.forEach((column, c) => {
    const texts = header.texts[c]!;
    if (texts.length > 0 && isPlatformMetadata(texts[texts.length - 1]!)) return;
    for (let i = header.dataStart; i < column.kinds.length; i++) {
      const kind = column.kinds[i]!;
      const skip =
        (kind === CellKind.text && SKIP_TEXTS.has(column.texts[column.values[i]!]!.trim())) ||
        (kind === CellKind.number && SKIP_NUMBERS.has(column.values[i]!));
      if (skip) {
        column.kinds[i] = CellKind.empty;
        column.values[i] = 0;
        cleared++;
      }
    }
  });
  return cleared;
}
