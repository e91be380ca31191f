/**
 * The small, safe expression language of codebook `skip_if` and `rule` (never eval):
 *
 *   expr       := or
 *   or         := and (("or" | "||") and)*
 *   and        := not (("and" | "&&") not)*
 *   not        := ("not" | "!") not | primary
 *   primary    := "(" expr ")" | operand "is" ["not"] "blank" | operand op operand
 *   op         := "==" | "=" | "!=" | "<>" | "<" | "<=" | ">" | ">="
 *   operand    := variable name | number | 'text' | "text"
 *
 * Keywords are case-insensitive. Blank values make comparisons unknown (three-valued logic, as SQL's NULL).
 */

/** A comparison operator. */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A variable, number or text in an expression. */
export type Operand = { kind: 'var'; name: string } | { kind: 'num'; value: number } | { kind: 'str'; value: string };

/** A parsed expression. */
export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'cmp'; op: CompareOp; left: Operand; right: Operand }
  | { kind: 'blank'; operand: Operand; negated: boolean };

/** The result of parsing: the expression, or what went wrong and at which character (0-based). */
export type ParsedExpression = { ok: true; expr: Expr } | { ok: false; error: string; at: number };

type Token =
  | { t: 'id'; v: string; at: number }
  | { t: 'num'; v: number; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; at: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'is', 'blank']);

/**
 * The longest expression read, in characters, and the deepest nesting of `(` and `not`: far past any real
 * skip rule, and small enough that parsing, evaluating and walking the tree (all recursive) never run out of
 * stack (100k nested parentheses or `and`s used to end in an internal error).
 */
export const MAX_EXPRESSION_CHARS = 4096;
export const MAX_EXPRESSION_DEPTH = 64;

