import type { Lang } from '../../schemas/common.js';
import type { SurveyConfig } from '../../schemas/survey.js';
import { formatBase, formatDate, quote, spelling } from '../report/format-number.js';
import { formatCount } from './format.js';

/** Every sentence the charts show, in both report languages (the chart stage's catalogue). */
export const chartText = {
  province: { zh: '全省', en: 'Province' },
  previousWave: { zh: '上一轮', en: 'Previous wave' },
  thisWave: { zh: '本轮', en: 'This wave' },
  multipleAnswers: { zh: '可多选', en: 'Multiple answers possible' },
  mean: { zh: '均值', en: 'Mean' },
  share: { zh: '占比', en: 'Share' },
  above: { zh: '显著高于全省', en: 'Above the province' },
  same: { zh: '无显著差异', en: 'No significant difference' },
  below: { zh: '显著低于全省', en: 'Below the province' },
} as const;

/** A text of the catalogue in `lang`. */
export function say(text: { zh: string; en: string }, lang: Lang): string {
  return text[lang];
}

/** The base of a figure, by the style sheet: "n = 2,911" in English, "n=2,911" in Chinese. */
export function baseText(n: number, lang: Lang): string {
  return formatBase(n, lang);
}

/** The base when it varies over domains or items: "n = 120–412" (one number when all are equal). */
export function baseRangeText(min: number, max: number, lang: Lang): string {
  return min === max ? baseText(min, lang) : formatBase(`${formatCount(min)}–${formatCount(max)}`, lang);
}

/** The base of a regional figure: the region's and the province's. */
export function regionalBaseText(region: string, regionBase: string, provinceBase: string, lang: Lang): string {
  return lang === 'zh'
    ? `${region} ${regionBase}；全省 ${provinceBase}`
    : `${region} ${regionBase}; province ${provinceBase}`;
}

/** What the whiskers show, as a sentence of a figure's note. */
export function ciNote(level: number, lang: Lang): string {
  const pct = Math.round(level * 100);
  return lang === 'zh' ? `误差线为${pct}%置信区间。` : `Whiskers show ${pct}% confidence intervals.`;
}

/** The note of a multiple-response figure. */
export function multipleAnswersNote(lang: Lang): string {
  return lang === 'zh' ? '可多选，各项比例之和可超过100%。' : 'Multiple answers possible: shares may add up to more than 100%.';
}

/** The sentences of a figure's note joined (Chinese sentences run on; English ones take a space). */
export function joinNotes(sentences: readonly string[], lang: Lang): string | null {
  return sentences.length === 0 ? null : sentences.join(lang === 'zh' ? '' : ' ');
}

/**
 * The note under a chart with faded, dash-outlined values: those the presentation standard flags (few effective
 * responses, few degrees of freedom or a wide interval) or with fewer responses than the low-base minimum. The
 * same words as the tables' † note, so a region drawn faded on 417 responses is not said to rest on fewer than 30.
 */
export function lowPrecisionNote(lang: Lang): string {
  return lang === 'zh'
    ? '浅色、虚线框的数值按发布标准精度较低（有效样本少、自由度少或置信区间宽），解读时须谨慎。'
    : 'Faded, dash-outlined values are of low precision under the presentation standard (few effective responses, few degrees of freedom or a wide interval): read them with caution.';
}

/** The note of a figure with a suppressed value (drawn as "—", no mark). */
export function suppressedNote(lang: Lang): string {
  return lang === 'zh'
    ? '“—”表示估计值不满足发布标准（有效样本量或置信区间宽度不足），不予显示。'
    : '“—” marks an estimate withheld under the presentation standard (too small an effective sample or too wide an interval).';
}

/** The note of a figure with an interval that cannot be estimated (drawn without a whisker). */
export function notEstimableNote(lang: Lang): string {
  return lang === 'zh' ? '无误差线的数值置信区间无法估计。' : 'Values without a whisker have no estimable confidence interval.';
}

/** The note naming answer codes left out of a Likert scale (e.g. "don't know"). */
export function excludedCodesNote(labels: string[], lang: Lang): string {
  return lang === 'zh' ? `不含“${labels.join('”、“')}”。` : `Excludes "${labels.join('", "')}".`;
}

/** The source line of every figure. */
export function sourceText(config: SurveyConfig, lang: Lang): string {
  return lang === 'zh'
    ? `资料来源：${config.issuer.zh}，${config.title.zh}（${formatDate(config.date, 'zh')}）。`
    : `Source: ${config.issuer.en}, ${config.title.en} (${formatDate(config.date, 'en')}).`;
}

/** The note of a ranked plot in a regional report: which region is highlighted. */
export function highlightedNote(region: string, lang: Lang): string {
  return lang === 'zh' ? `${region}以底色突出显示。` : `${region} is highlighted.`;
}

/** The axis title of a mean (or a median), with its unit when the codebook gives one. */
export function meanAxisTitle(unit: string | undefined, lang: Lang, median = false): string {
  const word = lang === 'zh' ? (median ? '中位数' : '均值') : median ? 'Median' : 'Mean';
  if (!unit) return word;
  return lang === 'zh' ? `${word}（${unit}）` : `${word} (${unit})`;
}

/** The panel title of an amount or count in a change-since-last-wave figure: the question, its statistic and its unit. */
export function trendAmountLabel(question: string, median: boolean, unit: string | null, lang: Lang): string {
  if (lang === 'zh') return `${question}${median ? '中位数' : '均值'}${unit ? `（${unit}）` : ''}`;
  return `${question}, ${median ? 'median' : 'mean'}${unit ? ` (${unit})` : ''}`;
}

