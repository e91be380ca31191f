/**
 * Normalises a header or alias for matching: NFKC (full-width letters, digits and brackets become half-width),
 * 【】 and 〔〕 become [ ], line breaks and runs of white space become one space, spaces next to brackets and
 * punctuation go, lower-case, trimmed. `员工人数（人）` and `员工人数 (人)` normalise alike.
 */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[【〔［]/g, '[')
    .replace(/[】〕］]/g, ']')
    .replace(/[\s\u3000\u00a0\ufeff]+/g, ' ')
    .replace(/ ?([()[\]:;,./、]) ?/g, '$1')
    .replace(/[:：]$/, '')
    .trim()
    .toLowerCase();
}
