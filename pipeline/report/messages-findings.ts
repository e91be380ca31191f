import type { Lang } from '../../schemas/common.js';

/**
 * The sentences an editor writes about survey estimates, per question type, in both languages: the
 * executive summary's headline messages, generated theme introductions and the live numbers of the analyst's
 * narrative. Numbers arrive formatted; `numbers` is the bracket that follows a figure ("±3 points, n = 2,978").
 */

const nb = '\u00a0';

/** A share or average as a sentence states it. */
export interface Stated {
  /** "45%", "35", "4.2" */
  value: string;
  /** margin of error: "3" (points, shares) or "0.4" (unit of a mean); null when not estimable */
  moe: string | null;
  /** a median's interval bounds, formatted; replaces the margin */
  interval?: { low: string; high: string } | null;
  /** the unweighted base, formatted */
  n: string;
  /** unit of a mean or median ("人", "persons"), or null */
  unit: string | null;
  /** what the margin is counted in: 'points' for shares, 'unit' for amounts, 'none' for scores */
  margin: 'points' | 'unit' | 'none';
  /** marked for review or low base: the sentence says to read it with caution */
  caution: boolean;
  /** the confidence level in percent */
  level: number;
}

/** A prefecture with its value ("Harbin", "82%") or its count of questions. */
export interface Named {
  name: string;
  value: string;
}

/** The size of a share in words, chosen so that the whole interval agrees with the word. */
export type Quantity = 'nearlyAll' | 'most' | 'sevenInTen' | 'twoThirds' | 'overHalf' | 'aboutHalf' | 'nearlyHalf' | 'fourInTen' | 'third' | 'minority' | 'few';

/** Which quantity word fits a share p with interval [low, high] (all 0-1): "about half" when the interval holds 50%. */
export function quantityOf(p: number, low: number | null, high: number | null): Quantity {
  if (low !== null && high !== null && low <= 0.5 && high >= 0.5) return 'aboutHalf';
  if (p >= 0.9) return 'nearlyAll';
  if (p >= 0.76) return 'most';
  if (p >= 0.69) return 'sevenInTen';
  if (p >= 0.63) return 'twoThirds';
  if (p > 0.5) return 'overHalf';
  if (p >= 0.44) return 'nearlyHalf';
  if (p >= 0.37) return 'fourInTen';
  if (p >= 0.28) return 'third';
  if (p >= 0.1) return 'minority';
  return 'few';
}

/** How a filtered question's base reads: the units the question was put to. */
export interface BaseClause {
  /** "开展过产学研合作" / "have collaborated ..." : the filter's phrase (a predicate), or null */
  predicate: string | null;
  /** the excluded answer's label when the filter has no predicate ("科研院所") */
  excluded: string | null;
  /** the excluded answer's own phrase (codebook code `phrase`, a plural noun: "research institutes and universities"), preferred to its label */
  others?: string | null;
  /** the filter question, for the default wording ("whose type of organisation is not ...") */
  question?: string | null;
}

