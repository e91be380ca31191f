import { z } from 'zod';
import type { Variable } from '../../schemas/codebook.js';
import type { RawColumn } from '../../schemas/raw-table.js';
import { CellKind, excelSerialToMs, formatDateMs, parseDateText, parseNumberText, type RawValue } from '../ingest/cell-value.js';
import { expected } from '../messages.js';

/** Excel's limit on the characters of a cell: longer text cannot have come from a workbook intact. */
export const MAX_CELL_CHARS = 32_767;

/** The largest Excel date serial (9999-12-31). */
const MAX_SERIAL = 2_958_465;

/** A converted cell value: a number (numbers, dates as ms), a text (ids, texts, codes) or a list of codes (multi). */
export type CellValue = number | string | string[];

/** The outcome of checking one cell: the value, or the issue code. */
export type CellResult = { ok: true; value: CellValue } | { ok: false; code: string };

/**
 * The check of one codebook variable: `convert` is the explicit conversion of a raw cell (text to number,
 * serial to date, label to code, "1;3" to codes), `schema` the zod schema the converted value must pass
 * (type, range, allowed codes), `expected` the phrase messages use.
 */
export interface VariableCheck {
  variable: Variable;
  /** The codes as strings, codebook order (coded types); empty otherwise. */
  levels: string[];
  schema: z.ZodType<CellValue>;
  expected: string;
  check(kind: number, value: RawValue): CellResult;
  /**
   * For numbers and integers, a quick test of a number cell that answers true only when `check` would give
   * `{ ok: true, value: x }` (finite, an integer if it must be, within min and max), so the common cell skips the
   * schema; false says nothing (ask `check`). Null for other types.
   */
  acceptsNumber: ((x: number) => boolean) | null;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Builds the check of a variable from its codebook entry (zod schema + conversion + expected phrase). */
export function buildCheck(variable: Variable): VariableCheck {
  const levels = (variable.codes ?? []).map((c) => String(c.code).trim());
  const { min, max } = variable;
  switch (variable.type) {
    case 'number':
    case 'integer': {
      let schema = variable.type === 'integer' ? z.number().int() : z.number();
      if (min !== undefined) schema = schema.min(min);
      if (max !== undefined) schema = schema.max(max);
      const exp = variable.type === 'integer' ? expected.integer(min, max) : expected.number(min, max);
      const bad = variable.type === 'integer' ? FAIL.invalid_integer : FAIL.invalid_number;
      const check = finishCheck(variable, levels, schema, exp, (kind, value) => {
        if (kind === CellKind.number) return value as number;
        if (kind === CellKind.text) return parseNumberText(value as string) ?? bad;
        return bad;
      }, (zodCode) => (zodCode === 'too_small' || zodCode === 'too_big' ? 'out_of_range' : bad.code));
      // what z.number() (finite) and .int() (a safe integer) accept, within the bounds
      const whole = variable.type === 'integer';
      const low = min ?? Number.NEGATIVE_INFINITY;
      const high = max ?? Number.POSITIVE_INFINITY;
      check.acceptsNumber = (x) => (whole ? Number.isSafeInteger(x) : Number.isFinite(x)) && x >= low && x <= high;
      return check;
    }
    case 'date': {
      let schema = z.number().finite();
      if (min !== undefined) schema = schema.min(min);
      if (max !== undefined) schema = schema.max(max);
      return finishCheck(variable, levels, schema, expected.date(), (kind, value) => {
        if (kind === CellKind.date) return value as number;
        if (kind === CellKind.number) {
          const serial = value as number;
          return serial >= 1 && serial <= MAX_SERIAL ? excelSerialToMs(serial) : FAIL.invalid_date;
        }
        if (kind === CellKind.text) return parseDateText(value as string) ?? FAIL.invalid_date;
        return FAIL.invalid_date;
      }, (zodCode) => (zodCode === 'too_small' || zodCode === 'too_big' ? 'out_of_range' : 'invalid_date'));
    }
    case 'single':
    case 'likert': {
      const normalize = codeNormalizer(variable, levels);
      const schema = z.enum(levels.length > 0 ? (levels as [string, ...string[]]) : ['\u0000']);
      return finishCheck(variable, levels, schema, expected.code(levels), (kind, value) => {
        if (kind === CellKind.number) return normalize(String(value));
        if (kind === CellKind.text) return normalize(value as string);
        return FAIL.invalid_code;
      }, () => 'invalid_code');
    }
    case 'multi': {
      const normalize = codeNormalizer(variable, levels);
      const schema = z.array(z.enum(levels.length > 0 ? (levels as [string, ...string[]]) : ['\u0000']));
      return finishCheck(variable, levels, schema, expected.codes(levels), (kind, value) => {
        if (kind === CellKind.number) return [normalize(String(value))];
        if (kind !== CellKind.text) return FAIL.invalid_code;
        const chosen: string[] = [];
        // ┋ joins the options of a multiple-choice answer in 问卷星's exports, | in others
        for (const token of (value as string).split(/[,;、，；┋|\s\u3000]+/)) {
          if (token === '') continue;
          const code = normalize(token);
          if (!chosen.includes(code)) chosen.push(code);
        }
        return chosen;
      }, () => 'invalid_code');
    }
    case 'id':
    case 'text': {
      const schema = z
        .string()
        .max(MAX_CELL_CHARS)
        .refine((s) => !CONTROL.test(s), { message: 'control' });
      return finishCheck(variable, levels, schema, expected.text(), (kind, value) => {
        switch (kind) {
          case CellKind.number:
            return String(value);
          case CellKind.text:
            return (value as string).trim();
          case CellKind.date:
            return formatDateMs(value as number);
          case CellKind.boolean:
            return value ? 'TRUE' : 'FALSE';
          default:
            return FAIL.invalid_text;
        }
      }, (zodCode) => (zodCode === 'too_big' ? 'text_too_long' : 'control_characters'));
    }
  }
}

/** The most distinct numbers checkColumn remembers: more than any coded column has; amounts are mostly distinct. */
const MAX_REMEMBERED = 4096;

/**
 * The results of `check` for the cells of a column, as a function of the row: each distinct text of the column's
 * pool is checked once, and each distinct number until MAX_REMEMBERED are known (then the rest cell by cell). A
 * check depends only on a cell's kind and value, so this equals checking every cell; a coded column of a million
 * answers costs a handful of checks. Not for empty cells.
 */
export function checkColumn(check: VariableCheck, column: RawColumn): (i: number) => CellResult {
  const { kinds, values, texts } = column;
  const ofText: (CellResult | undefined)[] = new Array<CellResult | undefined>(texts.length);
  const ofNumber = new Map<number, CellResult>();
  return (i) => {
    const kind = kinds[i]!;
    const value = values[i]!;
    if (kind === CellKind.text) return (ofText[value] ??= check.check(kind, texts[value]!));
    // -0 stays apart from 0 (a Map would merge them)
    if (kind !== CellKind.number || ofNumber.size >= MAX_REMEMBERED || Object.is(value, -0)) {
      return check.check(kind, kind === CellKind.error ? texts[value]! : value);
    }
    let result = ofNumber.get(value);
    if (result === undefined) {
      result = check.check(kind, value);
      ofNumber.set(value, result);
    }
    return result;
  };
}

/** A failed conversion, carrying its issue code (distinct from any converted value). */
class Fail {
  constructor(readonly code: string) {}
}
const FAIL = {
  invalid_number: new Fail('invalid_number'),
  invalid_integer: new Fail('invalid_integer'),
  invalid_date: new Fail('invalid_date'),
  invalid_code: new Fail('invalid_code'),
  invalid_text: new Fail('invalid_text'),
} as const;

function finishCheck(
  variable: Variable,
  levels: string[],
  schema: z.ZodType<CellValue>,
  exp: string,
  convert: (kind: number, value: RawValue) => CellValue | Fail,
  codeOf: (zodCode: string) => string,
): VariableCheck {
  return {
    variable,
    levels,
    schema,
    expected: exp,
    acceptsNumber: null,
    check(kind, value) {
      if (kind === CellKind.error) return { ok: false, code: 'error_cell' };
      const converted = convert(kind, value);
      if (converted instanceof Fail) return { ok: false, code: converted.code };
      const parsed = schema.safeParse(converted);
      if (parsed.success) return { ok: true, value: parsed.data };
      return { ok: false, code: codeOf(parsed.error.issues[0]?.code ?? '') };
    },
  };
}

/**
 * Normalises a coded answer to its code: trimmed, full-width folded (NFKC), `2.0` to `2`, and a label (zh or en,
 * case-insensitive) to its code. Unknown answers come back normalised, for zod to reject.
 */
function codeNormalizer(variable: Variable, levels: string[]): (text: string) => string {
  const byKey = new Map<string, string>();
  levels.forEach((level) => byKey.set(level.normalize('NFKC').toLowerCase(), level));
  (variable.codes ?? []).forEach((c, k) => {
    const level = levels[k]!;
    for (const label of [c.label.zh, c.label.en]) {
      const key = label.trim().normalize('NFKC').toLowerCase();
      if (key !== '' && !byKey.has(key)) byKey.set(key, level);
    }
  });
  return (text) => {
    const t = text.trim().normalize('NFKC').toLowerCase();
    const hit = byKey.get(t);
    if (hit !== undefined) return hit;
    const n = parseNumberText(t);
    if (n !== null) {
      const numeric = byKey.get(String(n));
      if (numeric !== undefined) return numeric;
    }
    return text.trim();
  };
}
