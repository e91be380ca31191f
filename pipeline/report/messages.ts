import type { Lang } from '../../schemas/common.js';
import type { VariableType } from '../../schemas/codebook.js';

/** Non-breaking space: keeps "n = 1,204" and "±4 points" on one line. */
const nb = '\u00a0';

/** Chinese writes a unit straight after its number. */
const zhUnitJoin = '';

/** A share, its margin of error and base as a finding states them. */
export interface FindingNumbers {
  /** "62%" */
  value: string;
  /** "4" (percentage points) or "0.3" (unit of a mean) */
  moe: string;
  /** "1,204" */
  n: string;
}

/** How a finding compares with the province (or the previous wave); `other` is the other figure, formatted. */
export type Contrast =
  | { kind: 'none' }
  | { kind: 'above' | 'below' | 'same'; other: string }
  | { kind: 'untested'; other: string }
  | { kind: 'up' | 'down'; other: string };

/** Every label, heading and generated sentence of a report, in one language. */
export interface ReportMessages {
  province: string;
  coverScope(scopeName: string | null): string;
  coverIssuer: string;
  contents: string;
  continued: string;
  page: string;
  documentSubject(title: string, scopeName: string): string;
  listOfFigures: string;
  listOfTables: string;
  notEstimable: string;
  suppressedNote: string;
  reportTitle(title: string, scopeName: string | null): string;
  provinceName: string;
  respondents: string;
  /** joins two answers into one ("Agree or Strongly agree") */
  or: string;
  issueName(code: string): string | null;
  issueCodeColumn: string;
  wave(wave: string): string;
  ciMethodName(method: string): string;

  summaryTitle: string;
  methodologyTitle: string;
  questionnaireTitle: string;
  qualityTitle: string;
  keyFindings: string;
  regionalDifferences: string;
  versusProvince: string;
  changes: string;

  figureLabel(number: string): string;
  tableLabel(number: string): string;
  base(text: string): string;
  source(text: string): string;
  note(text: string): string;
  defaultSource(issuer: string, title: string, year: string): string;
  lowBaseFigure(minBase: number): string;
  lowBaseMark(minBase: number): string;
  significantMark(level: number): string;

  summaryIntro(args: { title: string; scopeName: string | null; n: string; level: number; fewDf?: number | null }): string;
  summaryRules(args: { level: number; correction: string; minBase: number; hasPrevious: boolean }): string;
  shareFinding(args: { numbers: FindingNumbers; population: string; region: string | null; question: string; answer: string; type: VariableType; contrast: Contrast }): string;
  meanFinding(args: { numbers: FindingNumbers; population: string; region: string | null; question: string; unit: string | null; contrast: Contrast }): string;
  noRegionalDifferences(tested: number): string;
  noDifferenceFromProvince(region: string, tested: number): string;
  noFindings(scopeName: string, n: string, minBase: number): string;
  noChanges(tested: number): string;
  differencesAbove: string;
  keyIndicatorsTitle: string;
  keyIndicatorsIntro(scopeName: string | null): string;
  keyIndicatorsCaption: string;
  keyIndicatorsNote(level: number): string;
  keyIndicatorAverage(question: string, median: boolean): string;
  /** a caption of one of the tables a wide table was split into: which part it is (before a trailing unit in English) */
  partCaption(caption: string, part: number, parts: number): string;
  flaggedMark: string;
  regionalOverview: string;
  differenceWithCi: string;
  weightsWord: string;
  themeNothingPublished(region: string, n: string): string;
  dfHeader: string;
  differenceNote(level: number): string;
  regionDesignNote(region: string, n: string, psus: number | null, df: number): string;

  correctionName(correction: 'bh' | 'bonferroni' | 'none'): string;
  designSentence(args: { strata: string | null; cluster: string | null; fpc: string | null; population: string }): string;
  fieldworkSentence(args: { files: number; read: string; kept: string; quarantined: string; blank: string; n: string }): string;
  regionBaseSentence(region: string, n: string): string;
  weightingSentence(args: {
    weights: string | null;
    method: string | null;
    variables: string[];
    converged: boolean;
    iterations: number;
    maxError: string;
    trimmed: number;
    deff: string;
    effectiveN: string;
  }): string;
  marginSentence(args: { level: number; ciMethod: string; calibrated: boolean; lonelyPsu: string }): string;
  significanceSentence(args: { alpha: string; correction: string }): string;
  lowBaseSentence(minBase: number): string;
  sampleHeading: string;
  weightingHeading: string;
  marginHeading: string;
  responsesByRegion: string;
  /** the caption of the responses table with a breakdown by a classification ("type of organisation") */
  responsesByRegionAnd(by: string): string;
  /** the header over the classification's columns */
  responsesBy(by: string): string;
  unweightedCounts: string;
  region: string;
  responses: string;
  shareOfSample: string;

