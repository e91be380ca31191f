import { InputError } from '../errors.js';
import type { Formula, FormulaVariable } from './parse-formula.js';
import { designMessages as designMsg } from './design-messages.js';
import { estimateMessages as msg } from './messages.js';

type Value = string | number | null;

/** The response, the model matrix's columns (R's names, "(Intercept)" first) and the rows the fit uses. */
export interface ModelMatrix {
  y: Float64Array;
  names: string[];
  columns: Float64Array[];
  /** what each column is: a variable's own column or one of its levels (null for the intercept, interactions) */
  sources: { variable: string | null; level: string | null }[];
  /** rows with every variable of the formula present (R's na.omit) */
  complete: Uint8Array;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether a value meets I(column op value): numbers compare as numbers, anything else as text. */
function holds(v: string | number, { op, value }: NonNullable<Formula['condition']>): boolean {
  const numeric = typeof value === 'number' ? Number(v) : Number.NaN;
  const a: number | string = typeof value === 'number' ? numeric : String(v);
  switch (op) {
    case '==':
      return a === value;
    case '!=':
      return a !== value;
    case '>=':
      return a >= value;
    case '<=':
      return a <= value;
    case '>':
      return a > value;
    case '<':
      return a < value;
  }
}

/** How one variable enters a term: its column labels and each row's values for them. */
interface Coding {
  names: string[];
  values: (i: number) => number[];
}

/**
 * R's `model.matrix` for the terms parseFormula supports: numbers as they are; a text column, or any column
 * in `factor()`, as a factor with levels in R's sort order (numbers numerically, text by code point) among the
 * complete rows; a factor coded by treatment contrasts (first level the reference, columns `name` + level) when
 * the term without it appears earlier in the formula (the intercept for a main effect), else by one indicator
 * per level (R's rule in `TermCode`); interaction columns are products, the first variable varying fastest,
 * named `a:b`. Rows missing any variable are left out of the fit (`complete`). InputError for text in the
 * response.
 */
export function buildModelMatrix(formula: Formula, column: (name: string) => Value[], label: (i: number) => string): ModelMatrix {
  const variables = new Map<string, FormulaVariable>();
  for (const term of formula.terms) for (const v of term) variables.set(v.label, v);
  const raw = new Map<string, Value[]>();
  const get = (name: string) => {
    let values = raw.get(name);
    if (!values) {
      values = column(name);
      raw.set(name, values);
    }
    return values;
  };
  const responseValues = get(formula.response);
  const n = responseValues.length;
  const complete = new Uint8Array(n).fill(1);
  for (const name of [formula.response, ...[...variables.values()].map((v) => v.column)]) {
    const values = get(name);
    for (let i = 0; i < n; i++) if (values[i] === null) complete[i] = 0;
  }
  const bad: string[] = [];
  const condition = formula.condition;
  const y = Float64Array.from(responseValues, (v, i) => {
    if (v === null) return Number.NaN;
    if (condition) return holds(v, condition) ? 1 : 0;
    if (typeof v === 'number') return v;
    bad.push(`"${v}" in ${label(i)}`);
    return Number.NaN;
  });
  if (bad.length) throw new InputError(msg.notNumeric('--glm', formula.response, bad));

  // each variable: numeric, or a factor with its levels among the complete rows
  const factors = new Map<string, { levels: string[]; code: Int32Array }>();
  for (const v of variables.values()) {
    const values = get(v.column);
    const isText = values.some((x, i) => complete[i] && typeof x === 'string');
    if (!v.factor && !isText) continue;
    const distinct = new Map<string, Value>();
    for (let i = 0; i < n; i++) if (complete[i]) distinct.set(String(values[i]), values[i]!);
    const all = [...distinct.values()];
    const levels = all.every((x) => typeof x === 'number') ? (all as number[]).sort((a, b) => a - b).map(String) : all.map(String).sort(compareText);
    const index = new Map(levels.map((l, k) => [l, k]));
    factors.set(v.label, { levels, code: Int32Array.from(values, (x) => (x === null ? -1 : (index.get(String(x)) ?? -1))) });
  }
  const numeric = (v: FormulaVariable) => {
    const values = get(v.column);
    const x = Float64Array.from(values, (x) => (typeof x === 'number' ? (v.log ? Math.log(x) : x) : Number.NaN));
    const bad: string[] = [];
    for (let i = 0; i < n; i++) if (complete[i] && !Number.isFinite(x[i]!)) bad.push(`${values[i]} in ${label(i)}`);
    if (bad.length) throw new InputError(designMsg.notFiniteTerm(v.label, bad));
    return x;
  };

  const names = ['(Intercept)'];
  const columns = [new Float64Array(n).fill(1)];
  const sources: ModelMatrix['sources'] = [{ variable: null, level: null }];
  const earlier = new Set<string>(['']);
  for (const term of formula.terms) {
    const codings: Coding[] = term.map((v) => {
      const f = factors.get(v.label);
      if (!f) {
        const x = numeric(v);
        return { names: [v.label], values: (i) => [x[i]!] };
      }
      const without = term.filter((u) => u !== v).map((u) => u.label).join(':');
      const first = earlier.has(without) ? 1 : 0;
      const kept = f.levels.slice(first);
      return {
        names: kept.map((l) => `${v.label}${l}`),
        values: (i) => kept.map((_, k) => (f.code[i] === k + first ? 1 : 0)),
      };
    });
    // products over the variables, the first varying fastest
    let combos: { name: string; parts: number[] }[] = [{ name: '', parts: [] }];
    codings.forEach((c, j) => {
      const next: { name: string; parts: number[] }[] = [];
      c.names.forEach((name, k) => {
        for (const combo of combos) next.push({ name: j === 0 ? name : `${combo.name}:${name}`, parts: [...combo.parts, k] });
      });
      combos = next;
    });
    // R orders the columns with the first variable fastest: sort by the parts from the last variable down
    combos.sort((a, b) => {
      for (let j = a.parts.length - 1; j >= 0; j--) if (a.parts[j] !== b.parts[j]) return a.parts[j]! - b.parts[j]!;
      return 0;
    });
    const cols = combos.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      if (!complete[i]) continue;
      const rowValues = codings.map((c) => c.values(i));
      combos.forEach((combo, c) => {
        let v = 1;
        combo.parts.forEach((k, j) => (v *= rowValues[j]![k]!));
        cols[c]![i] = v;
      });
    }
    combos.forEach((combo, c) => {
      names.push(combo.name);
      columns.push(cols[c]!);
      const only = term.length === 1 ? term[0]! : null;
      const f = only ? factors.get(only.label) : undefined;
      // a factor's columns are its levels after any dropped reference
      sources.push({ variable: only ? only.column : null, level: only && f ? f.levels[combo.parts[0]! + f.levels.length - codings[0]!.names.length]! : null });
    });
    earlier.add(term.map((v) => v.label).join(':'));
  }
  return { y, names, columns, sources, complete };
}
