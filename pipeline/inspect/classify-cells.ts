import { CellKind, parseDateText, parseNumberText, rawValueAt } from '../ingest/cell-value.js';
import type { GridColumn } from '../ingest/sheet-grid.js';

/** A data cell as a value: a number, a date (ms UTC), a boolean, a text (trimmed), an error, or nothing. */
export type CellValue =
  | { t: 'number'; v: number }
  | { t: 'date'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'text'; v: string }
  | { t: 'error'; v: string }
  | { t: 'empty' };

/**
 * The cells of a grid column from stored row `start` on, as values: numbers and dates written as text count as
 * numbers and dates (CSV has no types; field offices type numbers as text), except codes with leading zeros
 * (`007`), which stay text.
 */
export function classifyCells(column: GridColumn | undefined, start: number, end: number): CellValue[] {
  const out: CellValue[] = [];
  for (let i = start; i < end; i++) {
    const kind = column?.kinds[i] ?? CellKind.empty;
    if (column === undefined || kind === CellKind.empty) {
      out.push({ t: 'empty' });
      continue;
    }
    const raw = rawValueAt(column, i);
    switch (kind) {
      case CellKind.number:
        out.push({ t: 'number', v: raw as number });
        break;
      case CellKind.date:
        out.push({ t: 'date', v: raw as number });
        break;
      case CellKind.boolean:
        out.push({ t: 'bool', v: raw === 1 });
        break;
      case CellKind.error:
        out.push({ t: 'error', v: String(raw) });
        break;
      default: {
        const text = String(raw).trim();
        const number = /^[+-]?0\d/.test(text) ? null : parseNumberText(text);
        if (number !== null) out.push({ t: 'number', v: number });
        else {
          const date = parseDateText(text);
          out.push(date !== null ? { t: 'date', v: date } : { t: 'text', v: text });
        }
      }
    }
  }
  return out;
}
