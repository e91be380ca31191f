import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { SurveyConfig } from '../../schemas/survey.js';
import { InputError } from '../errors.js';
import { classifyCells, type CellValue } from '../inspect/classify-cells.js';
import { columnLetters } from '../ingest/cell-value.js';
import { findHeader } from '../ingest/find-header.js';
import { clearSkipMarkers, isPlatformExport, isPlatformMetadata } from '../ingest/platform-export.js';
import { normalizeHeader } from '../ingest/normalize-header.js';
import { readGrids } from '../ingest/read-grids.js';
import type { ColumnMeta } from '../ingest/sheet-grid.js';
import { packageRoot } from '../publish/read-versions.js';
import { writeFileAtomic } from '../publish/write-atomic.js';
import { instructions } from './build-scaffold.js';
import { draftCodebook, type DraftColumn } from './draft-codebook.js';
import { codebookWorkbook, surveyIdFor } from './write-scaffold.js';

/** What `init --from` wrote: the files (relative to the folder) and notes for the analyst. */
export interface DraftWritten {
  files: string[];
  notes: string[];
}

/**
 * `thinktank init DIR --from DATA...`: reads each data file (.xlsx first visible sheet, .csv, .sav) with the
 * reader ingest uses, finds its header, drafts a codebook from all of them together (draftCodebook: columns
 * with the same header are one variable) and writes DIR/survey.json, DIR/codebook.xlsx and the data files
 * under DIR/responses/, with each file's header row in `header_row` so validation reads what the draft read.
 * Refuses a folder that exists and is not empty, and data files with the same name. InputError when a file
 * cannot be read or has no header.
 */
export async function writeDraft(dir: string, dataFiles: string[], options: { date: Date; display?: (file: string) => string }): Promise<DraftWritten> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0) throw new InputError(`${dir} is not empty: give a new folder to \`thinktank init --from\``);
  const names = dataFiles.map((f) => path.basename(f));
  const repeated = names.find((n, k) => names.indexOf(n) !== k);
  if (repeated !== undefined) throw new InputError(`init --from: two data files are named ${repeated}; rename one, as both go to responses/`);

  const columns: DraftColumn[] = [];
  const byKey = new Map<string, DraftColumn>();
  // the column at each position in the files read so far: a header met in one file only, where another file
  // has a header this file lacks, is a variant of it (field offices rename headers, not reorder them)
  const byPosition: (DraftColumn | undefined)[] = [];
  const headerRows: Record<string, number> = {};
  let rowsSoFar = 0;
  for (const file of dataFiles) {
    const display = options.display?.(file) ?? file;
    const [grid] = await readGrids(file, { display });
    if (!grid || grid.rows.length === 0) throw new InputError(`${display}: the file has no data to draft a codebook from`);
    const header = findHeader(grid);
    if (!header) throw new InputError(`${display}: no header row found (expected a row of column names above the data)`);
    headerRows[`responses/${path.basename(file)}`] = header.headerRow;
    const platform = isPlatformExport(header);
    if (platform) clearSkipMarkers(grid, header);
    const rows = grid.rows.length - header.dataStart;
    const seen = new Set<DraftColumn>();
    const here = new Set(grid.columns.map((_, c) => header.texts[c]!).filter((t) => t.length > 0).map((t) => normalizeHeader(t[t.length - 1]!)));
    grid.columns.forEach((gridColumn, c) => {
      const texts = header.texts[c]!;
      const cells = classifyCells(gridColumn, header.dataStart, grid.rows.length);
      if (texts.length === 0 && cells.every((x) => x.t === 'empty')) return;
      const headerText = texts.length > 0 ? texts[texts.length - 1]! : columnLetters(c + 1);
      // a platform's metadata (submission time, IP...) is kept aside, not drafted as questions
      if (platform && isPlatformMetadata(headerText)) return;
      const key = normalizeHeader(headerText);
      let column = byKey.get(key);
      const positioned = byPosition[c];
      if (column === undefined && positioned !== undefined && !seen.has(positioned) && !here.has(normalizeHeader(positioned.header))) {
        column = positioned;
        if (!byKey.has(key)) byKey.set(key, column);
        (column.aliases ??= []).push(headerText);
      }
      if (column === undefined || seen.has(column)) {
        column = { header: headerText, cells: fill(rowsSoFar), meta: (grid.meta?.[c] ?? null) as ColumnMeta | null };
        if (!byKey.has(key)) byKey.set(key, column);
        columns.push(column);
      }
      seen.add(column);
      byPosition[c] ??= column;
      for (const cell of cells) column.cells.push(cell);
    });
    rowsSoFar += rows;
    for (const column of columns) while (column.cells.length < rowsSoFar) column.cells.push({ t: 'empty' });
  }

  const draft = draftCodebook(columns);
  const id = surveyIdFor(dir);
  const date = options.date.toISOString().slice(0, 10);
  const extensions = [...new Set(names.map((n) => path.extname(n).toLowerCase()))].sort();
  const title = path.basename(path.resolve(dir));
  const config = SurveyConfig.parse({
    $schema: path.relative(dir, path.join(packageRoot, 'schemas', 'survey.schema.json')).split(path.sep).join('/'),
    id,
    title: { zh: title, en: title },
    issuer: { zh: '（请填写发布机构）', en: '(the issuing organisation)' },
    date,
    codebook: 'codebook.xlsx',
    responses: extensions.map((ext) => `responses/*${ext}`),
    header_row: headerRows,
    design: draft.design,
    region: draft.region ?? draft.codebook[0]?.name ?? 'region',
  });
  const files: [string, string | Uint8Array][] = [
    ['survey.json', `${JSON.stringify(config, null, 2)}\n`],
    ['codebook.xlsx', await codebookWorkbook({ codebook: draft.codebook, instructions: instructions() }, options.date)],
  ];
  for (const [name, data] of files) await writeFileAtomic(path.join(dir, name), data);
  await mkdir(path.join(dir, 'responses'), { recursive: true });
  for (const file of dataFiles) await copyFile(file, path.join(dir, 'responses', path.basename(file)));
  return { files: [...files.map(([name]) => name), ...names.map((n) => `responses/${n}`)], notes: draft.notes };
}

function fill(n: number): CellValue[] {
  return Array.from({ length: n }, () => ({ t: 'empty' as const }));
}
