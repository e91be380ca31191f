import { createHash } from 'node:crypto';

/** The most characters of a data-derived name kept in a file name (40 CJK characters are 120 bytes of UTF-8). */
const MAX_NAME_CHARS = 40;

/**
 * A piece of a file name made from data (a region code or name): kept as it is when it is 1 to 40 letters,
 * digits, `_` and `-` in any script (`230100`, `哈尔滨市`); otherwise its other characters (`/`, `..`, spaces,
 * controls) become `_`, it is cut to 40 characters and a hash of the original is appended (`../evil` ->
 * `evil-1c2a…`), so two different names never give the same file.
 */
export function fileNamePart(text: string): string {
  const safe = /^[\p{L}\p{N}_-]+$/u;
  const chars = [...text];
  if (safe.test(text) && chars.length <= MAX_NAME_CHARS && text === text.normalize('NFC')) return text;
  const base = [...text.normalize('NFC').replace(/[^\p{L}\p{N}_-]+/gu, '_').replace(/^_+|_+$/g, '')].slice(0, MAX_NAME_CHARS).join('');
  const hash = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
  return base === '' ? hash : `${base}-${hash}`;
}

/**
 * Whether `name` is a plain file name as fileNamePart and the ids made from it give: letters and digits of any
 * script, `_`, `-` and `.`, NFC, not starting with `.`, no `..`, at most 200 characters. The one test a
 * writer applies before joining a data-derived name to a folder (chart ids, report names), so a name that
 * passes where it is made passes where it is written (issue 18: Chinese region codes stopped the chart stage).
 */
export function isPlainFileName(name: string): boolean {
  return /^[\p{L}\p{N}_-][\p{L}\p{N}\p{M}_.-]*$/u.test(name) && !name.includes('..') && name === name.normalize('NFC') && name.length <= 200;
}