  themeIntro(count: number, level: number, scopeName: string): string;
  keyEstimatesByRegion(theme: string): string;
  /** the caption of a rating battery's by-region table: the battery's title and the answers counted */
  batteryByRegion(battery: string, answer: string): string;
  /** the header over a rating battery's columns */
  answerPercentWithCi(answer: string, level: number): string;
  averagesByRegion(theme: string): string;
  keyEstimatesVersusProvince(theme: string, region: string): string;
  averagesVersusProvince(theme: string, region: string): string;
  indicator: string;
  estimateWithCi(level: number): string;
  percentWithCi(level: number): string;
  answerOf(question: string, answer: string): string;
  crosstabCaption(row: string, column: string): string;
  percentOf(variable: string): string;
  crosstabNote(f: string, df1: string, df2: string, p: string): string;
  /** the note of a cross-tab by a classification `by` ("type of organisation"): what the percentages are */
  columnPercentNote(by: string): string;
  total: string;
  pValue(p: number): string;

  questionnaireIntro(count: number): string;
  number: string;
  variable: string;
  question: string;
  type: string;
  answers: string;
  /** the answers of a question that has the same codes as the one before it */
  sameAsAbove: string;
  typeName(type: VariableType): string;
  range(min: string | null, max: string | null, unit: string | null): string;
  skipped(condition: string): string;
  qualityIntro(args: { read: string; kept: string; quarantined: string; blank: string; errors: string; warnings: string }): string;
  qualityByFile: string;
  qualityByCode: string;
  file: string;
  rowsRead: string;
  rowsKept: string;
  rowsQuarantined: string;
  rowsBlank: string;
  issueCode: string;
  count: string;
  qualityWorkbookNote: string;
}

