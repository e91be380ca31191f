/**
 * Line breaking for Chinese and English text: English breaks at spaces (and after a hyphen inside a word);
 * Chinese may break between any two characters, except before closing punctuation (，。、；：？！）」』》…)
 * and after opening punctuation (（「『《“), the rules of GB/T 15834 and the W3C "clreq" note.
 */

/** Characters that may not start a line. */
const noStart = new Set([
  ...'，。、；：？！）」』》〉】〕〗〙〛”’…‥·・—～％‰℃〃々ー', // full-width closing and middle punctuation
  ...',.;:!?)]}%\u00a0', // ASCII closing punctuation (and a no-break space, which binds to what precedes)
]);

/** Characters that may not end a line. */
const noEnd = new Set([...'（「『《〈【〔〖〘〚“‘([{\u00a0']);

/** Whether a code point is set as a full-width CJK character (a break opportunity on either side). */
export function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x2e80 && codePoint <= 0x9fff) || // radicals, CJK punctuation, kana, ideographs
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) || // full-width forms
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x20000 && codePoint <= 0x3ffff) ||
    codePoint === 0x201c ||
    codePoint === 0x201d ||
    codePoint === 0x2018 ||
    codePoint === 0x2019 ||
    codePoint === 0x2026 ||
    codePoint === 0x2014
  );
}

/** One unbreakable piece of text and whether a (collapsible) space separates it from the previous piece. */
export interface Piece {
  text: string;
  spaceBefore: boolean;
}

/** Whether a line may break between the characters `a` and `b` when no space separates them. */
export function canBreakBetween(a: string, b: string): boolean {
  if (noStart.has(b) || noEnd.has(a)) return false;
  const wa = isWide(a.codePointAt(0) ?? 0);
  const wb = isWide(b.codePointAt(0) ?? 0);
  if (a === '…' && b === '…') return false;
  if (a === '—' && b === '—') return false;
  if (wa || wb) return true;
  // Inside a Latin word: only after a hyphen between letters ("design-|based").
  return a === '-' && /\p{L}/u.test(b);
}

/** Splits text into unbreakable pieces; runs of white space (not U+00A0) collapse to one break. */
export function splitPieces(text: string): Piece[] {
  const chars = [...text.replace(/[ \t\r\n\f\v]+/g, ' ').trim()];
  const pieces: Piece[] = [];
  let current = '';
  let spaceBefore = false;
  let previous = '';
  for (const c of chars) {
    if (c === ' ') {
      if (current !== '') {
        pieces.push({ text: current, spaceBefore });
        current = '';
      }
      spaceBefore = true;
      previous = ' ';
      continue;
    }
    if (current !== '' && previous !== ' ' && canBreakBetween(previous, c)) {
      pieces.push({ text: current, spaceBefore });
      current = '';
      spaceBefore = false;
    }
    if (current === '' && previous === ' ' && noStart.has(c) && pieces.length > 0) {
      // A closing mark after a space ("word ）") stays with the previous piece.
      const last = pieces.pop() as Piece;
      current = `${last.text} `;
      spaceBefore = last.spaceBefore;
    }
    current += c;
    previous = c;
  }
  if (current !== '') pieces.push({ text: current, spaceBefore });
  return pieces;
}

const wordSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * `splitWords` remembered per text for the whole process: a table cell or label is split for its widest word,
 * its column's width and each trial width of a balanced break (up to 18 times), and again in every report;
 * ICU's segmenter is the costly part. The pieces are frozen, as they are shared.
 */
const splitWordsMemo = new Map<string, readonly Readonly<Piece>[]>();

/**
 * Splits text into pieces that break only between words: ICU's word boundaries (`Intl.Segmenter`, which
 * finds Chinese words by dictionary) on top of `splitPieces`'s rules, so "尚无专门措施" breaks as 尚无|专门|措施
 * and never as 尚无专|门措施. For short texts set in narrow boxes (table cells, chart labels, legends), where a
 * word cut in two reads as two words; running text keeps the freer breaking of Chinese typesetting.
 */
export function splitWords(text: string): readonly Piece[] {
  let pieces = splitWordsMemo.get(text);
  if (pieces === undefined) {
    pieces = Object.freeze(segmentWords(text).map((p) => Object.freeze(p)));
    if (splitWordsMemo.size > 50_000) splitWordsMemo.clear();
    splitWordsMemo.set(text, pieces);
  }
  return pieces;
}

function segmentWords(text: string): Piece[] {
  const pieces = splitPieces(text);
  if (pieces.length < 2) return pieces;
  const joined = joinPieces(pieces);
  const boundaries = new Set<number>();
  for (const segment of wordSegmenter.segment(joined)) boundaries.add(segment.index);
  const out: Piece[] = [];
  let offset = 0;
  pieces.forEach((piece, i) => {
    if (i > 0 && piece.spaceBefore) offset += 1;
    const previous = out[out.length - 1];
    if (previous !== undefined && !piece.spaceBefore && !boundaries.has(offset)) previous.text += piece.text;
    else out.push({ ...piece });
    offset += piece.text.length;
  });
  return out;
}

/** Joins pieces into the text of one line. */
export function joinPieces(pieces: readonly Piece[]): string {
  return pieces.map((p, i) => (i > 0 && p.spaceBefore ? ` ${p.text}` : p.text)).join('');
}

/** How `breakLines` breaks: `words` only between words (see `splitWords`); `balance` evens out the lines. */
export interface BreakOptions {
  words?: boolean;
  balance?: boolean;
}

