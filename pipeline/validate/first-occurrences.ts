/**
 * For each row, the first row holding the same key: `first[i] === i` for a first occurrence, -1 where `keys[i]` is
 * null. An open-addressing table of row numbers (FNV-1a over the UTF-16 code units) rather than a Map: a million
 * distinct ids cost a Map about four times as much, most of it in growing and rehashing.
 */
export function firstOccurrences(keys: (string | null)[]): Int32Array {
  const n = keys.length;
  const first = new Int32Array(n).fill(-1);
  let size = 16;
  while (size < n * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    if (key === null || key === undefined) continue;
    let h = 0x811c9dc5;
    for (let c = 0; c < key.length; c++) h = Math.imul(h ^ key.charCodeAt(c), 0x01000193);
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const row = slots[s]!;
      if (row < 0) {
        slots[s] = i;
        first[i] = i;
        break;
      }
      if (keys[row] === key) {
        first[i] = row;
        break;
      }
    }
  }
  return first;
}
