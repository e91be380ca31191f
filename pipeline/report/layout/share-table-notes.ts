import type { Lang } from '../../../schemas/common.js';
import type { Block, TableBlock } from '../../../schemas/report-model.js';
import { notesAsFor } from '../messages-notes.js';

/**
 * A chapter's blocks with each table's notes and source that an earlier numbered table of the chapter printed
 * in full replaced by one line naming that table ("Notes and source as for Table 3.3."), after the notes that
 * are its own. A run of regional tables repeats five lines of explanation each; stated once, two tables share a
 * page. Only text printed in full is referred to (never a table that itself refers on), and tables without a
 * label print their notes in full.
 */
export function shareTableNotes(blocks: readonly Block[], lang: Lang): Block[] {
  const printedBy = new Map<string, string>();
  return blocks.map((block) => {
    if (block.kind !== 'table') return block;
    const own: string[] = [];
    const noteLabels: string[] = [];
    for (const note of block.notes) {
      const label = printedBy.get(note);
      if (label === undefined) own.push(note);
      else if (!noteLabels.includes(label)) noteLabels.push(label);
    }
    const sourceLabel = block.source === null ? null : (printedBy.get(block.source) ?? null);
    const ownSource = sourceLabel === null ? block.source : null;
    if (block.label !== null) for (const text of [...own, ...(ownSource === null ? [] : [ownSource])]) printedBy.set(text, block.label);
    if (noteLabels.length === 0 && sourceLabel === null) return block;
    const line = notesAsFor(lang, { notes: noteLabels, source: sourceLabel, other: own.length > 0 });
    const shared: TableBlock = { ...block, notes: [...own, line], source: ownSource };
    return shared;
  });
}
