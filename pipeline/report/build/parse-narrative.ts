import type { Block } from '../../../schemas/report-model.js';
import { isWide } from '../layout/break-lines.js';
import type { ModelContext } from './model-context.js';
import { resolveReferences } from './resolve-references.js';

/** Joins the lines of a paragraph: a space between Latin words, nothing between Chinese characters. */
function joinLines(lines: string[]): string {
  let text = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (text === '') {
      text = line;
      continue;
    }
    const last = text.codePointAt(text.length - 1) ?? 0;
    const first = line.codePointAt(0) ?? 0;
    text += isWide(last) || isWide(first) ? line : ` ${line}`;
  }
  return text;
}

/** Drops inline Markdown emphasis and code marks, keeping the words. */
function plain(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/__(.+?)__/g, '$1').replace(/`([^`]+)`/g, '$1').replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1$2');
}

/**
 * Turns an analyst's narrative (a small Markdown subset: paragraphs separated by blank lines, `#` headings,
 * `-`/`*` bullet lists) into report blocks. Headings become unnumbered level-3 headings.
 */
export function parseNarrative(text: string, origin: string): Block[] {
  const blocks: Block[] = [];
  const chunks = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  for (const chunk of chunks) {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    let paragraph: string[] = [];
    let items: string[][] = [];
    const flush = () => {
      if (paragraph.length > 0) blocks.push({ kind: 'paragraph', style: 'body', text: plain(joinLines(paragraph)), origin });
      if (items.length > 0) blocks.push({ kind: 'list', items: items.map((i) => plain(joinLines(i))), origin });
      paragraph = [];
      items = [];
    };
    for (const line of lines) {
      const heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
      const bullet = /^\s*(?:[-*•]|\d+[.)])\s+(.*)$/.exec(line);
      if (heading) {
        flush();
        blocks.push({ kind: 'heading', level: 3, number: null, text: plain(heading[1] ?? '').trim(), toc: false, origin });
      } else if (bullet) {
        if (paragraph.length > 0) flush();
        items.push([bullet[1] ?? '']);
      } else if (items.length > 0 && /^\s+/.test(line)) {
        items[items.length - 1]?.push(line);
      } else {
        if (items.length > 0) flush();
        paragraph.push(line);
      }
    }
    flush();
  }
  return blocks;
}

/**
 * The narrative blocks for `key` (a theme id, `summary`, `methodology`, `recommendations`) with their live
 * numbers filled in, or none when no text was supplied. A regional report reads only its own folder
 * (`narrative/<region code>/<key>.<lang>.md`), never the provincial text: without it the caller generates text.
 */
export function narrativeBlocks(ctx: ModelContext, key: string): Block[] {
  const scoped = ctx.scopeCode === null ? key : `${ctx.scopeCode}/${key}`;
  const text = ctx.input.narrative[scoped];
  if (text === undefined || text.trim() === '') return [];
  const file = `${ctx.input.config.narrative.replace(/\/+$/, '')}/${scoped}.${ctx.lang}.md`;
  return parseNarrative(resolveReferences(ctx, text, file), `narrative ${scoped}.${ctx.lang}.md`);
}