function tokenize(text: string): Token[] | { error: string; at: number } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const num = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
    if (num) {
      const value = Number(num[0]);
      if (!Number.isFinite(value)) return { error: `the number ${num[0]} is too large`, at: i };
      tokens.push({ t: 'num', v: value, at: i });
      i += num[0].length;
      continue;
    }
    const id = /^(?:[A-Za-z_]|\.(?![0-9]))[A-Za-z0-9_.]*/.exec(rest);
    if (id) {
      tokens.push({ t: 'id', v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) return { error: 'a text in quotes never ends', at: i };
      tokens.push({ t: 'str', v: text.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const op = /^(?:==|!=|<>|<=|>=|&&|\|\||[=<>()!-])/.exec(rest);
    if (op) {
      tokens.push({ t: 'op', v: op[0], at: i });
      i += op[0].length;
      continue;
    }
    return { error: `unexpected character ${JSON.stringify(ch)}`, at: i };
  }
  tokens.push({ t: 'end', at: text.length });
  return tokens;
}

class ParseFailure {
  constructor(
    readonly error: string,
    readonly at: number,
  ) {}
}

/** Parses a `skip_if` or `rule` expression; never throws. */
export function parseExpression(text: string): ParsedExpression {
  if (text.length > MAX_EXPRESSION_CHARS) {
    return { ok: false, error: `it is ${text.length.toLocaleString('en-US')} characters long, more than the ${MAX_EXPRESSION_CHARS.toLocaleString('en-US')} allowed`, at: MAX_EXPRESSION_CHARS };
  }
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return { ok: false, ...tokens };
  let pos = 0;
  let depth = 0;
  const deeper = (tok: Token): void => {
    if (++depth > MAX_EXPRESSION_DEPTH) throw new ParseFailure(`it nests ( and not more than ${MAX_EXPRESSION_DEPTH} deep`, tok.at);
  };
  const peek = () => tokens[pos]!;
  const isWord = (tok: Token, word: string) => tok.t === 'id' && tok.v.toLowerCase() === word;
  const isOp = (tok: Token, op: string) => tok.t === 'op' && tok.v === op;
  const describe = (tok: Token) => (tok.t === 'end' ? 'the end' : JSON.stringify(String(tok.v)));

  const parseOr = (): Expr => {
    let left = parseAnd();
    while (isWord(peek(), 'or') || isOp(peek(), '||')) {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expr => {
    let left = parseNot();
    while (isWord(peek(), 'and') || isOp(peek(), '&&')) {
      pos++;
      left = { kind: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): Expr => {
    if (isWord(peek(), 'not') || isOp(peek(), '!')) {
      deeper(peek());
      pos++;
      const expr: Expr = { kind: 'not', expr: parseNot() };
      depth--;
      return expr;
    }
    return parsePrimary();
  };
  const parseOperand = (): Operand => {
    const tok = peek();
    if (isOp(tok, '-') && tokens[pos + 1]?.t === 'num') {
      pos += 2;
      return { kind: 'num', value: -(tokens[pos - 1] as { v: number }).v };
    }
    if (tok.t === 'num') {
      pos++;
      return { kind: 'num', value: tok.v };
    }
    if (tok.t === 'str') {
      pos++;
      return { kind: 'str', value: tok.v };
    }
    if (tok.t === 'id' && !KEYWORDS.has(tok.v.toLowerCase())) {
      pos++;
      return { kind: 'var', name: tok.v };
    }
    throw new ParseFailure(`expected a variable, number or quoted text, found ${describe(tok)}`, tok.at);
  };
  const parsePrimary = (): Expr => {
    if (isOp(peek(), '(')) {
      deeper(peek());
      pos++;
      const inner = parseOr();
      if (!isOp(peek(), ')')) throw new ParseFailure(`expected ")", found ${describe(peek())}`, peek().at);
      pos++;
      depth--;
      return inner;
    }
    const left = parseOperand();
    const tok = peek();
    if (isWord(tok, 'is')) {
      pos++;
      let negated = false;
      if (isWord(peek(), 'not')) {
        pos++;
        negated = true;
      }
      if (!isWord(peek(), 'blank')) throw new ParseFailure(`expected "blank", found ${describe(peek())}`, peek().at);
      pos++;
      return { kind: 'blank', operand: left, negated };
    }
    if (tok.t === 'op' && ['==', '=', '!=', '<>', '<', '<=', '>', '>='].includes(tok.v)) {
      pos++;
      const op = (tok.v === '=' ? '==' : tok.v === '<>' ? '!=' : tok.v) as CompareOp;
      return { kind: 'cmp', op, left, right: parseOperand() };
    }
    throw new ParseFailure(`expected a comparison (==, !=, <, <=, >, >=) or "is blank", found ${describe(tok)}`, tok.at);
  };

  try {
    const expr = parseOr();
    if (peek().t !== 'end') return { ok: false, error: `unexpected ${describe(peek())}`, at: peek().at };
    return { ok: true, expr };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, error: error.error, at: error.at };
    throw error;
  }
}

/** The variable names an expression reads, in order of first appearance. */
export function expressionVariables(expr: Expr): string[] {
  const names: string[] = [];
  const add = (o: Operand) => {
    if (o.kind === 'var' && !names.includes(o.name)) names.push(o.name);
  };
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case 'and':
      case 'or':
        walk(e.left);
        walk(e.right);
        break;
      case 'not':
        walk(e.expr);
        break;
      case 'cmp':
        add(e.left);
        add(e.right);
        break;
      case 'blank':
        add(e.operand);
    }
  };
  walk(expr);
  return names;
}

/** A value an expression sees: a number (numbers, dates as ms), a text or code, the chosen codes of a multi, or null (blank). */
export type ExprValue = number | string | readonly string[] | null;

/** How to read operands: a variable's value in the current row, and how a text literal reads against a number. */
export interface ExprContext {
  value(name: string): ExprValue;
  /** Converts a text literal compared with a number (a date literal against a date variable); null if it cannot. */
  textToNumber(text: string): number | null;
}

/** Evaluates an expression with three-valued logic: true, false, or null when a blank value makes it unknown. */
export function evaluateExpression(expr: Expr, ctx: ExprContext): boolean | null {
  switch (expr.kind) {
    case 'and': {
      const a = evaluateExpression(expr.left, ctx);
      if (a === false) return false;
      const b = evaluateExpression(expr.right, ctx);
      if (b === false) return false;
      return a === null || b === null ? null : true;
    }
    case 'or': {
      const a = evaluateExpression(expr.left, ctx);
      if (a === true) return true;
      const b = evaluateExpression(expr.right, ctx);
      if (b === true) return true;
      return a === null || b === null ? null : false;
    }
    case 'not': {
      const a = evaluateExpression(expr.expr, ctx);
      return a === null ? null : !a;
    }
    case 'blank': {
      const v = operandValue(expr.operand, ctx);
      const blank = v === null || (Array.isArray(v) && v.length === 0);
      return expr.negated ? !blank : blank;
    }
    case 'cmp':
      return compare(expr.op, operandValue(expr.left, ctx), operandValue(expr.right, ctx), ctx);
  }
}

function operandValue(o: Operand, ctx: ExprContext): ExprValue {
  return o.kind === 'var' ? ctx.value(o.name) : o.value;
}

function compare(op: CompareOp, a: ExprValue, b: ExprValue, ctx: ExprContext): boolean | null {
  if (a === null || b === null) return null;
  if (Array.isArray(a) || Array.isArray(b)) {
    // a multiple-response answer "equals" a code when it includes it
    const [list, other] = (Array.isArray(a) ? [a, b] : [b, a]) as [readonly string[], ExprValue];
    if (Array.isArray(other) || other === null) return null;
    const code = String(other);
    if (op === '==') return list.includes(code);
    if (op === '!=') return !list.includes(code);
    return null;
  }
  let x: number | string = a as number | string;
  let y: number | string = b as number | string;
  if (typeof x !== typeof y) {
    const nx = typeof x === 'string' ? toNumber(x, ctx) : x;
    const ny = typeof y === 'string' ? toNumber(y, ctx) : y;
    if (nx === null || ny === null) return op === '==' ? false : op === '!=' ? true : null;
    x = nx;
    y = ny;
  } else if (typeof x === 'string' && typeof y === 'string') {
    x = x.trim();
    y = y.trim();
  }
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

function toNumber(text: string, ctx: ExprContext): number | null {
  const t = text.trim();
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) return Number(t);
  return ctx.textToNumber(t);
}

/** Writes an expression back as text (normalised spacing), for messages. */
export function formatExpression(expr: Expr): string {
  const operand = (o: Operand) => (o.kind === 'var' ? o.name : o.kind === 'num' ? String(o.value) : JSON.stringify(o.value));
  const wrap = (e: Expr, parent: 'and' | 'or') =>
    (e.kind === 'or' && parent === 'and') ? `(${formatExpression(e)})` : formatExpression(e);
  switch (expr.kind) {
    case 'and':
    case 'or':
      return `${wrap(expr.left, expr.kind)} ${expr.kind} ${wrap(expr.right, expr.kind)}`;
    case 'not':
      return expr.expr.kind === 'cmp' || expr.expr.kind === 'blank' || expr.expr.kind === 'not'
        ? `not ${formatExpression(expr.expr)}`
        : `not (${formatExpression(expr.expr)})`;
    case 'blank':
      return `${operand(expr.operand)} is ${expr.negated ? 'not ' : ''}blank`;
    case 'cmp':
      return `${operand(expr.left)} ${expr.op} ${operand(expr.right)}`;
  }
}
