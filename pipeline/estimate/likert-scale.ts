/**
 * The answer codes of a Likert item that form its scale, in code order: when every code is an integer, the run
 * of consecutive integers from the smallest (1..5); codes outside it (9 "don't know", 99 "refused") are not
 * substantive and take no part in the item's mean, top-two share or battery index. Non-numeric codes are all
 * on the scale. The chart and report stages use the same rule.
 */
export function likertScale(codes: readonly string[]): string[] {
  const numbers = codes.map(Number);
  if (codes.length === 0 || numbers.some((n, i) => !Number.isInteger(n) || codes[i]!.trim() === '')) return [...codes];
  const start = Math.min(...numbers);
  const scale: string[] = [];
  for (let k = start; numbers.includes(k); k++) scale.push(codes[numbers.indexOf(k)]!);
  return scale;
}

/** For each code of a Likert item (by index), its position on the scale (0 = the lowest point), or -1 when off it. */
export function likertPositions(codes: readonly string[]): Int32Array {
  const scale = likertScale(codes);
  return Int32Array.from(codes, (code) => scale.indexOf(code));
}
