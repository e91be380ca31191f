import { buildShareBars } from './build-bars-spec.js';
import type { ChartInput, ChartSpec } from './chart-input.js';

/**
 * The multiple-response figure of `variable`: bars of the share choosing each option (shares need not add up
 * to 100%), labelled "multiple answers possible" / "可多选"; null when nothing to show.
 */
export function buildMultiSpec(input: ChartInput, variable: string): ChartSpec | null {
  return buildShareBars(input, variable, 'multi');
}
