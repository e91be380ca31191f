import type { Codebook, Variable } from '../../schemas/codebook.js';
import type { SurveyEstimates } from '../../schemas/estimates.js';
import type { SurveyConfig } from '../../schemas/survey.js';
import { codeStrings, findVariable, indexEstimates, provinceScope } from './chart-input.js';
import { questionIndicator, selectKeyIndicator, type KeyIndicator } from './key-indicators.js';

/** One figure a report gets, before it is built. */
export type FigurePlan =
  | { kind: 'bars' | 'multi' | 'numeric'; theme: string | null; variable: string }
  | { kind: 'likert'; theme: string | null; group: string }
  | { kind: 'regions'; theme: string | null; indicator: KeyIndicator }
  | { kind: 'trend'; theme: string | null; indicators: KeyIndicator[] };

/**
 * The variables that get charts: coded and numeric questions not switched off by `report: false`, not ids, text, dates, the region variable, the
 * design columns (weights, strata, cluster, fpc) or the calibration variables (their weighted shares are the
 * population margins by construction).
 */
export function chartedVariables(codebook: Codebook, config: SurveyConfig): Variable[] {
  const skip = new Set<string>([
    config.region,
    ...[config.design.weights, config.design.strata, config.design.cluster, config.design.fpc].flat().filter((v): v is string => v !== undefined),
    ...(config.calibration?.variables ?? []),
  ]);
  // `report: false` (codebook): a year founded, an id-like number: no chart says anything with it
  return codebook.filter((v) => !skip.has(v.name) && v.report !== false && ['single', 'multi', 'likert', 'number', 'integer'].includes(v.type));
}

/** Theme ids in report order: the config's themes, then themes only the codebook names, then null (no theme). */
export function themeOrder(variables: readonly Variable[], config: SurveyConfig): (string | null)[] {
  const order: (string | null)[] = config.themes.map((t) => t.id);
  for (const v of variables) {
    const theme = v.theme ?? null;
    if (theme !== null && !order.includes(theme)) order.push(theme);
  }
  if (variables.some((v) => v.theme === undefined)) order.push(null);
  return order;
}

/**
 * Which figures a report gets, in report order, theme by theme:
 * 1. one figure per question in questionnaire order: single choice -> `bars`, multiple response -> `multi`,
 *    one `likert` per battery (codebook `group`; an ungrouped Likert item is a battery of one), placed where its
 *    first item is; number/integer -> `numeric` (means by region) in the provincial report only: a regional
 *    report states its averages against the province's in a table instead of repeating the provincial
 *    figure with one row highlighted;
 * 2. one `regions` ranked comparison for the theme's key indicator (see `selectKeyIndicator`);
 * 3. when a previous wave is given: one `trend` of the theme's question indicators (first answer's share, or
 *    mean) that both waves have, at most `maxTrendPanels` (6) of them.
 * Cross-tabs get no figure: the provincial report sets each as one table (see the report stage). Builders
 * later drop figures that have no estimates for the scope, so counts are an upper bound.
 */
export function planFigures(
  estimates: SurveyEstimates,
  codebook: Codebook,
  config: SurveyConfig,
  scope: string,
  hasPrevious: boolean,
): FigurePlan[] {
  const variables = chartedVariables(codebook, config);
  const regionVariable = findVariable(codebook, config.region);
  const index = indexEstimates(estimates, config.region, regionVariable ? codeStrings(regionVariable) : []);
  const plans: FigurePlan[] = [];
  for (const theme of themeOrder(variables, config)) {
    const inTheme = variables.filter((v) => (v.theme ?? null) === theme);
    const batteries = new Set<string>();
    for (const v of inTheme) {
      if (v.type === 'single') plans.push({ kind: 'bars', theme, variable: v.name });
      else if (v.type === 'multi') plans.push({ kind: 'multi', theme, variable: v.name });
      else if ((v.type === 'number' || v.type === 'integer') && scope === provinceScope) plans.push({ kind: 'numeric', theme, variable: v.name });
      else if (v.type === 'likert') {
        const group = v.group ?? v.name;
        if (!batteries.has(group)) plans.push({ kind: 'likert', theme, group });
        batteries.add(group);
      }
    }
    const key = selectKeyIndicator(inTheme, index);
    if (key) plans.push({ kind: 'regions', theme, indicator: key });
    if (hasPrevious) {
      const indicators = inTheme.map(questionIndicator).filter((k): k is KeyIndicator => k !== null);
      if (indicators.length > 0) plans.push({ kind: 'trend', theme, indicators });
    }
  }
  return plans;
}
