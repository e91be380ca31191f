import type { Prefecture } from './geography.js';
import { Random, clamp, deriveSeed, logistic } from './random.js';

/** One simulated answer: a number, text, date, a list of codes (multi) or nothing. */
export type Answer = number | string | Date | number[] | null;

/** One simulated respondent: answers by variable name, in sample order. */
export interface Respondent {
  values: Record<string, Answer>;
}

/** The base seed of the example; change it and every file changes. */
export const SEED = 20261015;

const SECTOR_MEDIAN_EMPLOYEES = [380, 28, 260, 22] as const;
const SECTOR_INNOVATION = [0.2, -0.3, 0.6, 0.2] as const;
const SECTOR_DIGITAL = [0.1, -0.1, 0.1, 0.35] as const;

const BRANDS = [
  '恒远', '北辰', '龙华', '鑫源', '冰城', '兴安', '松江', '华信', '瑞丰', '远航', '天成', '中禾', '汇通', '博远', '新锐',
  '融创', '黑土', '寒地', '北斗', '金穗', '长青', '嘉禾', '宏达', '凯程', '领创', '万顺', '雪原', '极光', '东极', '林海',
] as const;
const INDUSTRY_1 = [
  '石化', '装备制造', '机械', '电气', '新材料', '食品', '药业', '汽车零部件', '重工', '能源', '化工', '农机', '电力设备',
  '精密仪器', '乳业', '木业', '石墨', '煤化工',
] as const;
const SUFFIX_1 = ['有限公司', '股份有限公司', '集团有限公司'] as const;
const INDUSTRY_2 = ['科技', '信息技术', '智能科技', '软件', '生物科技', '电子', '数据科技', '农业科技', '新能源', '环保科技'] as const;
const KIND_3 = [
  '农业科学研究所', '林业科学研究所', '工业技术研究院', '石油化工研究院', '寒地建筑研究所', '生物技术研究所', '计算技术研究所',
  '职业技术学院', '医学科学研究所', '高新技术研究院', '理工学院', '师范学院',
] as const;
const KIND_4 = [
  '科技服务有限公司', '技术转移中心', '科技企业孵化器有限公司', '检验检测有限公司', '知识产权代理有限公司', '工业设计有限公司',
  '创新创业服务中心', '生产力促进中心',
] as const;

const SUGGESTIONS_GENERAL = [
  '希望进一步落实研发费用加计扣除政策，简化申报流程。',
  '建议加大对中小企业数字化转型的专项补贴。',
  '希望搭建更多高校与企业的常态化对接平台。',
  '科技成果转化的收益分配机制需要进一步明确。',
  '建议设立省级中试基地，解决成果转化“最后一公里”问题。',
  '希望政府牵头建设行业工业互联网平台。',
  '建议提高科技型企业贷款贴息比例。',
  '政策宣传不够，很多企业不知道可以申报。',
  '希望增加本地数字化服务商的培育。',
  '数据安全标准不明确，希望出台具体指引。',
  '建议对引进的博士、高级工程师给予长期稳定支持。',
  '希望职称评审向企业一线技术人员倾斜。',
  '人才政策兑现周期太长，建议缩短审批时间。',
  '建议加强与省外高校的合作，引进先进技术。',
  '希望科技项目评审更多考虑企业实际需求。',
  '无',
] as const;
const SUGGESTIONS_REMOTE = [
  '本地冬季时间长，希望对高寒地区人才给予额外补贴。',
  '年轻人外流严重，建议在住房和子女教育上给予更大支持。',
  '网络和物流基础设施仍有短板，影响企业数字化。',
  '希望省里对边远地区企业给予更多科技项目倾斜。',
] as const;

interface CountyEffect {
  digital: number;
  talent: number;
  mood: number;
}

/** An ordinal answer 1..5 from a latent score and four cut points. */
function ordinal(score: number, cuts: readonly [number, number, number, number]): number {
  let answer = 1;
  for (const cut of cuts) if (score > cut) answer++;
  return answer;
}

