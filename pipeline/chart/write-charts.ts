import path from 'node:path';
import type { Figure } from '../../schemas/figure.js';
import { writeFileAtomic } from '../publish/write-atomic.js';
import { stableStringify } from './stable-json.js';

/**
 * Writes every figure as `outDir/charts/<id>.vl.json` (the Vega-Lite spec, keys sorted) and `<id>.svg`, each
 * atomically; returns the written paths in figure order. Throws on duplicate ids or ids that are not plain file
 * names (bugs in the chart stage).
 */
export async function writeCharts(outDir: string, figures: readonly Figure[]): Promise<string[]> {
  const dir = path.join(outDir, 'charts');
  const seen = new Set<string>();
  const written: string[] = [];
  for (const figure of figures) {
    if (seen.has(figure.id)) throw new Error(`chart: two figures have the id ${figure.id}`);
    // ids are made file-name safe (figureId); one that is not would write outside charts/: a bug, never written
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(figure.id) || figure.id.includes('..')) throw new Error(`chart: the figure id ${JSON.stringify(figure.id)} is not a plain file name`);
    seen.add(figure.id);
    const spec = path.join(dir, `${figure.id}.vl.json`);
    const svg = path.join(dir, `${figure.id}.svg`);
    await writeFileAtomic(spec, stableStringify(figure.spec));
    await writeFileAtomic(svg, figure.svg.endsWith('\n') ? figure.svg : `${figure.svg}\n`);
    written.push(spec, svg);
  }
  return written;
}
