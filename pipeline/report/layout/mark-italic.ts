import type { Lang } from '../../../schemas/common.js';
import { italicEnd, italicStart } from './set-text.js';

/** The lead-ins of a note line that a publication sets in italic ("Note:", "Source:"). */
const leadIn = /^(Notes?|Sources?|Base):/u;

/**
 * Marks the spans of an English text to set in italic: each publication title in `titles` (the title of a
 * work cited, as in the suggested citation and source lines: Chicago Manual of Style 8.171) and, with
 * `leadIns`, a note's lead-in ("Note:", "Source:"). Chinese has no italics (titles take 《》), so Chinese text
 * comes back as it was.
 */
export function markItalic(text: string, lang: Lang, titles: readonly string[], options: { leadIns?: boolean } = {}): string {
  if (lang !== 'en') return text;
  let out = text;
  for (const title of titles) if (title !== '') out = out.split(title).join(`${italicStart}${title}${italicEnd}`);
  if (options.leadIns) out = out.replace(leadIn, (m) => `${italicStart}${m}${italicEnd}`);
  return out;
}
