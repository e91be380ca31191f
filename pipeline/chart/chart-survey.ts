import type { Codebook } from '../../schemas/codebook.js';
import type { Lang } from '../../schemas/common.js';
import type { SurveyEstimates } from '../../schemas/estimates.js';
import type { Figure } from '../../schemas/figure.js';
import type { SurveyConfig } from '../../schemas/survey.js';
import { buildBarsSpec } from './build-bars-spec.js';
import { buildLikertSpec } from './build-likert-spec.js';
import { buildMultiSpec } from './build-multi-spec.js';
import { buildNumericSpec } from './build-numeric-spec.js';
import { buildRegionsSpec } from './build-regions-spec.js';
import { buildTrendSpec } from './build-trend-spec.js';
import type { ChartInput, ChartSpec } from './chart-input.js';
import { figureId } from './figure-id.js';
import { sourceText } from './messages.js';
import { planFigures, type FigurePlan } from './plan-figures.js';
import { renderSvg } from './render-svg.js';

/** Options of `chartSurvey`. */
export interface ChartSurveyOptions {
  /** "province" and/or region codes (values of `config.region`) */
  scopes: string[];
  langs: Lang[];
  /** the previous wave's estimates, for change-since-last-wave figures */
  previous?: SurveyEstimates | null;
  /** where Vega and Vega-Lite warnings go; without it a warning is thrown (our specs should never warn) */
  onWarning?: (message: string) => void;
}

/** Builds the spec of one planned figure; null when the scope has no estimates for it. */
export function buildPlannedSpec(input: ChartInput, plan: FigurePlan): ChartSpec | null {
  switch (plan.kind) {
    case 'bars':
      return buildBarsSpec(input, plan.variable);
    case 'multi':
      return buildMultiSpec(input, plan.variable);
    case 'numeric':
      return buildNumericSpec(input, plan.variable);
    case 'likert':
      return buildLikertSpec(input, plan.group);
    case 'regions':
      return buildRegionsSpec(input, plan.indicator);
    case 'trend':
      return buildTrendSpec(input, plan.theme, plan.indicators);
  }
}

/**
 * The chart stage: for every scope and language, the figures `planFigures` picks (one per question or battery
 * per theme, a regional comparison per theme, change figures when a previous wave is given), each built as a
 * Vega-Lite spec and rendered once to SVG with the report's font metrics; a plan that repeats a figure already
 * made for the scope and language (same kind and subject) is skipped. The SVG draws no title or base (the
 * report prints them) but carries the title and the alt text as <title> and <desc>. Figures come in scope,
 * language, report order; ids are `<scope>-<subject>-<kind>-<lang>` and unique.
 */
export async function chartSurvey(
  estimates: SurveyEstimates,
  codebook: Codebook,
  config: SurveyConfig,
  options: ChartSurveyOptions,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const ids = new Set<string>();
  const previous = options.previous ?? null;
  for (const scope of options.scopes) {
    const plans = planFigures(estimates, codebook, config, scope, previous !== null);
    for (const lang of options.langs) {
      const input: ChartInput = { estimates, codebook, config, lang, scope, previous };
      const made = new Set<string>();
      for (const plan of plans) {
        const chart = buildPlannedSpec(input, plan);
        if (!chart || made.has(`${chart.kind}\u0000${chart.subject}`)) continue;
        made.add(`${chart.kind}\u0000${chart.subject}`);
        let id = figureId(scope, chart.subject, chart.kind, lang, chart.variables[0] ?? chart.kind);
        for (let k = 2; ids.has(id); k++) id = `${figureId(scope, chart.subject, chart.kind, lang, chart.variables[0] ?? chart.kind)}-${k}`;
        ids.add(id);
        const rendered = await renderSvg(chart.spec, {
          title: chart.title,
          description: chart.alt,
          ...(options.onWarning ? { onWarning: options.onWarning } : {}),
        });
        figures.push({
          id,
          scope,
          lang,
          kind: chart.kind,
          theme: chart.theme,
          variables: chart.variables,
          title: chart.title,
          base: chart.base,
          note: chart.note,
          source: sourceText(config, lang),
          alt: chart.alt,
          low_base: chart.lowBase,
          width: rendered.width,
          height: rendered.height,
          spec: chart.spec,
          svg: rendered.svg,
        });
      }
    }
  }
  return figures;
}
