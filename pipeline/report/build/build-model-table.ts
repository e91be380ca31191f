import type { Codebook, Variable } from '../../../schemas/codebook.js';
import type { Lang } from '../../../schemas/common.js';
import type { Model, ModelCoefficient } from '../../../schemas/estimates.js';
import type { TableBlock, TableRow } from '../../../schemas/report-model.js';

/** The model table's sentences, one object a language (a missing translation is a type error). */
const text = {
  zh: {
    characteristic: '特征',
    oddsRatio: '比值比',
    coefficient: '系数',
    interval: (level: number) => `${Math.round(level * 100)}%置信区间`,
    p: 'p值',
    log: (label: string) => `${label}（对数）`,
    of: (variable: string, level: string) => `${variable}：${level}`,
    reference: (items: string[]) => `参照组：${items.join('；')}。`,
    method: (n: number, df: number, logistic: boolean) =>
      `${logistic ? '比值比来自基于设计的逻辑回归（R svyglm，quasibinomial）' : '系数来自基于设计的线性回归（R svyglm）'}，区间与p值按自由度${df}的t分布计算；样本量${n.toLocaleString('en-US')}。比值比大于1表示该特征与更高的应用可能性相关，其余特征保持不变。`,
  },
  en: {
    characteristic: 'Characteristic',
    oddsRatio: 'Odds ratio',
    coefficient: 'Coefficient',
    interval: (level: number) => `${Math.round(level * 100)}% interval`,
    p: 'p',
    log: (label: string) => `${label} (log)`,
    of: (variable: string, level: string) => `${variable}: ${level}`,
    reference: (items: string[]) => `Reference: ${items.join('; ')}.`,
    method: (n: number, df: number, logistic: boolean) =>
      `${logistic ? 'Odds ratios from a design-based logistic regression (R svyglm, quasibinomial)' : 'Coefficients from a design-based linear regression (R svyglm)'}; intervals and p-values use t with ${df} degrees of freedom; n = ${n.toLocaleString('en-US')}. An odds ratio above 1 means the characteristic goes with a higher chance, the others held equal.`,
  },
} satisfies Record<Lang, unknown>;

/** A p-value as a report prints it: "< 0.001", else three decimals. */
function formatP(p: number | null): string | null {
  if (p === null) return null;
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** The label of a code of a codebook variable (the code itself when the codebook has none). */
function codeLabel(variable: Variable | undefined, code: string, lang: Lang): string {
  const found = variable?.codes?.find((c) => String(c.code) === code);
  return found ? found.label[lang] : code;
}

/** The row label of a coefficient: "Type of organisation: Small, medium or micro enterprise", "Employees (log)". */
function rowLabel(c: ModelCoefficient, byName: Map<string, Variable>, lang: Lang): string {
  const t = text[lang];
  if (c.variable === null) return c.term;
  const variable = byName.get(c.variable);
  const name = variable ? variable.label[lang] : c.variable;
  if (c.level !== null) return t.of(name, codeLabel(variable, c.level, lang));
  return c.term.startsWith('log(') ? t.log(name) : name;
}

/** The reference category of each factor in the model: its first code (R's sort order) with no coefficient. */
function references(model: Model, byName: Map<string, Variable>, lang: Lang): string[] {
  const levelsOf = new Map<string, Set<string>>();
  for (const c of model.coefficients) if (c.variable !== null && c.level !== null) levelsOf.set(c.variable, (levelsOf.get(c.variable) ?? new Set()).add(c.level));
  const out: string[] = [];
  for (const [name, levels] of levelsOf) {
    const variable = byName.get(name);
    const codes = (variable?.codes ?? []).map((c) => String(c.code));
    const numeric = codes.every((c) => c.trim() !== '' && Number.isFinite(Number(c)));
    codes.sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
    const reference = codes.find((c) => !levels.has(c));
    if (reference !== undefined) out.push(text[lang].of(variable ? variable.label[lang] : name, codeLabel(variable, reference, lang)));
  }
  return out;
}

/**
 * The "what goes with adoption" table of a fitted model (estimates.json `models`): one row per coefficient but
 * the intercept, labelled from the codebook, with the odds ratio (logistic models; the coefficient for linear
 * ones), its interval and p-value; the notes name the reference categories and the method. `number` and
 * `label` ("4.2", "Table 4.2") come from the caller, which places the table in a chapter.
 */
export function buildModelTable(
  model: Model,
  codebook: Codebook,
  lang: Lang,
  place: { id: string; number: string | null; label: string | null; caption: string; level: number },
): TableBlock {
  const t = text[lang];
  const byName = new Map(codebook.map((v) => [v.name, v]));
  const logistic = model.family === 'quasibinomial';
  const body: TableRow[] = model.coefficients
    .filter((c) => c.term !== '(Intercept)')
    .map((c) => {
      const value = logistic ? c.odds_ratio : c.estimate;
      const low = logistic ? c.or_low : c.ci_low;
      const high = logistic ? c.or_high : c.ci_high;
      const interval = low !== null && high !== null ? `${low.toFixed(2)}–${high.toFixed(2)}` : null;
      // a mark where the interval excludes no effect (p below 1 - level)
      const mark = c.p !== null && c.p < 1 - place.level ? '*' : null;
      return {
        cells: [
          { value: rowLabel(c, byName, lang), mark: null },
          { value, mark },
          { value: interval, mark: null },
          { value: formatP(c.p), mark: null },
        ],
        style: 'normal' as const,
      };
    });
  const refs = references(model, byName, lang);
  return {
    kind: 'table',
    id: place.id,
    number: place.number,
    label: place.label,
    caption: place.caption,
    columns: [
      { align: 'left', format: { style: 'text' }, wrap: true },
      { align: 'right', format: { style: 'decimal', digits: 2 }, wrap: false },
      { align: 'right', format: { style: 'text' }, wrap: false },
      { align: 'right', format: { style: 'text' }, wrap: false },
    ],
    header_rows: [
      [
        { text: t.characteristic, span: 1 },
        { text: logistic ? t.oddsRatio : t.coefficient, span: 1 },
        { text: t.interval(place.level), span: 1 },
        { text: t.p, span: 1 },
      ],
    ],
    body_rows: body,
    notes: [...(refs.length ? [t.reference(refs)] : []), t.method(model.n, model.df, logistic)],
    source: null,
    origin: `model:${model.name}`,
  };
}
