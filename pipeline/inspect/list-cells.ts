import type { InspectCell } from '../../schemas/inspect.js';
import { CellKind, columnLetters, rawValueAt } from '../ingest/cell-value.js';
import type { SheetGrid } from '../ingest/sheet-grid.js';

/** ms since 1970 UTC as an ISO 8601 local date-time without zone (`2017-02-27T00:00:00`), as the sheet shows it. */
export function isoLocal(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * Every non-empty cell of a sheet, row by row, left to right, as InspectCell: numbers, texts (as stored),
 * booleans, dates, errors (`#DIV/0!`), and formulas never calculated (`formula`, value: the formula's text
 * without `=`).
 */
export function* listCells(grid: SheetGrid): Generator<InspectCell> {
  const letters = grid.columns.map((_, c) => columnLetters(c + 1));
  for (let i = 0; i < grid.rows.length; i++) {
    const row = grid.rows[i]!;
    for (let c = 0; c < grid.columns.length; c++) {
      const column = grid.columns[c]!;
      const kind = column.kinds[i]!;
      if (kind === CellKind.empty) continue;
      const value = rawValueAt(column, i)!;
      const cell = `${letters[c]}${row}`;
      const sheet = grid.sheet;
      switch (kind) {
        case CellKind.number:
          yield { sheet, cell, kind: 'number', value: value as number };
          break;
        case CellKind.date:
          yield { sheet, cell, kind: 'date', value: isoLocal(value as number) };
          break;
        case CellKind.boolean:
          yield { sheet, cell, kind: 'bool', value: value === 1 };
          break;
        case CellKind.error: {
          const text = String(value);
          // the reader keeps a formula never calculated as an error cell holding `=formula`
          if (text.startsWith('=')) yield { sheet, cell, kind: 'formula', value: text.slice(1) };
          else yield { sheet, cell, kind: 'error', value: text };
          break;
        }
        default:
          yield { sheet, cell, kind: 'text', value: String(value) };
      }
    }
  }
}
