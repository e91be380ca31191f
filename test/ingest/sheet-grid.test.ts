import { describe, expect, it } from 'vitest';
import { CellKind } from '../../pipeline/ingest/cell-value.js';
import { GridBuilder, GridLimitError } from '../../pipeline/ingest/sheet-grid.js';
import { columnValues } from './grid-cells.js';

describe('GridBuilder', () => {
  it('keeps the last of a cell set twice in a row, counted once, and drops blank rows', () => {
    const builder = new GridBuilder(3);
    builder.startRow(1);
    builder.set(2, CellKind.text, 'a');
    builder.set(2, CellKind.number, 7);
    builder.endRow();
    builder.startRow(2);
    builder.endRow();
    builder.startRow(3);
    builder.setText(1, CellKind.text, 'a');
    builder.setShared(2, 5, 'b');
    builder.endRow();
    const grid = builder.finish('f.xlsx', 'data', []);
    expect(grid.rows).toEqual([1, 3]);
    expect(grid.columns.map((c) => [Array.from(c.kinds), columnValues(c)])).toEqual([
      [[CellKind.empty, CellKind.text], [null, 'a']],
      [[CellKind.number, CellKind.text], [7, 'b']],
    ]);
    builder.startRow(4);
    expect(() => builder.set(3, CellKind.number, 1)).toThrow(GridLimitError);
  });

  it('pools a column\'s repeated texts, shared strings by their number', () => {
    const builder = new GridBuilder(1e6);
    for (let r = 1; r <= 1000; r++) {
      builder.startRow(r);
      builder.setText(1, CellKind.text, ['x', 'y'][r % 2]!);
      builder.setShared(2, r % 3, `s${r % 3}`);
      builder.endRow();
    }
    const [a, b] = builder.finish('f.xlsx', 'data', []).columns;
    expect([a!.texts, b!.texts]).toEqual([
      ['y', 'x'],
      ['s1', 's2', 's0'],
    ]);
    expect(columnValues(b!).slice(0, 4)).toEqual(['s1', 's2', 's0', 's1']);
  });
});
