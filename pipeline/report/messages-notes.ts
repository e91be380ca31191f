import type { Lang } from '../../schemas/common.js';

/**
 * What a table refers back to instead of printing it again: the tables whose notes it shares (empty for none),
 * the table whose source it shares (null for none), and whether it prints notes of its own above the line.
 */
export interface SharedNotes {
  notes: readonly string[];
  source: string | null;
  other: boolean;
}

/**
 * The line a table prints instead of notes and a source already printed in full under an earlier table of the
 * chapter: "Notes and source as for Table 3.3." / "注及资料来源同表3.3。" (the house style of statistical
 * yearbooks, which state a run of tables' shared notes once). Labels are the tables' own ("Table 3.3", "表3.3").
 */
export function notesAsFor(lang: Lang, shared: SharedNotes): string {
  const { notes, source, other } = shared;
  const together = source !== null && notes.length > 0 && notes.every((l) => l === source);
  if (lang === 'zh') {
    const list = (labels: readonly string[]) => labels.join('、');
    const noteWord = other ? '其他注' : '注';
    if (together) return `${noteWord}及资料来源同${source}。`;
    const parts = [...(notes.length > 0 ? [`${noteWord}同${list(notes)}`] : []), ...(source !== null ? [`资料来源同${source}`] : [])];
    return `${parts.join('；')}。`;
  }
  const list = (labels: readonly string[]) => (labels.length <= 2 ? labels.join(' and ') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`);
  const noteWord = other ? 'Other notes' : 'Notes';
  if (together) return `${noteWord} and source as for ${source}.`;
  const parts = [...(notes.length > 0 ? [`${noteWord} as for ${list(notes)}`] : []), ...(source !== null ? [`${notes.length > 0 ? 'source' : 'Source'} as for ${source}`] : [])];
  return `${parts.join('; ')}.`;
}
