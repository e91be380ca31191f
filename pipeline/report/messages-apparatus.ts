import type { Lang } from '../../schemas/common.js';

/**
 * The sentences of a publication's apparatus, both languages side by side: the citation and disclaimer page,
 * the recommendations chapter's generated text, the glossary, the questionnaire's routing and the technical
 * annex, and the methodology's fieldwork facts.
 */
export interface ApparatusMessages {
  frontTitle: string;
  citationHeading: string;
  citationDefault(issuer: string, title: string, year: string, lang: Lang): string;
  disclaimerHeading: string;
  disclaimer(issuer: string): string;
  dataNote(issuer: string): string;
  recommendationsTitle: string;
  recommendationsGenerated(region: string | null): string;
  gapItem(indicator: string, value: string, province: string): string;
  gapRegions(indicator: string, province: string, regions: string[]): string;
  noGaps(region: string | null): string;
  glossaryTitle: string;
  glossaryHeader: [string, string];
  glossary: { term: string; definition: string }[];
  limitationsHeading: string;
  limitationsGenerated: string[];
  populationHeading: string;
  populationSentence(definition: string, size: string | null): string;
  frameSentence(frame: string, allocation: string | null): string;
  fieldworkDates(start: string, end: string, mode: string, agency: string | null): string;
  responseSentence(responded: string, sampled: string, rate: string): string;
  analysedSentence(n: string): string;
  designTableCaption: string;
  designHeader: { region: string; sampled: string; responded: string; rate: string; n: string; psus: string; df: string };
  designNote: string;
  presentationHeading: string;
  presentationStandard(minBase: number): string;
  /** routing in words: the instruction beside an answer */
  skipTo(question: number): string;
  /** the filter of a question put only to some */
  askedIf(question: number, answer: string): string;
  askedUnless(question: number, answer: string): string;
  askedSome: string;
  questionnaireIntro(count: number): string;
  checkAll: string;
  pickOne: string;
  rateOne: string;
  writeNumber(unit: string | null, range: string): string;
  annexIntro(args: { read: string; kept: string; quarantined: string; blank: string; errors: string; warnings: string }): string;
  annexByRegion: string;
  annexChecks: string;
  annexRegionColumn: string;
}

