import type { Codebook } from '../../schemas/codebook.js';
import type { Issue, Severity } from '../../schemas/issue.js';
import type { RawColumn, RawPart, RawTable, UnmappedColumn, ColumnMapping } from '../../schemas/raw-table.js';
import { expected, found, issueLine, location, msg, next } from '../messages.js';
import { CellKind, cellReference, columnLetters } from './cell-value.js';
import { findHeader } from './find-header.js';
import { buildHeaderMatcher, type HeaderMatcher } from './match-headers.js';
import { clearSkipMarkers, isPlatformExport, isPlatformMetadata } from './platform-export.js';
import type { SheetGrid } from './sheet-grid.js';

/** Which sheets of a workbook to ingest: the one named in survey.json/--sheet, or every sheet whose header matches. */
export type SheetMode = 'named' | 'auto';

/** Whether a variable must have a value: `required`, or an id not marked `required: false`. */
export function isRequired(v: Codebook[number]): boolean {
  return v.required ?? v.type === 'id';
}

/**
 * Collects the sheets of the survey's files into one columnar RawTable, file by file. It takes the grids over:
 * their columns are kept, not copied, until `finish` copies each variable's cells once into its final arrays
 * (unmapped columns keep their grid's text pools). Pure: no disk, no clock; `notes` gathers progress lines for
 * the caller's logger.
 */
export class RawTableBuilder {
  private readonly matcher: HeaderMatcher;
  private readonly columns = new Map<string, ColumnList>();
  private readonly files: RawTable['files'] = [];
  private readonly parts: RawPart[] = [];
  private readonly fileNames: string[] = [];
  private readonly sheetNames: string[] = [];
  private readonly rowFile: number[] = [];
  private readonly rowSheet: number[] = [];
  private readonly rowNumber: number[] = [];
  private readonly rowPart: number[] = [];
  private readonly issues: Issue[] = [];
  readonly notes: string[] = [];
  private rowCount = 0;

  constructor(private readonly codebook: Codebook) {
    this.matcher = buildHeaderMatcher(codebook);
    for (const v of codebook) {
      if (!this.columns.has(v.name)) this.columns.set(v.name, new ColumnList());
    }
  }

  /** Records a file that could not be read (its InputError message) as an error issue; it contributes no rows. */
  addUnreadable(file: string, message: string): void {
    this.files.push({ file, parts: [] });
    this.issues.push({
      file,
      sheet: null,
      cell: null,
      column: null,
      row: null,
      code: 'unreadable_file',
      severity: 'error',
      expected: expected.readableFile(),
      found: message,
      message,
    });
  }

  /**
   * Adds the sheets read from one file. In `auto` mode a sheet whose header names fewer than two codebook
   * variables is skipped (an instructions sheet) unless no sheet qualifies; in `named` mode the sheet is used.
   * `headerRow` (1-based) is where the header is, instead of guessing it.
   */
  addFile(file: string, grids: SheetGrid[], mode: SheetMode, headerRow?: number): void {
    const entry: RawTable['files'][number] = { file, parts: [] };
    this.files.push(entry);
    const minScore = Math.min(2, this.codebook.length);
    const headers = grids.map((g) => findHeader(g, (texts) => this.matcher.score(texts), headerRow));
    const scores = headers.map((h, k) =>
      h ? this.matcher.score(h.texts.map((t) => (t.length > 0 ? t[t.length - 1]! : null))) : 0,
    );
    const chosen = grids.filter((_, k) => mode === 'named' || grids.length === 1 || scores[k]! >= minScore);
    if (chosen.length === 0) {
      this.fileIssue(file, null, 'no_header', 'error', expected.header(), msg.noMatchingSheet(file));
      return;
    }
    grids.forEach((grid, k) => {
      if (!chosen.includes(grid)) {
        this.notes.push(msg.sheetSkipped(location(file, grid.sheet, null, null)));
        return;
      }
      const header = headers[k] ?? null;
      if (grid.rows.length === 0) {
        this.fileIssue(file, grid.sheet, 'empty_sheet', 'error', expected.header(), msg.emptySheet(file, grid.sheet));
        return;
      }
      if (!header && headerRow !== undefined) {
        this.fileIssue(file, grid.sheet, 'no_header', 'error', expected.header(), msg.noHeaderAt(file, grid.sheet, headerRow));
        return;
      }
      if (!header || scores[k] === 0) {
        this.fileIssue(file, grid.sheet, 'no_header', 'error', expected.header(), msg.noHeader(file, grid.sheet));
        return;
      }
      entry.parts.push(this.addPart(file, grid, header));
    });
  }

