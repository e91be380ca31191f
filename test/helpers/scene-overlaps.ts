import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { installTextMetrics } from '../../pipeline/chart/render-svg.js';

/** A box in chart px: left, top, right, bottom. */
interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

interface SceneItem {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  text?: unknown;
  bounds?: Box;
  items?: SceneNode[];
  strokeDash?: unknown;
}

interface SceneNode {
  marktype?: string;
  role?: string;
  items?: SceneItem[];
}

/** A text or rule of the scenegraph with its box in the chart's coordinates. */
interface Placed {
  kind: 'text' | 'rule';
  role: string;
  text: string;
  box: Box;
}

function collect(node: SceneNode, ox: number, oy: number, out: Placed[]): void {
  for (const item of node.items ?? []) {
    const b = item.bounds;
    if (node.marktype === 'text' && b !== undefined) {
      const text = Array.isArray(item.text) ? item.text.join(' ') : String(item.text ?? '');
      if (text.trim() !== '') out.push({ kind: 'text', role: node.role ?? '', text, box: { x1: b.x1 + ox, y1: b.y1 + oy, x2: b.x2 + ox, y2: b.y2 + oy } });
    } else if (node.marktype === 'rule' && node.role === 'mark' && b !== undefined) {
      out.push({ kind: 'rule', role: item.strokeDash ? 'reference' : 'whisker', text: '', box: { x1: b.x1 + ox, y1: b.y1 + oy, x2: b.x2 + ox, y2: b.y2 + oy } });
    }
    if (node.marktype === 'group') for (const child of item.items ?? []) collect(child, ox + (item.x ?? 0), oy + (item.y ?? 0), out);
  }
}

/** Whether two boxes overlap by more than `tolerance` px on both axes. */
function overlaps(a: Box, b: Box, tolerance: number): boolean {
  return Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > tolerance && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > tolerance;
}

/**
 * The collisions in a chart, from the bounds Vega's scenegraph gives each item (text measured with the
 * report's font): two texts that overlap, a value label (a text mark) crossed by a rule mark (a whisker or
 * the dashed provincial line), and a whisker that runs past the plot (an axis that clips an interval). Axis
 * labels may touch the plot's rules; they are only checked against texts.
 */
export async function sceneOverlaps(spec: Record<string, unknown>): Promise<string[]> {
  installTextMetrics();
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none', logLevel: vega.None });
  try {
    await view.runAsync();
    const placed: Placed[] = [];
    collect((view.scenegraph() as unknown as { root: SceneNode }).root, 0, 0, placed);
    const textItems = placed.filter((p) => p.kind === 'text');
    const rules = placed.filter((p) => p.kind === 'rule');
    const problems: string[] = [];
    // the plot: the top-level group's cell; a whisker past it runs over the axis labels or off the chart
    const cell = (view.scenegraph() as unknown as { root: SceneNode }).root.items?.[0];
    if (cell?.width !== undefined) {
      const left = cell.x ?? 0;
      const right = left + cell.width;
      for (const r of rules) {
        // a rule's bounds take in half its stroke: a whisker ending at the axis's end reaches 0.7 px past it
        if (r.role === 'whisker' && (r.box.x1 < left - 1 || r.box.x2 > right + 1)) problems.push(`a whisker runs past the plot (${r.box.x1.toFixed(1)}-${r.box.x2.toFixed(1)} outside ${left}-${right})`);
      }
    }
    textItems.forEach((a, i) => {
      for (const b of textItems.slice(i + 1)) if (overlaps(a.box, b.box, 0.5)) problems.push(`"${a.text}" (${a.role}) overlaps "${b.text}" (${b.role})`);
      if (a.role !== 'mark') return;
      for (const r of rules) if (overlaps(a.box, r.box, 0.3)) problems.push(`"${a.text}" is crossed by a ${r.role} line`);
    });
    return problems;
  } finally {
    view.finalize();
  }
}