const zh: ApparatusMessages = {
  frontTitle: '引用与声明',
  citationHeading: '建议引用格式',
  citationDefault: (issuer, title, year, lang) => (lang === 'zh' ? `${issuer}：《${title}》，${year}年。` : `${issuer} (${year}), ${title}.`),
  disclaimerHeading: '声明',
  disclaimer: (issuer) =>
    `本报告中的观点和建议仅代表研究团队的分析，不代表${issuer}或任何政府部门的官方立场。报告中的数字为基于抽样调查的加权估计值，存在抽样误差；每个数字均附有误差范围和样本基数，解读时请一并考虑。`,
  dataNote: (issuer) => `本报告由${issuer}依据问卷调查数据编制，全部图表和估计值均可由所附数据和程序复现。`,
  recommendationsTitle: '对策建议',
  recommendationsGenerated: (region) =>
    `${region === null ? '全省' : region}尚无分析人员撰写的对策建议。以下列出数据所显示的${region === null ? '' : '与全省相比'}差距，供制定建议时参考：`,
  gapItem: (indicator, value, province) => `${indicator}：${value}，全省为${province}`,
  gapRegions: (indicator, province, regions) => `${indicator}（全省${province}）：${regions.join('、')}显著落后于全省`,
  noGaps: (region) => `${region === null ? '全省' : region}在主要指标上与全省无显著差距，数据本身未指向特定的优先事项。`,
  glossaryTitle: '术语表',
  glossaryHeader: ['术语', '含义'],
  glossary: [
    { term: '样本基数（n）', definition: '一个估计值所依据的未加权回答数；筛选题的基数只包括被问到该题的单位。' },
    { term: '误差范围', definition: '95%置信区间宽度的一半。比例的误差以百分点计，如“45%（误差±3个百分点）”表示总体比例大致在42%至48%之间。' },
    { term: '置信区间', definition: '按抽样设计计算、以95%的把握包含总体真值的区间。' },
    { term: '显著差异', definition: '地区与全省之差经检验（按该地区自身的自由度，并作多重比较校正）不太可能仅由抽样误差造成。' },
    { term: '自由度', definition: '方差估计所依据的独立信息量，约等于初级抽样单位（县）数减去层数；自由度少时区间更宽。' },
    { term: '有效样本量', definition: '考虑权数和整群抽样后，样本相当于多少份简单随机样本的回答。' },
    { term: '不予公布（—）', definition: '估计值未达到发布标准（有效样本量不足30、置信区间过宽或无法估计），不予显示。' },
    { term: '精度较低（†）', definition: '估计值已公布，但自由度少于8或样本较少，解读时须谨慎。' },
    { term: '中位数', definition: '将单位按数值排序后居中的数值；对营业收入、人数等偏态分布的数量，它比平均值更能代表一般单位。' },
    { term: '认同比例（最高两档）', definition: '量表题中选择最高两档（如“比较同意”和“非常同意”）的比例。' },
  ],
  limitationsHeading: '局限性',
  limitationsGenerated: [
    '各市（地）只抽取了3至10个县（市、区），地区估计值的自由度少、区间较宽；较小地区的许多估计值被标注为精度较低或不予公布。',
    '调查为横截面调查，所反映的是相关关系，不能据此推断因果。',
  ],
  populationHeading: '调查对象与抽样',
  populationSentence: (definition, size) => `调查对象为${definition.replace(/。$/, '')}${size === null ? '' : `，总体约${size}家`}。`,
  frameSentence: (frame, allocation) => `${frame}${allocation ?? ''}`,
  fieldworkDates: (start, end, mode, agency) => `调查于${start}至${end}实施，方式为${mode}${agency === null ? '' : `，由${agency}组织`}。`,
  responseSentence: (responded, sampled, rate) => `共抽取${sampled}家单位，回收问卷${responded}份，回答率为${rate}（回收问卷数除以抽取单位数）。`,
  analysedSentence: (n) => `经逐项核查，${n}份有效回答进入分析；核查过程见附录B。`,
  designTableCaption: '各市（地）的样本、回答率和自由度',
  designHeader: { region: '地区', sampled: '抽取单位数', responded: '回收问卷数', rate: '回答率（%）', n: '有效回答（n）', psus: '初级抽样单位（县）', df: '自由度' },
  designNote: '自由度为初级抽样单位数减去层数，地区估计值的区间和检验均按此计算。',
  presentationHeading: '发布标准',
  presentationStandard: (minBase) =>
    `本报告采用美国国家卫生统计中心的比例数据发布标准（Parker等，2017）：比例的区间采用Korn–Graubard方法；有效样本量不足${minBase}、置信区间过宽或无法估计的估计值不予公布（表中以“—”表示）；自由度少于8的估计值标注“†”，提示精度较低。平均值和中位数的相对标准误超过30%时同样标注。`,
  skipTo: (question) => `（请跳至第${question}题）`,
  askedIf: (question, answer) => `（仅第${question}题选“${answer}”的单位回答）`,
  askedUnless: (question, answer) => `（第${question}题选“${answer}”的单位不答本题）`,
  askedSome: '（部分单位无需回答本题）',
  questionnaireIntro: (count) => `以下为受访单位所见的问卷，共${count}题，题目、选项和跳答说明均与调查时一致。`,
  checkAll: '（可多选）',
  pickOne: '（单选）',
  rateOne: '（请在每行选择一项）',
  writeNumber: (unit, range) => `请填写：________${unit ?? ''}${range === '' ? '' : `（${range}）`}`,
  annexIntro: ({ read, kept, quarantined, blank, errors, warnings }) =>
    `各市（地）报送的问卷数据在分析前逐项核查：数值类型和取值范围、选项编码、必答题、问卷编号唯一性、跳答逻辑和题目间的逻辑关系。共收到${read}份记录，其中${kept}份通过核查进入分析；${quarantined}份因存在无法更正的错误被剔除，剔除原因逐条记录；另有${blank}行空白记录。核查共发现错误${errors}处、提示${warnings}处（提示不影响使用）。`,
  annexByRegion: '各市（地）数据核查结果',
  annexChecks: '核查发现的问题',
  annexRegionColumn: '地区',
};

