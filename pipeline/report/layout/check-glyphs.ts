import type { ReportModel } from '../../../schemas/report-model.js';
import { InputError } from '../../errors.js';
import { cellFormat, formatCell } from '../format-number.js';
import { messages } from '../messages.js';
import type { FontSet } from './measure-text.js';

/** Characters that are never drawn (line ends, tabs); everything else must be in the font. */
const ignored = new Set(['\n', '\r', '\t']);

/** The text content of an SVG's <text>/<tspan> elements, entities decoded. */
export function svgText(svg: string): string[] {
  const out: string[] = [];
  for (const match of svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) {
    const inner = (match[1] ?? '').replace(/<[^>]*>/g, '');
    out.push(
      inner
        .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
        .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    );
  }
  return out;
}

/**
 * Fails with an InputError naming where a text came from when it holds a character Noto Sans SC cannot draw
 * (pdfkit would silently draw the empty .notdef glyph). Checks every string the renderer draws, including the
 * text inside each figure's SVG.
 */
export function checkGlyphs(model: ReportModel, fonts: FontSet): void {
  const report = `${model.meta.survey_id}-${model.meta.scope}.${model.meta.lang}`;
  const font = fonts.regular;
  const bold = fonts.bold;
  // Running text is set in Noto Serif SC (Chinese, and English paragraphs that Source Serif 4 cannot draw).
  const serif = fonts.serifSc;
  const check = (text: string, where: string) => {
    const chars = [...text];
    chars.forEach((char, i) => {
      if (ignored.has(char)) return;
      const cp = char.codePointAt(0) ?? 0;
      if (font.hasGlyph(cp) && bold.hasGlyph(cp) && serif.hasGlyph(cp)) return;
      const context = `${i > 12 ? '…' : ''}${chars.slice(Math.max(0, i - 12), i + 1).join('')}`;
      throw new InputError(messages.errors.missingGlyph(report, `${where}, in "${context}"`, char, cp, 'Noto Sans SC'));
    });
  };
  const { meta, labels } = model;
  for (const [key, value] of Object.entries(meta)) if (typeof value === 'string') check(value, `the report ${key.replace(/_/g, ' ')}`);
  for (const [key, value] of Object.entries(labels)) check(value, `the label ${key.replace(/_/g, ' ')}`);
  for (const section of model.sections) {
    const at = `section ${section.number} "${section.title}"`;
    check(section.title, `${at}, its title`);
    section.blocks.forEach((block, i) => {
      const where = (what: string, origin: string | null = null) => `${at}, ${what}${origin ? ` (from ${origin})` : ''}`;
      switch (block.kind) {
        case 'heading':
          check(block.text, where('a heading', block.origin));
          return;
        case 'paragraph':
          check(block.text, where(`paragraph ${i + 1}`, block.origin));
          return;
        case 'list':
          block.items.forEach((item, k) => check(item, where(`list item ${k + 1}`, block.origin)));
          return;
        case 'finding':
          check(block.text, where(`finding ${block.number}`));
          return;
        case 'figure': {
          const f = `figure ${block.number} (${block.id})`;
          for (const [part, text] of [['caption', block.caption], ['base', block.base], ['source', block.source], ['label', block.label]] as const) check(text, where(`${f} ${part}`));
          block.notes.forEach((n) => check(n, where(`${f} note`)));
          svgText(block.svg).forEach((t) => check(t, where(`${f} chart text`)));
          return;
        }
        case 'table': {
          const t = `table ${block.number ?? block.id}`;
          if (block.caption !== null) check(block.caption, where(`${t} caption`, block.origin));
          if (block.label !== null) check(block.label, where(`${t} label`, block.origin));
          block.header_rows.forEach((row, h) => row.forEach((c, k) => check(c.text, where(`${t} header row ${h + 1} column ${k + 1}`, block.origin))));
          block.body_rows.forEach((row, r) =>
            row.cells.forEach((c, k) => {
              const format = cellFormat(block.columns[k]?.format ?? { style: 'text' as const }, row.format);
              const cell = formatCell(c.value, format);
              const text = `${cell.main}${cell.interval ?? ''}${c.mark ?? ''}`;
              check(text, where(`${t} row ${r + 1} column ${k + 1}`, block.origin));
            }),
          );
          block.notes.forEach((n) => check(n, where(`${t} note`, block.origin)));
          if (block.source !== null) check(block.source, where(`${t} source`, block.origin));
          return;
        }
        case 'page-break':
          return;
      }
    });
  }
}
