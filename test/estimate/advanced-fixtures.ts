/** Parts of test/fixtures/r/advanced.json that more than one test reads. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EstimateArgs } from '../../schemas/estimate-command.js';
import type { Estimate } from '../../schemas/estimates.js';
import { fixtureDir } from './r-fixtures.js';

/** Replicate weights R's as.svrepdesign made (rows x replicates), with its scale and rscales. */
export const advancedMade: Record<'jk1' | 'jkn', { type: string; scale: number; rscales: number | number[]; weights: number[][] }> = JSON.parse(
  readFileSync(path.join(fixtureDir, 'advanced.json'), 'utf8'),
).made;

export interface RRow {
  statistic: Estimate['statistic'];
  variable: string;
  level: string | null;
  domain: Record<string, string> | null;
  estimate: number;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  df: number | null;
  p: number | null;
  denominator?: string;
}
export interface RCaseArgs {
  weights?: string;
  strata?: string;
  cluster?: string[];
  fpc?: string[];
  lonely_psu?: EstimateArgs['lonely_psu'];
  repweights?: string;
  type?: EstimateArgs['type'];
  scale?: number;
  rscales?: number[];
  rho?: number;
  mse?: boolean;
}
export interface RCase {
  name: string;
  data: string;
  args: RCaseArgs;
  degf: number;
  rows: RRow[];
}
export interface RGlm {
  name: string;
  data: string;
  args: RCaseArgs & { glm: string; family: 'gaussian' | 'quasibinomial' };
  n: number;
  coefficients: { variable: string; estimate: number; se: number; ci_low: number; ci_high: number; p: number; df: number }[];
}

/** The estimate and svyglm cases of advanced.json. */
export const advanced: { source: string; cases: RCase[]; glm: RGlm[] } = JSON.parse(readFileSync(path.join(fixtureDir, 'advanced.json'), 'utf8'));
