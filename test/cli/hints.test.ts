import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli/main.js';
import { makeZip } from '../ingest/make-xlsx.js';
import { testEffects } from '../run/fake-stages.js';
import { makeTempDir } from '../run/temp-dirs.js';

/** Runs the CLI in-process with the real stages. */
async function cli(argv: string[], cwd: string) {
  const effects = testEffects(cwd);
  const code = await main(argv, effects);
  return { code, stderr: effects.lines.join('\n'), stdout: effects.out.join('') };
}

const codebook = [
  { name: 'id', type: 'id', label: { zh: '编号', en: 'ID' }, required: true, unique: true },
  { name: 'employees', type: 'integer', label: { zh: '员工人数', en: 'Employees' }, required: true, min: 0 },
];

/** A workbook with a worksheet "Data" (x: 1, 2) and a chart sheet "Chart1". */
function workbookWithChartSheet(): Buffer {
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  return makeZip([
    ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0"?><workbook ${ns}><sheets><sheet name="Data" sheetId="1" r:id="rId1"/><sheet name="Chart1" sheetId="2" r:id="rId2"/></sheets></workbook>`],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`,
    ],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet ${ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row></sheetData></worksheet>`],
    ['xl/chartsheets/sheet1.xml', `<?xml version="1.0"?><chartsheet ${ns}/>`],
  ]);
}

describe('hints that point at the fix', () => {
  it('a missing required column names the unmatched header most like it (a renamed header)', async () => {
    const dir = await makeTempDir('hints');
    await writeFile(path.join(dir, 'codebook.json'), JSON.stringify(codebook));
    await writeFile(path.join(dir, 'data.csv'), 'id,region_name,employee_count\n1,a,5\n2,b,7\n');
    const { code, stdout } = await cli(['validate', 'data.csv', '--codebook', 'codebook.json'], dir);
    expect(code).toBe(1);
    expect(stdout).toContain(
      '  error: data.csv (employees): expected a column for this required variable, found none in this file ' +
        '(did you mean column C1 "employee_count"? rename that header or add it to the variable\'s aliases)',
    );
  }, 30_000);

  it('--codebook given a survey.json says what it is', async () => {
    const dir = await makeTempDir('hints');
    await writeFile(path.join(dir, 'survey.json'), JSON.stringify({ id: 'x', region: 'region', responses: ['*.csv'] }));
    await writeFile(path.join(dir, 'data.csv'), 'id\n1\n');
    const { code, stderr } = await cli(['validate', 'data.csv', '--codebook', 'survey.json'], dir);
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toBe(
      'error: survey.json: expected a codebook (a JSON array of variables), found a survey.json (a JSON object with "id", "responses", "region"); give the codebook file it names instead',
    );
  }, 30_000);

  it('--sheet naming a chart sheet says so, and never lists it among the sheets', async () => {
    const dir = await makeTempDir('hints');
    await writeFile(path.join(dir, 'book.xlsx'), workbookWithChartSheet());
    const chart = await cli(['estimate', 'book.xlsx', '--sheet', 'Chart1', '--mean', 'x'], dir);
    expect(chart.code).toBe(1);
    const book = path.join(dir, 'book.xlsx');
    expect(chart.stderr.split('\n')[0]).toBe(`error: ${book}: "Chart1" is a chart sheet, with no cells to read; the sheets with cells are "Data"`);
    const typo = await cli(['estimate', 'book.xlsx', '--sheet', 'data ', '--mean', 'x'], dir);
    expect(typo.code).toBe(1);
    expect(typo.stderr.split('\n')[0]).toBe(`error: ${book}: no sheet named "data " (did you mean "Data"?); the sheets are "Data"`);
    const read = await cli(['estimate', 'book.xlsx', '--sheet', 'Data', '--mean', 'x', '--json'], dir);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ n: 2, estimates: [{ statistic: 'mean', estimate: 1.5 }] });
  }, 30_000);
});
