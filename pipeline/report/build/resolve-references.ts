import { InputError } from '../../errors.js';
import { formatInteger } from '../format-number.js';
import { continuing, findingMessages } from '../messages-findings.js';
import { messages } from '../messages.js';
import type { ModelContext } from './model-context.js';
import { estimateOf, isReported, leadIndicator, sentenceFor, stated, type Indicator } from './state-indicator.js';
import { intervalOf, isFlagged, isSuppressed } from './estimate-view.js';

/**
 * Live numbers in the analyst's narrative. A reference is `{{ ... }}` holding words separated by spaces:
 *
 *   {{ share VAR CODE [SCOPE] [number] }}  the share giving answer CODE (or top2) with margin and base
 *   {{ mean VAR [SCOPE] [number] }}        the mean of a number, with its unit, margin and base
 *   {{ median VAR [SCOPE] [number] }}      the median, with its unit and interval
 *   {{ sentence VAR [CODE] [SCOPE] }}      the sentence the summary would write for the question
 *   {{ n [SCOPE] }}                        the number of responses
 *   {{ name [SCOPE] }}                     the scope's name ("Harbin", "the province")
 *
 * SCOPE is `region` (the report's own scope, the default: the province in the provincial report), `province`,
 * or a region code. `number` gives the figure alone ("45%"; a rating's mean score without its scale). Filled in the report's language with the report's
 * number style. A reference that names no statistic, variable, answer or region is an InputError naming the
 * file and line.
 */
const reference = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Resolves every reference in `text` (the narrative file `file`, for messages); throws InputError on the first bad one. */
export function resolveReferences(ctx: ModelContext, text: string, file: string): string {
  return text.replace(reference, (match: string, body: string, offset: number) => {
    const line = text.slice(0, offset).split('\n').length;
    const fail = (why: string): never => {
      throw new InputError(messages.errors.badReference(file, line, match, why));
    };
    const words = body.split(/\s+/).filter((w) => w !== '');
    // a figure that fills a bracket of its own takes its margin and base inside it: "(40%, ±3 points, n = 2,978)",
    // never "(40% (±3 points, n = 2,978))"
    const bracketed = /[(（]$/u.test(text.slice(0, offset)) && /^[)）]/u.test(text.slice(offset + match.length));
    const value = resolveOne(ctx, words, fail, bracketed);
    // a generated sentence inside the analyst's own sentence continues it: no capital after "and", nor after a
    // colon in English ("in size: the median ...")
    const before = text.slice(0, offset).trimEnd();
    // a reference that opens a line (a paragraph, after a heading) opens a sentence
    const opensLine = /(^|\n)[ \t]*$/.test(text.slice(0, offset));
    return words[0] === 'sentence' && !opensLine && before !== '' && !/[.!?。！？]$/u.test(before) ? continuing(value) : value;
  });
}

function scopeOf(ctx: ModelContext, word: string | undefined, fail: (why: string) => never): string | null {
  if (word === undefined || word === 'region') return ctx.scopeCode;
  if (word === 'province') return null;
  if (ctx.regionCodes.includes(word)) return word;
  return fail(messages.errors.referenceScope(word));
}

