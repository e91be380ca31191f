import { describe, expect, it } from 'vitest';
import {
  evaluateExpression,
  expressionVariables,
  formatExpression,
  parseExpression,
  type ExprContext,
  type ExprValue,
} from '../../pipeline/validate/parse-expression.js';

const parse = (text: string) => {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.expr;
};
const ctx = (values: Record<string, ExprValue>): ExprContext => ({
  value: (name) => (Object.hasOwn(values, name) ? values[name]! : null),
  textToNumber: (text) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : null),
});
const evaluate = (text: string, values: Record<string, ExprValue>) => evaluateExpression(parse(text), ctx(values));

describe('parseExpression', () => {
  it('parses comparisons, and/or/not with precedence, parentheses and blank tests', () => {
    expect(formatExpression(parse('a == 1 or b < 2 and not c >= 3'))).toBe('a == 1 or b < 2 and not c >= 3');
    expect(formatExpression(parse('(a = 1 || b <> -2) && !(c is not blank)'))).toBe('(a == 1 or b != -2) and not c is not blank');
    expect(formatExpression(parse("sector == 'B' AND x IS BLANK"))).toBe('sector == "B" and x is blank');
    expect(expressionVariables(parse('rd_staff <= employees and employees > 0'))).toEqual(['rd_staff', 'employees']);
  });
  it('reports what went wrong and where, never throwing', () => {
    expect(parseExpression('a ==')).toEqual({ ok: false, error: 'expected a variable, number or quoted text, found the end', at: 4 });
    expect(parseExpression('a == 1 b')).toEqual({ ok: false, error: 'unexpected "b"', at: 7 });
    expect(parseExpression('(a == 1')).toEqual({ ok: false, error: 'expected ")", found the end', at: 7 });
    expect(parseExpression('a is empty')).toMatchObject({ ok: false, error: 'expected "blank", found "empty"' });
    expect(parseExpression("a == 'open")).toMatchObject({ ok: false, error: 'a text in quotes never ends' });
    // a dotted name is a variable name (R's sch.wide), never a call
    expect(parseExpression('process.exit()')).toMatchObject({ ok: false, error: 'expected a comparison (==, !=, <, <=, >, >=) or "is blank", found "("' });
    expect(parseExpression('a == 1e999')).toMatchObject({ ok: false });
    expect(parseExpression('a')).toMatchObject({ ok: false });
  });
});

describe('evaluateExpression', () => {
  it('compares numbers, codes written as text, and two variables', () => {
    expect(evaluate('has_rd == 2', { has_rd: '2' })).toBe(true);
    expect(evaluate('has_rd != 2', { has_rd: '1' })).toBe(true);
    expect(evaluate('rd_staff <= employees', { rd_staff: 20, employees: 8 })).toBe(false);
    expect(evaluate('sector == "B"', { sector: 'B' })).toBe(true);
    expect(evaluate('sector == 3', { sector: 'B' })).toBe(false);
    expect(evaluate('sector < 3', { sector: 'B' })).toBeNull();
  });
  it('treats a multiple-response answer as equal to each code it includes', () => {
    expect(evaluate('tech == 3', { tech: ['1', '3'] })).toBe(true);
    expect(evaluate('tech != 3', { tech: ['1', '3'] })).toBe(false);
    expect(evaluate('tech > 3', { tech: ['1', '3'] })).toBeNull();
  });
  it('compares dates with date literals', () => {
    expect(evaluate('d >= "2026-03-01"', { d: Date.UTC(2026, 2, 5) })).toBe(true);
  });
  it('uses three-valued logic for blanks', () => {
    expect(evaluate('x == 1', {})).toBeNull();
    expect(evaluate('x == 1 and y == 1', { y: 2 })).toBe(false);
    expect(evaluate('x == 1 or y == 1', { y: 1 })).toBe(true);
    expect(evaluate('x == 1 or y == 1', { y: 2 })).toBeNull();
    expect(evaluate('not x == 1', {})).toBeNull();
    expect(evaluate('x is blank', {})).toBe(true);
    expect(evaluate('x is not blank', { x: 0 })).toBe(true);
    expect(evaluate('x is blank', { x: [] })).toBe(true);
  });
});
