/** Parts of test/fixtures/r/advanced.json that more than one test reads. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureDir } from './r-fixtures.js';

/** Replicate weights R's as.svrepdesign made (rows x replicates), with its scale and rscales. */
export const advancedMade: Record<'jk1' | 'jkn', { type: string; scale: number; rscales: number | number[]; weights: number[][] }> = JSON.parse(
  readFileSync(path.join(fixtureDir, 'advanced.json'), 'utf8'),
).made;