function resolveOne(ctx: ModelContext, words: string[], fail: (why: string) => never, bracketed = false): string {
  const f = findingMessages(ctx.lang);
  const [statistic, ...rest] = words;
  const bare = rest[rest.length - 1] === 'number';
  if (bare) rest.pop();
  if (statistic === 'n') {
    if (rest.length > 1) fail(messages.errors.referenceArity('n', '{{ n [SCOPE] }}'));
    return formatInteger(ctx.base(scopeOf(ctx, rest[0], fail)));
  }
  if (statistic === 'name') {
    if (rest.length > 1) fail(messages.errors.referenceArity('name', '{{ name [SCOPE] }}'));
    const scope = scopeOf(ctx, rest[0], fail);
    return scope === null ? ctx.msg.province : ctx.regionName(scope);
  }
  if (statistic !== 'share' && statistic !== 'mean' && statistic !== 'median' && statistic !== 'sentence') {
    return fail(messages.errors.referenceStatistic(statistic ?? ''));
  }
  const name = rest[0];
  const v = name === undefined ? undefined : ctx.variable(name);
  if (name === undefined) return fail(messages.errors.referenceArity(statistic, `{{ ${statistic} VARIABLE ... }}`));
  if (v === undefined) return fail(messages.errors.referenceVariable(name));
  let ind: Indicator | null;
  let scopeWord: string | undefined;
  if (statistic === 'share' || (statistic === 'sentence' && rest.length >= 2 && !isScopeWord(ctx, rest[1]))) {
    const level = rest[1];
    if (level === undefined) return fail(messages.errors.referenceArity(statistic, `{{ ${statistic} ${name} CODE [SCOPE] }}`));
    const known = (v.codes ?? []).some((c) => String(c.code) === level) || ((level === 'top2' || level === 'bottom2') && v.type === 'likert');
    if (!known) return fail(messages.errors.referenceCode(name, level));
    ind = { statistic: 'prop', variable: v, level };
    scopeWord = rest[2];
    if (rest.length > 3) fail(messages.errors.referenceArity(statistic, `{{ ${statistic} ${name} CODE [SCOPE] }}`));
  } else if (statistic === 'sentence') {
    scopeWord = rest[1];
    ind = leadIndicator(ctx, v, scopeOf(ctx, scopeWord, fail));
    if (ind === null || !isReported(ctx, v)) return fail(messages.errors.referenceNotReported(name));
  } else {
    if (v.type !== 'number' && v.type !== 'integer' && !(statistic === 'mean' && v.type === 'likert')) return fail(messages.errors.referenceNotNumber(statistic, name));
    ind = { statistic, variable: v, level: null };
    scopeWord = rest[1];
    if (rest.length > 2) fail(messages.errors.referenceArity(statistic, `{{ ${statistic} ${name} [SCOPE] }}`));
  }
  const scope = scopeOf(ctx, scopeWord, fail);
  const e = estimateOf(ctx, ind, scope);
  if (e === undefined) return fail(messages.errors.referenceNoEstimate(scope ?? 'province'));
  const where = scope === ctx.scopeCode ? (scope === null ? null : ctx.regionName(scope)) : scope === null ? ctx.msg.province : ctx.regionName(scope);
  if (isSuppressed(e, ctx.minBase)) {
    return statistic === 'sentence' ? f.notPublished({ where, what: ctx.label(v.name).replace(/[?？:：。.]+$/u, '') }) : f.suppressed;
  }
  if (statistic === 'sentence') return sentenceFor(ctx, ind, e, where);
  const s = stated(ctx, ind, e);
  const value = s.unit === null ? s.value : ctx.lang === 'zh' || s.unit === '%' ? `${s.value}${s.unit}` : `${s.value}\u00a0${s.unit}`;
  // a bare score beside one already given "on a 1–5 scale" needs no scale again ("against 3.8 in the province")
  // a figure the tables mark † for low precision carries the mark in the text too
  if (bare) return `${v.type === 'likert' ? s.value : value}${isFlagged(e, ctx.minBase) ? '†' : ''}`;
  const numbers = intervalOf(e) === null ? { ...s, moe: null } : s;
  if (bracketed) return `${value}${ctx.lang === 'zh' ? '，' : ', '}${f.numbers(numbers).slice(1, -1)}`;
  return ctx.lang === 'zh' ? `${value}${f.numbers(numbers)}` : `${value} ${f.numbers(numbers)}`;
}

function isScopeWord(ctx: ModelContext, word: string | undefined): boolean {
  return word === 'region' || word === 'province' || word === 'number' || (word !== undefined && ctx.regionCodes.includes(word));
}
