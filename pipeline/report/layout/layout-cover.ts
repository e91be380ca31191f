import type { ReportModel } from '../../../schemas/report-model.js';
import type { LaidPage, StructNode, StructTree } from './flow.js';
import { lineItem, setLines, type TextContext } from './set-text.js';
import { colour, columnWidth, page, styles, type TextStyle } from './typography.js';

const bandHeight = 318;

/**
 * The cover: an accent band across the top with the issuer and the title in white, then the report's
 * scope, subtitle and wave, and the issuer and date at the foot of the page.
 */
export function layoutCover(ctx: TextContext, tree: StructTree, model: ReportModel): LaidPage {
  const { meta, labels } = model;
  const cover: LaidPage = { kind: 'cover', items: [], section: null };
  const push = cover.items.push.bind(cover.items);
  const node = (): StructNode => tree.add(tree.root, 'P');
  push({ kind: 'rect', x: 0, y: 0, w: page.width, h: bandHeight, colour: colour.coverBand });

  const small: TextStyle = { font: 'regular', size: 10, leading: 14, colour: colour.white };
  const issuerNode = node();
  setLines(ctx, small, meta.issuer, columnWidth).forEach((line, i) => push(lineItem(ctx, small, line, page.left, 64 + i * small.leading, issuerNode)));

  const titleStyle: TextStyle = { font: 'bold', size: 26, leading: 36, colour: colour.white };
  const subtitleStyle: TextStyle = { font: 'regular', size: 13, leading: 19, colour: colour.white };
  const titleLines = setLines(ctx, titleStyle, meta.title, columnWidth, { words: true, balance: true });
  const subtitleLines = meta.subtitle === null ? [] : setLines(ctx, subtitleStyle, meta.subtitle, columnWidth, { words: true, balance: true });
  const blockHeight = titleLines.length * titleStyle.leading + (subtitleLines.length > 0 ? 10 + subtitleLines.length * subtitleStyle.leading : 0);
  let y = bandHeight - 40 - blockHeight;
  const titleNode = node();
  for (const line of titleLines) {
    push(lineItem(ctx, titleStyle, line, page.left, y, titleNode));
    y += titleStyle.leading;
  }
  if (subtitleLines.length > 0) {
    y += 10;
    const subtitleNode = node();
    for (const line of subtitleLines) {
      push(lineItem(ctx, subtitleStyle, line, page.left, y, subtitleNode));
      y += subtitleStyle.leading;
    }
  }

  y = bandHeight + 44;
  const scopeStyle: TextStyle = { font: 'bold', size: 18, leading: 26, colour: colour.accent };
  const scopeNode = node();
  for (const line of setLines(ctx, scopeStyle, labels.cover_scope, columnWidth)) {
    push(lineItem(ctx, scopeStyle, line, page.left, y, scopeNode));
    y += scopeStyle.leading;
  }
  if (meta.wave !== null) {
    y += 6;
    const waveNode = node();
    for (const line of setLines(ctx, styles.lead, meta.wave, columnWidth)) {
      push(lineItem(ctx, { ...styles.lead, colour: colour.grey }, line, page.left, y, waveNode));
      y += styles.lead.leading;
    }
  }

  const foot: TextStyle = { font: 'regular', size: 10, leading: 15, colour: colour.text };
  const footBold: TextStyle = { ...foot, font: 'bold' };
  const issuerLines = setLines(ctx, footBold, meta.issuer, columnWidth);
  let fy = page.bottom - (issuerLines.length + 2) * foot.leading;
  push({ kind: 'line', x1: page.left, y1: fy - 10, x2: page.left + 48, y2: fy - 10, width: 2, colour: colour.accent, dash: null });
  const labelNode = node();
  push(lineItem(ctx, { ...foot, colour: colour.grey }, labels.cover_issuer, page.left, fy, labelNode));
  fy += foot.leading;
  const footIssuerNode = node();
  for (const line of issuerLines) {
    push(lineItem(ctx, footBold, line, page.left, fy, footIssuerNode));
    fy += foot.leading;
  }
  push(lineItem(ctx, foot, meta.date_text, page.left, fy, node()));
  return cover;
}