const en: ReportMessages = {
  province: 'the province',
  coverScope: (scopeName) => (scopeName === null ? 'Provincial report' : `Report for ${scopeName}`),
  coverIssuer: 'Issued by',
  contents: 'Contents',
  continued: ' (continued)',
  page: '{n} / {N}',
  documentSubject: (title, scopeName) => `${title}: results for ${scopeName}`,
  listOfFigures: 'List of figures',
  listOfTables: 'List of tables',
  notEstimable: 'not estimable',
  suppressedNote: '— Not shown: the estimate does not meet the presentation standard (too few effective responses or too wide an interval).',
  reportTitle: (title, scopeName) => (scopeName === null ? title : `${title}: ${scopeName}`),
  provinceName: 'Province',
  respondents: 'respondents',
  or: ' or ',
  issueName: (code) =>
    ({
      outlier: 'Unusual value (kept)',
      invalid_code: 'Not an allowed answer code',
      invalid_number: 'Not a number',
      invalid_integer: 'Not a whole number',
      invalid_date: 'Not a date',
      invalid_text: 'Unreadable text',
      out_of_range: 'Outside the allowed range',
      required: 'Required answer missing',
      skip_violation: 'Answered although it should be skipped',
      rule_violation: 'Cross-field rule broken',
      duplicate_id: 'Duplicate identifier',
      text_too_long: 'Text too long',
      control_characters: 'Control characters in text',
      missing_column: 'Column missing',
      error_cell: 'Spreadsheet error value',
      unreadable_file: 'Unreadable file',
    })[code] ?? null,
  issueCodeColumn: 'Code',
  wave: (wave) => `Survey wave ${wave}`,
  ciMethodName: (method) => ciMethods(method, { wald: 'Wald intervals', logit: 'logit intervals', beta: 'Korn–Graubard intervals', woodruff: 'Woodruff intervals' }, { means: 'for means', shares: 'for shares', quantiles: 'for quantiles' }, ', ', ' ') ?? method,

  summaryTitle: 'Executive summary',
  methodologyTitle: 'Methodology',
  questionnaireTitle: 'Questionnaire',
  qualityTitle: 'Data quality',
  keyFindings: 'Key findings',
  regionalDifferences: 'Differences between regions',
  versusProvince: 'Compared with the province',
  changes: 'Changes since the previous wave',

  figureLabel: (number) => `Figure ${number}`,
  tableLabel: (number) => `Table ${number}`,
  base: (text) => `Base: ${text}`,
  source: (text) => (/^source\b/i.test(text) ? text : `Source: ${text}`),
  note: (text) => (/^notes?\b/i.test(text) ? text : `Note: ${text}`),
  // the year once: not again after a title that already ends in it ("…Talent 2026, 2026.")
  defaultSource: (issuer, title, year) => (title.includes(year) ? `${issuer}, ${title}.` : `${issuer}, ${title}, ${year}.`),
  lowBaseFigure: (minBase) => `Some estimates rest on fewer than ${minBase} responses (low base): read them with caution.`,
  lowBaseMark: (minBase) => `† Fewer than ${minBase} responses (low base): read with caution.`,
  significantMark: (level) => `* Significantly different from the province (test at the ${100 - level}% level, adjusted for multiple comparisons).`,

  summaryIntro: ({ title, scopeName, n, level, fewDf }) =>
    `This report presents the results of the ${title} for ${scopeName ?? 'the province as a whole'}, based on ${n} responses. ` +
    `Each finding states its margin of error (half the width of the ${level}% confidence interval, in percentage points for shares) and its base n, the number of responses it rests on.` +
    (fewDf === null || fewDf === undefined || scopeName === null
      ? ''
      : ` Because ${scopeName}’s responses come from very few sampled areas, all its estimates rest on ${fewDf} degrees of freedom: read every figure for it with caution. The text does not repeat this warning; the tables mark such figures †.`),
  summaryRules: ({ level, correction, minBase, hasPrevious }) =>
    `The findings are selected by fixed rules: in each theme the largest shares and, for each rating scale, the statements most and least agreed with (the share in its top two points); differences between regions and the province where a test at the ${100 - level}% level, adjusted for multiple comparisons (${correction}), finds them significant` +
    (hasPrevious ? '; and significant changes since the previous wave' : '') +
    `. Estimates resting on fewer than ${minBase} responses, shares of 0% or 100%, and estimates whose margin of error is larger than the share itself are not used.`,
  shareFinding: ({ numbers, population, region, question, answer, type, contrast }) =>
    `${numbers.value} (±${numbers.moe}${nb}points, n${nb}=${nb}${numbers.n}) of ${population}${region === null ? '' : ` in ${region}`} ` +
    (type === 'likert'
      ? `answered “${answer}” to “${stripEnd(question)}”`
      : `${type === 'multi' ? 'selected' : 'chose'} “${answer}” for “${stripEnd(question)}”`) +
    `${contrastEn(contrast)}.`,
  meanFinding: ({ numbers, population, region, question, unit, contrast }) =>
    `The average “${stripEnd(question)}” among ${population}${region === null ? '' : ` in ${region}`} is ${numbers.value}${unit ? (unit === '%' ? unit : `${nb}${unit}`) : ''} ` +
    `(±${numbers.moe}, n${nb}=${nb}${numbers.n})${contrastEn(contrast)}.`,
  noRegionalDifferences: (tested) =>
    `None of the ${tested} regional estimates tested differs significantly from the provincial figure after adjustment for multiple comparisons.`,
  noDifferenceFromProvince: (region, tested) =>
    `None of the ${tested} estimates tested in ${region} differs significantly from the provincial figure after adjustment for multiple comparisons.`,
  differencesAbove: 'Every significant difference from the province among estimates with an adequate base is stated with the key findings above.',
  keyIndicatorsTitle: 'Key indicators by prefecture',
  keyIndicatorsIntro: (scopeName) =>
    `The table sets ${scopeName === null ? 'every prefecture' : `${scopeName} (in bold)`} beside the province on the survey’s headline indicators. A shaded cell differs significantly from the province, tested on the prefecture’s own degrees of freedom: blue where the prefecture does better, orange where it does worse (for obstacles and difficulties a higher share is worse).`,
  keyIndicatorsCaption: 'Key indicators: the province and each prefecture',
  keyIndicatorsNote: (level) =>
    `Shares in per cent, medians in their units; n is the number of responses. Shading marks a significant difference from the province at the ${100 - level}% level (adjusted for multiple comparisons); unshaded cells do not differ significantly.`,
  keyIndicatorAverage: (question, median) => `${median ? 'Median' : 'Average'} ${question}`,
  partCaption: (caption, part, parts) => {
    const unit = / \(%\)$/.exec(caption);
    return unit ? `${caption.slice(0, unit.index)}, part ${part} of ${parts} (%)` : `${caption} (part ${part} of ${parts})`;
  },
  flaggedMark: '† Low precision under the presentation standard (few effective responses, few degrees of freedom or a wide interval): read with caution.',
  regionalOverview: 'The prefectures at a glance',
  differenceWithCi: 'Difference from the province (CI)',
  weightsWord: 'sampling weights',
  themeNothingPublished: (region, n) =>
    `With ${n} responses, ${region}’s shares on this theme are too imprecise to state; the tables below set its published figures beside the province’s.`,
  dfHeader: 'df',
  differenceNote: (level) =>
    `The difference is the prefecture’s estimate minus the province’s (percentage points for shares), with its ${level}% confidence interval on the prefecture’s own degrees of freedom (df). A prefecture’s interval can include the provincial figure while the difference is significant: the prefecture is part of the province, and the test allows for that.`,
  regionDesignNote: (region, n, psus, df) =>
    `${region}: n = ${n} responses${psus === null ? '' : ` from ${psus} primary sampling units (counties)`}; ${df} degrees of freedom for its intervals and tests.`,
  noChanges: (tested) => `None of the ${tested} shares compared with the previous wave changed significantly (Bonferroni-adjusted).`,
  noFindings: (scopeName, n, minBase) =>
    `${scopeName} has ${n} responses; estimates resting on fewer than ${minBase} responses are too uncertain to report as findings.`,

  correctionName: (c) => (c === 'bh' ? 'Benjamini–Hochberg' : c === 'bonferroni' ? 'Bonferroni' : 'no adjustment'),
  designSentence: ({ strata, cluster, fpc, population }) => {
    let s: string;
    if (strata && cluster) s = `The survey is a stratified cluster sample: strata are defined by ${strata} and clusters (primary sampling units) by ${cluster}.`;
    else if (strata) s = `The survey is a stratified sample, with strata defined by ${strata}.`;
    else if (cluster) s = `The survey is a cluster sample, with clusters (primary sampling units) defined by ${cluster}.`;
    else s = `The survey is analysed as a simple random sample of ${population}.`;
    return fpc ? `${s} Finite population corrections use ${fpc}.` : s;
  },
  fieldworkSentence: ({ files, read, kept, quarantined, blank, n }) =>
    `Responses arrived in ${files} ${files === 1 ? 'file' : 'files'}. Of ${read} rows read, ${kept} responses passed validation, ${quarantined} ${quarantined === '1' ? 'row was' : 'rows were'} set aside (quarantined) with the reasons recorded, and ${blank} blank ${blank === '1' ? 'row was' : 'rows were'} skipped. The estimates rest on ${n} responses; Appendix B summarises the data-quality checks.`,
  regionBaseSentence: (region, n) => `Of these, ${n} responses come from ${region}.`,
  weightingSentence: ({ weights, method, variables, converged, iterations, maxError, trimmed, deff, effectiveN }) => {
    const parts: string[] = [];
    if (weights === null && method === null) parts.push('No weights were used: every response counts equally.');
    else {
      const base = weights === null ? 'Equal design weights' : `The design weights (${weights})`;
      if (method !== null && variables.length > 0) {
        parts.push(
          `${base} were calibrated by ${method === 'rake' ? 'raking' : method === 'poststratify' ? 'post-stratification' : method} to population counts by ${variables.join(' and ')}; ` +
            (converged
              ? `the calibration converged in ${iterations} ${iterations === 1 ? 'iteration' : 'iterations'} (largest remaining difference from a margin: ${maxError}).`
              : `the calibration did not converge after ${iterations} iterations (largest remaining difference from a margin: ${maxError}).`),
        );
      } else parts.push(`${base} were used as given, without calibration.`);
      if (trimmed > 0) parts.push(`${trimmed} extreme ${trimmed === 1 ? 'weight was' : 'weights were'} trimmed.`);
    }
    parts.push(`Unequal weights cost precision: the design effect of the weighting (Kish) is ${deff}, so the sample is worth ${effectiveN} responses of a simple random sample.`);
    return parts.join(' ');
  },
  marginSentence: ({ level, ciMethod, calibrated, lonelyPsu }) =>
    `Standard errors are design-based, computed by Taylor linearisation with the strata, clusters and weights${calibrated ? ' and the calibration' : ''} taken into account; confidence intervals are at the ${level}% level (${ciMethod}). ` +
    `The margin of error given with a share is half the width of its confidence interval in percentage points: “62% (±4${nb}points)” means an interval of about 58% to 66%. ` +
    `Strata with a single primary sampling unit are handled by the “${lonelyPsu}” rule of R’s survey package.`,
  significanceSentence: ({ alpha, correction }) =>
    `A region is compared with the province by the difference between the two estimates, tested with their covariance (the region is part of the province). P-values are adjusted for the number of comparisons (${correction}); a difference is called significant only when the adjusted p-value is below ${alpha}.`,
  lowBaseSentence: (minBase) =>
    `Estimates resting on fewer than ${minBase} responses (a low base) are marked † in tables and noted under figures; they are shown for completeness but not used for findings.`,
  sampleHeading: 'Sample and fieldwork',
  weightingHeading: 'Weighting',
  marginHeading: 'Margins of error and significance',
  responsesByRegion: 'Responses by region',
  responsesByRegionAnd: (by) => `Responses by region and ${stripEnd(by)}`,
  responsesBy: (by) => `Responses by ${inSentenceEn(stripEnd(by))} (n)`,
  unweightedCounts: 'Unweighted numbers of responses; the weights calibrate the sample to the population counts of each region and class.',
  region: 'Region',
  responses: 'Responses (n)',
  shareOfSample: 'Share of sample (%)',

  themeIntro: (count, level, scopeName) =>
    `This section covers ${count} ${count === 1 ? 'question' : 'questions'}. Figures and tables show weighted estimates for ${scopeName} with ${level}% confidence intervals.`,
  keyEstimatesByRegion: (theme) => `${theme}: key shares by region (%)`,
  batteryByRegion: (battery, answer) => `${stripEnd(battery)}: share answering “${answer}”, by region (%)`,
  answerPercentWithCi: (answer, level) => `% answering “${answer}” (${level}% CI)`,
  averagesByRegion: (theme) => `${theme}: averages by region`,
  keyEstimatesVersusProvince: (theme, region) => `${theme}: ${region} compared with the province (%)`,
  averagesVersusProvince: (theme, region) => `${theme}: averages, ${region} compared with the province`,
  indicator: 'Indicator',
  estimateWithCi: (level) => `Estimate (${level}% CI)`,
  percentWithCi: (level) => `% (${level}% CI)`,
  answerOf: (question, answer) => `${stripEnd(question)}: ${answer}`,
  crosstabCaption: (row, column) => `${stripEnd(row)}, by ${stripEnd(column)} (%)`,
  percentOf: (variable) => `${stripEnd(variable)} (%)`,
  crosstabNote: (f, df1, df2, p) => `Rao–Scott test of independence: F = ${f} (df ${df1}, ${df2}), ${p}.`,
  columnPercentNote: (by) =>
    `Weighted percentages of the answers within each ${stripEnd(by)} (each column adds up to 100%); n is the unweighted number of responses.`,
  total: 'Total',
  pValue: (p) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`),

  questionnaireIntro: (count) => `The questionnaire has ${count} questions, listed here in order with their answer codes.`,
  number: 'No.',
  variable: 'Variable',
  question: 'Question',
  type: 'Type',
  answers: 'Answers',
  sameAsAbove: 'As above',
  typeName: (type) =>
    ({ id: 'Identifier', single: 'Single choice', multi: 'Multiple choice', likert: 'Rating scale', number: 'Number', integer: 'Whole number', text: 'Text', date: 'Date' })[type],
  range: (min, max, unit) => {
    const r = min !== null && max !== null ? `${min}–${max}` : min !== null ? `at least ${min}` : max !== null ? `at most ${max}` : '';
    return unit === '%' ? `${r}%` : [r, unit].filter((x) => x).join(' ');
  },
  skipped: (condition) => `Skipped when ${condition}`,
  qualityIntro: ({ read, kept, quarantined, blank, errors, warnings }) =>
    `Every value was checked against the codebook: type, range, allowed codes, required answers, unique identifiers, skip logic and cross-field rules. Of ${read} rows read, ${kept} were kept and ${quarantined} quarantined; ${blank} blank rows were skipped. The checks found ${errors} errors (which quarantine a row) and ${warnings} warnings (which keep it).`,
  qualityByFile: 'Rows by file',
  qualityByCode: 'Issues by kind',
  file: 'File',
  rowsRead: 'Read',
  rowsKept: 'Kept',
  rowsQuarantined: 'Quarantined',
  rowsBlank: 'Blank',
  issueCode: 'Issue',
  count: 'Count',
  qualityWorkbookNote: 'Every issue, with the file, sheet and cell it was found in, is listed in validation/issues.xlsx; quarantined rows and their reasons in validation/quarantine.xlsx.',
};

function contrastEn(c: Contrast): string {
  switch (c.kind) {
    case 'none':
      return '';
    case 'above':
      return `, significantly above the provincial ${c.other}`;
    case 'below':
      return `, significantly below the provincial ${c.other}`;
    case 'same':
      return `, not significantly different from the provincial ${c.other}`;
    case 'untested':
      return `; the provincial figure is ${c.other}`;
    case 'up':
      return `, up significantly from ${c.other} in the previous wave`;
    case 'down':
      return `, down significantly from ${c.other} in the previous wave`;
  }
}

function contrastZh(c: Contrast): string {
  switch (c.kind) {
    case 'none':
      return '';
    case 'above':
      return `，显著高于全省的${c.other}`;
    case 'below':
      return `，显著低于全省的${c.other}`;
    case 'same':
      return `，与全省的${c.other}无显著差异`;
    case 'untested':
      return `；全省为${c.other}`;
    case 'up':
      return `，较上一轮调查的${c.other}显著上升`;
    case 'down':
      return `，较上一轮调查的${c.other}显著下降`;
  }
}

/**
 * Names the interval methods of a `ci_method` description such as "mean, total: Wald ...; prop: logit ...;
 * quantile: Woodruff ...", per kind of statistic; null when it names none the catalogue knows.
 */
function ciMethods(
  description: string,
  names: Record<'wald' | 'logit' | 'beta' | 'woodruff', string>,
  targets: Record<'means' | 'shares' | 'quantiles', string>,
  separator: string,
  space: string,
): string | null {
  const parts: string[] = [];
  const chunks = description.split(';').map((c) => c.trim().toLowerCase());
  for (const chunk of chunks.length > 0 ? chunks : [description.toLowerCase()]) {
    const known = (['logit', 'beta', 'woodruff', 'wald'] as const).find((m) => chunk.includes(m) || (m === 'logit' && chunk.includes('xlogit')));
    if (known === undefined) continue;
    const target = /prop/.test(chunk) ? 'shares' : /quantile/.test(chunk) ? 'quantiles' : /mean|total|ratio/.test(chunk) ? 'means' : null;
    if (target === null) parts.push(names[known]);
    else parts.push(space === '' ? `${targets[target]}${names[known]}` : `${names[known]}${space}${targets[target]}`);
  }
  return parts.length > 0 ? parts.join(separator) : null;
}

/** An English label as it reads inside a sentence: "Type of organisation" -> "type of organisation". */
function inSentenceEn(label: string): string {
  return /^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** A question label without its final question mark or colon, for quoting inside a sentence. */
function stripEnd(text: string): string {
  return text.trim().replace(/[?？:：。.]+$/u, '');
}

const zh: ReportMessages = {
  province: '全省',
  coverScope: (scopeName) => (scopeName === null ? '全省报告' : `${scopeName}报告`),
  coverIssuer: '发布单位',
  contents: '目录',
  continued: '（续）',
  page: '{n} / {N}',
  documentSubject: (title, scopeName) => `${title}：${scopeName}结果`,
  listOfFigures: '图目录',
  listOfTables: '表目录',
  notEstimable: '无法估计',
  suppressedNote: '— 不予公布：该估计值未达到发布标准（有效样本过少或置信区间过宽）。',
  reportTitle: (title, scopeName) => (scopeName === null ? title : `${title}（${scopeName}）`),
  provinceName: '全省',
  respondents: '受访单位',
  or: '或',
  issueName: (code) =>
    ({
      outlier: '异常值（保留）',
      invalid_code: '不是允许的答案编码',
      invalid_number: '不是数值',
      invalid_integer: '不是整数',
      invalid_date: '不是日期',
      invalid_text: '文本无法读取',
      out_of_range: '超出取值范围',
      required: '必答项缺失',
      skip_violation: '应跳过却作答',
      rule_violation: '违反跨字段规则',
      duplicate_id: '编号重复',
      text_too_long: '文本过长',
      control_characters: '文本含控制字符',
      missing_column: '缺少列',
      error_cell: '单元格为错误值',
      unreadable_file: '文件无法读取',
    })[code] ?? null,
  issueCodeColumn: '代码',
  wave: (wave) => `调查轮次：${wave}`,
  ciMethodName: (method) => ciMethods(method, { wald: 'Wald区间', logit: 'logit区间', beta: 'Korn–Graubard区间', woodruff: 'Woodruff区间' }, { means: '均值采用', shares: '比例采用', quantiles: '分位数采用' }, '，', '') ?? method,

  summaryTitle: '执行摘要',
  methodologyTitle: '调查方法',
  questionnaireTitle: '调查问卷',
  qualityTitle: '数据质量',
  keyFindings: '主要发现',
  regionalDifferences: '地区差异',
  versusProvince: '与全省比较',
  changes: '与上一轮调查相比的变化',

  figureLabel: (number) => `图${number}`,
  tableLabel: (number) => `表${number}`,
  base: (text) => `样本基数：${text}`,
  source: (text) => (/^(资料)?来源/u.test(text) ? text : `资料来源：${text}`),
  note: (text) => (/^注/u.test(text) ? text : `注：${text}`),
  defaultSource: (issuer, title, year) => (title.includes(year) ? `${issuer}《${title}》。` : `${issuer}《${title}》，${year}年。`),
  lowBaseFigure: (minBase) => `部分估计值的样本量不足${minBase}（低基数），解读时须谨慎。`,
  lowBaseMark: (minBase) => `† 样本量不足${minBase}（低基数），解读时须谨慎。`,
  significantMark: (level) => `* 与全省差异显著（显著性水平${100 - level}%，已作多重比较校正）。`,

  summaryIntro: ({ title, scopeName, n, level, fewDf }) =>
    `本报告呈现《${title}》${scopeName === null ? '全省' : `${scopeName}`}的调查结果，基于${n}份有效回答。` +
    `每项发现均注明误差范围（${level}%置信区间宽度的一半；比例以百分点计）和样本基数n（该估计所依据的回答数）。` +
    (fewDf === null || fewDf === undefined || scopeName === null
      ? ''
      : `由于${scopeName}的回答仅来自极少数抽样地区，其全部估计值的自由度只有${fewDf}，解读时均须谨慎；正文不再逐一提示，表中以†标注。`),
  summaryRules: ({ level, correction, minBase, hasPrevious }) =>
    `主要发现按固定规则选取：各主题中占比最大的选项，以及各量表题中认同度（最高两档的比例）最高和最低的陈述；经多重比较校正（${correction}）后在${100 - level}%显著性水平上显著的地区与全省差异` +
    (hasPrevious ? '；以及与上一轮调查相比的显著变化' : '') +
    `。样本量不足${minBase}的估计值、0%或100%的比例以及误差范围大于比例本身的估计值不作为发现。`,
  shareFinding: ({ numbers, population, region, question, answer, type, contrast }) =>
    type === 'likert'
      ? `${region ?? '全省'}${numbers.value}的${population}（误差±${numbers.moe}个百分点，n=${numbers.n}）对“${stripEnd(question)}”表示“${answer}”${contrastZh(contrast)}。`
      : `${region ?? '全省'}${numbers.value}的${population}（误差±${numbers.moe}个百分点，n=${numbers.n}）在“${stripEnd(question)}”中选择了“${answer}”${contrastZh(contrast)}。`,
  meanFinding: ({ numbers, population, region, question, unit, contrast }) =>
    `${region ?? '全省'}${population}的“${stripEnd(question)}”平均为${numbers.value}${unit ?? ''}（误差±${numbers.moe}，n=${numbers.n}）${contrastZh(contrast)}。`,
  noRegionalDifferences: (tested) => `经多重比较校正后，所检验的${tested}项地区估计值与全省均无显著差异。`,
  noDifferenceFromProvince: (region, tested) => `经多重比较校正后，${region}所检验的${tested}项估计值与全省均无显著差异。`,
  differencesAbove: '在基数足够的估计值中，与全省的显著差异均已在上述主要发现中列出。',
  keyIndicatorsTitle: '各市（地）主要指标',
  keyIndicatorsIntro: (scopeName) =>
    `下表将${scopeName === null ? '各市（地）' : `${scopeName}（粗体）`}的主要指标与全省并列。着色的单元格表示按该市（地）自身的自由度检验与全省差异显著：蓝色为好于全省，橙色为差于全省（对障碍和困难类指标，比例越高越不利）。`,
  keyIndicatorsCaption: '主要指标：全省及各市（地）',
  keyIndicatorsNote: (level) =>
    `比例以百分比计，中位数以其单位计；n为回答数。着色表示与全省差异在${100 - level}%水平上显著（已作多重比较校正），未着色的单元格与全省无显著差异。`,
  keyIndicatorAverage: (question, median) => `${question}${median ? '中位数' : '平均值'}`,
  partCaption: (caption, part, parts) => `${caption}（${part}/${parts}）`,
  flaggedMark: '† 按发布标准精度较低（有效样本少、自由度少或置信区间宽），解读时须谨慎。',
  regionalOverview: '各市（地）概览',
  differenceWithCi: '与全省之差（置信区间）',
  weightsWord: '抽样权数',
  themeNothingPublished: (region, n) => `${region}仅有${n}份回答，本主题的比例估计精度不足，正文不作陈述；下列图表将其可公布的估计值与全省并列。`,
  dfHeader: '自由度',
  differenceNote: (level) =>
    `差值为该地区估计值减去全省估计值（比例以百分点计），括号内为按该地区自身自由度计算的${level}%置信区间。由于地区是全省的一部分，检验已考虑二者的相关，因此地区的置信区间包含全省数值时，差值仍可能显著。`,
  regionDesignNote: (region, n, psus, df) => `${region}：n=${n}${psus === null ? '' : `，来自${psus}个初级抽样单位（县）`}；区间和检验的自由度为${df}。`,
  noChanges: (tested) => `与上一轮调查相比，所比较的${tested}项比例均无显著变化（Bonferroni校正）。`,
  noFindings: (scopeName, n, minBase) => `${scopeName}共有${n}份回答；样本量不足${minBase}的估计值误差过大，不作为发现报告。`,

  correctionName: (c) => (c === 'bh' ? 'Benjamini–Hochberg法' : c === 'bonferroni' ? 'Bonferroni法' : '未校正'),
  designSentence: ({ strata, cluster, fpc, population }) => {
    let s: string;
    if (strata && cluster) s = `本调查采用分层整群抽样：按${strata}分层，以${cluster}为初级抽样单位（群）。`;
    else if (strata) s = `本调查采用分层抽样，按${strata}分层。`;
    else if (cluster) s = `本调查采用整群抽样，以${cluster}为初级抽样单位。`;
    else s = `本调查按${population}的简单随机样本进行分析。`;
    return fpc ? `${s}有限总体校正使用${fpc}。` : s;
  },
  fieldworkSentence: ({ files, read, kept, quarantined, blank, n }) =>
    `回收数据文件${files}个，共读取${read}行：${kept}份回答通过校验，${quarantined}行因错误被隔离并记录原因，${blank}行空白被跳过。估计基于${n}份回答；数据质量检查见附录B。`,
  regionBaseSentence: (region, n) => `其中${region}${n}份。`,
  weightingSentence: ({ weights, method, variables, converged, iterations, maxError, trimmed, deff, effectiveN }) => {
    const parts: string[] = [];
    if (weights === null && method === null) parts.push('未使用权数：每份回答权重相同。');
    else {
      const base = weights === null ? '等权设计权数' : `设计权数（${weights}）`;
      if (method !== null && variables.length > 0) {
        parts.push(
          `${base}按${variables.join('和')}的总体数量进行${method === 'rake' ? '迭代比例（raking）' : method === 'poststratify' ? '事后分层' : method}校准；` +
            (converged ? `校准经${iterations}次迭代收敛（与控制总数的最大剩余差异：${maxError}）。` : `校准经${iterations}次迭代仍未收敛（与控制总数的最大剩余差异：${maxError}）。`),
        );
      } else parts.push(`${base}按原值使用，未作校准。`);
      if (trimmed > 0) parts.push(`${trimmed}个极端权数被截尾。`);
    }
    parts.push(`权数不等会降低精度：加权设计效应（Kish）为${deff}，相当于${effectiveN}份简单随机样本的回答。`);
    return parts.join('');
  },
  marginSentence: ({ level, ciMethod, calibrated, lonelyPsu }) =>
    `标准误按设计计算，采用泰勒线性化方法，考虑分层、整群和权数${calibrated ? '以及校准' : ''}；置信区间的置信水平为${level}%（${ciMethod}）。` +
    `比例的误差范围为其置信区间宽度的一半，以百分点计：“62%（误差±4个百分点）”表示区间约为58%至66%。` +
    `只含一个初级抽样单位的层按R语言survey包的“${lonelyPsu}”规则处理。`,
  significanceSentence: ({ alpha, correction }) =>
    `地区与全省的比较以两个估计值之差进行检验，并考虑二者的协方差（地区是全省的一部分）。p值按比较次数校正（${correction}）；仅当校正后的p值小于${alpha}时才称差异显著。`,
  lowBaseSentence: (minBase) => `样本量不足${minBase}的估计值（低基数）在表中以†标注、在图下加注；仅供参考，不作为发现。`,
  sampleHeading: '样本与实地调查',
  weightingHeading: '加权',
  marginHeading: '误差范围与显著性',
  responsesByRegion: '各地区回答数',
  responsesByRegionAnd: (by) => `各地区及各${stripEnd(by)}回答数`,
  responsesBy: (by) => `按${stripEnd(by)}分（n）`,
  unweightedCounts: '表中为未加权的回答数；权数将样本校准到各地区及各类别的总体数量。',
  region: '地区',
  responses: '回答数（n）',
  shareOfSample: '占样本比例（%）',

  themeIntro: (count, level, scopeName) => `本节涵盖${count}个问题。图表所示为${scopeName}的加权估计值及其${level}%置信区间。`,
  keyEstimatesByRegion: (theme) => `${theme}：各地区主要比例（%）`,
  batteryByRegion: (battery, answer) => `${stripEnd(battery)}：各地区回答“${answer}”的比例（%）`,
  answerPercentWithCi: (answer, level) => `回答“${answer}”的比例（%，${level}%置信区间）`,
  averagesByRegion: (theme) => `${theme}：各地区平均值`,
  keyEstimatesVersusProvince: (theme, region) => `${theme}：${region}与全省比较（%）`,
  averagesVersusProvince: (theme, region) => `${theme}：平均值，${region}与全省比较`,
  indicator: '指标',
  estimateWithCi: (level) => `估计值（${level}%置信区间）`,
  percentWithCi: (level) => `%（${level}%置信区间）`,
  answerOf: (question, answer) => `${stripEnd(question)}：${answer}`,
  crosstabCaption: (row, column) => `${stripEnd(row)}：按${stripEnd(column)}分（%）`,
  percentOf: (variable) => `${stripEnd(variable)}（%）`,
  crosstabNote: (f, df1, df2, p) => `Rao–Scott独立性检验：F = ${f}（自由度${df1}, ${df2}），${p}。`,
  columnPercentNote: (by) => `各${stripEnd(by)}内回答的加权百分比（每列合计100%）；n为未加权的回答数。`,
  total: '合计',
  pValue: (p) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`),

  questionnaireIntro: (count) => `问卷共${count}个问题，按顺序列出如下，并附答案编码。`,
  number: '序号',
  variable: '变量',
  question: '问题',
  type: '类型',
  answers: '答案',
  sameAsAbove: '同上',
  typeName: (type) => ({ id: '编号', single: '单选', multi: '多选', likert: '量表', number: '数值', integer: '整数', text: '文本', date: '日期' })[type],
  range: (min, max, unit) => {
    const r = min !== null && max !== null ? `${min}–${max}` : min !== null ? `不小于${min}` : max !== null ? `不大于${max}` : '';
    return unit === '%' ? `${r}%` : [r, unit].filter((x) => x).join(zhUnitJoin);
  },
  skipped: (condition) => `当 ${condition} 时跳过`,
  qualityIntro: ({ read, kept, quarantined, blank, errors, warnings }) =>
    `每个数值均按编码本检查：类型、取值范围、允许的编码、必答项、唯一编号、跳答逻辑和跨字段规则。共读取${read}行，保留${kept}行，隔离${quarantined}行，另有空白${blank}行被跳过。检查发现错误${errors}个（导致该行被隔离）、警告${warnings}个（该行保留）。`,
  qualityByFile: '各文件行数',
  qualityByCode: '问题类别',
  file: '文件',
  rowsRead: '读取',
  rowsKept: '保留',
  rowsQuarantined: '隔离',
  rowsBlank: '空白',
  issueCode: '问题',
  count: '数量',
  qualityWorkbookNote: '每个问题及其所在文件、工作表和单元格列于validation/issues.xlsx；被隔离的行及原因列于validation/quarantine.xlsx。',
};