const LIKERT_CUTS = [-1.6, -0.6, 0.35, 1.35] as const;

/** Up to three distinct codes (1-based), drawn without replacement with the given relative weights. */
function chooseCodes(rng: Random, weights: number[], sizes: readonly number[] = [0.3, 0.45, 0.25]): number[] {
  const count = rng.weighted(sizes) + 1;
  const remaining = weights.map((w) => Math.max(w, 0.001));
  const chosen: number[] = [];
  for (let k = 0; k < count && k < remaining.length; k++) {
    const index = rng.weighted(remaining);
    chosen.push(index + 1);
    remaining[index] = 0;
  }
  return chosen.sort((a, b) => a - b);
}

function round(x: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(x * factor) / factor;
}

/** Blank with probability p (item nonresponse). */
function maybeBlank<T extends Answer>(rng: Random, value: T, p: number): T | null {
  return rng.chance(p) ? null : value;
}

function orgName(rng: Random, prefecture: Prefecture, sector: number): string {
  const brand = rng.pick(BRANDS);
  switch (sector) {
    case 1:
      return `${prefecture.short}${brand}${rng.pick(INDUSTRY_1)}${rng.pick(SUFFIX_1)}`;
    case 2:
      return `${prefecture.short}${brand}${rng.pick(INDUSTRY_2)}有限公司`;
    case 3:
      return `${rng.chance(0.3) ? '黑龙江省' : prefecture.short}${brand}${rng.pick(KIND_3)}`;
    default:
      return `${prefecture.short}${brand}${rng.pick(KIND_4)}`;
  }
}

function likertItems(rng: Random, latent: number, intercepts: readonly number[]): (number | null)[] {
  return intercepts.map((a) => maybeBlank(rng, ordinal(latent + a + 0.65 * rng.normal(), LIKERT_CUTS), 0.015));
}

