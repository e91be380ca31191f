import type { RawColumn } from '../../schemas/raw-table.js';
import { CellKind } from './cell-value.js';
import type { HeaderInfo } from './find-header.js';
import type { SheetGrid } from './sheet-grid.js';

/** Adjacent columns that are one multiple-choice question, one 0/1 column per option (`3(选项A)`, `3(选项B)`). */
export interface OptionGroup {
  /** The question part of the headers (`3`, `3、已应用的技术`). */
  prefix: string;
  /** Sheet columns (index 0 = A) of the options, in order. */
  columns: number[];
  /** The option part of each header (`选项A`). */
  options: string[];
}

const OPTION_HEADER = /^(.+?)\s*[(（]([^()（）]+)[)）]\s*$/;
/** What joins the chosen options of a gathered answer (问卷星's separator, which validation splits on). */
export const OPTION_SEPARATOR = '┋';

/**
 * The groups of two or more adjacent columns whose headers are `question(option)` with the same question and
 * whose cells below the header are all 0 or 1 (numbers, texts or booleans) or empty: how 问卷星 and 腾讯问卷
 * export a multiple-choice question by option number.
 */
export function findOptionGroups(grid: SheetGrid, header: HeaderInfo): OptionGroup[] {
  const groups: OptionGroup[] = [];
  let current: OptionGroup | null = null;
  grid.columns.forEach((column, c) => {
    const texts = header.texts[c]!;
    const m = texts.length > 0 ? OPTION_HEADER.exec(texts[texts.length - 1]!) : null;
    if (m === null || !isZeroOne(column, header.dataStart)) {
      current = null;
      return;
    }
    const prefix = m[1]!.trim();
    if (current !== null && current.prefix === prefix && current.columns[current.columns.length - 1] === c - 1) {
      current.columns.push(c);
      current.options.push(m[2]!.trim());
      return;
    }
    current = { prefix, columns: [c], options: [m[2]!.trim()] };
    groups.push(current);
  });
  return groups.filter((g) => g.columns.length >= 2);
}

/**
 * One text column for an option group: per row the chosen options' texts joined by ┋ (`选项A┋选项C`), empty
 * when no option is marked 1 (nothing chosen, or the question not answered).
 */
export function gatherOptions(grid: SheetGrid, group: OptionGroup): RawColumn {
  const n = grid.rows.length;
  const kinds = new Uint8Array(n);
  const values = new Float64Array(n);
  const texts: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const chosen = group.columns.filter((c) => isOne(grid.columns[c]!, i)).map((c) => group.options[group.columns.indexOf(c)]!);
    if (chosen.length === 0) continue;
    const text = chosen.join(OPTION_SEPARATOR);
    let k = index.get(text);
    if (k === undefined) {
      k = texts.length;
      texts.push(text);
      index.set(text, k);
    }
    kinds[i] = CellKind.text;
    values[i] = k;
  }
  return { kinds, values, texts };
}

function isOne(column: RawColumn, i: number): boolean {
  const kind = column.kinds[i];
  if (kind === CellKind.number || kind === CellKind.boolean) return column.values[i] === 1;
  return kind === CellKind.text && column.texts[column.values[i]!]!.trim() === '1';
}

function isZeroOne(column: RawColumn, start: number): boolean {
  let any = false;
  for (let i = start; i < column.kinds.length; i++) {
    const kind = column.kinds[i]!;
    if (kind === CellKind.empty) continue;
    const v = kind === CellKind.text ? column.texts[column.values[i]!]!.trim() : kind === CellKind.number || kind === CellKind.boolean ? String(column.values[i]) : null;
    if (v !== '0' && v !== '1') return false;
    any = true;
  }
  return any;
}
