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
import { layoutCaptionList, layoutToc } from './layout-toc.js';
import { shareTableNotes } from './share-table-notes.js';
import { markItalic } from './mark-italic.js';
import { isStranded, minPageFill, pageFill } from './check-layout.js';
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
 * Places prepared blocks in order, as floats go in a book: a figure or table that does not fit the rest of the
 * page is deferred while the running text after it continues, and is placed at the top of the page the text
 * turns onto (or, when a heading, another figure or table or the chapter's end comes first, on a new page
 * there), so a page is not left part empty above it. Tables after a deferred figure (past other figures, up to
 * the next text) that do fit move up to fill the page (and figures after a table), since figures and tables are
 * numbered apart; a figure never
 * passes a figure nor a table a table, and nothing leaves its subsection. The structure tree (the reading
 * order for assistive technology) keeps the model's order.
 */
function placeAll(flow: Flow, blocks: readonly Placeable[]): void {
  const after = new Array<number>(blocks.length).fill(0);
  for (let i = blocks.length - 2; i >= 0; i--) {
    const next = blocks[i + 1] as Placeable;
    after[i] = next.keepWithNext ? next.minStart + space.h2Above + (after[i + 1] ?? 0) : next.minStart;
  }
  const placed = new Uint8Array(blocks.length);
  const deferred: Placeable[] = [];
  const placeDeferred = () => {
    flow.onNewPage = null;
    for (const block of deferred.splice(0)) block.place(flow, 0);
    flow.settle();
  };
  blocks.forEach((block, i) => {
    if (placed[i]) return;
    if (!block.text && deferred.length > 0) placeDeferred();
    const float = block.float;
    if (float && !flow.atTop && !flow.fits(float.height, float.above)) {
      // The floats of the other kind that follow, up to the next text or heading, move up while they fit
      // (the first of them that does not fit stops the rest, which keep their order behind it).
      const moveUp = () => {
        for (let j = i + 1; j < blocks.length; j++) {
          const next = blocks[j] as Placeable;
          if (placed[j] || next.float?.kind === float.kind) continue;
          if (!next.float || !flow.fits(next.float.height, next.float.above)) break;
          next.place(flow, 0);
          placed[j] = 1;
        }
      };
      moveUp();
      let k = i + 1;
      while (placed[k]) k++;
      if (blocks[k]?.text) {
        deferred.push(block);
        placed[i] = 1;
        flow.onNewPage = placeDeferred;
        return;
      }
      // Nothing can fill the page instead: if the page is not full enough, this figure drawn a little smaller
      // may, or the next figure after this table (they are numbered apart) drawn so, the table following it;
      // only then a table started here and continued overleaf (this one, or the next table, ahead of this
      // figure), since a table cut a few rows from its end reads worse than one moved whole.
      const current = flow.pages[flow.pages.length - 1];
      if (current !== undefined && pageFill(current) < minPageFill) {
        // the gap above is the larger of what was asked below the last block and above this one
        const room = flow.remaining - Math.max(float.above, space.figureBelow, space.tableBelow, space.paragraph) - 1;
        if (block.placeWithin?.(flow, room)) {
          placed[i] = 1;
          return;
        }
        // the first float of the other kind before the next text (past floats of this one)
        let t = k;
        while (t < blocks.length && (placed[t] || blocks[t]?.float?.kind === float.kind)) t++;
        const next = blocks[t];
        const other = next?.float !== undefined && next.float.kind !== float.kind ? next : undefined;
        if (other?.placeWithin?.(flow, room)) placed[t] = 1;
        else if (block.splitWithin?.(flow, room)) {
          placed[i] = 1;
          return;
        } else if (other?.splitWithin?.(flow, room)) {
          placed[t] = 1;
          // the page the table continued onto may take the next floats of its kind still (not this one)
          if (!flow.fits(float.height, float.above)) moveUp();
        }
      }
    }
    if (float && block.placeWithin && placeBeforeLast(flow, blocks, placed, i)) {
      placed[i] = 1;
      return;
    }
    block.place(flow, after[i] ?? 0);
    placed[i] = 1;
  });
  if (deferred.length > 0) placeDeferred();
}

