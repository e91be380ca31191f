/** thinktank's versions of every design in reference.json, calibrated ones through the weight stage. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Design } from '../../schemas/design.js';
import type { LonelyPsu } from '../../schemas/survey.js';
import { parseMargins } from '../../pipeline/weight/read-margins.js';
import { weight } from '../../pipeline/weight/weight.js';
import { apiConfig, apiTable } from './api-survey.js';
import { fixtureDir, uncalibratedDesign } from './r-fixtures.js';

/** apipop's counts by stype x sch_wide (margins.csv format). */
export const apiMargins = parseMargins(readFileSync(path.join(fixtureDir, 'apipop-margins.csv'), 'utf8'), 'apipop-margins.csv');

const cache = new Map<string, Design>();

/** The design called `name` in reference.json, with the given lonely-PSU rule. */
export function designFor(name: string, lonelyPsu: LonelyPsu = 'adjust'): Design {
  const key = `${name}/${lonelyPsu}`;
  let design = cache.get(key);
  if (!design) {
    design =
      name === 'rake' || name === 'poststratify'
        ? weight(apiTable(), apiConfig(name), apiMargins).design
        : uncalibratedDesign(name, lonelyPsu);
    cache.set(key, design);
  }
  return design;
}
