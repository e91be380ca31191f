import path from 'node:path';
import type { Figure } from '../../schemas/figure.js';
import { writeFileAtomic } from '../publish/write-atomic.js';
import { stableStringify } from './stable-json.js';

/**
 * Writes every figure as `outDir/charts/<id>.vl.json` (the Vega-Lite spec, keys sorted) and `<id>.svg`, each
 * atomically; returns the written paths in figure order. Throws on duplicate ids (a bug in the chart stage).
 */
export async function writeCharts(outDir: string, figures: readonly Figure[]): Promise<string[]> {
  const dir = path.join(outDir, 'charts');
  const seen = new Set<string>();
  const written: string[] = [];
  for (const figure of figures) {
    if (seen.has(figure.id)) throw new Error(`chart: two figures have the id ${figure.id}`);
    seen.add(figure.id);
    const spec = path.join(dir, `${figure.id}.vl.json`);
    const svg = path.join(dir, `${figure.id}.svg`);
    await writeFileAtomic(spec, stableStringify(figure.spec));
    await writeFileAtomic(svg, figure.svg.endsWith('\n') ? figure.svg : `${figure.svg}\n`);
    written.push(spec, svg);
  }
  return written;
}
