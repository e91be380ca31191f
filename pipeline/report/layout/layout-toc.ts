import type { Flow, PlacedCaption, PlacedHeading, StructNode, StructTree } from './flow.js';
import { lineItem, measure, setLines, type TextContext } from './set-text.js';
import { colour, columnWidth, page, space, styles, type TextStyle } from './typography.js';

const numberColumn = 28;
const level2Indent = 22;

/** One entry of a contents list: its text, style, indent, link target and page number (null while counting). */
interface Entry {
  title: string;
  style: TextStyle;
  indent: number;
  gapAbove: number;
  anchor: string;
  number: number | null;
}

/** Sets one entry: text wrapped beside the number column, a dotted leader and the right-aligned page number. */
function placeEntry(ctx: TextContext, flow: Flow, tree: StructTree, parent: StructNode, entry: Entry): void {
  const { style, indent } = entry;
  const textWidth = columnWidth - indent - numberColumn - 12;
  const lines = setLines(ctx, style, entry.title, textWidth);
  flow.gap(entry.gapAbove);
  flow.ensure(lines.length * style.leading);
  const node = tree.add(parent, 'TOCI');
  lines.forEach((line, i) => {
    const item = lineItem(ctx, style, line, page.left + indent, flow.y, node);
    item.goTo = entry.anchor;
    flow.push(item);
    if (i === lines.length - 1) {
      const numberText = entry.number === null ? '' : String(entry.number);
      const numberItem = lineItem(ctx, style, numberText, page.right - numberColumn, flow.y, node, { width: numberColumn, align: 'right' });
      numberItem.goTo = entry.anchor;
      flow.push(numberItem);
      const leaderStart = page.left + indent + measure(ctx, style, line) + 6;
      const leaderEnd = page.right - measure(ctx, style, numberText) - 6;
      if (leaderEnd > leaderStart) {
        flow.push({ kind: 'line', x1: leaderStart, y1: item.y, x2: leaderEnd, y2: item.y, width: 0.9, colour: colour.lightGrey, dash: 2.6 });
      }
    }
    flow.y += style.leading;
  });
}

/**
 * The table of contents: one entry per level-1 heading and per listed level-2 heading, a dotted leader and
 * the page number (1-based, as a PDF viewer counts, cover included). Entries link to their headings.
 * The entries' line breaks do not depend on the page numbers, so laying out with placeholders first gives
 * the number of contents pages before the numbers are known.
 */
export function layoutToc(
  ctx: TextContext,
  flow: Flow,
  tree: StructTree,
  toc: StructNode,
  headings: readonly PlacedHeading[],
  pageNumberOf: (pageIndex: number) => number | null,
): void {
  for (const heading of headings) {
    placeEntry(ctx, flow, tree, toc, {
      title: heading.title,
      style: heading.level === 1 ? styles.tocH1 : styles.tocH2,
      indent: heading.level === 1 ? 0 : level2Indent,
      gapAbove: heading.level === 1 ? space.paragraph : 0,
      anchor: heading.anchor,
      number: pageNumberOf(heading.pageIndex),
    });
  }
}

/** A list of figures or of tables: label and caption, leader, page number; each entry links to its caption. */
export function layoutCaptionList(
  ctx: TextContext,
  flow: Flow,
  tree: StructTree,
  toc: StructNode,
  captions: readonly PlacedCaption[],
  pageNumberOf: (pageIndex: number) => number | null,
): void {
  for (const caption of captions) {
    placeEntry(ctx, flow, tree, toc, {
      title: caption.title,
      style: styles.tocH2,
      indent: 0,
      gapAbove: 2,
      anchor: caption.anchor,
      number: pageNumberOf(caption.pageIndex),
    });
  }
}
