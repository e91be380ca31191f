import { InputError } from '../errors.js';
import { surveyMsg } from '../messages.js';

/** The longest glob pattern accepted (survey.json `responses`), in characters. */
export const MAX_GLOB_CHARS = 1024;
/** The most alternatives the `{a,b}` groups of one pattern may expand to. */
export const MAX_GLOB_ALTERNATIVES = 256;

/** A compiled glob: `test` tells whether a whole `/`-separated relative path matches. */
export interface Glob {
  test(relativePath: string): boolean;
}

/** One step of a pattern without braces. */
type Step =
  | { t: 'char'; c: number }
  | { t: 'one' }
  | { t: 'star' }
  | { t: 'dirs' }
  | { t: 'all' }
  | { t: 'class'; ranges: number[]; negated: boolean };

const SLASH = 0x2f;

/**
 * Compiles a glob pattern (`*` any characters but `/`, `**` any number of folders, `?` one character but `/`,
 * `{a,b}` alternatives, `[abc]`/`[a-z]`/`[!a]` classes) to a matcher of whole relative paths. Matching is a
 * simulation of the pattern's automaton, one pass over the path keeping the set of positions the pattern may be
 * at: time is at most (path length) x (pattern length) whatever the pattern, where a backtracking RegExp takes
 * exponential time on `*a*a*a...b` or many `**` (issue 18). InputError (naming the pattern) for an unclosed
 * `{`, a range that runs backwards, a pattern longer than MAX_GLOB_CHARS or braces that expand to more than
 * MAX_GLOB_ALTERNATIVES patterns.
 */
export function compileGlob(pattern: string): Glob {
  if (pattern.length > MAX_GLOB_CHARS) throw new InputError(surveyMsg.badGlob(pattern, `it is longer than ${MAX_GLOB_CHARS} characters`));
  const alternatives = expandBraces(pattern).map((alt) => compileSteps(pattern, alt));
  return { test: (relativePath) => alternatives.some((steps) => run(steps, relativePath)) };
}

/** Whether a relative path matches a glob pattern (see compileGlob). */
export function matchGlob(pattern: string, relativePath: string): boolean {
  return compileGlob(pattern).test(relativePath);
}

/** The folder part of a pattern before its first wildcard (`responses/2026/*.xlsx` -> `responses/2026`). */
export function globBase(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (/[*?{[]/.test(part)) break;
    fixed.push(part);
  }
  return fixed.join('/');
}

/** The patterns `{a,b}` groups stand for (nested groups too); a `}` or `,` outside any group is a character. */
function expandBraces(pattern: string): string[] {
  const open = findOpenBrace(pattern);
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < pattern.length && close < 0; i++) {
    const ch = pattern[i];
    if (ch === '[') i = classEnd(pattern, i);
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) close = i;
    else if (ch === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) throw new InputError(surveyMsg.badGlob(pattern, `the { at character ${open + 1} is never closed with }`));
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const cuts = [open, ...commas, close];
  const rests = expandBraces(tail);
  const out: string[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    for (const inner of expandBraces(pattern.slice(cuts[k]! + 1, cuts[k + 1]!))) {
      for (const rest of rests) {
        out.push(head + inner + rest);
        if (out.length > MAX_GLOB_ALTERNATIVES) {
          throw new InputError(surveyMsg.badGlob(pattern, `its {…} groups make more than ${MAX_GLOB_ALTERNATIVES} patterns`));
        }
      }
    }
  }
  return out;
}

/** The index of the first `{` outside a class, or -1. */
function findOpenBrace(pattern: string): number {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '[') i = classEnd(pattern, i);
    else if (pattern[i] === '{') return i;
  }
  return -1;
}

/** The index of the `]` closing a class opened at `at`, or `at` itself when it is a plain `[`. */
function classEnd(pattern: string, at: number): number {
  const end = pattern.indexOf(']', at + 1);
  return end > at + 1 ? end : at;
}