/**
 * When the chapter ends in floats after figure `i` whose last is small and would go alone onto a page (a page a
 * tenth full above the next chapter), draws the figure a little smaller (see `minFigureScale`) so they all share
 * this page; says whether it did. The drawing is undone when the floats still would not fit.
 */
function placeBeforeLast(flow: Flow, blocks: readonly Placeable[], placed: Uint8Array, i: number): boolean {
  const block = blocks[i] as Placeable;
  const rest: Placeable[] = [];
  for (let j = i + 1; j < blocks.length; j++) if (!placed[j]) rest.push(blocks[j] as Placeable);
  const last = rest[rest.length - 1];
  const float = block.float;
  if (float === undefined || last?.float === undefined || rest.some((b) => b.float === undefined) || last.float.height > 0.25 * (page.bottom - page.top)) return false;
  const gap = Math.max(float.above, space.figureBelow, space.tableBelow, space.paragraph);
  const below = Math.max(space.figureBelow, space.tableBelow, last.float.above);
  const restHeight = rest.reduce((sum, b) => sum + below + (b.float?.height ?? 0), 0);
  if (!flow.fits(float.height, float.above) || flow.fits(float.height + restHeight, float.above)) return false;
  const mark = flow.mark();
  const items = mark.current?.items.length ?? 0;
  if (!block.placeWithin?.(flow, flow.remaining - (flow.atTop ? 0 : gap) - restHeight - 1)) return false;
  if (rest.every((b) => b.float !== undefined && flow.fits(b.float.height, b.float.above))) {
    const pageIndex = flow.pageIndex;
    const restMark = flow.mark();
    const restItems = restMark.current?.items.length ?? 0;
    for (const b of rest) b.place(flow, 0);
    // placed here only if all of them stayed on this page; else both are undone
    if (flow.pageIndex === pageIndex) {
      rest.forEach((_, k) => (placed[blocks.indexOf(rest[k] as Placeable)] = 1));
      return true;
    }
    flow.rollback(restMark, restItems);
  }
  flow.rollback(mark, items);
  return false;
}

/**
 * Places a chapter (or a front-matter list) with `place` and, when its last page holds only a few stranded
 * lines of text (see `isStranded`), places it again with the page before ending higher (10%, 20%, then 30% of
 * the frame), so that more of it moves onto its last page; the first that leaves both pages well filled is kept.
 */
function placeUnstranded(flow: Flow, place: () => void): void {
  const mark = flow.mark();
  const items = mark.current?.items.length ?? 0;
  place();
  const stranded = () => {
    const last = flow.pages[flow.pages.length - 1];
    return flow.pages.length - mark.pages >= 2 && last !== undefined && isStranded(last);
  };
  if (!stranded()) return;
  const pagesBefore = flow.pages.length;
  const frame = page.bottom - page.top;
  for (const shorten of [0.1, 0.2, 0.3]) {
    flow.rollback(mark, items);
    flow.limits.set(pagesBefore - 2, page.bottom - shorten * frame);
    place();
    const before = flow.pages[flow.pages.length - 2];
    if (flow.pages.length === pagesBefore && !stranded() && before !== undefined && pageFill(before) >= minPageFill) return;
  }
  flow.rollback(mark, items);
  place();
}

/** Turns a section's blocks into placeables; consecutive findings become one numbered list. */
function prepareBlocks(ctx: TextContext, tree: StructTree, parent: StructNode, blocks: readonly Block[], labels: ReportModel['labels'], anchor: () => string): Placeable[] {
  const { continued, not_estimable: notEstimable } = labels;
  const out: Placeable[] = [];
  blocks = shareTableNotes(blocks, ctx.lang);
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
        out.push(prepareTable(ctx, tree, parent, block, { continued, notEstimable }));
        break;
      case 'page-break':
        out.push(preparePageBreak());
        break;
    }
  }
  return out;
}

