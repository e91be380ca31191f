import type { Lang } from '../../../schemas/common.js';
import { isWide, splitWords } from './break-lines.js';
import type { LaidDocument } from './layout-document.js';
import type { LaidPage, TextItem } from './flow.js';
import { page } from './typography.js';

/** The least share of the type area a page fills, unless a chapter starts on the next page (or it is the last). */
export const minPageFill = 0.6;

/**
 * The least share a chapter's last page of running text fills (about ten lines): less is stranded above the next
 * chapter. A last page holding a figure or table is not: that is a whole unit, placed where it fits.
 */
export const minLastPageFill = 0.2;

/** Whether a chapter's last page holds only a few lines of running text (no figure or table). */
export function isStranded(p: LaidPage): boolean {
  const float = p.items.some((i) => i.kind === 'svg' || (i.kind === 'text' && (i.struct?.type === 'TD' || i.struct?.type === 'TH')));
  return !float && pageFill(p) < minLastPageFill;
}

const frame = page.bottom - page.top;
const slack = 1;

/** The lowest point a page draws content at (text descenders, figures, rules), in pt from the top. */
function contentBottom(p: LaidPage): number {
  let bottom = page.top;
  for (const item of p.items) {
    if (item.kind === 'text' && item.struct !== null) bottom = Math.max(bottom, item.y + 0.3 * item.size);
    else if (item.kind === 'svg') bottom = Math.max(bottom, item.y + item.h);
    else if (item.kind === 'line' && item.y1 > page.top && item.y1 < page.bottom + slack) bottom = Math.max(bottom, item.y1);
  }
  return bottom;
}

function texts(p: LaidPage): TextItem[] {
  return p.items.filter((i): i is TextItem => i.kind === 'text' && i.struct !== null);
}

/** Whether a page opens with a level-1 heading (a chapter, the contents or a list of figures or tables). */
function opensChapter(p: LaidPage): boolean {
  return texts(p).some((t) => t.struct?.type === 'H1');
}

/** How much of the type area a page fills, 0-1. */
export function pageFill(p: LaidPage): number {
  return (contentBottom(p) - page.top) / frame;
}

/**
 * Whether a line break between `a` and `b` (two lines of one table header) falls between words: the join has
 * a word boundary there, or a space separated them (two Latin words).
 */
export function breaksBetweenWords(a: string, b: string): boolean {
  const last = a.codePointAt(a.length - 1) ?? 0;
  const first = b.codePointAt(0) ?? 0;
  if (!isWide(last) && !isWide(first)) return true;
  let offset = 0;
  for (const piece of splitWords(a + b)) {
    if (piece.spaceBefore && offset > 0) offset += 1;
    if (offset === a.length) return true;
    offset += piece.text.length;
  }
  return false;
}

/** Writing the number and punctuation style sheet forbids, per language, each with what it should be. */
const styleRules: { lang: Lang | null; pattern: RegExp; rule: string }[] = [
  { lang: 'en', pattern: /\bn=\d/u, rule: 'an English base is written "n = 1,204"' },
  { lang: 'zh', pattern: /\bn\s+=\s*\d|\bn\s*=\s+\d/u, rule: 'a Chinese base is written "n=1,204"' },
  { lang: null, pattern: /\b\d{4}-\d{2}-\d{2}\b/u, rule: 'a date is written "15 October 2026" / "2026年10月15日", never ISO' },
  { lang: null, pattern: /Benjamini-Hochberg/u, rule: '"Benjamini–Hochberg" takes an en dash' },
  { lang: 'en', pattern: /"/u, rule: 'English quotes are curly (“ ”)' },
  { lang: 'zh', pattern: /[\u4e00-\u9fff]\((?=[^)]*[\u4e00-\u9fff])|[\u4e00-\u9fff]\)/u, rule: 'Chinese brackets around Chinese text are full-width （ ）' },
  { lang: null, pattern: /(^|\s)[.,]\d/u, rule: 'a decimal has its leading zero' },
];

/**
 * The layout problems of a laid-out report, as sentences naming the page (empty when there are none): text
 * running out of the type area; a page less than 60% full where no chapter follows; a chapter ending with a
 * few stranded lines of text; a chapter that does not start a page; a table header broken inside a word; text that
 * breaks the number and punctuation style sheet.
 */
export function checkLayout(laid: LaidDocument, lang: Lang): string[] {
  const problems: string[] = [];
  laid.pages.forEach((p, i) => {
    const at = `page ${i + 1}`;
    if (p.kind === 'cover') return;
    for (const t of p.items) {
      if (t.kind !== 'text') continue;
      if (t.x < page.left - slack || t.x + t.width > page.right + slack) problems.push(`${at}: "${t.text}" runs outside the type area (x ${t.x.toFixed(1)}-${(t.x + t.width).toFixed(1)})`);
      if (t.struct !== null && t.y > page.bottom + slack) problems.push(`${at}: "${t.text}" is set below the type area`);
    }
    for (const s of p.items) if (s.kind === 'svg' && s.y + s.h > page.bottom + slack) problems.push(`${at}: figure ${s.figureId} runs below the type area`);
    const next = laid.pages[i + 1];
    const fill = pageFill(p);
    if (next !== undefined && !opensChapter(next) && fill < minPageFill) problems.push(`${at}: only ${Math.round(fill * 100)}% full`);
    if (next !== undefined && opensChapter(next) && !opensChapter(p) && isStranded(p)) problems.push(`${at}: ${Math.round(fill * 100)}% full, stranded above a chapter`);
    const items = texts(p);
    const top = Math.min(...items.map((t) => t.y - t.size));
    for (const h of items.filter((t) => t.struct?.type === 'H1')) {
      if (h.y - h.size > top + 30) problems.push(`${at}: the chapter heading "${h.text}" does not start the page`);
    }
    const heads = new Map<number, TextItem[]>();
    for (const t of items) if (t.struct?.type === 'TH') heads.set(t.struct.id, [...(heads.get(t.struct.id) ?? []), t]);
    for (const lines of heads.values()) {
      for (let k = 1; k < lines.length; k++) {
        const a = (lines[k - 1] as TextItem).text;
        const b = (lines[k] as TextItem).text;
        if (!breaksBetweenWords(a, b)) problems.push(`${at}: the table header "${a}|${b}" breaks inside a word`);
      }
      if (lang === 'en' && lines.length > 3) problems.push(`${at}: the table header "${lines.map((l) => l.text).join(' ')}" takes ${lines.length} lines`);
    }
    for (const t of items) {
      for (const r of styleRules) if ((r.lang === null || r.lang === lang) && r.pattern.test(t.text)) problems.push(`${at}: "${t.text}": ${r.rule}`);
    }
  });
  return problems;
}