  private fileIssue(file: string, sheet: string | null, code: string, severity: Severity, exp: string, message: string): void {
    this.issues.push({ file, sheet, cell: null, column: null, row: null, code, severity, expected: exp, found: found.nothing(), message });
  }

  private addPart(file: string, grid: SheetGrid, header: NonNullable<ReturnType<typeof findHeader>>): number {
    const partIndex = this.parts.length;
    const sheet = grid.sheet;
    const start = header.dataStart;
    const rowsRead = grid.rows.length - start;
    const mapping: ColumnMapping[] = [];
    const unmapped: UnmappedColumn[] = [];
    const columnOf = new Map<string, number>();
    // a survey platform's export: its metadata columns are kept aside without a warning, its skip markers blank
    const platform = isPlatformExport(header);
    if (platform) {
      const cleared = clearSkipMarkers(grid, header);
      this.notes.push(msg.platformExport(location(file, sheet, null, null), cleared));
    }

    grid.columns.forEach((column, c) => {
      const texts = header.texts[c]!;
      const letters = columnLetters(c + 1);
      const headerText = texts.join(' ');
      let hasData = false;
      for (let i = start; i < column.kinds.length && !hasData; i++) hasData = column.kinds[i] !== CellKind.empty;
      const variable = texts.length > 0 ? this.matcher.match(texts) : null;
      const cell = cellReference(sheet, letters, header.headerRow);
      if (variable !== null && !columnOf.has(variable)) {
        columnOf.set(variable, c);
        mapping.push({ variable, column: letters, header: headerText });
        return;
      }
      if (texts.length === 0 && !hasData) return;
      // a second column under the same (merged) header with nothing in it: the merge's overhang, not a column
      if (variable !== null && !hasData) return;
      unmapped.push({ column: letters, header: headerText, cells: sliceColumn(column, start) });
      if (platform && variable === null && isPlatformMetadata(headerText)) return;
      if (variable !== null) {
        const first = columnLetters(columnOf.get(variable)! + 1);
        this.cellIssue(file, sheet, cell, variable, header.headerRow, 'duplicate_column', 'error', expected.oneColumn(first), found.unmapped(headerText), next.columnIgnored());
      } else {
        this.cellIssue(file, sheet, cell, null, header.headerRow, 'unmapped_column', 'warning', expected.knownHeader(), found.unmapped(headerText), next.columnIgnored());
      }
    });

    const missing: string[] = [];
    const optional: string[] = [];
    for (const v of this.codebook) {
      if (columnOf.has(v.name) || missing.includes(v.name)) continue;
      missing.push(v.name);
      if (!isRequired(v)) {
        optional.push(v.name);
        continue;
      }
      this.cellIssue(file, sheet, null, v.name, null, 'missing_column', 'error', expected.requiredColumn(), found.notInFile());
    }
    if (optional.length > 0) {
      // one warning for all optional variables a file lacks
      this.cellIssue(file, sheet, null, null, null, 'missing_column', 'warning', expected.columns(optional), found.notInFile(), next.cellsBlank());
    }

    // the rows, columnar
    for (const [name, list] of this.columns) {
      const c = columnOf.get(name);
      if (c === undefined) list.pushEmpty(rowsRead);
      else list.pushRows(grid.columns[c]!, start);
    }
    const fileIndex = indexIn(this.fileNames, file);
    const sheetIndex = indexIn(this.sheetNames, sheet ?? '');
    for (let i = start; i < grid.rows.length; i++) {
      this.rowFile.push(fileIndex);
      this.rowSheet.push(sheetIndex);
      this.rowNumber.push(grid.rows[i]!);
      this.rowPart.push(partIndex);
    }
    const lastRow = rowsRead > 0 ? grid.rows[grid.rows.length - 1]! : header.headerEnd;
    const part: RawPart = {
      file,
      sheet,
      header_row: header.headerRow,
      header_end: header.headerEnd,
      mapping,
      unmapped,
      missing,
      first: this.rowCount,
      rows_read: rowsRead,
      rows_blank: lastRow - header.headerEnd - rowsRead,
    };
    this.parts.push(part);
    this.rowCount += rowsRead;
    this.notes.push(msg.partRead(location(file, sheet, null, null), rowsRead, header.headerRow, part.rows_blank, unmapped.length));
    return partIndex;
  }