/**
 * The report title the running header sets on every page, beside section titles up to `width` pt short of the
 * type area: the full title when it fits beside the widest; else the survey's short title (survey.json
 * `short_title`); else the title cut after its last whole phrase that fits (at a comma or 、), keeping the year it
 * ends with and the region ("Heilongjiang Survey of Innovation 2026: Harbin"). Never an ellipsis, and one title
 * for every page of a report: a running head that changes from page to page reads as a mistake.
 */
export function runningTitle(ctx: TextContext, meta: Pick<ReportModel['meta'], 'title' | 'report_title' | 'running_title'>, width: number): string {
  const style = styles.running;
  const fits = (text: string) => measure(ctx, style, text) <= width;
  const full = meta.report_title;
  if (fits(full)) return full;
  if (meta.running_title !== undefined && fits(meta.running_title)) return meta.running_title;
  const { title } = meta;
  const tail = full.startsWith(title) ? full.slice(title.length) : '';
  const year = /\s*\d{4}$/u.exec(title)?.[0] ?? '';
  const phrases = title.slice(0, title.length - year.length).split(/(?<=[,，、])\s*/u);
  const join = ctx.lang === 'zh' ? '' : ' ';
  for (let k = phrases.length - 1; k >= 1; k--) {
    const cut = `${phrases.slice(0, k).join(join).replace(/[,，、]$/u, '')}${year}${tail}`;
    if (fits(cut)) return cut;
  }
  return meta.running_title ?? full;
}

/** Running header (report title left, section right, a hairline) and footer ("n / N") on every page but the cover. */
function addRunningText(ctx: TextContext, pages: LaidPage[], model: ReportModel): void {
  const style = styles.running;
  const total = pages.length;
  const widest = Math.max(0, ...pages.map((p) => measure(ctx, style, p.section ?? '')));
  const title = runningTitle(ctx, model.meta, columnWidth - widest - 24);
  pages.forEach((p, index) => {
    if (p.kind === 'cover') return;
    const top = page.headerBaseline - style.leading / 2 - 0.36 * style.size;
    const section = p.section ?? '';
    p.items.push(lineItem(ctx, style, title, page.left, top, null));
    if (section !== '') p.items.push(lineItem(ctx, style, section, page.left, top, null, { width: columnWidth, align: 'right' }));
    p.items.push({ kind: 'line', x1: page.left, y1: page.headerRule, x2: page.right, y2: page.headerRule, width: 0.4, colour: colour.hairline, dash: null });
    const folio = model.labels.page.replace('{n}', String(index + 1)).replace('{N}', String(total));
    const footTop = page.footerBaseline - style.leading / 2 - 0.36 * style.size;
    p.items.push(lineItem(ctx, style, folio, page.left, footTop, null, { width: columnWidth, align: 'center' }));
  });
}

/** A front-matter list (contents, figures, tables): its heading, its structure node and how to fill it. */
interface FrontList {
  heading: Placeable;
  node: StructNode;
  fill: (flow: Flow, tree: StructTree, node: StructNode, pageNumberOf: (pageIndex: number) => number | null) => void;
}

/**
 * Lays out a whole report: cover; front matter (citation and disclaimer); contents, list of figures and list of
 * tables, each from a new page; then the chapters, each from a new page; then the running header and footer.
 * Pure: the same model gives the same pages.
 */