const en: ApparatusMessages = {
  frontTitle: 'Citation and disclaimer',
  citationHeading: 'Suggested citation',
  citationDefault: (issuer, title, year, lang) => (lang === 'zh' ? `${issuer}：《${title}》，${year}年。` : `${issuer} (${year}), ${title}.`),
  disclaimerHeading: 'Disclaimer',
  disclaimer: (issuer) =>
    `The views and recommendations in this report are the research team’s analysis and do not represent the official position of ${issuer} or of any government department. The figures are weighted estimates from a sample survey and carry sampling error; each is given with its margin of error and base, which should be read with it.`,
  dataNote: (issuer) => `Prepared by ${issuer} from the survey data; every figure and estimate can be reproduced from the accompanying data and programs.`,
  recommendationsTitle: 'Recommendations',
  recommendationsGenerated: (region) =>
    `No recommendations have been written for ${region ?? 'the province'} yet. The gaps the data show${region === null ? '' : ' against the province'} are listed here as a starting point:`,
  gapItem: (indicator, value, province) => `${indicator}: ${value}, against ${province} for the province`,
  gapRegions: (indicator, province, regions) => `${indicator} (province ${province}): ${regions.join(', ')} significantly behind the province`,
  noGaps: (region) => `${region ?? 'The province'} shows no significant gap on the key indicators; the data alone point to no particular priority.`,
  glossaryTitle: 'Glossary',
  glossaryHeader: ['Term', 'Meaning'],
  glossary: [
    { term: 'Base (n)', definition: 'The unweighted number of responses an estimate rests on; for a filtered question, only the units that were asked it.' },
    { term: 'Margin of error', definition: 'Half the width of the 95% confidence interval. For shares it is in percentage points: “45% (±3 points)” means the population share lies roughly between 42% and 48%.' },
    { term: 'Confidence interval', definition: 'The range, computed from the sample design, that contains the population value with 95% confidence.' },
    { term: 'Significant difference', definition: 'A difference between a prefecture and the province that a test (on the prefecture’s own degrees of freedom, adjusted for multiple comparisons) finds unlikely to be due to sampling error alone.' },
    { term: 'Degrees of freedom', definition: 'The amount of independent information behind a variance estimate, about the number of primary sampling units (counties) minus the number of strata; few degrees of freedom make intervals wider.' },
    { term: 'Effective sample size', definition: 'The number of simple-random-sample responses the sample is worth once weighting and clustering are taken into account.' },
    { term: 'Suppressed (—)', definition: 'An estimate that does not meet the presentation standard (an effective sample below 30, too wide an interval, or not estimable) and is not shown.' },
    { term: 'Low precision (†)', definition: 'An estimate that is shown but rests on fewer than 8 degrees of freedom or few responses: read it with caution.' },
    { term: 'Median', definition: 'The middle value when units are ranked; for skewed amounts such as revenue or staff numbers it represents a typical unit better than the average.' },
    { term: 'Top-two share', definition: 'For a rating scale, the share choosing its top two points (such as “agree” and “strongly agree”).' },
  ],
  limitationsHeading: 'Limitations',
  limitationsGenerated: [
    'Each prefecture is represented by only 3 to 10 sampled counties, so regional estimates rest on few degrees of freedom and have wide intervals; many estimates for the smaller prefectures are marked as low precision or suppressed.',
    'The survey is cross-sectional: it shows associations, not causes.',
  ],
  populationHeading: 'Population and sample',
  populationSentence: (definition, size) => `The target population is ${definition.charAt(0).toLowerCase()}${definition.slice(1).replace(/\.$/, '')}${size === null ? '' : `, about ${size} organisations`}.`,
  frameSentence: (frame, allocation) => (allocation === null ? frame : `${frame} ${allocation}`),
  fieldworkDates: (start, end, mode, agency) => `Fieldwork ran from ${start} to ${end}: ${mode}${agency === null ? '' : `, organised by the ${agency}`}.`,
  responseSentence: (responded, sampled, rate) => `Of ${sampled} organisations sampled, ${responded} returned a questionnaire, a response rate of ${rate} (questionnaires returned over units sampled).`,
  analysedSentence: (n) => `After every answer was checked, ${n} valid responses were analysed; Appendix B describes the checks.`,
  designTableCaption: 'Sample, response and degrees of freedom by prefecture',
  designHeader: { region: 'Prefecture', sampled: 'Sampled', responded: 'Returned', rate: 'Response rate (%)', n: 'Valid responses (n)', psus: 'Primary sampling units (counties)', df: 'Degrees of freedom' },
  designNote: 'Degrees of freedom are the primary sampling units less the strata; every regional interval and test uses them.',
  presentationHeading: 'Presentation standard',
  presentationStandard: (minBase) =>
    `The report follows the NCHS Data Presentation Standards for Proportions (Parker et al. 2017): intervals of shares are Korn–Graubard intervals; an estimate with an effective sample below ${minBase}, too wide an interval, or no estimable interval is suppressed (shown as “—”); one resting on fewer than 8 degrees of freedom is marked “†” as low precision. Averages and medians with a relative standard error above 30% are marked likewise.`,
  skipTo: (question) => ` (go to Q${question})`,
  askedIf: (question, answer) => `(Only if “${answer}” at Q${question})`,
  askedUnless: (question, answer) => `(Skip if “${answer}” at Q${question})`,
  askedSome: '(Not every organisation answers this question)',
  questionnaireIntro: (count) => `The questionnaire as respondents saw it: ${count} questions, with their answers and routing as they were printed.`,
  checkAll: '(tick all that apply)',
  pickOne: '(tick one)',
  rateOne: '(one answer per row)',
  writeNumber: (unit, range) => {
    // a unit that starts with a number ("10,000 yuan") is a multiplier the respondent counts in
    const multiplier = unit !== null && /^\d/.test(unit);
    const notes = [...(multiplier ? [`in units of ${unit}`] : []), ...(range === '' ? [] : [range])];
    return `Write in: ________${unit !== null && !multiplier ? ` ${unit}` : ''}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
  },
  annexIntro: ({ read, kept, quarantined, blank, errors, warnings }) =>
    `Before analysis every answer the prefectures sent was checked: type and range of numbers, answer codes, required questions, unique questionnaire numbers, routing, and the logical relations between questions. Of ${read} records received, ${kept} passed and were analysed; ${quarantined} were set aside for errors that could not be corrected, each with its reasons recorded; ${blank} blank ${blank === '1' ? 'line was' : 'lines were'} ignored. The checks found ${errors} errors and ${warnings} warnings (a warning does not stop a record being used).`,
  annexByRegion: 'Records checked, by prefecture',
  annexChecks: 'Problems the checks found',
  annexRegionColumn: 'Prefecture',
};

/** The apparatus sentences of one language. */
export function apparatusMessages(lang: Lang): ApparatusMessages {
  return lang === 'zh' ? zh : en;
}
