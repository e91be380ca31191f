import type { Flow, PlacedCaption, PlacedHeading, StructNode, StructTree } from './flow.js';
import { lineItem, measure, setLines, type TextContext } from './set-text.js';
import { labelGap } from './layout-figure.js';
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
  /** a label set in a hanging column of this width ("Table 3.5"), the title wrapping beside it */
  label?: { text: string; hang: number };
}

/** Sets one entry: text wrapped beside the number column, a dotted leader and the right-aligned page number. */
function placeEntry(ctx: TextContext, flow: Flow, tree: StructTree, parent: StructNode, entry: Entry): void {
  const { style, indent } = entry;
  const hang = entry.label?.hang ?? 0;
  const textWidth = columnWidth - indent - hang - numberColumn - 12;
  let lines = setLines(ctx, style, entry.title, textWidth);
  // a last line of a word or two ("(%)") reads as a stray: set the entry narrower so more moves down with it
  const last = lines[lines.length - 1] ?? '';
  if (lines.length > 1 && measure(ctx, style, last) < 4 * style.size) {
    const narrower = setLines(ctx, style, entry.title, textWidth - 8 * style.size);
    if (narrower.length === lines.length) lines = narrower;
  }
  flow.gap(entry.gapAbove);
  flow.ensure(lines.length * style.leading);
  const node = tree.add(parent, 'TOCI');
  const x = page.left + indent + hang;
  lines.forEach((line, i) => {
    if (i === 0 && entry.label !== undefined) {
      const label = lineItem(ctx, style, entry.label.text, page.left + indent, flow.y, node);
      label.goTo = entry.anchor;
      flow.push(label);
    }
    const item = lineItem(ctx, style, line, x, flow.y, node);
    item.goTo = entry.anchor;
    flow.push(item);
    if (i === lines.length - 1) {
      const numberText = entry.number === null ? '' : String(entry.number);
      const numberItem = lineItem(ctx, style, numberText, page.right - numberColumn, flow.y, node, { width: numberColumn, align: 'right' });
      numberItem.goTo = entry.anchor;
      flow.push(numberItem);
      const leaderStart = x + measure(ctx, style, line) + 6;
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
  // the labels in a column as wide as the widest ("Table 10.12"), so wrapped captions align with the first line
  const split = captions.map((c) => {
    const at = c.title.indexOf(labelGap);
    return at < 0 ? { label: '', title: c.title } : { label: c.title.slice(0, at), title: c.title.slice(at + labelGap.length) };
  });
  const hang = Math.max(0, ...split.map((c) => measure(ctx, styles.tocH2, c.label))) + styles.tocH2.size;
  captions.forEach((caption, k) => {
    const { label, title } = split[k] ?? { label: '', title: caption.title };
    placeEntry(ctx, flow, tree, toc, {
      title,
      label: { text: label, hang },
      style: styles.tocH2,
      indent: 0,
      gapAbove: 2,
      anchor: caption.anchor,
      number: pageNumberOf(caption.pageIndex),
    });
  });
}
