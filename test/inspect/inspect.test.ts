import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli/main.js';
import { InspectCell, Inspection } from '../../schemas/inspect.js';
import { makeXlsx } from '../ingest/make-xlsx.js';
import { testEffects } from '../run/fake-stages.js';

const dir = mkdtempSync(path.join(tmpdir(), 'thinktank-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]) {
  const effects = testEffects(dir);
  const code = await main(argv, effects);
  return { code, stderr: effects.lines.join('\n'), stdout: effects.out.join('') };
}

const s = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
writeFileSync(
  path.join(dir, 'book.xlsx'),
  makeXlsx({
    sheets: [
      {
        name: 'Sheet1',
        rows:
          `<row r="1">${s('A1', '2017 survey')}</row>` +
          `<row r="2">${s('A2', 'id')}${s('B2', 'score')}${s('C2', 'when')}${s('D2', 'ok')}${s('E2', 'calc')}</row>` +
          `<row r="3">${s('A3', 'a1')}<c r="B3"><v>3</v></c><c r="C3" s="1"><v>42793</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>` +
          `<row r="4">${s('A4', 'a2')}<c r="B4"><v>4.5</v></c><c r="C4" s="1"><v>42794.5</v></c><c r="D4" t="b"><v>0</v></c><c r="E4"><f>10*2</f><v></v></c></row>` +
          `<row r="5">${s('A5', 'a3')}<c r="B5"><v>3</v></c></row>`,
      },
      { name: 'hidden', state: 'hidden', rows: `<row r="1">${s('A1', 'x')}</row>` },
    ],
    cellXfs: '<xf numFmtId="0"/><xf numFmtId="14"/>',
  }),
);
writeFileSync(path.join(dir, 'gb.csv'), iconv.encode('编号;城市;人数\n1;双鸭山;12\n2;哈尔滨;\n3;哈尔滨;7\n', 'gb18030'));

describe('thinktank inspect --cells --json', () => {
  it('prints one object a line for every non-empty cell: numbers, texts, dates, booleans, errors, formulas', async () => {
    const { code, stdout } = await cli(['inspect', 'book.xlsx', '--cells', '--json']);
    expect(code).toBe(0);
    const cells = stdout.trim().split('\n').map((line) => InspectCell.parse(JSON.parse(line)));
    expect(cells).toHaveLength(18);
    expect(cells.slice(6, 15)).toEqual([
      { sheet: 'Sheet1', cell: 'A3', kind: 'text', value: 'a1' },
      { sheet: 'Sheet1', cell: 'B3', kind: 'number', value: 3 },
      { sheet: 'Sheet1', cell: 'C3', kind: 'date', value: '2017-02-27T00:00:00' },
      { sheet: 'Sheet1', cell: 'D3', kind: 'bool', value: true },
      { sheet: 'Sheet1', cell: 'E3', kind: 'error', value: '#DIV/0!' },
      { sheet: 'Sheet1', cell: 'A4', kind: 'text', value: 'a2' },
      { sheet: 'Sheet1', cell: 'B4', kind: 'number', value: 4.5 },
      { sheet: 'Sheet1', cell: 'C4', kind: 'date', value: '2017-02-28T12:00:00' },
      { sheet: 'Sheet1', cell: 'D4', kind: 'bool', value: false },
    ]);
    expect(cells.find((c) => c.cell === 'E4')).toEqual({ sheet: 'Sheet1', cell: 'E4', kind: 'formula', value: '10*2' });
    // hidden sheets are not read, as ingest does not read them
    expect(cells.every((c) => c.sheet === 'Sheet1')).toBe(true);
  });

  it('reads a CSV (GB18030, ; delimited) with sheet null and every cell text', async () => {
    const { stdout } = await cli(['inspect', 'gb.csv', '--cells', '--json']);
    const cells = stdout.trim().split('\n').map((line) => JSON.parse(line) as InspectCell);
    expect(cells[4]).toEqual({ sheet: null, cell: 'B2', kind: 'text', value: '双鸭山' });
    expect(cells).toHaveLength(11);
  });
});

describe('thinktank inspect', () => {
  it('--json gives the header row found and per column its type, missing and distinct counts, range and top values', async () => {
    const { code, stdout } = await cli(['inspect', 'book.xlsx', '--json']);
    expect(code).toBe(0);
    const inspection = Inspection.parse(JSON.parse(stdout));
    expect(inspection.sheets).toHaveLength(1);
    const sheet = inspection.sheets[0]!;
    expect(sheet).toMatchObject({ sheet: 'Sheet1', header_row: 2, rows: 3 });
    expect(sheet.columns.map((c) => [c.header, c.type, c.missing, c.errors, c.distinct])).toEqual([
      ['id', 'text', 0, 0, 3],
      ['score', 'number', 0, 0, 2],
      ['when', 'date', 1, 0, 2],
      ['ok', 'bool', 1, 0, 2],
      ['calc', 'empty', 1, 2, 0],
    ]);
    expect(sheet.columns[1]).toMatchObject({ min: 3, max: 4.5, top: [{ value: 3, count: 2 }, { value: 4.5, count: 1 }] });
    expect(sheet.columns[2]).toMatchObject({ min: '2017-02-27T00:00:00', max: '2017-02-28T12:00:00' });
  });

  it('takes --header-row and --sheet, and prints text on stderr without --json', async () => {
    const { code, stderr, stdout } = await cli(['inspect', 'book.xlsx', '--sheet', 'Sheet1', '--header-row', '1']);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain("book.xlsx 'Sheet1': header in row 1, 4 rows below it");
    const csv = await cli(['inspect', 'gb.csv']);
    expect(csv.stderr).toContain('gb.csv: header in row 1, 3 rows below it, 3 columns');
    expect(csv.stderr).toContain('C "人数": integer, 2 values, 1 missing, 2 distinct, range 7 to 12');
  });

  it('refuses a bad --header-row as a usage error and a missing sheet as bad input', async () => {
    expect((await cli(['inspect', 'book.xlsx', '--header-row', 'x'])).code).toBe(2);
    const missing = await cli(['inspect', 'book.xlsx', '--sheet', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no sheet named "nope"');
  });
});