/** The note of a regional Likert figure, whose rows alternate region and province. */
export function likertRowsNote(region: string, lang: Lang): string {
  return lang === 'zh' ? `每项上行为${region}，下行为全省。` : `Upper bar of each item: ${region}; lower bar: the province.`;
}

/** The label of the provincial reference line. */
export function referenceLabel(value: string, lang: Lang): string {
  return lang === 'zh' ? `全省 ${value}` : `Province ${value}`;
}

/** The title of a ranked regional comparison. */
export function regionsTitle(indicator: string, lang: Lang): string {
  return lang === 'zh' ? `${indicator}：各地区比较` : `${indicator}, by region`;
}

/** The title of a numeric variable's regional means (or medians). */
export function numericTitle(variable: string, lang: Lang, median = false): string {
  return lang === 'zh' ? `${variable}：各地区${median ? '中位数' : '均值'}` : `${variable}: ${median ? 'median' : 'mean'} by region`;
}

/**
 * The note of a significance-coloured regional plot; `none` when no region differs significantly (the plot
 * then has no legend and says so here).
 */
export function significanceNote(level: number, correction: 'bh' | 'bonferroni' | 'none', lang: Lang, none = false): string {
  const pct = Math.round(level * 100);
  const method = {
    bh: { zh: `${spelling.benjaminiHochberg}法`, en: spelling.benjaminiHochberg },
    bonferroni: { zh: `${spelling.bonferroni}法`, en: spelling.bonferroni },
    none: null,
  }[correction];
  const adjusted = !method ? '' : lang === 'zh' ? `，已按${method.zh}校正多重比较` : `, adjusted for multiple comparisons (${method.en})`;
  if (none) {
    return lang === 'zh'
      ? `没有地区与全省的差异在${pct}%置信水平上显著${adjusted}。`
      : `No region differs significantly from the province at the ${pct}% level${adjusted}.`;
  }
  return lang === 'zh'
    ? `颜色表示与全省的差异在${pct}%置信水平上是否显著${adjusted}。`
    : `Colour shows whether a region differs significantly from the province at the ${pct}% level${adjusted}.`;
}

/** The title of a cross-tab heat map: the question, by the classification of the columns. */
export function heatmapTitle(question: string, by: string, lang: Lang): string {
  return lang === 'zh' ? `${question}（按${by}分）` : `${question}, by ${by.charAt(0).toLowerCase()}${by.slice(1)}`;
}

/** The note of a heat map: what the cells show (each column's answers add up to 100%) and the Rao-Scott test. */
export function heatmapNote(column: string, f: number, df1: number, df2: number, p: number, lang: Lang): string {
  const pText = p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
  const stat = `F(${df1.toFixed(1)}, ${df2.toFixed(1)}) = ${f.toFixed(2)}, ${pText}`;
  return lang === 'zh'
    ? `单元格为各${column}内的回答分布（列百分比）；Rao-Scott 检验 ${stat}。`
    : `Cells show the distribution of answers within each ${column.charAt(0).toLowerCase()}${column.slice(1)} (column percentages); Rao-Scott test ${stat}.`;
}

/** The title of a change-since-last-wave figure. */
export function trendTitle(theme: string, lang: Lang): string {
  return lang === 'zh' ? `${theme}：与上一轮调查比较` : `${theme}: change since the previous wave`;
}

/** The base of a change figure: this wave's and the previous wave's. */
export function waveBaseText(thisWave: string, previousWave: string, lang: Lang): string {
  return lang === 'zh' ? `本轮 ${thisWave}；上一轮 ${previousWave}` : `This wave ${thisWave}; previous wave ${previousWave}`;
}

/** The note marking significant changes. */
export function trendNote(level: number, lang: Lang): string {
  const pct = Math.round(level * 100);
  return lang === 'zh'
    ? `* 与上一轮相比的变化在${pct}%置信水平上显著（两轮样本视为独立）。`
    : `* change significant at the ${pct}% level (the two waves treated as independent samples).`;
}

/** The label of an indicator that is one answer of a question. */
export function answerIndicator(question: string, answer: string, lang: Lang): string {
  return lang === 'zh' ? `${question}（${quote(answer)}的比例）` : `${question}: share answering ${quote(answer)}`;
}

/** The one-sentence text alternatives of figures, by kind. */
export const altText = {
  bars(title: string, top: string, value: string, lang: Lang): string {
    return lang === 'zh'
      ? `条形图：${title}。占比最高的是“${top}”，为${value}。`
      : `Bar chart: ${title}. The most common answer is "${top}" at ${value}.`;
  },
  likert(title: string, top: string, net: string, lang: Lang): string {
    return lang === 'zh'
      ? `发散堆积条形图：${title}。净认同度最高的是“${top}”（${net}个百分点）。`
      : `Diverging stacked bar chart: ${title}. Net agreement is highest for "${top}" (${net} points).`;
  },
  dots(title: string, high: string, low: string, province: string, lang: Lang): string {
    return lang === 'zh'
      ? `点图：${title}。最高为${high}，最低为${low}，全省为${province}。`
      : `Dot plot: ${title}. Highest ${high}, lowest ${low}; province ${province}.`;
  },
  heatmap(title: string, lang: Lang): string {
    return lang === 'zh' ? `热力图：${title}，单元格为列百分比。` : `Heat map: ${title}, cells show column percentages.`;
  },
  trend(title: string, count: number, lang: Lang): string {
    return lang === 'zh'
      ? `小多图：${title}，共${count}项指标的两轮数值。`
      : `Small multiples: ${title}, two waves of ${count} indicators.`;
  },
};
