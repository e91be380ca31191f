import type { FindingBlock, HeadingBlock, ListBlock, ParagraphBlock } from '../../../schemas/report-model.js';
import type { Flow, StructNode, StructTree } from './flow.js';
import { lineItem, measure, minStartHeight, placeLines, setLines, styleFor, type TextContext } from './set-text.js';
import { colour, columnWidth, hangingIndent, page, space, styles, textMeasure, type TextStyle } from './typography.js';

/**
 * A block ready to place: how much height it needs to start on a page, whether it must share a page with the
 * start of the next block (headings), and how to place itself. `after` is the next block's `minStart`.
 * `float` marks a figure or table that is placed whole: `height` is all of it (caption to source line) and
 * `above` the space asked above it, so the layout can tell whether it fits the rest of a page.
 */
export interface Placeable {
  minStart: number;
  keepWithNext: boolean;
  /** running text (paragraphs, lists, findings), which may flow past a figure or table deferred to the next page */
  text?: boolean;
  float?: { kind: 'figure' | 'table'; height: number; above: number };
  place(flow: Flow, after: number): void;
  /** Places the block within `height` pt (a figure drawn a little smaller), or says it cannot. */
  placeWithin?(flow: Flow, height: number): boolean;
  /** Starts the block within `height` pt and continues it overleaf (a table split between rows), or says it cannot. */
  splitWithin?(flow: Flow, height: number): boolean;
}

/** A heading of level 1-3: number in the accent colour, text beside it with a hanging indent when it wraps. */
export function prepareHeading(
  ctx: TextContext,
  tree: StructTree,
  parent: StructNode,
  heading: { level: 1 | 2 | 3; number: string | null; text: string; toc: boolean; anchor: string },
): Placeable {
  const style: TextStyle = heading.level === 1 ? styles.h1 : heading.level === 2 ? styles.h2 : styles.h3;
  const above = heading.level === 1 ? space.h1Above : heading.level === 2 ? space.h2Above : space.h3Above;
  const below = heading.level === 1 ? space.h1Below : heading.level === 2 ? space.h2Below : space.h3Below;
  const numberWidth = heading.number === null ? 0 : measure(ctx, style, heading.number) + style.size * 0.6;
  const lines = setLines(ctx, style, heading.text, columnWidth - numberWidth);
  const rule = heading.level === 1 ? 10 : 0;
  const height = lines.length * style.leading + rule;
  const node = tree.add(parent, heading.level === 1 ? 'H1' : heading.level === 2 ? 'H2' : 'H3');
  const title = heading.number === null ? heading.text : `${heading.number} ${heading.text}`;
  return {
    minStart: height,
    keepWithNext: true,
    place(flow, after) {
      flow.gap(above);
      flow.ensure(Math.min(height + below + after, page.bottom - page.top));
      if (heading.level === 1) {
        flow.section = title;
        flow.page.section = title;
      }
      flow.push({ kind: 'anchor', name: heading.anchor, y: flow.y, title, outlineLevel: heading.level === 3 || !heading.toc ? null : heading.level });
      if (heading.level !== 3 && heading.toc) {
        flow.headings.push({ level: heading.level, title, anchor: heading.anchor, pageIndex: flow.pageIndex });
      }
      lines.forEach((line, i) => {
        if (i === 0 && heading.number !== null) {
          flow.push(lineItem(ctx, style, heading.number, page.left, flow.y, node, { colour: colour.accent }));
        }
        flow.push(lineItem(ctx, style, line, page.left + numberWidth, flow.y, node));
        flow.y += style.leading;
      });
      if (heading.level === 1) {
        flow.y += 4;
        flow.push({ kind: 'line', x1: page.left, y1: flow.y, x2: page.right, y2: flow.y, width: 0.75, colour: colour.accent, dash: null });
        flow.y += rule - 4;
      }
      flow.gap(below);
    },
  };
}

/** A level-2/3 heading block of a section. */
export function prepareHeadingBlock(ctx: TextContext, tree: StructTree, parent: StructNode, block: HeadingBlock, anchor: string): Placeable {
  return prepareHeading(ctx, tree, parent, { level: block.level, number: block.number, text: block.text, toc: block.toc, anchor });
}

