import type { Codebook } from '../../schemas/codebook.js';
import type { Issue } from '../../schemas/issue.js';
import { expected, found, issueLine, location, quote } from '../messages.js';
import { expressionVariables, parseExpression } from '../validate/parse-expression.js';
import { normalizeHeader } from './normalize-header.js';

/** Where a codebook field is: its sheet and cell (xlsx) or its JSON path in `column`. */
export type CodebookLocator = (
  index: number,
  field: string,
) => { sheet: string | null; cell: string | null; row: number | null; column: string | null };

const CODED = new Set(['single', 'multi', 'likert']);

/**
 * The most codes one variable may have: several times the longest official classification a survey codes
 * against (about 2,850 county-level divisions of China, 1,380 classes of GB/T 4754 industries), and small
 * enough that every stage's work over a code list stays quick (a million codes took 30 s and 1 GB).
 */
export const MAX_CODES = 10_000;

/**
 * Consistency checks a schema cannot express: duplicate names, min > max, codes on non-coded types, coded types
 * without codes, repeated codes, a header alias shared by two variables, and skip_if/rule expressions that do not
 * parse or name unknown variables. Returns every problem as an error issue located by `locate`.
 */
export function checkCodebook(codebook: Codebook, file: string, locate: CodebookLocator): Issue[] {
  const issues: Issue[] = [];
  const add = (index: number, field: string, code: string, exp: string, fnd: string) => {
    const where = locate(index, field);
    issues.push({
      file,
      ...where,
      code,
      severity: 'error',
      expected: exp,
      found: fnd,
      message: issueLine(location(file, where.sheet, where.cell, where.column), exp, fnd),
    });
  };
  const names = new Map<string, number>();
  const aliasOwner = new Map<string, string>();
  codebook.forEach((v, i) => {
    if (names.has(v.name)) add(i, 'name', 'codebook_duplicate_name', expected.uniqueName(), quote(v.name));
    else names.set(v.name, i);
  });
  codebook.forEach((v, i) => {
    if (v.min !== undefined && v.max !== undefined && v.min > v.max) {
      add(i, 'min', 'codebook_min_above_max', expected.minNotAboveMax(v.max), quote(String(v.min)));
    }
    const coded = CODED.has(v.type);
    if (!coded && v.codes && v.codes.length > 0) {
      add(i, 'codes', 'codebook_codes_on_uncoded', expected.codesForCodedOnly(), `${v.codes.length} code${v.codes.length === 1 ? '' : 's'} for ${quote(v.name)} (${v.type})`);
    }
    if (coded && (!v.codes || v.codes.length === 0)) add(i, 'type', 'codebook_missing_codes', expected.codesForCoded(v.type), found.nothing());
    if (v.codes && v.codes.length > MAX_CODES) {
      add(i, 'codes', 'codebook_too_many_codes', expected.atMostCodes(MAX_CODES), `${v.codes.length.toLocaleString('en-US')} codes`);
      return;
    }
    const seen = new Set<string>();
    v.codes?.forEach((c, k) => {
      const code = String(c.code).trim();
      if (seen.has(code)) add(i, `codes.${k}.code`, 'codebook_duplicate_code', expected.uniqueCode(), quote(code));
      seen.add(code);
    });
    for (const alias of v.aliases ?? []) {
      const key = normalizeHeader(alias);
      const owner = aliasOwner.get(key);
      if (owner !== undefined && owner !== v.name) add(i, 'aliases', 'codebook_duplicate_alias', expected.uniqueAlias(owner), quote(alias));
      else aliasOwner.set(key, v.name);
    }
    for (const field of ['skip_if', 'rule'] as const) {
      const text = v[field];
      if (text === undefined) continue;
      const parsed = parseExpression(text);
      if (!parsed.ok) {
        add(i, field, 'codebook_bad_expression', expected.expression(`${parsed.error} at character ${parsed.at + 1}`), quote(text));
        continue;
      }
      const unknown = expressionVariables(parsed.expr).filter((n) => !names.has(n));
      if (unknown.length > 0) add(i, field, 'codebook_unknown_variable', expected.knownVariables(), unknown.map((n) => quote(n)).join(', '));
    }
  });
  return issues;
}
