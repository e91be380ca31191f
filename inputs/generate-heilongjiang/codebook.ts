import type { Code, Codebook, Variable } from '../../schemas/codebook.js';
import { PREFECTURES, SECTORS } from './geography.js';

type Pair = readonly [zh: string, en: string];

function codes(labels: readonly (readonly [zh: string, en: string, phrase?: { zh: string; en: string }])[]): Code[] {
  return labels.map(([zh, en, phrase], i) => ({ code: i + 1, label: { zh, en }, ...(phrase ? { phrase } : {}) }));
}

const YES_NO = codes([['是', 'Yes'], ['否', 'No']]);

/** The five Likert answers, 1 = strongly disagree .. 5 = strongly agree. */
export const LIKERT_CODES = codes([
  ['非常不同意', 'Strongly disagree'],
  ['不太同意', 'Disagree'],
  ['一般', 'Neither agree nor disagree'],
  ['比较同意', 'Agree'],
  ['非常同意', 'Strongly agree'],
]);

function likertBattery(group: string, theme: string, prefix: Pair, items: readonly (readonly [zh: string, en: string, phrase?: Pair])[]): Variable[] {
  return items.map(([zh, en, phrase], i) => ({
    name: `${group}_${i + 1}`,
    type: 'likert',
    label: { zh: `${prefix[0]}：${zh}`, en: `${prefix[1]}: ${en}` },
    aliases: [zh],
    codes: LIKERT_CODES,
    min: 1,
    max: 5,
    theme,
    group,
    ...(phrase ? { phrase: { zh: phrase[0], en: phrase[1] } } : {}),
  }));
}

const WAN_YUAN = { zh: '万元', en: '10,000 yuan' };
const PERCENT = { zh: '%', en: '%' };

