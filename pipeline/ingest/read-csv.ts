import { msg } from '../messages.js';
import { InputError } from '../errors.js';
import { CellKind, isBlankText } from './cell-value.js';
import { decodeText, type TextEncoding } from './decode-text.js';
import { CsvLimitError, detectDelimiter, forEachCsvRecord } from './parse-csv.js';
import { GridBuilder, GridLimitError, type SheetGrid } from './sheet-grid.js';
import { defaultLimits, type ReadLimits } from './read-limits.js';
import { readWholeFile } from './read-whole-file.js';

/**
 * Reads a CSV file into a SheetGrid (every value text, as CSV has no types; row = 1-based record number).
 * `display` is the file name used in messages. InputError when the file is too large, a quote never closes or
 * a limit is exceeded.
 */
export async function readCsv(
  file: string,
  options: { encoding?: 'auto' | 'utf-8' | 'gb18030'; limits?: ReadLimits; display?: string } = {},
): Promise<{ grid: SheetGrid; encoding: TextEncoding }> {
  const limits = options.limits ?? defaultLimits;
  const display = options.display ?? file;
  const bytes = await readWholeFile(file, display, limits.max_file_bytes);
  const { text, encoding, mixed, undecodable } = decodeText(bytes, options.encoding ?? 'auto');
  if (mixed) throw new InputError(msg.csvMixedEncoding(display, mixed.otherLine, mixed.utf8Line));
  if (undecodable) throw new InputError(msg.csvUndecodable(display, undecodable.line, undecodable.encoding));
  if (text.includes('\u0000')) throw new InputError(msg.notText(display));
  const builder = new GridBuilder(limits.max_cells, limits.max_columns);
  const bounds = { maxFields: limits.max_columns, maxRecordChars: limits.max_line_chars };
  try {
    // records go straight into the grid as they are parsed (never a list of every record)
    let row = 0;
    const unclosed = forEachCsvRecord(
      text,
      detectDelimiter(text),
      (_line, fields) => {
        row++;
        builder.startRow(row);
        for (let c = 0; c < fields.length; c++) {
          const field = fields[c]!;
          if (isBlankText(field)) continue;
          builder.setText(c + 1, CellKind.text, field);
        }
        builder.endRow();
      },
      bounds,
    );
    if (unclosed > 0) throw new InputError(msg.csvUnclosedQuote(display, unclosed));
  } catch (error) {
    if (error instanceof GridLimitError) throw new InputError(msg.limitExceeded(display, error.message));
    if (error instanceof CsvLimitError) throw new InputError(msg.limitExceeded(`${display}: line ${error.line}`, error.message));
    throw error;
  }
  return { grid: builder.finish(display, null, []), encoding };
}
