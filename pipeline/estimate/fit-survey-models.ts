import type { Design } from '../../schemas/design.js';
import type { Model } from '../../schemas/estimates.js';
import type { ModelConfig } from '../../schemas/survey.js';
import type { CleanTable } from '../../schemas/table.js';
import { InputError, UsageError } from '../errors.js';
import { buildModelMatrix } from './build-model-matrix.js';
import { criticalValue } from './confidence-interval.js';
import { designMessages as msg } from './design-messages.js';
import { pt } from './distributions.js';
import { parseFormula } from './parse-formula.js';
import { fitSvyglm } from './svyglm.js';

type Value = string | number | null;

/** A column of the clean table as values: codes as their code text, numbers (NaN missing), text, dates. */
function valuesOf(table: CleanTable, model: string, name: string): Value[] {
  const column = table.columns.get(name);
  if (!column) throw new InputError(msg.modelColumn(model, name));
  switch (column.kind) {
    case 'code':
      return Array.from(column.codes, (c) => (c < 0 ? null : column.levels[c]!));
    case 'number':
    case 'date':
      return Array.from(column.values, (v) => (Number.isNaN(v) ? null : v));
    case 'text':
      return column.values.map((v) => (v === null || v === undefined || v === '' ? null : v));
    case 'multi':
      throw new InputError(msg.modelMulti(model, name));
  }
}

/**
 * The models of survey.json's analysis.models fitted to the weighted design (R `svyglm` with `summary()` and
 * `confint()`), each coefficient with its variable and level for labelling, and odds ratios (exp of the
 * coefficient and its interval) for logistic (quasibinomial) models. InputError for a formula R would refuse.
 */
export function fitSurveyModels(table: CleanTable, design: Design, models: ModelConfig[], level: number): Model[] {
  return models.map((m) => {
    let parsed;
    try {
      parsed = parseFormula(m.formula);
    } catch (error) {
      if (error instanceof UsageError) throw new InputError(msg.modelFormula(m.name, error.message));
      throw error;
    }
    const matrix = buildModelMatrix(parsed, (name) => valuesOf(table, m.name, name), (i) => `row ${table.source.row[i]}`);
    const fit = fitSvyglm(design, matrix.columns, matrix.names, matrix.y, matrix.complete, m.family);
    const ok = fit.df > 0;
    const c = ok ? criticalValue(level, fit.df) : Number.NaN;
    const logistic = m.family === 'quasibinomial';
    return {
      name: m.name,
      formula: m.formula,
      family: m.family,
      n: fit.n,
      df: fit.df,
      coefficients: fit.names.map((term, j) => {
        const estimate = fit.coef[j]!;
        const se = fit.se[j]!;
        const low = ok ? estimate - c * se : null;
        const high = ok ? estimate + c * se : null;
        return {
          term,
          variable: matrix.sources[j]!.variable,
          level: matrix.sources[j]!.level,
          estimate,
          se,
          ci_low: low,
          ci_high: high,
          p: ok ? 2 * pt(-Math.abs(estimate / se), fit.df) : null,
          odds_ratio: logistic ? Math.exp(estimate) : null,
          or_low: logistic && low !== null ? Math.exp(low) : null,
          or_high: logistic && high !== null ? Math.exp(high) : null,
        };
      }),
    };
  });
}