/** The report catalogue, keyed by language, and the report stage's error messages (English, for analysts). */
export const messages = {
  zh,
  en,
  errors: {
    missingGlyph: (report: string, where: string, char: string, codePoint: number, font: string) =>
      `report ${report}: ${where}: the character "${char}" (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}) is not in the embedded font ${font}; replace or remove it`,
    svgRefused: (report: string, figure: string, reason: string) => `report ${report}: figure ${figure}: the chart's SVG cannot be drawn: ${reason}`,
    svgMarkup: (what: string) => `it holds markup other than plain elements, attributes and text: ${what}`,
    svgElement: (name: string) => `the painter draws no <${name}> element`,
    svgAttribute: (element: string, name: string, value: string) => `the painter does not draw <${element}> with ${name}="${value}"`,
    unknownScope: (scope: string, region: string) => `report scope "${scope}" is neither "province" nor a code of the region variable ${region}`,
    missingRegionVariable: (region: string) => `the region variable ${region} is not in the codebook`,
    badReference: (file: string, line: number, reference: string, why: string) => `${file}:${line}: ${reference}: ${why}`,
    referenceStatistic: (word: string) =>
      `expected share, mean, median, sentence, n or name after "{{", found ${JSON.stringify(word)} (see "Live numbers in the narrative" in the README)`,
    referenceVariable: (name: string) => `expected a variable of the codebook, found "${name}"`,
    referenceCode: (name: string, code: string) => `expected an answer code of ${name} (or top2 for a rating scale), found "${code}"`,
    referenceScope: (word: string) => `expected region, province, a region code or number, found "${word}"`,
    referenceArity: (statistic: string, form: string) => `${statistic} takes the form ${form}`,
    referenceNotNumber: (statistic: string, name: string) => `${statistic} needs a number question, but ${name} is not one`,
    referenceNotReported: (name: string) => `${name} is not reported (an id, text or date, or report: false in the codebook)`,
    referenceNoEstimate: (scope: string) => `there is no such estimate for ${scope}`,
  },
} as const;

/** The catalogue of one language. */
export function messagesFor(lang: Lang): ReportMessages {
  return messages[lang];
}