  private cellIssue(
    file: string,
    sheet: string | null,
    cell: string | null,
    column: string | null,
    row: number | null,
    code: string,
    severity: Severity,
    exp: string,
    fnd: string,
    then?: string,
  ): void {
    this.issues.push({
      file,
      sheet,
      cell,
      column,
      row,
      code,
      severity,
      expected: exp,
      found: fnd,
      message: issueLine(location(file, sheet, cell, column), exp, fnd, then),
    });
  }

  /** The finished RawTable. The builder must not be used afterwards. */
  finish(): RawTable {
    const columns = new Map<string, RawColumn>();
    for (const [name, list] of this.columns) columns.set(name, list.toColumn());
    return {
      rowCount: this.rowCount,
      variables: [...this.columns.keys()],
      columns,
      source: {
        files: this.fileNames,
        sheets: this.sheetNames,
        file: Int32Array.from(this.rowFile),
        sheet: Int32Array.from(this.rowSheet),
        row: Int32Array.from(this.rowNumber),
      },
      part: Int32Array.from(this.rowPart),
      parts: this.parts,
      files: this.files,
      issues: this.issues,
    };
  }
}

/**
 * A RawColumn collected part by part: the parts' grid columns are kept as they are and copied once, into arrays of
 * the final length, by toColumn (no growing copies, no slack); the parts' text pools are appended.
 */
class ColumnList {
  private readonly pieces: { column: RawColumn | null; start: number; count: number; offset: number }[] = [];
  private readonly texts: string[] = [];
  private length = 0;

  /** Appends `count` empty cells. */
  pushEmpty(count: number): void {
    this.pieces.push({ column: null, start: 0, count, offset: 0 });
    this.length += count;
  }

  /** Appends the cells of a grid column from stored row `start` on; its text indices move past the texts so far. */
  pushRows(column: RawColumn, start: number): void {
    const count = column.kinds.length - start;
    this.pieces.push({ column, start, count, offset: this.texts.length });
    for (const text of column.texts) this.texts.push(text);
    this.length += count;
  }

  /** The column, in one pair of typed arrays; the pieces are let go. */
  toColumn(): RawColumn {
    const kinds = new Uint8Array(this.length);
    const values = new Float64Array(this.length);
    let at = 0;
    for (const { column, start, count, offset } of this.pieces) {
      // an empty piece stays as new typed arrays are: kind 0 (empty), value 0
      if (column !== null) {
        kinds.set(column.kinds.subarray(start, start + count), at);
        values.set(column.values.subarray(start, start + count), at);
        if (offset > 0) {
          for (let j = at; j < at + count; j++) {
            const kind = kinds[j]!;
            if (kind === CellKind.text || kind === CellKind.error) values[j] = values[j]! + offset;
          }
        }
      }
      at += count;
    }
    this.pieces.length = 0;
    return { kinds, values, texts: this.texts };
  }
}

function indexIn(list: string[], item: string): number {
  const k = list.indexOf(item);
  if (k >= 0) return k;
  list.push(item);
  return list.length - 1;
}

function sliceColumn(column: RawColumn, start: number): RawColumn {
  return { kinds: column.kinds.slice(start), values: column.values.slice(start), texts: column.texts };
}
