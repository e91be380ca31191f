/**
 * The candidate closest to a mistyped word, or null when none is close: a unique candidate the word begins
 * (`validat` -> `validate`), else the nearest by optimal string alignment distance (Damerau-Levenshtein with
 * adjacent transpositions, so `valdiate` and `regoin` are one edit away) within a third of the word's length
 * (at least 1, at most 3). Case and full-/half-width differences are ignored; ties go to the earlier candidate.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  const key = fold(word);
  if (key === '') return null;
  const starting = candidates.filter((c) => fold(c).startsWith(key));
  if (starting.length === 1) return starting[0] as string;
  const limit = Math.min(3, Math.max(1, Math.floor(key.length / 3)));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(key, fold(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const rows: number[][] = [];
  for (let i = 0; i <= x.length; i++) rows.push(Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => (rows[i] as number[])[j] as number;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = value;
    }
  }
  return at(x.length, y.length);
}

/**
 * The text most like any of `names` (by edit distance relative to the longer of the two, without regard to
 * case, spaces, `_` and full-/half-width forms), with its index; null for no texts. Always answers when there
 * are texts: "the most like" is a hint, not a match.
 */
export function mostLike(names: readonly string[], texts: readonly string[]): { index: number; text: string } | null {
  const squash = (s: string) => fold(s).replace(/[\s_\-]+/g, '');
  let best: { index: number; text: string } | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  texts.forEach((text, index) => {
    for (const name of names) {
      const a = squash(name);
      const b = squash(text);
      const score = editDistance(a, b) / Math.max(1, a.length, b.length);
      if (score < bestScore) {
        bestScore = score;
        best = { index, text };
      }
    }
  });
  return best;
}