/** Simulates one respondent of the given prefecture, sector and county; `weight` is its design weight. */
function simulateRespondent(
  rng: Random,
  prefecture: Prefecture,
  sector: number,
  county: string,
  effect: CountyEffect,
  weight: number,
  id: string,
  fieldStart: number,
): Respondent {
  const s = sector - 1;
  const isHarbin = prefecture.code === '230100';
  const isDaqing = prefecture.code === '230600';
  const remote = prefecture.remoteness;
  const northFactor = Math.max(0, remote);

  // Size, age and the latent innovation and digital scores everything else hangs on.
  const median = (SECTOR_MEDIAN_EMPLOYEES[s] ?? 30) * (isHarbin || isDaqing ? 1.2 : 1) * (remote > 0.6 ? 0.8 : 1);
  const limits: [number, number][] = [[20, 30000], [2, 299], [15, 9000], [2, 600]];
  const [lowSize, highSize] = limits[s] ?? [2, 1000];
  const employees = Math.round(clamp(rng.logNormal(median, s === 1 || s === 3 ? 0.9 : 0.85), lowSize, highSize));
  const logSize = Math.log(employees / (SECTOR_MEDIAN_EMPLOYEES[s] ?? 30));
  const innovation =
    0.45 * logSize + (SECTOR_INNOVATION[s] ?? 0) + prefecture.digital + effect.digital + 0.8 * rng.normal();
  const digital =
    0.6 * innovation + 0.45 * prefecture.digital + (SECTOR_DIGITAL[s] ?? 0) + 0.5 * effect.digital + 0.6 * rng.normal();
  const mood = 0.3 * prefecture.digital + effect.mood + 0.7 * rng.normal() + (sector === 3 ? 0.15 : 0);

  const ages: [number, number, number, number][] = [[20, 0.6, 1950, 2024], [9, 0.7, 1985, 2025], [45, 0.4, 1920, 2018], [8, 0.6, 1995, 2025]];
  const [ageMedian, ageSigma, firstYear, lastYear] = ages[s] ?? [10, 0.6, 1990, 2025];
  const foundedYear = Math.round(clamp(2026 - rng.logNormal(ageMedian, ageSigma), firstYear, lastYear));

  const revenuePerHead = [75, 45, 35, 30][s] ?? 40;
  const revenue = round(employees * rng.logNormal(revenuePerHead, 0.6) * Math.exp(0.1 * innovation), 1);

  // Frontier science and technology.
  const hasRd = sector === 3 ? rng.chance(0.95) : rng.chance(logistic(-0.3 + 1.2 * innovation + (sector === 1 ? 0.6 : 0)));
  let rdStaff: number;
  if (hasRd) {
    const share = clamp(([0.09, 0.15, 0.55, 0.3][s] ?? 0.1) * Math.exp(0.4 * rng.normal() + 0.2 * innovation), 0.01, 0.95);
    rdStaff = clamp(Math.round(employees * share), 1, employees);
  } else {
    rdStaff = rng.chance(0.7) ? 0 : Math.min(employees, Math.round(employees * 0.02));
  }
  const rdSpend = hasRd ? round(rdStaff * rng.logNormal(sector === 3 ? 22 : 18, 0.5) * Math.exp(0.2 * innovation), 1) : null;
  const patents = rng.poisson(hasRd ? rdStaff * (sector === 3 ? 0.15 : 0.08) * Math.exp(0.5 * innovation) : 0.2);

  const isAgri = prefecture.code === '231200' || prefecture.code === '230800';
  const techBoosts = [
    -1.4 + (sector === 4 ? 0.4 : 0) + (sector === 3 ? 0.5 : 0) + (isHarbin ? 0.3 : 0),
    -1.6 + (sector === 1 ? 1.2 : 0) + (sector === 3 ? -1.0 : 0) + (sector === 4 ? 0.2 : 0) + (isDaqing ? 0.5 : 0),
    -1.0 + (sector === 4 ? 0.5 : 0),
    -2.2 + (sector === 1 ? 0.8 : 0) + (sector === 3 ? 0.9 : 0),
    -2.6 + (sector === 3 ? 1.2 : 0) + (isHarbin ? 0.4 : 0) + (isAgri ? 0.4 : 0),
    -1.6 + (sector === 1 ? 0.5 : 0),
    -2.0 + (sector === 1 ? 1.2 : 0) + (sector === 2 ? -0.3 : 0),
    -3.2,
  ];
  const adopted = techBoosts.flatMap((a, k) => (rng.chance(logistic(a + 1.1 * innovation)) ? [k + 1] : []));
  const techAdopted = adopted.length > 0 ? adopted : [9];
  const usesAi = adopted.includes(1);
  const aiScore = innovation + 0.3 * digital + 0.7 * rng.normal();
  const aiStage = usesAi ? (aiScore > 1.6 ? 5 : aiScore > 0.5 ? 4 : 3) : aiScore > -0.4 ? 2 : 1;

  const innovEnv = likertItems(rng, mood, [0.3, -0.2, -0.5, -0.6]);

  // Digital economy.
  const digitalStage = ordinal(digital, [-1.3, -0.2, 0.8, 1.8]);
  const cloudScore = digital + 0.7 * rng.normal();
  const cloudUse = cloudScore > 0.9 ? 1 : cloudScore > -0.6 ? 2 : 3;
  let ecommerce: number | null = null;
  if (sector !== 3) {
    const sells = rng.chance([0.35, logistic(0.2 + 0.3 * digital), 0.5, 0.3][s] ?? 0.3);
    const median = [6, 15, 0, 10][s] ?? 8;
    ecommerce = sells ? round(clamp(rng.logNormal(median, 0.9), 0.5, 95), 1) : 0;
    ecommerce = maybeBlank(rng, ecommerce, 0.03);
  }
  const securityScore = digital + 0.3 * logSize + 0.7 * rng.normal();
  const dataSecurity = securityScore > 1 ? 1 : securityScore > -0.3 ? 2 : 3;
  const digitalBarriers = chooseCodes(rng, [
    sector === 2 ? 0.65 : 0.45,
    0.45 + 0.25 * remote,
    0.35 - 0.1 * digital,
    0.2 + 0.1 * digital,
    0.12 + 0.25 * northFactor,
    0.25,
  ]);
  const deEnv = likertItems(rng, 0.8 * prefecture.digital + effect.digital + 0.5 * mood + 0.6 * rng.normal(), [
    0.6 - 0.6 * remote,
    0,
    -0.2 + 0.3 * prefecture.digital,
    -0.6,
    0.4 + 0.4 * digital,
  ]);

  // Industry-academia collaboration.
  const collab = sector === 3 ? rng.chance(0.9) : rng.chance(logistic(-0.6 + 1.0 * innovation + (hasRd ? 0.6 : -0.4)));
  const border = prefecture.code === '231000' || prefecture.code === '231100';
  const partnerWeights =
    sector === 3
      ? [0.15, 0.08, 0.12, 0.6, 0.05]
      : [0.42 + (isHarbin ? 0.1 : 0), 0.2, 0.2 + 0.05 * innovation, 0.15, 0.03 + (border ? 0.05 : 0)];
  const collabPartner = collab ? rng.weighted(partnerWeights) + 1 : null;
  const collabForms = collab
    ? chooseCodes(rng, sector === 3 ? [0.5, 0.5, 0.3, 0.35, 0.35, 0.4] : [0.5, 0.35, 0.25, 0.2, 0.35, 0.45])
    : null;
  const collabObstacles = chooseCodes(rng, [
    sector === 3 ? 0.35 : 0.5,
    0.3,
    sector === 3 ? 0.35 : 0.25,
    0.4 + (collab ? 0 : 0.2),
    0.35 + (sector === 2 ? 0.15 : 0),
    0.3,
  ]);

  // Talent.
  const talentScore =
    0.9 * remote + effect.talent + (sector === 2 ? 0.3 : 0) + (sector === 3 ? -0.2 : 0) - 0.15 * logSize + 0.8 * rng.normal();
  const recruitDifficulty = ordinal(talentScore, [-1.8, -0.9, -0.1, 0.9]);
  const hardRoles = chooseCodes(rng, [
    0.45 + (sector === 3 ? 0.2 : 0),
    0.5 + (sector === 1 ? 0.2 : 0),
    0.4 + (digital > 0 ? 0.2 : 0),
    0.25,
    0.35 + (sector === 1 ? 0.25 : 0),
    0.2 + (sector === 2 ? 0.15 : 0),
  ]);
  const turnoverMedian = 6.5 * Math.exp(0.6 * remote + (sector === 2 ? 0.2 : 0) + 0.5 * effect.talent);
  const turnover = rng.chance(0.1) ? 0 : round(clamp(rng.logNormal(turnoverMedian, 0.6), 0.1, 60), 1);
  const leaveReasons = chooseCodes(rng, [
    0.6,
    0.45,
    0.2 + 0.25 * northFactor,
    0.2 + 0.1 * northFactor,
    0.08 + 0.25 * northFactor,
    0.35 + 0.15 * remote,
  ]);
  const talentPolicies = chooseCodes(rng, [
    0.45,
    0.35,
    0.3,
    sector === 3 ? 0.6 : 0.2,
    sector === 3 ? 0.4 : 0.15,
    0.25,
    0.15 + 0.1 * northFactor,
  ]);
  const talentEnv = likertItems(rng, -0.8 * remote - effect.talent + 0.5 * mood + 0.6 * rng.normal(), [
    -0.5,
    0.1,
    -0.6,
    -0.1 - 0.4 * remote,
    0.3 + 0.3 * logSize,
  ]);

  let suggestions: string | null = null;
  if (rng.chance(0.18)) {
    suggestions = remote > 0.3 && rng.chance(0.5) ? rng.pick(SUGGESTIONS_REMOTE) : rng.pick(SUGGESTIONS_GENERAL);
  }

  const day = fieldStart + rng.int(0, 55);
  const values: Record<string, Answer> = {
    resp_id: id,
    prefecture: prefecture.code,
    county,
    sector,
    weight,
    org_name: maybeBlank(rng, orgName(rng, prefecture, sector), 0.03),
    survey_date: new Date(Date.UTC(2026, 5, 1) + day * 86_400_000),
    founded_year: maybeBlank(rng, foundedYear, 0.02),
    employees,
    revenue: maybeBlank(rng, revenue, 0.04),
    has_rd: hasRd ? 1 : 2,
    rd_staff: rdStaff,
    rd_spend: rdSpend === null ? null : maybeBlank(rng, rdSpend, 0.05),
    patents: maybeBlank(rng, patents, 0.03),
    tech_adopted: maybeBlank(rng, techAdopted, 0.01),
    ai_stage: aiStage,
    digital_stage: digitalStage,
    cloud_use: maybeBlank(rng, cloudUse, 0.01),
    ecommerce_share: ecommerce,
    data_security: dataSecurity,
    digital_barriers: maybeBlank(rng, digitalBarriers, 0.01),
    collab_any: collab ? 1 : 2,
    collab_partner: collabPartner,
    collab_forms: collabForms,
    collab_obstacles: maybeBlank(rng, collabObstacles, 0.01),
    recruit_difficulty: recruitDifficulty,
    hard_roles: maybeBlank(rng, hardRoles, 0.01),
    turnover_rate: maybeBlank(rng, turnover, 0.03),
    leave_reasons: maybeBlank(rng, leaveReasons, 0.01),
    talent_policies: maybeBlank(rng, talentPolicies, 0.01),
    suggestions,
  };
  innovEnv.forEach((v, i) => (values[`innov_env_${i + 1}`] = v));
  deEnv.forEach((v, i) => (values[`de_env_${i + 1}`] = v));
  talentEnv.forEach((v, i) => (values[`talent_env_${i + 1}`] = v));
  return { values };
}

