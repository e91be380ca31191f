import type { FigureBlock } from '../../../schemas/report-model.js';
import type { Flow, StructNode, StructTree } from './flow.js';
import type { Placeable } from './layout-text-blocks.js';
import { lineItem, lineItems, measure, setLines, type TextContext } from './set-text.js';
import { markItalic } from './mark-italic.js';
import { colour, columnWidth, page, space, styles } from './typography.js';

/** The gap between a caption's label ("Figure 3.2") and its text. */
export const labelGap = '\u00a0\u00a0';

/** Draws a figure's or table's caption lines at the flow's position, its label ("Table 3.2") in the accent colour. */
export function placeCaption(ctx: TextContext, flow: Flow, lines: string[], label: string | null, node: StructNode): void {
  const caption = styles.caption;
  lines.forEach((line, i) => {
    if (i === 0 && label !== null && line.startsWith(label)) {
      const prefix = `${label}${labelGap}`;
      flow.push(lineItem(ctx, caption, label, page.left, flow.y, node, { colour: colour.accent }));
      const rest = line.slice(prefix.length);
      if (rest !== '') flow.push(lineItem(ctx, caption, rest, page.left + measure(ctx, caption, prefix), flow.y, node));
    } else {
      flow.push(lineItem(ctx, caption, line, page.left, flow.y, node));
    }
    flow.y += caption.leading;
  });
}

/**
 * A figure: caption above ("Figure 3.2 ..."), the chart at full column width (scaled down only when it
 * would not fit on an empty page), then base, notes and source in small grey type. All of it stays on one page.
 */
export function prepareFigure(ctx: TextContext, tree: StructTree, parent: StructNode, block: FigureBlock): Placeable {
  const caption = styles.caption;
  const note = styles.note;
  const captionLines = setLines(ctx, caption, `${block.label}${labelGap}${block.caption}`, columnWidth);
  const noteTexts = [block.base, ...block.notes, block.source].filter((t) => t.trim() !== '').map((t) => markItalic(t, ctx.lang, ctx.titles ?? [], { leadIns: true }));
  const noteLines = noteTexts.map((t) => setLines(ctx, note, t, columnWidth));
  const captionHeight = captionLines.length * caption.leading + space.captionBelow;
  const notesHeight = noteLines.reduce((sum, lines) => sum + lines.length * note.leading, 0) + (noteTexts.length > 0 ? space.notesAbove : 0);
  const frame = page.bottom - page.top;
  let w = columnWidth;
  let h = (w * block.height) / block.width;
  if (captionHeight + h + notesHeight > frame) {
    h = frame - captionHeight - notesHeight;
    w = (h * block.width) / block.height;
  }
  const total = captionHeight + h + notesHeight;
  const captionNode = tree.add(parent, 'Caption');
  const figureNode = tree.add(parent, 'Figure', block.alt);
  const noteNodes = noteTexts.map(() => tree.add(parent, 'Note'));
  const placeAt = (flow: Flow, scale: number) => {
    flow.gap(space.figureAbove);
    flow.ensure(captionHeight + h * scale + notesHeight);
    const anchor = `figure-${block.id}`;
    flow.push({ kind: 'anchor', name: anchor, y: flow.y, title: block.label, outlineLevel: null });
    flow.captions.push({ kind: 'figure', title: `${block.label}${labelGap}${block.caption}`, anchor, pageIndex: flow.pageIndex });
    placeCaption(ctx, flow, captionLines, block.label, captionNode);
    flow.y += space.captionBelow;
    const sw = w * scale;
    flow.push({ kind: 'svg', x: page.left + (columnWidth - sw) / 2, y: flow.y, w: sw, h: h * scale, svg: block.svg, struct: figureNode, figureId: block.id });
    flow.y += h * scale;
    if (noteTexts.length > 0) flow.y += space.notesAbove;
    noteLines.forEach((lines, k) => {
      for (const line of lines) {
        for (const item of lineItems(ctx, note, line, page.left, flow.y, noteNodes[k] as StructNode)) flow.push(item);
        flow.y += note.leading;
      }
    });
    flow.gap(space.figureBelow);
  };
  return {
    minStart: total,
    keepWithNext: false,
    float: { kind: 'figure', height: total, above: space.figureAbove },
    place: (flow) => placeAt(flow, 1),
    placeWithin(flow, height) {
      // Drawn a little smaller (to 80%: chart type of 6.8 pt at the least) rather than leave the page part empty.
      const scale = (height - captionHeight - notesHeight) / h;
      if (scale < minFigureScale) return false;
      placeAt(flow, Math.min(1, scale));
      return true;
    },
  };
}

/** The least a figure is scaled to fill the rest of a page: its 8.5 pt labels stay at least 6.8 pt. */
export const minFigureScale = 0.8;
