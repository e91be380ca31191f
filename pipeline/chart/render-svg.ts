import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from './chart-input.js';
import { compileCached } from './compile-cached.js';
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
  const compiled = compileCached(spec as unknown as TopLevelSpec, logger);
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger, logLevel: vega.Warn });
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