/**
 * Simulates the whole sample of one prefecture: sectors shuffled into entry order, counties drawn by their
 * shares with a county random effect, and weights = population / sample of the prefecture x sector cell times
 * a small nonresponse adjustment (so the weights do not hit the margins exactly and raking has work to do).
 */
export function simulatePrefecture(prefecture: Prefecture): Respondent[] {
  const rng = new Random(deriveSeed(SEED, prefecture.code));
  const effects = new Map<string, CountyEffect>(
    prefecture.counties.map((c) => [c.code, { digital: 0.25 * rng.normal(), talent: 0.2 * rng.normal(), mood: 0.2 * rng.normal() }]),
  );
  const sectors = prefecture.sample.flatMap((n, s) => Array.from({ length: n }, () => s + 1));
  for (let i = sectors.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [sectors[i], sectors[j]] = [sectors[j] ?? 1, sectors[i] ?? 1];
  }
  const fieldStart = rng.int(10, 30);
  return sectors.map((sector, i) => {
    const county = prefecture.counties[rng.weighted(prefecture.countyShares)];
    if (!county) throw new Error(`no county drawn for ${prefecture.code}`);
    const cell = (prefecture.population[sector - 1] ?? 1) / (prefecture.sample[sector - 1] ?? 1);
    const weight = round(Math.max(1, cell * clamp(Math.exp(0.1 * rng.normal()), 0.8, 1.25)), 4);
    const effect = effects.get(county.code) ?? { digital: 0, talent: 0, mood: 0 };
    const id = `${prefecture.code}-${String(i + 1).padStart(4, '0')}`;
    return simulateRespondent(rng, prefecture, sector, county.code, effect, weight, id, fieldStart);
  });
}
