import type { Codebook, Variable } from '../../schemas/codebook.js';
import type { Lang } from '../../schemas/common.js';
import type { Statistic } from '../../schemas/estimates.js';
import { codeLabel, codeStrings, type EstimateIndex } from './chart-input.js';
import { answerIndicator } from './messages.js';
import { summaryOf } from './number-summary.js';

/** One number a report tracks across regions and waves: a statistic of a variable (and answer, for shares). */
export interface KeyIndicator {
  statistic: Statistic;
  variable: string;
  level: string | null;
}

/**
 * The indicator that stands for a question: the share giving the first answer of a single-choice question
 * (by codebook convention the "yes" or principal answer), the mean of a Likert item, a number's summary (the
 * median of a skewed amount or count, as the text states it: see `summaryOf`; a quantile indicator is the
 * median); null for other types (multiple response, text, ids, dates).
 */
export function questionIndicator(variable: Variable): KeyIndicator | null {
  if (variable.type === 'single') {
    const first = codeStrings(variable)[0];
    return first === undefined ? null : { statistic: 'prop', variable: variable.name, level: first };
  }
  if (variable.type === 'likert') return { statistic: 'mean', variable: variable.name, level: null };
  if (variable.type === 'number' || variable.type === 'integer') {
    return { statistic: summaryOf(variable) === 'median' ? 'quantile' : 'mean', variable: variable.name, level: null };
  }
  return null;
}

/**
 * The key indicator of a theme for its ranked regional comparison: among the theme's charted variables, highest
 * codebook `priority` first, then questionnaire order: a yes/no question with regional estimates (the share
 * giving its first answer), else a rating scale of its own (its top-two share), else an unordered single
 * choice (its most common answer in the province), else a battery item's top-two share (or, without one, its
 * mean score). An ordered question
 * is never compared by one middle answer. Numbers are left out: their own figure already ranks the regions.
 * Null when the theme has none.
 */
export function selectKeyIndicator(variables: readonly Variable[], index: EstimateIndex): KeyIndicator | null {
  const hasRegions = (k: KeyIndicator) => index.regions(k.statistic, k.variable, k.level).length >= 2;
  const modal = (v: Variable): KeyIndicator | null => {
    let best: { level: string; share: number } | null = null;
    for (const code of codeStrings(v)) {
      const share = index.get('prop', v.name, code, null)?.estimate;
      if (share !== undefined && (best === null || share > best.share)) best = { level: code, share };
    }
    return best === null ? null : { statistic: 'prop', variable: v.name, level: best.level };
  };
  // a rating scale is compared by its top-two share, never by one middle answer; highest codebook priority first
  const byPriority = [...variables].sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1));
  const top2 = (v: Variable): KeyIndicator => ({ statistic: 'prop', variable: v.name, level: 'top2' });
  const pick = (filter: (v: Variable) => boolean, indicator: (v: Variable) => KeyIndicator | null = questionIndicator) =>
    byPriority
      .filter(filter)
      .map(indicator)
      .filter((k): k is KeyIndicator => k !== null && hasRegions(k))[0];
  return (
    pick((v) => v.type === 'single' && (v.codes?.length ?? 0) === 2) ??
    pick((v) => v.type === 'likert' && v.group === undefined, top2) ??
    pick((v) => v.type === 'single' && v.ordinal !== true, modal) ??
    pick((v) => v.type === 'likert', top2) ??
    // estimates without top-two shares: the mean score
    pick((v) => v.type === 'likert') ??
    null
  );
}

/** The label of an indicator in `lang`: "question: answer" for a share, the question for a mean. */
export function indicatorLabel(codebook: Codebook, indicator: KeyIndicator, lang: Lang): string {
  const variable = codebook.find((v) => v.name === indicator.variable);
  const question = variable ? variable.label[lang] : indicator.variable;
  if (indicator.statistic === 'prop' && indicator.level !== null) {
    // "top2": the top two points of the scale, named by their answers ("比较困难或非常困难"), never the raw level
    const codes = variable?.codes ?? [];
    const top = indicator.level === 'top2' && codes.length >= 2 ? codes.slice(-2).map((c) => c.label[lang]).join(lang === 'zh' ? '或' : ' or ') : null;
    return answerIndicator(question, top ?? codeLabel(variable, indicator.level, lang), lang);
  }
  return question;
}
