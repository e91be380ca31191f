import path from 'node:path';
import type { Figure } from '../../schemas/figure.js';
import { mapLimit } from '../map-limit.js';
import { isPlainFileName } from '../publish/file-name-part.js';
import { writeFileAtomic } from '../publish/write-atomic.js';
import { stableStringify } from './stable-json.js';

/**
 * Writes every figure as `outDir/charts/<id>.vl.json` (the Vega-Lite spec, keys sorted) and `<id>.svg`, each
 * atomically; returns the written paths in figure order. Throws on duplicate ids or ids that are not plain file
 * names (bugs in the chart stage) before writing anything.
 */
export async function writeCharts(outDir: string, figures: readonly Figure[]): Promise<string[]> {
  const dir = path.join(outDir, 'charts');
  const seen = new Set<string>();
  for (const figure of figures) {
    if (seen.has(figure.id)) throw new Error(`chart: two figures have the id ${figure.id}`);
    // ids are made file-name safe (figureId); one that is not would write outside charts/: a bug, never written
    if (!isPlainFileName(figure.id)) throw new Error(`chart: the figure id ${JSON.stringify(figure.id)} is not a plain file name`);
    seen.add(figure.id);
  }
  const files = figures.flatMap((figure) => [
    { file: path.join(dir, `${figure.id}.vl.json`), text: () => stableStringify(figure.spec) },
    { file: path.join(dir, `${figure.id}.svg`), text: () => (figure.svg.endsWith('\n') ? figure.svg : `${figure.svg}\n`) },
  ]);
  // several writes in flight: each one waits on its own flush to disk, so one at a time took seconds
  await mapLimit(files, 16, ({ file, text }) => writeFileAtomic(file, text()));
  return files.map(({ file }) => file);
}