export interface FindingMessages {
  /** "45%（±3个百分点，n=2,978）" */
  numbers(s: Stated): string;
  quantity(q: Quantity, capital: boolean): string;
  /** yes/no questions and rating items: "<quantity> (<numbers>) of <population> <predicate>" */
  predicate(args: { q: Quantity | null; s: Stated; population: string; predicate: string; base: BaseClause | null; where: string | null }): string;
  /** an answer of a multiple-response question: "<share> name <answer> among <question>" */
  multi(args: { s: Stated; population: string; answer: string; question: string; base: BaseClause | null; where: string | null }): string;
  /** an answer of a single-choice question that is not yes/no */
  single(args: { s: Stated; population: string; answer: string; question: string; base: BaseClause | null; where: string | null }): string;
  /** the median or mean of a number */
  average(args: { s: Stated; population: string; question: string; median: boolean; base: BaseClause | null; where: string | null; score?: boolean }): string;
  /** a rating item without a phrase: what agreeing with it means */
  agreeWith(item: string, agreement: boolean, answer: string): string;
  /** the headline's title sentence for a predicate, a top answer or an average */
  titlePredicate(q: Quantity, population: string, predicate: string): string;
  titleMulti(answer: string, question: string): string;
  titleSingle(answer: string, question: string): string;
  titleAverage(question: string, value: string, unit: string | null, median: boolean): string;
  /** the share that follows an answer's claim in the same sentence: ", named by 54% of organisations (...)" */
  namedBy(args: { s: Stated; population: string; multi: boolean }): string;
  /** regional spread of an indicator in the provincial report */
  /** `again`: how many earlier messages already said that no region differs (the wording changes) */
  spread(args: { lowName: string; low: string; highName: string; high: string; above: number; below: number; tested: number; total: number; again?: number }): string;
  /** the lead estimate against the previous wave */
  change(args: { kind: 'up' | 'down' | 'same'; before: string }): string;
  /** a suppressed estimate named in a sentence */
  notPublished(args: { where: string | null; what: string }): string;
  /** the unit of a rating scale's mean score */
  scoreUnit(points: number): string;
  /** a region against the province: `kind` from the comparison on the region's df */
  versus(args: { kind: 'above' | 'below' | 'same'; province: string; difference: string | null; interval: { low: string; high: string } | null; points: boolean }): string;
  /** the least-agreed rating item of a theme */
  weakest(args: { s: Stated; population: string; predicate: string; where: string | null; variant?: number }): string;
  /**
   * Where prefectures differ significantly from the province on one indicator of a theme: `what` is the
   * indicator as a noun phrase, values carry their caution mark; lists longer than five end "and N others".
   */
  /** `variant`: how many earlier messages had such a sentence (the opening changes) */
  contrast(args: { what: string; province: string; above: Named[]; below: Named[]; variant?: number }): string;
  /** a region's published estimate tested against the province, in a theme with no headline for it */
  regionTest(args: { region: string; what: string; value: string; province: string; kind: 'above' | 'below' | 'same' }): string;
  /** a theme on which no prefecture differs significantly from the province on any question */
  uniform(args: { questions: number }): string;
  /** the regional picture across the published questions: prefectures ahead of or behind the province on several */
  lagging(args: { names: Named[]; areas: string[]; leading: boolean }): string;
  leading(args: { names: Named[]; areas: string[]; tested: number }): string;
  /** `questions`: counted over all questions compared by prefecture, the lists being areas ("talent environment") */
  standing(args: { region: string; better: number; worse: number; total: number; worseOn: string[]; betterOn?: string[]; questions?: boolean }): string;
  /** the closing line of the summary's messages: how they were chosen and ordered */
  salienceNote(level: number): string;
  /** a suppressed estimate referenced in the narrative */
  suppressed: string;
  /** joins sentences */
  join(sentences: string[]): string;
}

const quantZh: Record<Quantity, string> = {
  nearlyAll: '绝大多数',
  most: '多数',
  sevenInTen: '约七成',
  twoThirds: '约三分之二的',
  overHalf: '过半数',
  aboutHalf: '约半数',
  nearlyHalf: '近半数',
  fourInTen: '约四成',
  third: '约三分之一的',
  minority: '少数',
  few: '极少数',
};

const quantEn: Record<Quantity, string> = {
  nearlyAll: 'nearly all',
  most: 'most',
  sevenInTen: 'about seven in ten',
  twoThirds: 'about two thirds',
  overHalf: 'more than half',
  aboutHalf: 'about half',
  nearlyHalf: 'nearly half',
  fourInTen: 'about four in ten',
  third: 'about a third',
  minority: 'a minority',
  few: 'very few',
};

/** "about four in ten organisations", "most of organisations" -> "most organisations" is left to the catalogue's words. */
function quantOfEn(q: Quantity, population: string): string {
  // "most organisations", "about four in ten organisations", but "more than half of organisations"
  const direct: Quantity[] = ['nearlyAll', 'most', 'sevenInTen', 'fourInTen', 'few'];
  return direct.includes(q) ? `${quantEn[q]} ${population}` : `${quantEn[q]} of ${population}`;
}

/**
 * Lower-cases the first letter of a label inside a sentence ("A lack of funds" -> "a lack of funds"), unless
 * it starts an acronym ("R&D staff").
 */
