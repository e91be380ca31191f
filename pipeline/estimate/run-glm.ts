import type { Design } from '../../schemas/design.js';
import type { Estimate } from '../../schemas/estimates.js';
import { InputError } from '../errors.js';
import { buildModelMatrix } from './build-model-matrix.js';
import { criticalValue } from './confidence-interval.js';
import { designMessages as msg } from './design-messages.js';
import { pt } from './distributions.js';
import { parseFormula } from './parse-formula.js';
import { fitSvyglm, type GlmFamily, type GlmFit } from './svyglm.js';

type Value = string | number | null;

/** A model formula fitted to a design: the fit and its response column. */
export function fitFormula(design: Design, formula: string, family: GlmFamily, column: (name: string) => Value[], label: (i: number) => string): GlmFit {
  const parsed = parseFormula(formula);
  const m = buildModelMatrix(parsed, column, label);
  if (family === 'quasibinomial') {
    const outside: string[] = [];
    for (let i = 0; i < m.y.length; i++) if (m.complete[i] && !(m.y[i]! >= 0 && m.y[i]! <= 1)) outside.push(String(m.y[i]));
    if (outside.length) throw new InputError(msg.responseNotBinary(parsed.response, outside.slice(0, 3).join(', ')));
  }
  return fitSvyglm(design, m.columns, m.names, m.y, m.complete, family);
}

/**
 * One estimate row per coefficient (statistic "coef", variable = R's coefficient name), with R's `summary()`
 * SE and p-value (t on the residual df) and `confint()` Wald interval on that df; null interval and p when the
 * df is not positive (R: NaN).
 */
export function glmRows(fit: GlmFit, level: number): Estimate[] {
  const ok = fit.df > 0;
  const c = ok ? criticalValue(level, fit.df) : Number.NaN;
  return fit.names.map((variable, j) => {
    const estimate = fit.coef[j]!;
    const se = fit.se[j]!;
    const t = estimate / se;
    return {
      statistic: 'coef' as const,
      variable,
      level: null,
      domain: null,
      estimate,
      se,
      ci_low: ok ? estimate - c * se : null,
      ci_high: ok ? estimate + c * se : null,
      df: fit.df,
      n: fit.n,
      n_eff: null,
      rse: null,
      flags: [],
      reasons: [],
      ...(ok ? { p: 2 * pt(-Math.abs(t), fit.df) } : { note: msg.noResidualDf() }),
    };
  });
}

/** `thinktank estimate --glm`: the rows of a fitted formula. */
export function runGlm(design: Design, formula: string, family: GlmFamily, column: (name: string) => Value[], label: (i: number) => string, level: number): Estimate[] {
  return glmRows(fitFormula(design, formula, family, column, label), level);
}