/** The steps of a pattern without braces (`source` is the pattern as written, for messages). */
function compileSteps(source: string, pattern: string): Step[] {
  const steps: Step[] = [];
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        const atStart = i === 0 || chars[i - 1] === '/';
        const atEnd = i + 2 === chars.length || chars[i + 2] === '/';
        if (atStart && atEnd) {
          // `**/` matches zero or more folders; a final `**` anything
          if (chars[i + 2] === '/') {
            if (steps[steps.length - 1]?.t !== 'dirs') steps.push({ t: 'dirs' });
            i += 2;
          } else {
            steps.push({ t: 'all' });
            i += 1;
          }
          continue;
        }
      }
      if (steps[steps.length - 1]?.t !== 'star') steps.push({ t: 'star' });
    } else if (ch === '?') steps.push({ t: 'one' });
    else if (ch === '[') {
      const end = chars.indexOf(']', i + 1);
      if (end > i + 1) {
        steps.push(parseClass(source, chars.slice(i + 1, end)));
        i = end;
      } else steps.push({ t: 'char', c: 0x5b });
    } else steps.push({ t: 'char', c: ch.codePointAt(0)! });
  }
  return steps;
}

/** A class body (`a-z0-9`, `!abc`) as code point ranges. */
function parseClass(source: string, body: string[]): Step {
  let k = 0;
  const negated = body[0] === '!' || body[0] === '^';
  if (negated) k = 1;
  const ranges: number[] = [];
  for (; k < body.length; k++) {
    const from = body[k]!.codePointAt(0)!;
    if (body[k + 1] === '-' && k + 2 < body.length) {
      const to = body[k + 2]!.codePointAt(0)!;
      if (to < from) throw new InputError(surveyMsg.badGlob(source, `the range ${body[k]}-${body[k + 2]} runs backwards`));
      ranges.push(from, to);
      k += 2;
    } else ranges.push(from, from);
  }
  return { t: 'class', ranges, negated };
}

function inClass(step: { ranges: number[]; negated: boolean }, c: number): boolean {
  let found = false;
  for (let k = 0; k < step.ranges.length && !found; k += 2) found = c >= step.ranges[k]! && c <= step.ranges[k + 1]!;
  return found !== step.negated;
}

/**
 * Runs the automaton: state 2k is "before step k", state 2k+1 "inside a folder name of the `**` step k". The
 * set of states is a byte array, updated once per character of the path.
 */
function run(steps: Step[], path: string): boolean {
  const m = steps.length;
  let current = new Uint8Array(2 * m + 2);
  let next = new Uint8Array(2 * m + 2);
  const close = (states: Uint8Array): void => {
    // steps that may match nothing (`*`, `**/`, `**`) let the state move past them
    for (let k = 0; k < m; k++) {
      const t = steps[k]!.t;
      if (states[2 * k] === 1 && (t === 'star' || t === 'dirs' || t === 'all')) states[2 * k + 2] = 1;
    }
  };
  current[0] = 1;
  close(current);
  for (const ch of path) {
    const c = ch.codePointAt(0)!;
    next.fill(0);
    let any = false;
    for (let k = 0; k < m; k++) {
      const step = steps[k]!;
      if (current[2 * k] === 1) {
        switch (step.t) {
          case 'char':
            if (c === step.c) next[2 * k + 2] = 1;
            break;
          case 'one':
            if (c !== SLASH) next[2 * k + 2] = 1;
            break;
          case 'star':
            if (c !== SLASH) next[2 * k] = 1;
            break;
          case 'all':
            next[2 * k] = 1;
            break;
          case 'dirs':
            if (c !== SLASH) next[2 * k + 1] = 1;
            break;
          case 'class':
            if (c !== SLASH && inClass(step, c)) next[2 * k + 2] = 1;
            break;
        }
      }
      if (current[2 * k + 1] === 1) {
        // inside a folder name of `**/`: more of the name, or its `/` ends one folder
        if (c !== SLASH) next[2 * k + 1] = 1;
        else next[2 * k] = 1;
      }
    }
    close(next);
    for (let s = 0; s < next.length && !any; s++) any = next[s] === 1;
    if (!any) return false;
    [current, next] = [next, current];
  }
  return current[2 * m] === 1;
}