function lowerFirst(text: string): string {
  return /^(\p{Lu}\p{Ll}|A\s)/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** Nouns ending in -s, other than -ss, -us and -is, that take a singular verb ("big data analytics tops ..."). */
const singularInS = new Set(['analytics', 'economics', 'logistics', 'mathematics', 'physics', 'statistics', 'news', 'series', 'species', 'means', 'gas']);

/**
 * Whether an English answer names a plural subject, for the verb that follows it: a head noun in -s ("No
 * channels to find partners", "Digital specialists") or nouns joined by "and" ("Engineers and technicians"),
 * counting only the words before the first preposition, whose object is not the subject ("A lack of funds",
 * "A mismatch between research results and business needs" are singular).
 */
export function isPluralPhrase(answer: string): boolean {
  const words = answer.toLowerCase().replace(/[(),;:“”"]/g, ' ').split(/\s+/u).filter((w) => w !== '');
  const stop = words.findIndex((w) => /^(of|to|for|between|in|on|with|from|about|at|by|among|within|without|into)$/u.test(w));
  const head = stop < 0 ? words : words.slice(0, stop);
  if (head.includes('and')) return true;
  const last = head[head.length - 1] ?? '';
  return /[a-z]s$/u.test(last) && !/(ss|us|is)$/u.test(last) && !singularInS.has(last);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function unitZh(value: string, unit: string | null): string {
  return unit === null ? value : `${value}${unit}`;
}

function unitEn(value: string, unit: string | null): string {
  return unit === null ? value : unit === '%' ? `${value}%` : `${value}${nb}${unit}`;
}

function baseZh(base: BaseClause | null): string {
  if (base === null) return '';
  if (base.predicate !== null) return `在${base.predicate}的单位中，`;
  if (base.others) return `在${base.others}以外的单位中，`;
  if (base.excluded !== null) return `在“${base.excluded}”以外的单位中，`;
  return '';
}

function baseEn(base: BaseClause | null): string {
  if (base === null) return '';
  if (base.predicate !== null) return `among those that ${base.predicate}, `;
  if (base.others) return `among organisations other than ${base.others}, `;
  if (base.excluded !== null && base.question) return `among organisations whose ${lowerFirst(base.question)} is not “${lowerFirst(base.excluded)}”, `;
  if (base.excluded !== null) return `among organisations not answering “${lowerFirst(base.excluded)}”, `;
  return '';
}

function whereEn(where: string | null): string {
  return where === null ? '' : ` in ${where}`;
}

const zh: FindingMessages = {
  numbers: (s) => {
    const margin =
      s.interval !== undefined && s.interval !== null
        ? `${s.level}%置信区间${s.interval.low}至${unitZh(s.interval.high, s.unit)}`
        : s.moe === null
          ? '误差无法估计'
          : `误差±${s.moe}${s.margin === 'points' || s.unit === '%' ? '个百分点' : s.margin === 'unit' ? (s.unit ?? '') : ''}`;
    return `（${margin}，n=${s.n}${s.caution ? '，精度较低，仅供参考' : ''}）`;
  },
  quantity: (q) => quantZh[q],
  predicate: ({ q, s, population, predicate, base, where }) =>
    q === null
      ? `${baseZh(base)}${where ?? ''}${s.value}的${population}${zh.numbers(s)}${predicate}`
      : `${baseZh(base)}${where ?? ''}${quantZh[q]}${population}${predicate}（${s.value}，${zh.numbers(s).slice(1, -1)}）`,
  multi: ({ s, population, answer, question, base, where }) =>
    `${baseZh(base)}${where ?? ''}${s.value}的${population}${zh.numbers(s)}将“${answer}”列为${question}`,
  single: ({ s, population, answer, question, base, where }) =>
    `${baseZh(base)}${where ?? ''}${s.value}的${population}${zh.numbers(s)}${question}为“${answer}”`,
  average: ({ s, population, question, median, base, where, score }) =>
    score === true
      ? `${baseZh(base)}${where ?? ''}${population}对“${question}”的平均评分为${unitZh(s.value, s.unit)}${zh.numbers(s)}`
      : `${baseZh(base)}${where ?? ''}${population}${question}的${median ? '中位数' : '平均值'}为${unitZh(s.value, s.unit)}${zh.numbers(s)}`,
  agreeWith: (item, agreement, answer) => (agreement ? `认同“${item}”` : /^[是否]$/u.test(answer) ? `对“${item}”的回答为“${answer}”` : `对“${item}”的评价为“${answer}”`),
  titlePredicate: (q, population, predicate) => `${quantZh[q]}${population}${predicate}`,
  titleMulti: (answer, question) => `“${answer}”居${question}之首`,
  titleSingle: (answer, question) => `${question}以“${answer}”最为常见`,
  titleAverage: (question, value, unit, median) => `${question}${median ? '中位数' : '平均'}为${unitZh(value, unit)}`,
  namedBy: ({ s, population, multi }) => `，${s.value}的${population}${multi ? '选择了这一项' : '作此回答'}${zh.numbers(s)}`,
  spread: ({ lowName, low, highName, high, above, below, tested, total, again }) => {
    const parts = [`${tested < total ? `在估计值可公布的${tested}个地区中，` : '各地区'}从${lowName}的${low}到${highName}的${high}不等`];
    if (above + below === 0) parts.push(['均与全省无显著差异', '同样没有一个地区与全省有显著差异', '各地区与全省的差异均在抽样误差范围之内'][Math.min(again ?? 0, 2)] ?? '');
    else parts.push(`其中${above > 0 ? `${above}个地区显著高于全省` : ''}${above > 0 && below > 0 ? '、' : ''}${below > 0 ? `${below}个地区显著低于全省` : ''}`);
    return parts.join('，');
  },
  versus: ({ kind, province, difference, interval, points }) => {
    const d = difference === null ? '' : `（差值${difference}${points ? '个百分点' : ''}${interval === null ? '' : `，95%置信区间${interval.low}至${interval.high}`}）`;
    return kind === 'above' ? `显著高于全省的${province}${d}` : kind === 'below' ? `显著低于全省的${province}${d}` : `与全省的${province}无显著差异${d}`;
  },
  weakest: ({ s, population, predicate, where, variant }) =>
    [`而${where ?? ''}仅有${s.value}的${population}${predicate}${zh.numbers(s)}`, `相比之下，${where ?? ''}${predicate}的${population}只占${s.value}${zh.numbers(s)}`, `${where ?? ''}${predicate}的${population}则仅为${s.value}${zh.numbers(s)}`][(variant ?? 0) % 3] ?? '',
  contrast: ({ what, province, above, below, variant }) => {
    const list = (xs: Named[]) => listZh(xs.map((x) => `${x.name}（${x.value}）`), '个地区');
    const parts: string[] = [];
    if (above.length > 0) parts.push(`${list(above)}显著高于全省`);
    if (below.length > 0) parts.push(`${list(below)}${above.length > 0 ? '则' : ''}显著低于全省`);
    const opening = ['分地区看，', '从各市（地）看，', '地区之间，'][(variant ?? 0) % 3] ?? '';
    return `${opening}${what}（全省为${province}）${parts.join('，')}`;
  },
  regionTest: ({ region, what, value, province, kind }) =>
    `${region}${what}为${value}，${kind === 'above' ? `显著高于全省的${province}` : kind === 'below' ? `显著低于全省的${province}` : `与全省的${province}无显著差异`}`,
  uniform: ({ questions }) => `本主题${questions}个问题的结果在各地区之间均无显著差异`,
  lagging: ({ names, areas, leading }) =>
    `${leading ? '而' : ''}${listZh(names.map((x) => `${x.name}（${x.value}项）`), '个地区')}${leading ? '则' : ''}在多个问题上显著落后于全省${areas.length > 0 ? `，主要在${areas.map((x) => `“${x}”`).join('')}方面` : ''}`,
  leading: ({ names, areas, tested }) =>
    `在可公布并检验的${tested}个问题中，${listZh(names.map((x) => `${x.name}有${x.value}项`), '个地区')}显著好于全省${areas.length > 0 ? `，主要在${areas.map((x) => `“${x}”`).join('')}方面` : ''}`,
  standing: ({ region, better, worse, total, worseOn, betterOn = [], questions = false }) => {
    const of = questions ? '个可按地区比较的问题' : '项主要指标';
    if (better + worse === 0) return `${region}在${total}${of}上均与全省无显著差异`;
    const list = (xs: string[]) => (xs.length === 0 ? '' : questions ? `（主要在${xs.map((x) => `“${x}”`).join('')}方面）` : `（${xs.map((x) => `“${x}”`).join('、')}）`);
    if (better === 0) return `${region}在${total}${of}中有${worse}项显著落后于全省${list(worseOn)}，没有一项显著好于全省`;
    if (worse === 0) return `${region}在${total}${of}中有${better}项显著好于全省${list(betterOn)}，没有一项显著落后于全省`;
    return `${region}在${total}${of}中有${better}项显著好于全省${list(betterOn)}，${worse}项显著落后于全省${list(worseOn)}`;
  },
  salienceNote: (level) =>
    `以上要点按重要性排序：排序分数为该主题主要问题的权重（编码本设定）乘以其主要指标偏离全省（或偏离半数）的程度（以标准误计）。所有数字均为加权估计值，括号内为${level}%置信区间的误差范围和样本基数n；标有†的数字精度较低，仅供参考。`,
  suppressed: '（样本不足，不予公布）',
  notPublished: ({ where, what }) => `${where ?? ''}“${what}”的估计值未达到发布标准，不予公布`,
  change: ({ kind, before }) =>
    kind === 'up' ? `较上一轮调查的${before}显著上升` : kind === 'down' ? `较上一轮调查的${before}显著下降` : `与上一轮调查的${before}相比无显著变化`,
  scoreUnit: () => '分',
  join: (sentences) => sentences.map((s) => (/[。！？]$/.test(s) ? s : `${s}。`)).join(''),
};

const en: FindingMessages = {
  numbers: (s) => {
    const margin =
      s.interval !== undefined && s.interval !== null
        ? `${s.level}% CI ${s.interval.low}–${unitEn(s.interval.high, s.unit)}`
        : s.moe === null
          ? 'margin not estimable'
          : `±${s.moe}${s.margin === 'points' || s.unit === '%' ? `${nb}points` : s.margin === 'unit' && s.unit !== null ? `${nb}${s.unit}` : ''}`;
    return `(${margin}, n${nb}=${nb}${s.n}${s.caution ? '; low precision, read with caution' : ''})`;
  },
  quantity: (q, capital) => (capital ? capitalise(quantEn[q]) : quantEn[q]),
  predicate: ({ q, s, population, predicate, base, where }) => {
    const lead = baseEn(base);
    if (q === null) return `${capitalise(`${lead}${s.value} of ${population}${whereEn(where)}`)} ${en.numbers(s)} ${predicate}`;
    // after "Among those that ...", the quantity alone: "more than half (55%, ...)"
    const quantity = lead === '' ? quantOfEn(q, population) : quantEn[q];
    return `${capitalise(`${lead}${quantity}`)}${whereEn(where)} (${s.value}, ${en.numbers(s).slice(1, -1)}) ${predicate}`;
  },
  multi: ({ s, population, answer, question, base, where }) =>
    `${capitalise(baseEn(base))}${s.value} of ${population}${whereEn(where)} ${en.numbers(s)} name ${lowerFirst(answer)} among ${question}`,
  single: ({ s, population, answer, question, base, where }) =>
    `${capitalise(`${baseEn(base)}for ${s.value} of ${population}${whereEn(where)} ${en.numbers(s)}`)} the ${question} is “${lowerFirst(answer)}”`,
  average: ({ s, population, question, median, base, where, score }) => {
    // "The median number of employees is ...", "In Harbin, the median ...": the population goes without saying
    const among = baseEn(base) !== '' ? baseEn(base) : where === null ? '' : `in ${where}, `;
    if (score === true) return capitalise(`${among}the average rating of “${question}” is ${unitEn(s.value, s.unit)} ${en.numbers(s)}`);
    return capitalise(`${among}the ${median ? 'median' : 'average'} ${question} is ${unitEn(s.value, s.unit)} ${en.numbers(s)}`);
  },
  // a scale that is not agreement reads as the rating given ("rate “Digital maturity” high or very high"); a yes/no
  // question with no phrase and no question shape keeps its wording in quotes
  agreeWith: (item, agreement, answer) =>
    agreement ? `agree that ${lowerFirst(item)}` : /^(yes|no)$/iu.test(answer) ? `answer “${lowerFirst(answer)}” to “${item}”` : `rate “${item}” ${lowerFirst(answer)}`,
  titlePredicate: (q, population, predicate) => `${capitalise(quantOfEn(q, population))} ${predicate}`,
  titleMulti: (answer, question) => `${capitalise(answer)} ${isPluralPhrase(answer) ? 'top' : 'tops'} ${question}`,
  titleSingle: (answer, question) => `The most common answer for the ${question} is “${lowerFirst(answer)}”`,
  titleAverage: (question, value, unit, median) => `The ${median ? 'median' : 'average'} ${question} is ${unitEn(value, unit)}`,
  namedBy: ({ s, population, multi }) => `, ${multi ? 'named' : 'given'} by ${s.value} of ${population} ${en.numbers(s)}`,
  spread: ({ lowName, low, highName, high, above, below, tested, total, again }) => {
    const range = `${tested < total ? `the ${numberWord(tested)} prefectures with publishable estimates` : 'the prefectures'} range from ${low} in ${lowName} to ${high} in ${highName}`;
    if (above + below === 0) {
      const none = [', none significantly different from the province', '; again, no prefecture differs significantly from the province', ', all within sampling error of the provincial figure'];
      return `${range}${none[Math.min(again ?? 0, 2)] ?? ''}`;
    }
    const parts: string[] = [];
    if (above > 0) parts.push(`${numberWord(above)} significantly above the provincial figure`);
    if (below > 0) parts.push(above > 0 ? `${numberWord(below)} significantly below it` : `${numberWord(below)} significantly below the provincial figure`);
    return `${range}, with ${parts.join(' and ')}`;
  },
  versus: ({ kind, province, difference, interval, points }) => {
    const d =
      difference === null ? '' : ` (a difference of ${difference}${points ? `${nb}points` : ''}${interval === null ? '' : `, 95% CI ${interval.low} to ${interval.high}`})`;
    return kind === 'above'
      ? `significantly above the provincial ${province}${d}`
      : kind === 'below'
        ? `significantly below the provincial ${province}${d}`
        : `not significantly different from the provincial ${province}${d}`;
  },
  weakest: ({ s, population, predicate, where, variant }) =>
    [
      `but only ${s.value} of ${population}${whereEn(where)} ${predicate} ${en.numbers(s)}`,
      `by contrast, just ${s.value}${whereEn(where)} ${predicate} ${en.numbers(s)}`,
      `meanwhile, only ${s.value} of ${population}${whereEn(where)} ${predicate} ${en.numbers(s)}`,
    ][(variant ?? 0) % 3] ?? '',
  contrast: ({ what, province, above, below, variant }) => {
    const list = (xs: Named[]) => listEn(cap(xs.map((x) => `${x.name} (${x.value})`), 'other prefectures'));
    const parts: string[] = [];
    if (above.length > 0) parts.push(`higher in ${list(above)}`);
    if (below.length > 0) parts.push(`lower in ${list(below)}`);
    const opening = ['Regionally, ', 'Across the prefectures, ', ''][(variant ?? 0) % 3] ?? '';
    const subject = opening === '' ? what.charAt(0).toUpperCase() + what.slice(1) : what;
    return `${opening}${subject} (province: ${province}) is significantly ${parts.join(' and ')}`;
  },
  regionTest: ({ region, what, value, province, kind }) =>
    `${region === '' ? '' : `In ${region}, `}${what} is ${value}, ${kind === 'above' ? `significantly above the provincial ${province}` : kind === 'below' ? `significantly below the provincial ${province}` : `not significantly different from the provincial ${province}`}`,
  uniform: ({ questions }) => `No prefecture differs significantly from the province on any of the theme's ${numberWord(questions)} questions`,
  lagging: ({ names, areas, leading }) => {
    const list = listEn(names.map((x, i) => `${x.name} (${i === 0 ? `${numberWord(Number(x.value))} question${x.value === '1' ? '' : 's'}` : numberWord(Number(x.value))})`));
    const where = areas.length > 0 ? `, mostly in ${listEn(areas.map((x) => `“${lowerFirst(x)}”`))}` : '';
    return `${leading ? 'At the other end, ' : ''}${list} ${names.length === 1 ? 'trails' : 'trail'} the province significantly${where}`;
  },
  leading: ({ names, areas, tested }) => {
    const where = areas.length > 0 ? `, mostly in ${listEn(areas.map((x) => `“${lowerFirst(x)}”`))}` : '';
    const only = names[0];
    if (names.length === 1 && only !== undefined) return `${only.name} is significantly ahead of the province on ${numberWord(Number(only.value))} of the ${numberWord(tested)} questions compared by prefecture${where}`;
    return `${listEn(names.map((x) => `${x.name} (${numberWord(Number(x.value))})`))} are significantly ahead of the province on several of the ${numberWord(tested)} questions compared by prefecture${where}`;
  },
  standing: ({ region, better, worse, total, worseOn, betterOn = [], questions = false }) => {
    const of = questions ? 'questions compared by prefecture' : 'key indicators';
    if (better + worse === 0) return `${region} does not differ significantly from the province on any of the ${numberWord(total)} ${of}`;
    const list = (xs: string[]) =>
      xs.length === 0 ? '' : questions ? ` (mostly in ${listEn(xs.map((x) => `“${lowerFirst(x)}”`))})` : ` (${listEn(xs.map((x) => `“${lowerFirst(x)}”`))})`;
    if (better === 0) return `${region} trails the province significantly on ${numberWord(worse)} of the ${numberWord(total)} ${of}${list(worseOn)} and leads it on none`;
    if (worse === 0) return `${region} leads the province significantly on ${numberWord(better)} of the ${numberWord(total)} ${of}${list(betterOn)} and trails it on none`;
    return `${region} leads the province significantly on ${numberWord(better)} of the ${numberWord(total)} ${of}${list(betterOn)} and trails it on ${numberWord(worse)}${list(worseOn)}`;
  },
  salienceNote: (level) =>
    `The messages are ordered by salience: the weight the codebook gives each theme's questions times how far the theme's lead indicator stands from the province or from an even split, in standard errors. All figures are weighted estimates; brackets give the margin of error of the ${level}% confidence interval and the base n; a figure marked † has low precision and should be read with caution.`,
  suppressed: '(too few responses to publish)',
  notPublished: ({ where, what }) => `the estimate of “${what}”${where === null ? '' : ` for ${where}`} does not meet the presentation standard and is not published`,
  change: ({ kind, before }) =>
    kind === 'up' ? `up significantly from ${before} in the previous wave` : kind === 'down' ? `down significantly from ${before} in the previous wave` : `not significantly changed from ${before} in the previous wave`,
  scoreUnit: (points) => `on a 1–${points} scale`,
  join: (sentences) => sentences.map((s) => (/[.!?]$/.test(s) ? s : `${s}.`)).join(' '),
};

/** Numbers below ten in words, as English house styles write counts in running text ("two of the eight"). */
function numberWord(n: number): string {
  return ['none', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][n] ?? String(n);
}

/** A list of at most five names, the rest counted ("and three other prefectures"). */
function cap(names: string[], others: string): string[] {
  return names.length <= 5 ? names : [...names.slice(0, 4), `${numberWord(names.length - 4)} ${others}`];
}

function listZh(names: string[], others: string): string {
  const shown = names.length <= 5 ? names : [...names.slice(0, 4)];
  return shown.join('、') + (names.length > 5 ? `等${names.length}${others}` : '');
}

function listEn(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/** The finding sentences of one language. */
export function findingMessages(lang: Lang): FindingMessages {
  return lang === 'zh' ? zh : en;
}

/** A generated sentence placed inside the analyst's sentence: its first letter lower-cased (not an acronym's). */
export function continuing(text: string): string {
  return lowerFirst(text);
}
