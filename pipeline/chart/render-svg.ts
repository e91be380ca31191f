import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from './chart-input.js';
import { parseCached } from './compile-cached.js';
import { collectingLogger } from './vega-logger.js';
import { vegaTextWidth, type TextItem } from './measure-text.js';

/** A rendered chart: the SVG text and its size in px (= pt in the PDF). */
export interface RenderedSvg {
  svg: string;
  width: number;
  height: number;
}

/**
 * What to do with a Vega or Vega-Lite warning (without a handler a warning is thrown as an error), and the
 * accessible name and description the SVG carries as its <title> and <desc> (nothing is drawn for them).
 */
export interface RenderOptions {
  onWarning?: (message: string) => void;
  title?: string;
  description?: string;
}

type VegaWithMetrics = typeof vega & { textMetrics: { width: (item: TextItem, text: unknown) => number } };

let metricsInstalled = false;

/**
 * Points Vega's text measurement at fontkit with Noto Sans SC, the font the PDF embeds, so axis and label layout
 * matches the drawn text (Vega otherwise guesses 0.8 x characters x size). Idempotent; process-wide.
 */
export function installTextMetrics(): void {
  if (metricsInstalled) return;
  (vega as VegaWithMetrics).textMetrics.width = vegaTextWidth;
  metricsInstalled = true;
}

/**
 * Compiles a Vega-Lite spec and renders it headless (vega View, renderer 'none') to SVG, with text measured by
 * fontkit. Every Vega-Lite and Vega warning goes to `onWarning`, or is thrown when there is none; deterministic.
 */
export async function renderSvg(spec: VegaLiteSpec, options: RenderOptions = {}): Promise<RenderedSvg> {
  installTextMetrics();
  const warnings: string[] = [];
  const logger = collectingLogger((message) => warnings.push(message));
  const view = new vega.View(parseCached(spec as unknown as TopLevelSpec, logger), { renderer: 'none', logger, logLevel: vega.Warn });
  startAtPlotWidth(view, spec.usermeta);
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  for (const warning of warnings) {
    if (options.onWarning) options.onWarning(warning);
    else throw new Error(`chart: Vega warning: ${warning}`);
  }
  const size = /^<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  if (!size) throw new Error('chart: the rendered SVG has no width and height');
  return { svg: labelSvg(svg, options.title, options.description), width: Number(size[1]), height: Number(size[2]) };
}

/** The parts of a vega View that `startAtPlotWidth` sets: the operator that turns the width signal into the view's size. */
type ResizableView = vega.View & { _resizeWidth?: { skip(state: boolean): unknown } };

/**
 * Starts the layout at the plot width the spec was built for (`usermeta.plotWidth`), with the view's own width
 * left at the chart width: Vega's fit-to-width then finds the width it already has and does not lay the chart out
 * a second time (measured: about a tenth of a chart's time). This is what Vega does itself after its first pass
 * (vega-view's resizeView: set the width signal, skip the resize handler once), so the result is the same; a
 * width that turns out wrong is refitted as usual.
 */
function startAtPlotWidth(view: ResizableView, usermeta: unknown): void {
  const plotWidth = (usermeta as { plotWidth?: unknown } | undefined)?.plotWidth;
  if (typeof plotWidth !== 'number' || !view._resizeWidth) return;
  view.signal('width', plotWidth);
  view._resizeWidth.skip(true);
}

/** Text escaped for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/**
 * Puts a <title> and a <desc> right after the opening <svg> tag: the accessible name and description of the
 * chart (SVG 1.1, section 5.4). The report's SVG painter draws neither; the PDF's figure carries the alt text itself.
 */
export function labelSvg(svg: string, title: string | undefined, description: string | undefined): string {
  const open = /^<svg[^>]*>/.exec(svg);
  if (!open || (title === undefined && description === undefined)) return svg;
  const parts = [
    ...(title === undefined ? [] : [`<title>${escapeXml(title)}</title>`]),
    ...(description === undefined ? [] : [`<desc>${escapeXml(description)}</desc>`]),
  ];
  return `${open[0]}${parts.join('')}${svg.slice(open[0].length)}`;
}
