import { readFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Margins } from '../../schemas/design.js';
import { InputError } from '../errors.js';
import { weightMessages } from './messages.js';

/** Splits CSV text into records of fields (RFC 4180 quoting); throws InputError on an unclosed quote. */
function splitCsv(text: string, file: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let quoteLine = 1;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = '';
      fieldStarted = false;
      line++;
      start = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new InputError(weightMessages.marginsUnclosedQuote(file, quoteLine));
  if (fieldStarted || fields.length) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records.filter((r) => r.fields.some((f) => f.trim() !== ''));
}

/** A value as margins compare it: trimmed, and numbers in canonical form ("01" stays text, "1.0" is "1"). */
export function marginKey(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const v = value.trim();
  return /^-?(0|[1-9]\d*)(\.\d+)?$/.test(v) ? String(Number(v)) : v;
}

/**
 * The range a population count may take besides 0: a count of 1e-300 or 1e300 is no population, and
 * calibrating to it makes weights underflow or overflow, so estimates vanished in silence (issue 18).
 */
const MIN_COUNT = 1e-6;
const MAX_COUNT = 1e15;

/**
 * Parses margins CSV text: a header naming the calibration variables and `count`, then one population cell
 * per line. Throws InputError without a `count` column, for a count that is not 0 or a number from 1e-6 to
 * 1e15, for a line with the wrong number of fields, for a cell given twice (naming both lines: a pasted
 * block repeated would double that population), or when no cell is left.
 */
export function parseMargins(text: string, file: string): Margins {
  const records = splitCsv(text.replace(/^\uFEFF/, ''), file);
  const header = (records[0]?.fields ?? []).map((h) => h.trim());
  const countAt = header.findIndex((h) => h.toLowerCase() === 'count');
  if (countAt < 0) throw new InputError(weightMessages.marginsNoCount(file));
  const variables = header.filter((_, i) => i !== countAt);
  const cells: Margins['cells'] = [];
  const index = new Map<string, number>();
  const lines: number[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length !== header.length) {
      throw new InputError(weightMessages.marginsBadRow(file, record.line, header.length, record.fields.length));
    }
    const raw = record.fields[countAt]!.trim().replace(/,/g, '');
    const count = Number(raw);
    if (raw === '' || !Number.isFinite(count) || count < 0) {
      throw new InputError(weightMessages.marginsBadCount(file, record.line, record.fields[countAt]!));
    }
    if (count !== 0 && (count < MIN_COUNT || count > MAX_COUNT)) {
      throw new InputError(weightMessages.marginsExtremeCount(file, record.line, record.fields[countAt]!));
    }
    const values = record.fields.filter((_, i) => i !== countAt).map(marginKey);
    const key = values.join('\u0000');
    const at = index.get(key);
    if (at !== undefined) throw new InputError(weightMessages.marginsDuplicate(file, record.line, lines[at]!, values));
    index.set(key, cells.length);
    lines.push(record.line);
    cells.push({ values, count });
  }
  if (cells.length === 0) throw new InputError(weightMessages.marginsEmpty(file));
  return { file, variables, cells };
}

/** Reads margins.csv (UTF-8, or GB18030 when the bytes are not UTF-8) and parses it (see parseMargins). */
export async function readMargins(file: string): Promise<Margins> {
  const bytes = await readFile(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = iconv.decode(bytes, 'gb18030');
  }
  return parseMargins(text, path.basename(file));
}
