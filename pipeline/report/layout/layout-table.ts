import type { TableBlock } from '../../../schemas/report-model.js';
import { cellFormat, formatCell, type FormattedCell } from '../format-number.js';
import type { Flow, PaintItem, StructNode, StructTree } from './flow.js';
import { labelGap, placeCaption } from './layout-figure.js';
import type { Placeable } from './layout-text-blocks.js';
import { lineItem, lineItems, measure, setLines, type TextContext } from './set-text.js';
import { markItalic } from './mark-italic.js';
import { splitWords } from './break-lines.js';
import { colour, columnWidth, page, space, styles, table as geometry, type TextStyle } from './typography.js';

/** The style of a mark (†, *): smaller and grey. */
function markStyle(style: TextStyle): TextStyle {
  return { ...style, size: style.size * 0.8, colour: colour.grey };
}

interface LaidCell {
  lines: string[];
  interval: string | null;
  mark: string | null;
  heat: number | undefined;
}

interface LaidRow {
  cells: LaidCell[];
  height: number;
  style: TextStyle;
  total: boolean;
}

interface LaidHeaderCell {
  lines: string[];
  first: number;
  span: number;
}

/** The most lines a column header may take; a longer one widens its column. */
export const maxHeaderLines = 3;

/**
 * The narrowest width at which a header breaks between words into at most `maxLines` lines (its longest word
 * at least), found by bisection on the real line breaker.
 */