/** A paragraph of body, lead or note text; Chinese body text is justified. */
export function prepareParagraph(ctx: TextContext, tree: StructTree, parent: StructNode, block: ParagraphBlock): Placeable {
  const style = styleFor(ctx, block.style === 'lead' ? styles.lead : block.style === 'note' ? styles.note : styles.body, block.text);
  const width = textMeasure(ctx.lang);
  const lines = setLines(ctx, style, block.text, width);
  const node = tree.add(parent, block.style === 'note' ? 'Note' : 'P');
  const after = block.style === 'lead' ? space.paragraph + 4 : block.style === 'note' ? space.paragraph - 3 : space.paragraph;
  return {
    minStart: minStartHeight(lines.length, style.leading),
    keepWithNext: false,
    text: true,
    place(flow) {
      placeLines(flow, ctx, style, lines, page.left, width, node, { justify: block.style !== 'note' });
      flow.gap(after);
    },
  };
}

/** Items with a hanging label (a bullet or a number) set in the indent beside their first line. */
function prepareHanging(
  ctx: TextContext,
  tree: StructTree,
  parent: StructNode,
  items: { label: string; text: string; labelColour: string; labelFace: 'regular' | 'bold'; lead?: string | undefined }[],
  gapAfterItem: number,
): Placeable {
  const list = tree.add(parent, 'L');
  const width = textMeasure(ctx.lang) - hangingIndent;
  const prepared = items.map((item) => {
    const li = tree.add(list, 'LI');
    const style = styleFor(ctx, styles.body, item.text);
    // a headline's lead (its claim) set bold on lines of its own, the rest of the text after it
    const lead = item.lead !== undefined && item.lead !== '' && item.text.startsWith(item.lead) ? item.lead : null;
    const rest = lead === null ? item.text : item.text.slice(lead.length).trim();
    return {
      item,
      style,
      leadLines: lead === null ? [] : setLines(ctx, { ...styles.body, font: 'bold' as const }, lead, width),
      lines: rest === '' ? [] : setLines(ctx, style, rest, width),
      label: tree.add(li, 'Lbl'),
      body: tree.add(li, 'LBody'),
    };
  });
  const first = prepared[0];
  return {
    minStart: first === undefined ? 0 : minStartHeight(first.leadLines.length + first.lines.length, styles.body.leading),
    keepWithNext: false,
    text: true,
    place(flow) {
      for (const p of prepared) {
        const labelStyle = { ...styles.body, font: p.item.labelFace, colour: p.item.labelColour };
        const decorate = (top: number) => flow.push(lineItem(ctx, labelStyle, p.item.label, page.left, top, p.label));
        if (p.leadLines.length > 0) {
          placeLines(flow, ctx, { ...styles.body, font: 'bold' }, p.leadLines, page.left + hangingIndent, width, p.body, { justify: false, decorate });
        }
        if (p.lines.length > 0) {
          placeLines(flow, ctx, p.style, p.lines, page.left + hangingIndent, width, p.body, {
            justify: true,
            ...(p.leadLines.length > 0 ? {} : { decorate }),
          });
        }
        flow.gap(gapAfterItem);
      }
      flow.gap(space.paragraph);
    },
  };
}

/** A bulleted list. */
export function prepareList(ctx: TextContext, tree: StructTree, parent: StructNode, block: ListBlock): Placeable {
  return prepareHanging(
    ctx,
    tree,
    parent,
    block.items.map((text) => ({ label: '•', text, labelColour: colour.accent, labelFace: 'regular' as const })),
    space.listItem,
  );
}

/** Consecutive findings, set as one numbered list with the numbers in the accent colour. */
export function prepareFindings(ctx: TextContext, tree: StructTree, parent: StructNode, blocks: readonly FindingBlock[]): Placeable {
  return prepareHanging(
    ctx,
    tree,
    parent,
    blocks.map((b) => ({ label: String(b.number), text: b.text, lead: b.lead, labelColour: colour.accent, labelFace: 'bold' as const })),
    space.finding,
  );
}

/**
 * A page break hint: the next block starts on a new page. With `unlessBelow` (a share of the page), a page
 * that holds no more than that much (the last lines of a chapter that ran over) is not left almost empty:
 * the next block starts on it, after `gap` pt.
 */
export function preparePageBreak(options: { unlessBelow?: number; gap?: number } = {}): Placeable {
  return {
    minStart: 0,
    keepWithNext: false,
    place(flow) {
      if (flow.atTop) return;
      const used = flow.y - page.top;
      if (options.unlessBelow !== undefined && used <= options.unlessBelow * (page.bottom - page.top)) flow.gap(options.gap ?? 0);
      else flow.newPage();
    },
  };
}
