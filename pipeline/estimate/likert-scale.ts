/**
 * The answer codes of a Likert item that form its scale, in code order: when every code is an integer, the run
 * of consecutive integers from the smallest (1..5); codes outside it (9 "don't know", 99 "refused") are not
 * substantive and take no part in the item's mean, top-two share or battery index. Non-numeric codes are all
 * on the scale. The chart and report stages use the same rule.
 */
export function likertScale(codes: readonly string[]): string[] {
  const numbers = codes.map(Number);
  if (codes.length === 0 || numbers.some((n, i) => !Number.isInteger(n) || codes[i]!.trim() === '')) return [...codes];
  // a loop and a map, not Math.min(...) and indexOf: a long code list would overflow the stack or go quadratic
  let start = Infinity;
  const first = new Map<number, number>();
  numbers.forEach((n, i) => {
    if (n < start) start = n;
    if (!first.has(n)) first.set(n, i);
  });
  const scale: string[] = [];
  for (let k = start; first.has(k); k++) scale.push(codes[first.get(k)!]!);
  return scale;
}

/** For each code of a Likert item (by index), its position on the scale (0 = the lowest point), or -1 when off it. */
export function likertPositions(codes: readonly string[]): Int32Array {
  const scale = new Map(likertScale(codes).map((code, k) => [code, k]));
  return Int32Array.from(codes, (code) => scale.get(code) ?? -1);
}