/**
 * Breaks text into lines no wider than `width` (first fit), measuring with `measure` (in the same unit as
 * `width`). A piece wider than a line is cut between characters. When the last line would hold a single
 * short piece (one or two characters: a "runt"), one piece moves down from the line before. With `words`,
 * lines break only between words (see `splitWords`). With `balance`, the text is broken at the narrowest
 * width that gives the same number of lines, so the lines come out about even ("Difference from /
 * the province (CI)", not "Difference from the province / (CI)"): for headers and captions of a few lines, as
 * CSS `text-wrap: balance` does.
 */
export function breakLines(text: string, width: number, measure: (text: string) => number, options: BreakOptions = {}): string[] {
  const lines = firstFit(text, width, measure, options);
  if (!options.balance || lines.length < 2) return lines;
  const phrased = lines.length === 2 ? breakAtPhrase(text, width, measure, options) : null;
  if (phrased !== null) return phrased;
  // First fit never needs more lines at a greater width, so the narrowest width keeping the count is found by
  // bisection; at that width no line can give a piece to the next without adding a line.
  // Below the widest piece, pieces would be cut between characters: never narrower than that.
  const pieces = options.words ? splitWords(text) : splitPieces(text);
  const widest = pieces.reduce((m, p) => Math.max(m, measure(p.text)), 0);
  if (widest >= width) return lines;
  let lo = widest;
  let hi = width;
  if (firstFit(text, lo, measure, options).length <= lines.length) return firstFit(text, lo, measure, options);
  for (let k = 0; k < 16 && hi - lo > 0.25; k++) {
    const mid = (lo + hi) / 2;
    const trial = firstFit(text, mid, measure, options);
    if (trial.length <= lines.length && trial.every((line) => measure(line) <= mid + 1e-6)) hi = mid;
    else lo = mid;
  }
  return hi < width ? firstFit(text, hi, measure, options) : lines;
}

/**
 * Two lines broken after a phrase's punctuation (、，：, ", ") when both fit, the more even such break: a title
 * is broken by sense ("黑龙江省科技创新、/ 数字经济与人才发展调查", not "…、数字 / 经济…"). Null when there is none.
 */
function breakAtPhrase(text: string, width: number, measure: (text: string) => number, options: BreakOptions): string[] | null {
  const pieces = options.words ? splitWords(text) : splitPieces(text);
  let best: string[] | null = null;
  let bestWidth = Infinity;
  for (let k = 1; k < pieces.length; k++) {
    if (!/[、，,：:；;]$/u.test((pieces[k - 1] as Piece).text)) continue;
    const first = joinPieces(pieces.slice(0, k));
    const second = joinPieces([{ ...(pieces[k] as Piece), spaceBefore: false }, ...pieces.slice(k + 1)]);
    const [a, b] = [measure(first), measure(second)];
    const longest = Math.max(a, b);
    // not lopsided: the shorter line at least 40% of the longer
    if (longest <= width && Math.min(a, b) >= 0.4 * longest && longest < bestWidth) {
      best = [first, second];
      bestWidth = longest;
    }
  }
  return best;
}

function firstFit(text: string, width: number, measure: (text: string) => number, options: BreakOptions): string[] {
  const pieces = (options.words ? splitWords(text) : splitPieces(text)).flatMap((p) => cutOverlong(p, width, measure));
  const lines: Piece[][] = [];
  let line: Piece[] = [];
  let lineWidth = 0;
  const spaceWidth = measure(' ');
  for (const piece of pieces) {
    const w = measure(piece.text);
    const add = line.length > 0 && piece.spaceBefore ? spaceWidth + w : w;
    if (line.length > 0 && lineWidth + add > width + 1e-6) {
      // The sum of pieces can differ from the whole line by kerning; check the real line before breaking.
      const joined = measure(joinPieces([...line, piece]));
      if (joined > width + 1e-6) {
        lines.push(line);
        line = [piece];
        lineWidth = w;
        continue;
      }
    }
    line.push(piece);
    lineWidth += add;
  }
  if (line.length > 0) lines.push(line);
  avoidRunt(lines, width, measure);
  return lines.map(joinPieces);
}

/**
 * Cuts a piece wider than a line between characters, only where a line may start and end (never before a
 * closing or after an opening mark); a piece that cannot be cut so stays whole and overflows.
 */
function cutOverlong(piece: Piece, width: number, measure: (text: string) => number): Piece[] {
  if (measure(piece.text) <= width) return [piece];
  const chars = [...piece.text];
  const out: Piece[] = [];
  let current = '';
  let lastCut = -1;
  chars.forEach((c, i) => {
    const previous = chars[i - 1] ?? '';
    const cuttable = current !== '' && !noStart.has(c) && !noEnd.has(previous);
    if (cuttable) lastCut = current.length;
    if (current !== '' && measure(current + c) > width && lastCut > 0) {
      out.push({ text: current.slice(0, lastCut), spaceBefore: out.length === 0 ? piece.spaceBefore : false });
      current = current.slice(lastCut);
      lastCut = cuttable && current !== '' ? current.length : -1;
    }
    current += c;
  });
  if (current !== '') out.push({ text: current, spaceBefore: out.length === 0 ? piece.spaceBefore : false });
  return out;
}

function avoidRunt(lines: Piece[][], width: number, measure: (text: string) => number): void {
  if (lines.length < 2) return;
  const last = lines[lines.length - 1] as Piece[];
  const before = lines[lines.length - 2] as Piece[];
  const lastChars = [...joinPieces(last)].length;
  if (last.length !== 1 || lastChars > 2 || before.length < 3) return;
  const moved = before[before.length - 1] as Piece;
  const candidate = [moved, last[0] as Piece];
  if (measure(joinPieces(candidate)) > width) return;
  before.pop();
  lines[lines.length - 1] = candidate;
}
