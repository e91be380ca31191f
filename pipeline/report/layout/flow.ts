import { page } from './typography.js';
import type { FontFace } from './measure-text.js';

/** The PDF structure types the report uses (ISO 32000 standard structure types). */
export type StructType =
  | 'Document'
  | 'Sect'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Figure'
  | 'Caption'
  | 'Table'
  | 'THead'
  | 'TBody'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'TOC'
  | 'TOCI'
  | 'Note';

/** A node of the logical structure tree (what a screen reader reads, in reading order). */
export interface StructNode {
  id: number;
  type: StructType;
  alt: string | null;
  children: StructNode[];
}

/** The structure tree of one report, built while laying out. */
export class StructTree {
  readonly root: StructNode = { id: 0, type: 'Document', alt: null, children: [] };
  private next = 1;

  /** Adds a child node under `parent` and returns it. */
  add(parent: StructNode, type: StructType, alt: string | null = null): StructNode {
    const node: StructNode = { id: this.next++, type, alt, children: [] };
    parent.children.push(node);
    return node;
  }
}

/** A line of text at a baseline; `struct` null marks an artifact (running header, repeated table head). */
export interface TextItem {
  kind: 'text';
  x: number;
  y: number;
  text: string;
  face: FontFace;
  size: number;
  colour: string;
  characterSpacing: number;
  struct: StructNode | null;
  /** A named destination this text links to (table of contents entries). */
  goTo: string | null;
  width: number;
}

/** A straight rule (always an artifact). */
export interface LineItem {
  kind: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  colour: string;
  dash: number | null;
}

/** A filled rectangle (always an artifact). */
export interface RectItem {
  kind: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  colour: string;
}

/** A chart drawn from SVG into a box. */
export interface SvgItem {
  kind: 'svg';
  x: number;
  y: number;
  w: number;
  h: number;
  svg: string;
  struct: StructNode;
  figureId: string;
}

/** Where a heading lands: a named destination, and an outline entry when `outlineLevel` is set. */
export interface AnchorItem {
  kind: 'anchor';
  name: string;
  y: number;
  title: string;
  outlineLevel: 1 | 2 | null;
}

/** Anything drawn on a page. */
export type PaintItem = TextItem | LineItem | RectItem | SvgItem | AnchorItem;

/** One laid-out page. `section` is what the running header names on the right. */
export interface LaidPage {
  kind: 'cover' | 'toc' | 'body';
  items: PaintItem[];
  section: string | null;
}

/** A heading as placed: for the table of contents and the outline. */
export interface PlacedHeading {
  level: 1 | 2;
  title: string;
  anchor: string;
  pageIndex: number;
}

/** A figure or table as placed: for the lists of figures and tables. */
export interface PlacedCaption {
  kind: 'figure' | 'table';
  /** "Figure 3.2  Share of ..." as the list prints it */
  title: string;
  anchor: string;
  pageIndex: number;
}

/** What `Flow.mark` remembers. */
export interface FlowMark {
  pages: number;
  headings: number;
  captions: number;
  current: LaidPage | null;
  y: number;
  pending: number;
  section: string | null;
}

/**
 * The cursor that fills pages top to bottom: the current page, the y of the next line's top, and the page
 * frame. Vertical space asked for at the top of a page is dropped, so pages start flush with the frame.
 */
export class Flow {
  readonly pages: LaidPage[] = [];
  readonly headings: PlacedHeading[] = [];
  readonly captions: PlacedCaption[] = [];
  y: number = page.top;
  /**
   * Called once when the next page starts (then cleared): the layout places a deferred figure or table at
   * the top of the page the running text turns onto.
   */
  onNewPage: (() => void) | null = null;
  /** A page (by index) that ends above the frame's bottom: a chapter's last lines balanced onto its last page. */
  readonly limits = new Map<number, number>();
  section: string | null = null;
  private current: LaidPage | null = null;
  private pending = 0;

  constructor(private readonly kind: LaidPage['kind']) {}

  /** The page being filled (a new one if none yet). */
  get page(): LaidPage {
    if (this.current === null) this.newPage();
    return this.current as LaidPage;
  }

  /** Starts a new page. */
  newPage(): void {
    this.current = { kind: this.kind, items: [], section: this.section };
    this.pages.push(this.current);
    this.y = page.top;
    this.pending = 0;
    const hook = this.onNewPage;
    this.onNewPage = null;
    hook?.();
  }

  /** Whether nothing has been placed on the current page yet. */
  get atTop(): boolean {
    return this.current === null || this.y <= page.top + 1e-6;
  }

  /** Where the current page's type area ends, in pt from the top. */
  get bottom(): number {
    return this.limits.get(this.pages.length - 1) ?? page.bottom;
  }

  /** The height left on the current page, in pt. */
  get remaining(): number {
    return this.current === null ? page.bottom - page.top : this.bottom - this.y;
  }

  /** The state to go back to with `rollback`: the page count, the page and cursor, the lists. */
  mark(): FlowMark {
    return { pages: this.pages.length, headings: this.headings.length, captions: this.captions.length, current: this.current, y: this.y, pending: this.pending, section: this.section };
  }

  /** Undoes everything placed since `mark` (pages added and items pushed onto the page open then). */
  rollback(mark: FlowMark, items: number): void {
    this.pages.length = mark.pages;
    this.headings.length = mark.headings;
    this.captions.length = mark.captions;
    this.current = mark.current;
    if (this.current !== null) this.current.items.length = items;
    this.y = mark.y;
    this.pending = mark.pending;
    this.section = mark.section;
    this.onNewPage = null;
    for (const index of [...this.limits.keys()]) if (index >= mark.pages - 1) this.limits.delete(index);
  }

  /** The index of the current page among this flow's pages. */
  get pageIndex(): number {
    if (this.current === null) this.newPage();
    return this.pages.length - 1;
  }

  /** Whether `height` pt of content, after a gap of at least `above` pt, fits on the current page. */
  fits(height: number, above = 0): boolean {
    const gap = this.atTop ? 0 : Math.max(this.pending, above);
    return gap + height <= this.remaining + 1e-6;
  }

  /** Asks for vertical space before the next content; asks combine by maximum and vanish at a page top. */
  gap(amount: number): void {
    this.pending = Math.max(this.pending, amount);
  }

  /** Applies the space asked for (unless at the top of a page). */
  settle(): void {
    if (!this.atTop) this.y = Math.min(this.y + this.pending, this.bottom);
    this.pending = 0;
  }

  /** Moves to a new page unless the pending space and `height` fit in what is left, then settles the space. */
  ensure(height: number): void {
    const gap = this.atTop ? 0 : this.pending;
    if (gap + height > this.remaining + 1e-6 && !this.atTop) this.newPage();
    this.settle();
  }

  /** Draws an item on the current page. */
  push(item: PaintItem): void {
    this.page.items.push(item);
  }
}
