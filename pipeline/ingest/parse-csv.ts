/** One parsed CSV record: its 1-based line number (where the record starts) and its fields. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** The result of parsing CSV text: the records, or the line of an unterminated quote. */
export type CsvParse = { ok: true; records: CsvRecord[]; delimiter: string } | { ok: false; line: number };

/** Lines (outside quotes, non-empty) the delimiter is guessed from. */
const DELIMITER_LINES = 20;

/**
 * Guesses the delimiter from the first 20 non-empty lines, not the header alone (a title line above the
 * header, or a header of one column, says nothing): for each of `,` `;` tab, the count outside quotes that
 * most lines share; the delimiter shared by the most lines with a count of at least 1 wins, then the larger
 * count, then `,` `;` tab in that order. `,` when no line has any.
 */
export function detectDelimiter(text: string): string {
  const lines: string[] = [];
  for (const raw of text.slice(0, 1 << 16).replace(/"[^"]*"/g, '""').split(/\r\n|\n|\r/)) {
    if (raw.trim() === '') continue;
    lines.push(raw);
    if (lines.length >= DELIMITER_LINES) break;
  }
  let best = { delimiter: ',', lines: 0, count: 0 };
  for (const delimiter of [',', ';', '\t']) {
    const tally = new Map<number, number>();
    for (const line of lines) {
      const count = line.split(delimiter).length - 1;
      if (count > 0) tally.set(count, (tally.get(count) ?? 0) + 1);
    }
    for (const [count, n] of tally) {
      if (n > best.lines || (n === best.lines && count > best.count)) best = { delimiter, lines: n, count };
    }
  }
  return best.delimiter;
}

/** Bounds on one CSV record, checked as it is read (before its fields are kept). */
export interface CsvBounds {
  maxFields: number;
  maxRecordChars: number;
}

/** A record past CsvBounds: its 1-based starting line and which bound. */
export class CsvLimitError extends Error {
  override readonly name = 'CsvLimitError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * Parses CSV text (RFC 4180: quoted fields, `""` inside quotes, CRLF/LF/CR line ends, line breaks inside quotes).
 * A quote in the middle of an unquoted field is kept as a character. Fails with the starting line of a quoted
 * field that never closes. Fields are returned as written (not trimmed).
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvParse {
  const records: CsvRecord[] = [];
  const line = forEachCsvRecord(text, delimiter, (start, fields) => {
    records.push({ line: start, fields });
  });
  return line === 0 ? { ok: true, records, delimiter } : { ok: false, line };
}

/**
 * Parses CSV text as parseCsv does, handing each record to `onRecord` instead of keeping them all (a file of
 * ten million short lines then costs one record at a time). Returns 0, or the starting line of a quoted field
 * that never closes. CsvLimitError, as soon as it is seen, for a record of more fields or characters than
 * `bounds` allows (a 10 MB line of 5M fields stops at the limit instead of costing gigabytes).
 */
export function forEachCsvRecord(
  text: string,
  delimiter: string,
  onRecord: (line: number, fields: string[]) => void,
  bounds: CsvBounds = { maxFields: Infinity, maxRecordChars: Infinity },
): number {
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const from = i;
    const fields: string[] = [];
    for (;;) {
      // one field
      if (text.charCodeAt(i) === 34 /* " */) {
        const quoteLine = line;
        i++;
        let value = '';
        let closed = false;
        while (i < n) {
          const q = text.indexOf('"', i);
          if (q < 0) break;
          if (q - from > bounds.maxRecordChars) break;
          value += text.slice(i, q);
          line += countLineBreaks(text, i, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            i = q + 2;
          } else {
            i = q + 1;
            closed = true;
            break;
          }
        }
        if (!closed && n - from <= bounds.maxRecordChars) return quoteLine;
        if (!closed) throw tooLong(bounds, start);
        // text after the closing quote up to the delimiter is kept (lenient)
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === delim || c === 10 || c === 13) break;
          j++;
        }
        value += text.slice(i, j);
        i = j;
        fields.push(value);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === delim || c === 10 || c === 13) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      if (fields.length > bounds.maxFields) {
        throw new CsvLimitError(`more than ${bounds.maxFields.toLocaleString('en-US')} columns in one row (limits.max_columns)`, start);
      }
      if (i - from > bounds.maxRecordChars) throw tooLong(bounds, start);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        if (i >= n) {
          fields.push('');
          break;
        }
        continue;
      }
      // line end
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      break;
    }
    onRecord(start, fields);
  }
  return 0;
}

function tooLong(bounds: CsvBounds, line: number): CsvLimitError {
  return new CsvLimitError(`a record of more than ${bounds.maxRecordChars.toLocaleString('en-US')} characters (limits.max_line_chars)`, line);
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) count++;
    else if (c === 13 && text.charCodeAt(k + 1) !== 10) count++;
  }
  return count;
}