export function layoutDocument(model: ReportModel, fonts: FontSet): LaidDocument {
  const ctx: TextContext = { fonts, lang: model.meta.lang, titles: [model.meta.title] };
  const tree = new StructTree();
  const cover = layoutCover(ctx, tree, model);
  let anchors = 0;
  const anchor = () => `h${++anchors}`;

  const front = new Flow('body');
  for (const section of model.sections.filter((s) => s.kind === 'front')) {
    const sect = tree.add(tree.root, 'Sect');
    const blocks: Placeable[] = [preparePageBreak()];
    if (section.title !== '') blocks.push(prepareHeading(ctx, tree, sect, { level: 1, number: null, text: section.title, toc: false, anchor: anchor() }));
    // the citation names the publication: its title in italic
    const marked = section.blocks.map((b) => (b.kind === 'paragraph' ? { ...b, text: markItalic(b.text, ctx.lang, [model.meta.title]) } : b));
    blocks.push(...prepareBlocks(ctx, tree, sect, marked, model.labels, anchor));
    placeAll(front, blocks);
  }

  const body = new Flow('body');
  const lists: FrontList[] = [];
  const addList = (title: string, anchorName: string, fill: FrontList['fill']) => {
    const sect = tree.add(tree.root, 'Sect');
    const heading = prepareHeading(ctx, tree, sect, { level: 1, number: null, text: title, toc: false, anchor: anchorName });
    lists.push({ heading, node: tree.add(sect, 'TOC'), fill });
  };
  addList(model.labels.contents, 'contents', (flow, t, node, pageOf) => layoutToc(ctx, flow, t, node, body.headings, pageOf));
  const hasFigures = model.sections.some((s) => s.blocks.some((b) => b.kind === 'figure'));
  const hasTables = model.sections.some((s) => s.blocks.some((b) => b.kind === 'table' && b.label !== null));
  const captions = (kind: 'figure' | 'table') => body.captions.filter((c) => c.kind === kind);
  if (hasFigures) addList(model.labels.list_of_figures, 'list-of-figures', (flow, t, node, pageOf) => layoutCaptionList(ctx, flow, t, node, captions('figure'), pageOf));
  if (hasTables) addList(model.labels.list_of_tables, 'list-of-tables', (flow, t, node, pageOf) => layoutCaptionList(ctx, flow, t, node, captions('table'), pageOf));

  for (const section of model.sections.filter((s) => s.kind !== 'front')) {
    const sect = tree.add(tree.root, 'Sect');
    // Every chapter starts on a new page.
    const blocks: Placeable[] = [preparePageBreak()];
    blocks.push(prepareHeading(ctx, tree, sect, { level: 1, number: section.number, text: section.title, toc: true, anchor: anchor() }));
    blocks.push(...prepareBlocks(ctx, tree, sect, section.blocks, model.labels, anchor));
    placeUnstranded(body, () => placeAll(body, blocks));
  }

  // The lists are laid out twice: first to count their pages, then with the page numbers. Their line breaks do
  // not depend on the numbers, so the count holds. The first pass also finds where a page must end early so that
  // a list's last page is not a few stranded entries; the second ends its pages there (it places each list once,
  // as placing adds the entries to the structure tree).
  const layoutLists = (t: StructTree, nodeOf: (list: FrontList) => StructNode, pageOf: (pageIndex: number) => number | null, limits?: Flow['limits']): Flow => {
    const flow = new Flow('toc');
    for (const [pageIndex, bottom] of limits ?? []) flow.limits.set(pageIndex, bottom);
    for (const list of lists) {
      const place = () => {
        preparePageBreak().place(flow, 0);
        list.heading.place(flow, 0);
        list.fill(flow, t, nodeOf(list), pageOf);
      };
      if (limits === undefined) placeUnstranded(flow, place);
      else place();
    }
    return flow;
  };
  const probeTree = new StructTree();
  const probe = layoutLists(probeTree, () => probeTree.root, () => null);
  const bodyStart = 1 + front.pages.length + probe.pages.length;
  const contents = layoutLists(tree, (list) => list.node, (pageIndex) => bodyStart + pageIndex + 1, probe.limits);
  if (contents.pages.length !== probe.pages.length) throw new Error('the contents changed length when page numbers were added');

  const pages = [cover, ...front.pages, ...contents.pages, ...body.pages];
  addRunningText(ctx, pages, model);
  const headings = body.headings.map((h) => ({ ...h, pageIndex: h.pageIndex + bodyStart }));
  return { pages, tree, headings };
}