/** The example codebook, in questionnaire order: the source of truth that codebook.xlsx is written from. */
export const CODEBOOK: Codebook = [
  // Design variables: no theme.
  {
    name: 'resp_id', type: 'id', label: { zh: '问卷编号', en: 'Questionnaire ID' },
    aliases: ['编号', '样本编号', '问卷号'], required: true, unique: true, report: false,
  },
  {
    name: 'prefecture', type: 'single', label: { zh: '所在市（地）', en: 'Prefecture' },
    aliases: ['地市', '所在地市', '市（地）代码', '所在市(地)'],
    codes: PREFECTURES.map((p) => ({ code: p.code, label: { zh: p.zh, en: p.en } })), required: true,
  },
  {
    name: 'county', type: 'text', label: { zh: '县（市、区）代码', en: 'County code' },
    aliases: ['区县代码', '县区代码', '县(市、区)代码'], required: true,
  },
  {
    name: 'sector', type: 'single', label: { zh: '单位类型', en: 'Type of organisation' },
    aliases: ['单位类别', '机构类型'], codes: SECTORS.map((s) => ({ code: s.code, label: { zh: s.zh, en: s.en }, phrase: s.phrase })),
    required: true,
  },
  {
    name: 'weight', type: 'number', label: { zh: '抽样权数', en: 'Sampling weight' },
    aliases: ['权数', '权重'], min: 0.01, required: true, report: false,
  },
  // Profile of the organisation.
  {
    name: 'org_name', type: 'text', label: { zh: '单位名称', en: 'Name of organisation' },
    aliases: ['单位全称', '企业名称'], theme: 'profile', report: false,
  },
  {
    name: 'survey_date', type: 'date', label: { zh: '填报日期', en: 'Date of response' },
    aliases: ['填表日期', '调查日期'], theme: 'profile', report: false,
  },
  {
    name: 'founded_year', type: 'integer', label: { zh: '成立年份', en: 'Year founded' },
    aliases: ['成立时间（年）', '成立时间(年)'], min: 1900, max: 2026, theme: 'profile', report: false,
  },
  {
    name: 'employees', type: 'integer', label: { zh: '从业人员数', en: 'Number of employees' },
    aliases: ['员工人数', '职工人数（人）', '职工人数(人)', '从业人员（人）'], min: 0, theme: 'profile', unit: { zh: '人', en: 'employees' },
    summary: 'median', phrase: { zh: '从业人员数', en: 'number of employees' }, priority: 1,
  },
  {
    name: 'revenue', type: 'number', label: { zh: '上年营业收入', en: 'Operating revenue last year' },
    aliases: ['营业收入（万元）', '营业收入(万元)', '主营业务收入'], min: 0, theme: 'profile', unit: WAN_YUAN,
    summary: 'median', phrase: { zh: '上年营业收入', en: 'operating revenue last year' }, priority: 1,
  },
  // Frontier science and technology.
  {
    name: 'has_rd', type: 'single', label: { zh: '是否设有研发机构', en: 'Has an R&D department' },
    aliases: ['有无研发机构'], codes: YES_NO, theme: 'frontier_tech',
    phrase: { zh: '设有研发机构', en: 'have an R&D department' }, priority: 3,
  },
  {
    name: 'rd_staff', type: 'integer', label: { zh: '研发人员数', en: 'R&D personnel' },
    aliases: ['研发人员（人）', '研发人员(人)'], min: 0, rule: 'rd_staff <= employees', theme: 'frontier_tech',
    unit: { zh: '人', en: 'R&D staff' }, summary: 'median', phrase: { zh: '研发人员数', en: 'number of R&D staff' },
  },
  {
    name: 'rd_spend', type: 'number', label: { zh: '上年研发经费支出', en: 'R&D expenditure last year' },
    aliases: ['研发经费（万元）', '研发经费(万元)', 'R&D经费支出'], min: 0, skip_if: 'has_rd == 2',
    theme: 'frontier_tech', unit: WAN_YUAN, summary: 'median', phrase: { zh: '上年研发经费支出', en: 'R&D expenditure last year' },
  },
  {
    name: 'patents', type: 'integer', label: { zh: '有效发明专利数', en: 'Valid invention patents' },
    aliases: ['发明专利（件）', '发明专利(件)'], min: 0, theme: 'frontier_tech',
    unit: { zh: '件', en: 'patents' }, summary: 'median', phrase: { zh: '有效发明专利', en: 'valid invention patents' },
  },
  {
    name: 'tech_adopted', type: 'multi', label: { zh: '已应用的前沿技术', en: 'Frontier technologies in use' },
    aliases: ['已应用前沿技术（可多选）'], theme: 'frontier_tech', priority: 2,
    phrase: { zh: '已应用的前沿技术', en: 'the frontier technologies they use' },
    codes: codes([
      ['人工智能（含大模型）', 'Artificial intelligence (incl. large models)'],
      ['工业互联网', 'Industrial internet'],
      ['大数据分析', 'Big data analytics'],
      ['新材料', 'New materials'],
      ['生物技术', 'Biotechnology'],
      ['物联网', 'Internet of Things'],
      ['机器人与智能制造', 'Robotics and smart manufacturing'],
      ['区块链', 'Blockchain'],
      ['以上均未应用', 'None of these'],
    ]).map((c) => (c.code === 1 ? { ...c, phrase: { zh: '人工智能', en: 'artificial intelligence' } } : c)),
  },
  {
    name: 'ai_stage', type: 'single', label: { zh: '人工智能应用阶段', en: 'Stage of AI use' },
    aliases: ['AI应用阶段'], theme: 'frontier_tech', ordinal: true, priority: 2,
    phrase: { zh: '人工智能应用阶段', en: 'stage of AI use' },
    codes: codes([
      ['尚未考虑', 'Not considered'],
      ['正在了解', 'Exploring'],
      ['试点应用', 'Piloting'],
      ['部分业务应用', 'In use in some operations'],
      ['广泛应用', 'Widely used'],
    ]),
  },
  ...likertBattery('innov_env', 'frontier_tech', ['创新环境', 'Innovation environment'], [
    ['科技创新政策支持力度大', 'Science and innovation policies give strong support', ['认为科技创新政策支持力度大', 'find policy support for innovation strong']],
    ['研发费用加计扣除等政策容易享受', 'Tax incentives such as the R&D super-deduction are easy to claim', ['认为研发费用加计扣除等政策容易享受', 'find R&D tax incentives easy to claim']],
    ['科技成果转化渠道畅通', 'Channels for commercialising research results work well', ['认为科技成果转化渠道畅通', 'find the channels for commercialising research work well']],
    ['科技金融服务能满足需要', 'Technology finance services meet our needs', ['认为科技金融服务能满足需要', 'find that technology finance meets their needs']],
  ]),
  // Digital economy.
  {
    name: 'digital_stage', type: 'single', label: { zh: '数字化转型阶段', en: 'Stage of digital transformation' },
    aliases: ['数字化水平'], theme: 'digital_economy', ordinal: true, priority: 2,
    phrase: { zh: '数字化转型阶段', en: 'stage of digital transformation' },
    codes: codes([
      ['尚未起步', 'Not started'],
      ['单点应用', 'Isolated applications'],
      ['局部集成', 'Partial integration'],
      ['全面集成', 'Full integration'],
      ['数据驱动创新', 'Data-driven innovation'],
    ]),
  },
  {
    name: 'cloud_use', type: 'single', label: { zh: '上云情况', en: 'Use of cloud services' },
    aliases: ['企业上云情况'], theme: 'digital_economy', ordinal: true,
    phrase: { zh: '上云情况', en: 'use of cloud services' },
    codes: codes([
      ['核心业务上云', 'Core operations on the cloud'],
      ['部分业务上云', 'Some operations on the cloud'],
      ['未上云', 'Not on the cloud'],
    ]),
  },
  {
    name: 'ecommerce_share', type: 'number', label: { zh: '电子商务销售额占比', en: 'E-commerce share of sales' },
    aliases: ['网上销售占比（%）', '网上销售占比(%)'], min: 0, max: 100, skip_if: 'sector == 3',
    theme: 'digital_economy', unit: PERCENT, summary: 'median', phrase: { zh: '电子商务销售额占比', en: 'e-commerce share of sales' },
  },
  {
    name: 'data_security', type: 'single', label: { zh: '数据安全管理', en: 'Data security management' },
    aliases: ['数据安全管理措施'], theme: 'digital_economy', ordinal: true,
    phrase: { zh: '数据安全管理', en: 'data security management' },
    codes: codes([
      ['有专门制度和团队', 'Dedicated policy and team'],
      ['有制度无专门团队', 'Policy without a dedicated team'],
      ['尚无专门措施', 'No specific measures yet'],
    ]),
  },
  {
    name: 'digital_barriers', type: 'multi', label: { zh: '数字化转型主要障碍', en: 'Main barriers to digital transformation' },
    aliases: ['数字化转型障碍（可多选）'], theme: 'digital_economy', negative: true, priority: 2,
    phrase: { zh: '数字化转型的主要障碍', en: 'the main barriers to digital transformation' },
    codes: codes([
      ['资金投入不足', 'Lack of funds', { zh: '资金投入不足', en: 'a lack of funds' }],
      ['缺乏数字化人才', 'Lack of digital talent', { zh: '缺乏数字化人才', en: 'a lack of digital talent' }],
      ['转型收益不明确', 'Unclear returns'],
      ['数据安全顾虑', 'Data security concerns'],
      ['网络基础设施不足', 'Inadequate network infrastructure'],
      ['缺少合适的解决方案', 'No suitable solutions on offer'],
    ]),
  },
  ...likertBattery('de_env', 'digital_economy', ['数字经济环境', 'Digital economy environment'], [
    ['本地网络基础设施能满足需要', 'Local network infrastructure meets our needs', ['认为本地网络基础设施能满足需要', 'find local network infrastructure adequate']],
    ['数字化转型扶持政策清晰易获得', 'Support for digital transformation is clear and easy to obtain', ['认为数字化转型扶持政策清晰易获得', 'find support for digital transformation clear and easy to obtain']],
    ['本地有可靠的数字化服务商', 'Reliable digital service providers are available locally', ['认为本地有可靠的数字化服务商', 'find reliable digital service providers locally']],
    ['数据流通与交易渠道畅通', 'Channels for sharing and trading data work well', ['认为数据流通与交易渠道畅通', 'find the channels for sharing and trading data work well']],
    ['本单位管理层重视数字化转型', 'Our management gives priority to digital transformation', ['表示管理层重视数字化转型', 'say their management gives priority to digital transformation']],
  ]),
  // Industry-academia collaboration.
  {
    name: 'collab_any', type: 'single', label: { zh: '近三年是否开展产学研合作', en: 'Industry-academia collaboration in the past three years' },
    aliases: ['是否开展产学研合作'], codes: YES_NO, theme: 'collaboration', priority: 3,
    phrase: { zh: '近三年开展过产学研合作', en: 'have collaborated with universities or institutes in the past three years' },
  },
  {
    name: 'collab_partner', type: 'single', label: { zh: '主要合作伙伴', en: 'Main collaboration partner' },
    aliases: ['主要合作对象'], skip_if: 'collab_any == 2', theme: 'collaboration',
    phrase: { zh: '主要合作伙伴', en: 'main partner' },
    codes: codes([
      ['省内高校', 'Universities in the province'],
      ['省内科研院所', 'Research institutes in the province'],
      ['省外高校及科研院所', 'Universities and institutes outside the province'],
      ['企业', 'Enterprises'],
      ['境外机构', 'Institutions abroad'],
    ]),
  },
  {
    name: 'collab_forms', type: 'multi', label: { zh: '合作形式', en: 'Forms of collaboration' },
    aliases: ['产学研合作形式（可多选）'], skip_if: 'collab_any == 2', theme: 'collaboration',
    phrase: { zh: '合作形式', en: 'their forms of collaboration' },
    codes: codes([
      ['委托研发', 'Contract research'],
      ['联合攻关', 'Joint research projects'],
      ['共建研发平台', 'Joint R&D platforms or laboratories'],
      ['技术转让与许可', 'Technology transfer and licensing'],
      ['人才联合培养', 'Joint training of talent'],
      ['技术咨询服务', 'Technical consulting'],
    ]),
  },
  {
    name: 'collab_obstacles', type: 'multi', label: { zh: '产学研合作主要障碍', en: 'Main obstacles to collaboration' },
    aliases: ['合作障碍（可多选）'], theme: 'collaboration', negative: true, priority: 2,
    phrase: { zh: '产学研合作的主要障碍', en: 'the main obstacles to collaboration' },
    codes: codes([
      ['科研成果与企业需求不匹配', 'Research results do not match business needs', { zh: '科研成果与企业需求不匹配', en: 'a mismatch between research results and business needs' }],
      ['利益分配难以协商', 'Hard to agree on sharing the benefits'],
      ['知识产权归属不清', 'Unclear ownership of intellectual property'],
      ['缺乏对接渠道', 'No channels to find partners'],
      ['合作资金不足', 'Lack of funding'],
      ['成果转化周期长', 'Commercialisation takes too long'],
    ]),
  },
  // Talent.
  {
    name: 'recruit_difficulty', type: 'likert', label: { zh: '高层次人才招聘难度', en: 'Difficulty recruiting highly skilled staff' },
    aliases: ['招聘难度'], theme: 'talent', min: 1, max: 5, negative: true, priority: 4,
    phrase: { zh: '认为招聘高层次人才困难', en: 'find it difficult to recruit highly skilled staff' },
    codes: codes([
      ['很容易', 'Very easy'],
      ['比较容易', 'Fairly easy'],
      ['一般', 'Neither easy nor difficult'],
      ['比较困难', 'Fairly difficult'],
      ['非常困难', 'Very difficult'],
    ]),
  },
  {
    name: 'hard_roles', type: 'multi', label: { zh: '最难招聘的岗位', en: 'Hardest positions to fill' },
    aliases: ['招聘困难岗位（可多选）'], theme: 'talent', negative: true,
    phrase: { zh: '最难招聘的岗位', en: 'the hardest positions to fill' },
    codes: codes([
      ['研发人员', 'R&D staff'],
      ['工程技术人员', 'Engineers and technicians'],
      ['数字技术人才', 'Digital specialists'],
      ['高级管理人员', 'Senior managers'],
      ['高技能工人', 'Highly skilled workers'],
      ['市场营销人员', 'Sales and marketing staff'],
    ]),
  },
  {
    name: 'turnover_rate', type: 'number', label: { zh: '上年核心人才流失率', en: 'Turnover of key staff last year' },
    aliases: ['核心人才流失率（%）', '核心人才流失率(%)'], min: 0, max: 100, theme: 'talent', unit: PERCENT, negative: true, summary: 'median',
    phrase: { zh: '上年核心人才流失率', en: 'turnover of key staff last year' },
  },
  {
    name: 'leave_reasons', type: 'multi', label: { zh: '人才离职主要原因', en: 'Main reasons key staff leave' },
    aliases: ['离职原因（可多选）'], theme: 'talent', negative: true, priority: 2,
    phrase: { zh: '人才离职的主要原因', en: 'the main reasons key staff leave' },
    codes: codes([
      ['薪酬待遇偏低', 'Low pay', { zh: '薪酬待遇偏低', en: 'low pay' }],
      ['职业发展空间有限', 'Limited career prospects'],
      ['城市生活环境', 'Living environment of the city'],
      ['子女教育与家庭因素', "Children's education and family"],
      ['气候条件', 'Climate'],
      ['流向省外发达地区', 'Moving to more developed provinces'],
    ]),
  },
  {
    name: 'talent_policies', type: 'multi', label: { zh: '最看重的人才政策', en: 'Talent policies valued most' },
    aliases: ['看重的人才政策（可多选）'], theme: 'talent',
    phrase: { zh: '最看重的人才政策', en: 'the talent policies they value most' },
    codes: codes([
      ['住房保障与购房补贴', 'Housing support'],
      ['安家费与生活补贴', 'Settling-in allowances'],
      ['子女入学保障', 'School places for children'],
      ['科研项目与经费支持', 'Research projects and funding'],
      ['职称评审绿色通道', 'Fast-track professional titles'],
      ['个人所得税优惠', 'Income-tax relief'],
      ['配偶就业安置', 'Jobs for spouses'],
    ]),
  },
  ...likertBattery('talent_env', 'talent', ['人才环境', 'Talent environment'], [
    ['本地薪酬水平有竞争力', 'Local pay levels are competitive', ['认为本地薪酬水平有竞争力', 'find local pay competitive']],
    ['人才政策落实到位', 'Talent policies are implemented well', ['认为人才政策落实到位', 'find talent policies well implemented']],
    ['青年人才愿意留在本地发展', 'Young professionals are willing to build careers here', ['认为青年人才愿意留在本地发展', 'believe young professionals are willing to build careers locally']],
    ['教育医疗等公共服务令人满意', 'Public services such as schools and hospitals are satisfactory', ['对教育医疗等公共服务感到满意', 'are satisfied with public services such as schools and hospitals']],
    ['本单位有清晰的晋升通道', 'Our organisation offers clear promotion paths', ['表示本单位有清晰的晋升通道', 'say their organisation offers clear promotion paths']],
  ]),
  // Closing question: free text, not estimated, so no theme.
  {
    name: 'suggestions', type: 'text', label: { zh: '意见和建议', en: 'Suggestions' },
    aliases: ['其他意见建议', '意见建议'], report: false,
  },
];
