import { UsageError } from '../errors.js';
import { designMessages as msg } from './design-messages.js';

/** A variable of a model term: a column, used as is, as `factor(column)` or as `log(column)`. */
export interface FormulaVariable {
  column: string;
  factor: boolean;
  /** `log(column)`: the natural log of a numeric column */
  log?: boolean;
  /** how R names it: `ell`, `factor(band)` or `log(employees)` */
  label: string;
}

/** The response: a numeric column, or `I(column op value)` (1 where true, 0 where false, as R's logical). */
export interface FormulaResponse {
  column: string;
  condition?: { op: '==' | '!=' | '>=' | '<=' | '>' | '<'; value: number | string };
}

/** A parsed model formula: the response column and the terms (each a set of variables; [] none), in R's order. */
export interface Formula {
  response: string;
  condition?: FormulaResponse['condition'];
  /** R's `terms()` order: by degree, then as written; variables within a term in order of first appearance */
  terms: FormulaVariable[][];
}

const NAME = /^(?:[A-Za-z.][A-Za-z0-9._]*|`[^`]+`)$/;

function parseVariable(text: string, formula: string): FormulaVariable {
  const t = text.trim();
  const log = /^log\s*\(\s*(.+?)\s*\)$/.exec(t);
  if (log) {
    if (!NAME.test(log[1]!)) throw new UsageError(msg.badFormula(formula, `"${t}" is not log(column)`));
    const column = log[1]!.startsWith('`') ? log[1]!.slice(1, -1) : log[1]!;
    return { column, factor: false, log: true, label: `log(${log[1]})` };
  }
  const inner = /^factor\s*\(\s*(.+?)\s*\)$/.exec(t);
  const name = inner ? inner[1]! : t;
  if (!NAME.test(name)) throw new UsageError(msg.badFormula(formula, `"${t}" is not a column name or factor(column)`));
  const column = name.startsWith('`') ? name.slice(1, -1) : name;
  return { column, factor: inner !== null, label: inner ? `factor(${name})` : name };
}

/**
 * Parses "y ~ x1 + x2 + factor(g) + x1:g + a*b" with R's formula semantics for what thinktank supports: `+`
 * between terms, `:` interactions, `a*b` for a + b + a:b, `factor(x)`, backtick-quoted names; an intercept
 * always. Terms are ordered as R's `terms.formula` orders them (by degree, then as written, duplicates once),
 * and the variables inside an interaction by their first appearance in the formula (so `meals:stype` after
 * `stype` is R's `stype:meals`). UsageError for anything else.
 */
export function parseFormula(text: string): Formula {
  const sides = text.split('~');
  if (sides.length !== 2 || !sides[0]!.trim() || !sides[1]!.trim()) throw new UsageError(msg.badFormula(text, 'expected "Y ~ X1 + X2"'));
  const response = parseResponse(sides[0]!, text);
  const written: FormulaVariable[][] = [];
  for (const part of sides[1]!.split('+')) {
    const p = part.trim();
    if (p === '1') continue;
    if (!p) throw new UsageError(msg.badFormula(text, 'an empty term'));
    if (p.includes('*')) {
      const vars = p.split('*').map((v) => parseVariable(v, text));
      // a*b*c: every non-empty subset, by degree
      const subsets: FormulaVariable[][] = [];
      for (let mask = 1; mask < 1 << vars.length; mask++) subsets.push(vars.filter((_, j) => mask & (1 << j)));
      subsets.sort((a, b) => a.length - b.length);
      written.push(...subsets);
    } else written.push(p.split(':').map((v) => parseVariable(v, text)));
  }
  const order = new Map<string, number>();
  for (const term of written) for (const v of term) if (!order.has(v.label)) order.set(v.label, order.size);
  const seen = new Set<string>();
  const terms: FormulaVariable[][] = [];
  for (const term of written) {
    const unique = [...new Map(term.map((v) => [v.label, v])).values()].sort((a, b) => order.get(a.label)! - order.get(b.label)!);
    const key = unique.map((v) => v.label).join(':');
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(unique);
  }
  terms.sort((a, b) => a.length - b.length);
  return { response: response.column, ...(response.condition ? { condition: response.condition } : {}), terms };
}

/** The response side: a column, or I(column op value) with a number or a quoted string. */
function parseResponse(text: string, formula: string): FormulaResponse {
  const t = text.trim();
  const cond = /^I\s*\(\s*(.+?)\s*(==|!=|>=|<=|>|<)\s*(.+?)\s*\)$/.exec(t);
  if (!cond) {
    const v = parseVariable(t, formula);
    if (v.factor || v.log) throw new UsageError(msg.badFormula(formula, 'the response must be a column or I(column == value)'));
    return { column: v.column };
  }
  const v = parseVariable(cond[1]!, formula);
  const raw = cond[3]!;
  const quoted = /^(["'])(.*)\1$/.exec(raw);
  const value = quoted ? quoted[2]! : Number(raw);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new UsageError(msg.badFormula(formula, `"${raw}" is not a number or a quoted value`));
  return { column: v.column, condition: { op: cond[2] as NonNullable<FormulaResponse['condition']>['op'], value } };
}

/** Every column a formula uses (response first), for checking names before reading data. */
export function formulaColumns(text: string): string[] {
  const f = parseFormula(text);
  return [...new Set([f.response, ...f.terms.flat().map((v) => v.column)])];
}
