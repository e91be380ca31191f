import type { Block, FindingBlock, ReportModel } from '../../../schemas/report-model.js';
import { Flow, StructTree, type LaidPage, type PlacedHeading, type StructNode } from './flow.js';
import { layoutCover } from './layout-cover.js';
import { prepareFigure } from './layout-figure.js';
import { prepareTable } from './layout-table.js';
import {
  prepareFindings,
  prepareHeading,
  prepareHeadingBlock,
  prepareList,
  prepareParagraph,
  preparePageBreak,
  type Placeable,
} from './layout-text-blocks.js';
import { layoutToc } from './layout-toc.js';
import { lineItem, measure, type TextContext } from './set-text.js';
import type { FontSet } from './measure-text.js';
import { colour, columnWidth, page, space, styles } from './typography.js';

/** A report laid out: every page's drawing, the structure tree, and where each listed heading landed. */
export interface LaidDocument {
  pages: LaidPage[];
  tree: StructTree;
  /** Listed headings with their 0-based page index in `pages`. */
  headings: PlacedHeading[];
}

/**
 * Places prepared blocks in order, keeping each heading on the page where the next block starts. When a
 * figure does not fit the rest of a page, the tables right after it that do fit move up to fill the page (and
 * figures right after a table that does not fit), as floats do in a book. Only the blocks immediately after
 * move, so a figure never passes a figure nor a table a table (numbers still run in order) and nothing moves
 * far from where it belongs; the structure tree (the reading order for assistive technology) keeps the
 * model's order.
 */
function placeAll(flow: Flow, blocks: readonly Placeable[]): void {
  const after = new Array<number>(blocks.length).fill(0);
  for (let i = blocks.length - 2; i >= 0; i--) {
    const next = blocks[i + 1] as Placeable;
    after[i] = next.keepWithNext ? next.minStart + space.h2Above + (after[i + 1] ?? 0) : next.minStart;
  }
  const placed = new Uint8Array(blocks.length);
  blocks.forEach((block, i) => {
    if (placed[i]) return;
    const float = block.float;
    if (float && !flow.atTop && !flow.fits(float.height, float.above)) {
      for (let j = i + 1; j < blocks.length; j++) {
        const next = blocks[j] as Placeable;
        if (!next.float || next.float.kind === float.kind || !flow.fits(next.float.height, next.float.above)) break;
        next.place(flow, 0);
        placed[j] = 1;
      }
    }
    block.place(flow, after[i] ?? 0);
    placed[i] = 1;
  });
}

/** Turns a section's blocks into placeables; consecutive findings become one numbered list. */
function prepareBlocks(ctx: TextContext, tree: StructTree, parent: StructNode, blocks: readonly Block[], continued: string, anchor: () => string): Placeable[] {
  const out: Placeable[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as Block;
    switch (block.kind) {
      case 'heading':
        out.push(prepareHeadingBlock(ctx, tree, parent, block, anchor()));
        break;
      case 'paragraph':
        out.push(prepareParagraph(ctx, tree, parent, block));
        break;
      case 'list':
        out.push(prepareList(ctx, tree, parent, block));
        break;
      case 'finding': {
        const run: FindingBlock[] = [block];
        while (blocks[i + 1]?.kind === 'finding') run.push(blocks[++i] as FindingBlock);
        out.push(prepareFindings(ctx, tree, parent, run));
        break;
      }
      case 'figure':
        out.push(prepareFigure(ctx, tree, parent, block));
        break;
      case 'table':
        out.push(prepareTable(ctx, tree, parent, block, continued));
        break;
      case 'page-break':
        out.push(preparePageBreak());
        break;
    }
  }
  return out;
}

/** Running header (report title left, section right, a hairline) and footer ("n / N") on every page but the cover. */
function addRunningText(ctx: TextContext, pages: LaidPage[], model: ReportModel): void {
  const style = styles.running;
  const total = pages.length;
  pages.forEach((p, index) => {
    if (p.kind === 'cover') return;
    const top = page.headerBaseline - style.leading / 2 - 0.36 * style.size;
    let title = model.meta.report_title;
    const section = p.section ?? '';
    const sectionWidth = measure(ctx, style, section);
    while (measure(ctx, style, title) + sectionWidth + 24 > columnWidth && title.length > 1) title = `${title.slice(0, -2)}…`;
    p.items.push(lineItem(ctx, style, title, page.left, top, null));
    if (section !== '') p.items.push(lineItem(ctx, style, section, page.left, top, null, { width: columnWidth, align: 'right' }));
    p.items.push({ kind: 'line', x1: page.left, y1: page.headerRule, x2: page.right, y2: page.headerRule, width: 0.4, colour: colour.hairline, dash: null });
    const folio = model.labels.page.replace('{n}', String(index + 1)).replace('{N}', String(total));
    const footTop = page.footerBaseline - style.leading / 2 - 0.36 * style.size;
    p.items.push(lineItem(ctx, style, folio, page.left, footTop, null, { width: columnWidth, align: 'center' }));
  });
}

/**
 * Lays out a whole report: cover, contents, then the sections, then the running header and footer.
 * Pure: the same model gives the same pages.
 */
export function layoutDocument(model: ReportModel, fonts: FontSet): LaidDocument {
  const ctx: TextContext = { fonts, lang: model.meta.lang };
  const tree = new StructTree();
  const cover = layoutCover(ctx, tree, model);
  const tocSect = tree.add(tree.root, 'Sect');
  const tocHeading = prepareHeading(ctx, tree, tocSect, { level: 1, number: null, text: model.labels.contents, toc: false, anchor: 'contents' });
  const tocNode = tree.add(tocSect, 'TOC');

  const body = new Flow('body');
  let anchors = 0;
  const anchor = () => `h${++anchors}`;
  for (const section of model.sections) {
    const sect = tree.add(tree.root, 'Sect');
    const blocks: Placeable[] = [];
    // A chapter starts on a new page, unless the page holds no more than the last third of the one before.
    if (section.new_page) blocks.push(preparePageBreak({ unlessBelow: 0.35, gap: space.chapterAbove }));
    blocks.push(prepareHeading(ctx, tree, sect, { level: 1, number: section.number === '' ? null : section.number, text: section.title, toc: true, anchor: anchor() }));
    blocks.push(...prepareBlocks(ctx, tree, sect, section.blocks, model.labels.continued, anchor));
    placeAll(body, blocks);
  }

  const layoutContents = (pageNumberOf: (h: PlacedHeading) => number | null): Flow => {
    const flow = new Flow('toc');
    flow.section = model.labels.contents;
    tocHeading.place(flow, 0);
    layoutToc(ctx, flow, tree, tocNode, body.headings, pageNumberOf);
    return flow;
  };
  // Contents are laid out twice: first to count their pages, then with the page numbers.
  const probeTree = new StructTree();
  const probe = (() => {
    const flow = new Flow('toc');
    tocHeading.place(flow, 0);
    layoutToc(ctx, flow, probeTree, probeTree.root, body.headings, () => null);
    return flow;
  })();
  const bodyStart = 1 + probe.pages.length;
  const contents = layoutContents((h) => bodyStart + h.pageIndex + 1);
  if (contents.pages.length !== probe.pages.length) throw new Error('the contents changed length when page numbers were added');

  const pages = [cover, ...contents.pages, ...body.pages];
  addRunningText(ctx, pages, model);
  const headings = body.headings.map((h) => ({ ...h, pageIndex: h.pageIndex + bodyStart }));
  return { pages, tree, headings };
}
