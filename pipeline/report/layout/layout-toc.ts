import type { Flow, PlacedHeading, StructNode, StructTree } from './flow.js';
import { lineItem, measure, setLines, type TextContext } from './set-text.js';
import { colour, columnWidth, page, space, styles } from './typography.js';

const numberColumn = 28;
const level2Indent = 22;

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
  pageNumberOf: (heading: PlacedHeading) => number | null,
): void {
  for (const heading of headings) {
    const style = heading.level === 1 ? styles.tocH1 : styles.tocH2;
    const indent = heading.level === 1 ? 0 : level2Indent;
    const textWidth = columnWidth - indent - numberColumn - 12;
    const lines = setLines(ctx, style, heading.title, textWidth);
    const height = lines.length * style.leading;
    flow.gap(heading.level === 1 ? space.paragraph : 0);
    flow.ensure(height);
    const node = tree.add(toc, 'TOCI');
    const number = pageNumberOf(heading);
    lines.forEach((line, i) => {
      const item = lineItem(ctx, style, line, page.left + indent, flow.y, node);
      item.goTo = heading.anchor;
      flow.push(item);
      if (i === lines.length - 1) {
        const numberText = number === null ? '' : String(number);
        const numberItem = lineItem(ctx, style, numberText, page.right - numberColumn, flow.y, node, { width: numberColumn, align: 'right' });
        numberItem.goTo = heading.anchor;
        flow.push(numberItem);
        const leaderStart = page.left + indent + measure(ctx, style, line) + 6;
        const leaderEnd = page.right - measure(ctx, style, numberText) - 6;
        if (leaderEnd > leaderStart) {
          const y = item.y;
          flow.push({ kind: 'line', x1: leaderStart, y1: y, x2: leaderEnd, y2: y, width: 0.9, colour: colour.lightGrey, dash: 2.6 });
        }
      }
      flow.y += style.leading;
    });
  }
}
