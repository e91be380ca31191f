/** The in-process baseline: exceljs's streaming reader visiting every row of every workbook, nothing else. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';

const dir = path.join(process.argv[2] ?? '.', 'responses');
let rows = 0;
for (const name of (await readdir(dir)).filter((f) => f.endsWith('.xlsx')).sort()) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path.join(dir, name), {
    sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit',
  });
  for await (const sheet of reader) for await (const _row of sheet) rows++;
}
process.stdout.write(String(rows));