function headerFloor(ctx: TextContext, head: TextStyle, text: string, longestWord: number, maxLines: number): number {
  const lines = (width: number) => setLines(ctx, head, text, width, { words: true }).length;
  let lo = longestWord;
  let hi = Math.max(lo, measure(ctx, head, text));
  if (lines(lo) <= maxLines) return lo;
  for (let k = 0; k < 20 && hi - lo > 0.5; k++) {
    const mid = (lo + hi) / 2;
    if (lines(mid) <= maxLines) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Column widths. Each column has a natural width (its widest cell or one-column header) and a floor: number
 * columns the width of their widest cell, text columns that or about seven ideographs, whichever is less,
 * and headers their longest word and what keeps them to three lines. Too wide: the widest columns give way first, down to their floors
 * ("water-filling"). Too narrow: number columns grow by at most half, and text columns take the rest.
 */
function columnWidths(ctx: TextContext, block: TableBlock, cells: FormattedCell[][], intervalWidths: number[], hangs: number[], head: TextStyle): number[] {
  const pad = 2 * geometry.padX;
  const n = block.columns.length;
  const natural = new Array<number>(n).fill(0);
  const floor = new Array<number>(n).fill(0);
  const longestPiece = (style: TextStyle, text: string) => splitWords(text).reduce((m, p) => Math.max(m, measure(ctx, style, p.text)), 0);
  const textFloor = 8 * styles.tableBody.size;
  block.body_rows.forEach((row, r) => {
    const style = row.style === 'total' ? styles.tableHead : styles.tableBody;
    block.columns.forEach((col, c) => {
      const cell = cells[r]?.[c] ?? { main: '', interval: null };
      const interval = intervalWidths[c] ?? 0;
      const w = measure(ctx, style, cell.main) + (interval > 0 ? geometry.intervalGap + interval : (hangs[c] ?? 0));
      natural[c] = Math.max(natural[c] ?? 0, w + pad);
      const min = col.wrap ? Math.min(w, Math.max(longestPiece(style, cell.main), textFloor)) : w;
      floor[c] = Math.max(floor[c] ?? 0, min + pad);
    });
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  // Headers take at most three lines where the page is wide enough for that; else as few as fit, never
  // breaking a word (then the table's content, not its typesetting, wants a different shape).
  const bodyFloor = [...floor];
  for (let maxLines = maxHeaderLines; maxLines <= 8; maxLines++) {
    floor.splice(0, n, ...bodyFloor);
    for (const header of block.header_rows) {
      let c = 0;
      for (const cell of header) {
        if (cell.span === 1 && c < n) {
          natural[c] = Math.max(natural[c] ?? 0, measure(ctx, head, cell.text) + pad);
          floor[c] = Math.max(floor[c] ?? 0, headerFloor(ctx, head, cell.text, longestPiece(head, cell.text), maxLines) + pad);
        }
        c += cell.span;
      }
    }
    if (sum(floor) <= columnWidth) break;
  }
  let widths = [...natural];
  if (sum(widths) > columnWidth) {
    const capped = (cap: number) => natural.map((w, c) => Math.max(floor[c] ?? 0, Math.min(w, cap)));
    let lo = 0;
    let hi = Math.max(...natural);
    for (let k = 0; k < 50; k++) {
      const mid = (lo + hi) / 2;
      if (sum(capped(mid)) > columnWidth) hi = mid;
      else lo = mid;
    }
    widths = capped(lo);
    if (sum(widths) > columnWidth + 1e-6) {
      const scale = columnWidth / sum(widths);
      widths = widths.map((w) => w * scale);
    } else widths = balanceWrapping(ctx, block, cells, widths, floor);
  } else {
    let extra = columnWidth - sum(widths);
    // First let a header spanning several columns sit on one line, if the page allows.
    for (const header of block.header_rows) {
      let first = 0;
      for (const cell of header) {
        const span = widths.slice(first, first + cell.span);
        const need = measure(ctx, head, cell.text) + pad - sum(span);
        if (cell.span > 1 && need > 0 && extra > 0) {
          const give = Math.min(need, extra);
          for (let c = first; c < first + cell.span; c++) widths[c] = (widths[c] ?? 0) + give / cell.span;
          extra -= give;
        }
        first += cell.span;
      }
    }
    const textColumns = block.columns.map((col, c) => (col.align === 'left' ? c : -1)).filter((c) => c >= 0);
    const numberColumns = block.columns.map((col, c) => (col.align !== 'left' ? c : -1)).filter((c) => c >= 0);
    if (textColumns.length > 0 && numberColumns.length > 0) {
      const give = Math.min(extra * 0.5, sum(numberColumns.map((c) => (widths[c] ?? 0) * 0.5)));
      const numberTotal = sum(numberColumns.map((c) => widths[c] ?? 0));
      for (const c of numberColumns) widths[c] = (widths[c] ?? 0) + (give * (widths[c] ?? 0)) / numberTotal;
      extra -= give;
    }
    const receivers = textColumns.length > 0 ? textColumns : numberColumns;
    const receiverTotal = sum(receivers.map((c) => widths[c] ?? 0));
    for (const c of receivers) widths[c] = (widths[c] ?? 0) + (extra * (widths[c] ?? 0)) / receiverTotal;
  }
  return widths;
}

/**
 * Moves width between the columns whose text wraps, 6 pt at a time, while that makes the table shorter: equal
 * caps give a short question column and a long answer column the same width, where the one that wraps most
 * should have more (the questionnaire). Line counts come from the real line breaker, cached by width.
 */
function balanceWrapping(ctx: TextContext, block: TableBlock, cells: FormattedCell[][], start: number[], floor: number[]): number[] {
  const wrapping = block.columns.map((col, c) => (col.wrap ? c : -1)).filter((c) => c >= 0);
  if (wrapping.length < 2) return start;
  const step = 6;
  const cache = new Map<string, number>();
  const lines = (r: number, c: number, width: number): number => {
    const key = `${r} ${c} ${Math.round(width)}`;
    let count = cache.get(key);
    if (count === undefined) {
      const style = block.body_rows[r]?.style === 'total' ? styles.tableHead : styles.tableBody;
      count = Math.max(1, setLines(ctx, style, cells[r]?.[c]?.main ?? '', width - 2 * geometry.padX, { words: true }).length);
      cache.set(key, count);
    }
    return count;
  };
  const height = (widths: number[]) =>
    block.body_rows.reduce((sum, _, r) => sum + Math.max(...wrapping.map((c) => lines(r, c, widths[c] ?? 0))), 0);
  let widths = [...start];
  let best = height(widths);
  for (let round = 0; round < 60; round++) {
    let improved: number[] | null = null;
    for (const from of wrapping) {
      for (const to of wrapping) {
        if (from === to || (widths[from] ?? 0) - step < (floor[from] ?? 0)) continue;
        const trial = widths.map((w, c) => (c === from ? w - step : c === to ? w + step : w));
        const h = height(trial);
        if (h < best) {
          best = h;
          improved = trial;
        }
      }
    }
    if (improved === null) break;
    widths = improved;
  }
  return widths;
}

/**
 * A table: caption above, a heavy rule, the header rows, a light rule, the body and a heavy rule; notes and
 * source below. Rows never split; when the table runs onto the next page the header rows are repeated under
 * a "(continued)" caption. Number columns are right-aligned; interval columns align both the estimates and
 * the bracketed intervals; marks (†, *) hang in the right padding so they do not push the digits.
 */
export function prepareTable(ctx: TextContext, tree: StructTree, parent: StructNode, block: TableBlock, labels: { continued: string; notEstimable: string }): Placeable {
  const continued = labels.continued;
  const columns = block.columns;
  // An interval that is not estimable prints the estimate followed by the label where the interval would be.
  const notEstimable = ctx.lang === 'zh' ? `（${labels.notEstimable}）` : `(${labels.notEstimable})`;
  const cells = block.body_rows.map((row) =>
    columns.map((col, c) => {
      const value = row.cells[c]?.value ?? null;
      const cell = formatCell(value, cellFormat(col.format, row.format));
      const missing = value !== null && typeof value === 'object' && (value.low === null || value.high === null);
      return missing ? { ...cell, interval: notEstimable } : cell;
    }),
  );
  const intervalWidths = columns.map((_, c) =>
    block.body_rows.reduce((m, row, r) => {
      const interval = cells[r]?.[c]?.interval;
      const style = row.style === 'total' ? styles.tableHead : styles.tableBody;
      return interval ? Math.max(m, measure(ctx, style, interval)) : m;
    }, 0),
  );
  // In interval columns a mark sits between the estimate and its interval, so the gap makes room for it.
  const markWidths = columns.map((_, c) =>
    block.body_rows.reduce((m, row) => {
      const mark = row.cells[c]?.mark;
      return mark ? Math.max(m, measure(ctx, markStyle(styles.tableBody), mark) + 1) : m;
    }, 0),
  );
  const gaps = columns.map((_, c) => geometry.intervalGap + ((intervalWidths[c] ?? 0) > 0 ? (markWidths[c] ?? 0) : 0));
  // Elsewhere a mark takes room inside its column, after the value: hung in the padding, the last column's
  // marks ran past the type area.
  const hangs = columns.map((_, c) => ((intervalWidths[c] ?? 0) > 0 ? 0 : (markWidths[c] ?? 0)));
  // Headers that need more than three lines at the body's widths are set smaller, down to 7 pt, if that helps.
  const cellWidths = intervalWidths.map((w, c) => (w > 0 ? w + (gaps[c] ?? 0) - geometry.intervalGap : 0));
  const headLines = (style: TextStyle, ws: number[]) =>
    Math.max(
      0,
      ...block.header_rows.flatMap((header) => {
        let first = 0;
        return header.map((cell) => {
          const w = ws.slice(first, first + cell.span).reduce((a, b) => a + b, 0) - 2 * geometry.padX;
          first += cell.span;
          return cell.span === 1 ? setLines(ctx, style, cell.text, w, { words: true }).length : 0;
        });
      }),
    );
  let head: TextStyle = styles.tableHead;
  let widths = columnWidths(ctx, block, cells, cellWidths, hangs, head);
  for (const size of [7.5, 7]) {
    if (headLines(head, widths) <= maxHeaderLines) break;
    head = { ...styles.tableHead, size, leading: size * 1.4 };
    widths = columnWidths(ctx, block, cells, cellWidths, hangs, head);
  }
  const xs: number[] = [];
  widths.reduce((x, w) => (xs.push(x), x + w), page.left);
  const inner = (c: number) => (widths[c] ?? 0) - 2 * geometry.padX;

  const headerRows = block.header_rows.map((header) => {
    let first = 0;
    const laid: LaidHeaderCell[] = header.map((cell) => {
      const w = widths.slice(first, first + cell.span).reduce((a, b) => a + b, 0) - 2 * geometry.padX;
      const out = { lines: setLines(ctx, head, cell.text, w, { words: true, balance: true }), first, span: cell.span };
      first += cell.span;
      return out;
    });
    const height = Math.max(1, ...laid.map((c) => c.lines.length)) * head.leading + 2 * geometry.padY;
    return { cells: laid, height };
  });
  const headerHeight = headerRows.reduce((a, r) => a + r.height, 0);

  const rows: LaidRow[] = block.body_rows.map((row, r) => {
    const style = row.style === 'total' ? styles.tableHead : styles.tableBody;
    const laid = columns.map((col, c) => {
      const cell = cells[r]?.[c] ?? { main: '', interval: null };
      const lines = col.wrap ? setLines(ctx, style, cell.main, inner(c) - (hangs[c] ?? 0), { words: true }) : [cell.main];
      return { lines: lines.length === 0 ? [''] : lines, interval: cell.interval, mark: row.cells[c]?.mark ?? null, heat: row.cells[c]?.heat };
    });
    const height = Math.max(...laid.map((c) => c.lines.length)) * style.leading + 2 * geometry.padY;
    return { cells: laid, height, style, total: row.style === 'total' };
  });

  const caption = styles.caption;
  const captionText = block.label !== null && block.caption !== null ? `${block.label}${labelGap}${block.caption}` : (block.caption ?? '');
  const captionLines = captionText === '' ? [] : setLines(ctx, caption, captionText, columnWidth);
  const captionHeight = captionLines.length * caption.leading + (captionLines.length > 0 ? space.captionBelow : 0);
  const note = styles.note;
  const noteTexts = [...block.notes, ...(block.source ? [block.source] : [])].map((t) => markItalic(t, ctx.lang, ctx.titles ?? [], { leadIns: true }));
  const noteLines = noteTexts.map((t) => setLines(ctx, note, t, columnWidth));
  const notesHeight = noteLines.reduce((a, l) => a + l.length * note.leading, 0) + (noteTexts.length > 0 ? space.notesAbove : 0);
  const firstRows = rows.slice(0, Math.min(2, rows.length)).reduce((a, r) => a + r.height, 0);
  const rule = geometry.ruleHeavy;
  const wholeHeight = captionHeight + headerHeight + rows.reduce((a, r) => a + r.height, 0) + 2 * rule + notesHeight;
  // A table that fits on a page is kept whole (a page-turn in a 14-row table leaves a stub of a few rows); a
  // longer one needs its header and first two rows together.
  const whole = wholeHeight <= page.bottom - page.top;
  const startHeight = whole ? wholeHeight : captionHeight + headerHeight + firstRows + 2 * rule + (rows.length <= 2 ? notesHeight : 0);

  const captionNode = captionLines.length > 0 ? tree.add(parent, 'Caption') : null;
  const tableNode = tree.add(parent, 'Table');
  const headNode = tree.add(tableNode, 'THead');
  const headerNodes = headerRows.map((hr) => {
    const tr = tree.add(headNode, 'TR');
    return hr.cells.map(() => tree.add(tr, 'TH'));
  });
  const bodyNode = tree.add(tableNode, 'TBody');
  const rowNodes = rows.map((row) => {
    const tr = tree.add(bodyNode, 'TR');
    return row.cells.map(() => tree.add(tr, 'TD'));
  });
  const noteNodes = noteTexts.map(() => tree.add(parent, 'Note'));

  const hline = (y: number, width: number, x1 = page.left, x2 = page.left + columnWidth): PaintItem => ({
    kind: 'line',
    x1,
    y1: y,
    x2,
    y2: y,
    width,
    colour: colour.rule,
    dash: null,
  });

  const placeHeader = (flow: Flow, repeat: boolean) => {
    flow.push(hline(flow.y + rule / 2, rule));
    flow.y += rule;
    headerRows.forEach((hr, h) => {
      const top = flow.y;
      hr.cells.forEach((cell, k) => {
        const x = xs[cell.first] ?? page.left;
        const w = widths.slice(cell.first, cell.first + cell.span).reduce((a, b) => a + b, 0);
        const align = cell.span > 1 ? 'center' : columns[cell.first]?.align === 'left' ? 'left' : columns[cell.first]?.align ?? 'left';
        const struct = repeat ? null : (headerNodes[h]?.[k] ?? null);
        // Header text sits at the bottom of its row, so one-line heads line up with the last line of wrapped ones.
        const offset = (hr.height - 2 * geometry.padY) - cell.lines.length * head.leading;
        cell.lines.forEach((line, i) => {
          flow.push(
            lineItem(ctx, head, line, x + geometry.padX, top + geometry.padY + offset + i * head.leading, struct, {
              width: w - 2 * geometry.padX,
              align,
            }),
          );
        });
        if (cell.span > 1 && h < headerRows.length - 1) {
          const y = top + hr.height - 1;
          flow.push(hline(y, geometry.ruleLight, x + geometry.padX, x + w - geometry.padX));
        }
      });
      flow.y += hr.height;
    });
    flow.push(hline(flow.y, geometry.ruleLight));
  };

  const placeRow = (flow: Flow, row: LaidRow, r: number) => {
    const top = flow.y;
    row.cells.forEach((cell, c) => {
      const col = columns[c];
      if (col === undefined) return;
      const x = (xs[c] ?? page.left) + geometry.padX;
      const w = inner(c);
      const struct = rowNodes[r]?.[c] ?? null;
      const intervalWidth = intervalWidths[c] ?? 0;
      // a heat-map cell (key indicators): shaded behind its text, blue where better than the province, orange where worse
      if (cell.heat !== undefined && cell.heat !== 0) flow.push({ kind: 'rect', x: xs[c] ?? page.left, y: top, w: widths[c] ?? 0, h: row.height, colour: heatColour(cell.heat) });
      cell.lines.forEach((line, i) => {
        const lineTop = top + geometry.padY + i * row.style.leading;
        if (intervalWidth > 0) {
          const mainRight = x + w - intervalWidth - (gaps[c] ?? geometry.intervalGap);
          flow.push(lineItem(ctx, row.style, line, mainRight - measure(ctx, row.style, line), lineTop, struct));
          if (cell.mark !== null && i === 0) flow.push(lineItem(ctx, markStyle(row.style), cell.mark, mainRight + 0.8, top + geometry.padY - 1, struct));
          if (cell.interval !== null && i === 0) {
            flow.push(lineItem(ctx, row.style, cell.interval, x + w - intervalWidth, lineTop, struct, { colour: colour.grey }));
          }
        } else {
          flow.push(lineItem(ctx, row.style, line, x, lineTop, struct, { width: w - (hangs[c] ?? 0), align: col.align }));
        }
      });
      if (cell.mark !== null && intervalWidth === 0) flow.push(lineItem(ctx, markStyle(row.style), cell.mark, x + w - (hangs[c] ?? 0) + 0.8, top + geometry.padY - 1, struct));
    });
    flow.y += row.height;
  };

  /** Places the table; `breakAt` (a row index) turns the page before that row, to continue overleaf. */
  const placeTable = (flow: Flow, start: number, breakAt: number | null) => {
    flow.gap(space.tableAbove);
    flow.ensure(start);
    if (block.label !== null) {
      const anchor = `table-${block.id}`;
      flow.push({ kind: 'anchor', name: anchor, y: flow.y, title: block.label, outlineLevel: null });
      flow.captions.push({ kind: 'table', title: captionText, anchor, pageIndex: flow.pageIndex });
    }
    placeCaption(ctx, flow, captionLines, block.label, captionNode as StructNode);
    if (captionLines.length > 0) flow.y += space.captionBelow;
    placeHeader(flow, false);
    rows.forEach((row, r) => {
      // The last two rows keep the notes with them; every row leaves room for the closing rule.
      const tail = r >= rows.length - 2 ? rows.slice(r).reduce((a, x) => a + x.height, 0) + rule + notesHeight : row.height + rule;
      if ((r === breakAt || tail > flow.bottom - flow.y) && r > 0) {
        flow.push(hline(flow.y + rule / 2, rule));
        flow.newPage();
        const label = `${block.label ?? block.caption ?? ''}${continued}`;
        flow.push(lineItem(ctx, { ...caption, colour: colour.grey }, label, page.left, flow.y, null));
        flow.y += caption.leading + space.captionBelow;
        placeHeader(flow, true);
      }
      if (row.total && r > 0) flow.push(hline(flow.y, geometry.ruleLight));
      placeRow(flow, row, r);
      if (row.total && r < rows.length - 1) flow.push(hline(flow.y, geometry.ruleLight));
    });
    flow.push(hline(flow.y + rule / 2, rule));
    flow.y += rule;
    if (noteTexts.length > 0) flow.y += space.notesAbove;
    noteLines.forEach((lines, k) => {
      for (const line of lines) {
        if (flow.y + note.leading > flow.bottom) flow.newPage();
        for (const item of lineItems(ctx, note, line, page.left, flow.y, noteNodes[k] as StructNode)) flow.push(item);
        flow.y += note.leading;
      }
    });
    flow.gap(space.tableBelow);
  };

  return {
    minStart: startHeight,
    keepWithNext: false,
    ...(whole ? { float: { kind: 'table' as const, height: wholeHeight, above: space.tableAbove } } : {}),
    place: (flow) => placeTable(flow, startHeight, null),
    splitWithin(flow, height) {
      // As many rows as fit under the caption and header: at least `minSplitRows` here, `minContinuedRows` overleaf.
      let used = captionHeight + headerHeight + 2 * rule;
      let k = 0;
      while (k < rows.length - minContinuedRows && used + (rows[k] as LaidRow).height <= height) used += (rows[k++] as LaidRow).height;
      if (!whole || k < minSplitRows) return false;
      placeTable(flow, used, k);
      return true;
    },
  };
}

/** The fewest rows a table split to fill a page leaves on either side of the page turn. */
export const minSplitRows = 3;

/**
 * The fewest rows a table split to fill a page carries overleaf: a continuation of three rows under a repeated
 * caption and header, then the notes, reads as a stub.
 */
export const minContinuedRows = 4;

/**
 * The shade of a heat-map cell: `heat` in [-1, 1], positive = better than the province. Tints of the charts'
 * Okabe-Ito blue (#0072b2) and vermillion (#d55e00), from 15% to 40% strength, so black text stays legible.
 */
export function heatColour(heat: number): string {
  const [r, g, b] = heat > 0 ? [0x00, 0x72, 0xb2] : [0xd5, 0x5e, 0x00];
  const strength = 0.15 + 0.25 * Math.min(1, Math.abs(heat));
  const mix = (v: number) => Math.round(255 + (v - 255) * strength).toString(16).padStart(2, '0');
  return `#${mix(r)}${mix(g)}${mix(b)}`;
}
