/** One county-level division: a PSU (cluster) of the example design. */
export interface County {
  code: string;
  zh: string;
}

/** One prefecture-level division: a stratum, with its sample and population by sector and its regional effects. */
export interface Prefecture {
  code: string;
  zh: string;
  en: string;
  /** File-name slug: `<code>-<slug>.xlsx`. */
  slug: string;
  /** The short name used in organisation names. */
  short: string;
  counties: County[];
  /** Sample size by sector 1..4. */
  sample: [number, number, number, number];
  /** Population count (enterprises or institutes) by sector 1..4: margins.csv. */
  population: [number, number, number, number];
  /** Regional effect on digitalisation and frontier-technology use (latent scale, about -0.6..0.6). */
  digital: number;
  /** How hard it is to attract and keep talent here (latent scale; northern forest regions highest). */
  remoteness: number;
  /** Relative weight of each county in the sample (larger urban districts hold more organisations). */
  countyShares: number[];
}

/** The sectors (type of organisation): code, labels, and their effects on the simulated answers. */
export const SECTORS = [
  { code: 1, zh: '规模以上工业企业', en: 'Industrial enterprise above designated size', phrase: { zh: '规模以上工业企业', en: 'industrial enterprises above designated size' } },
  { code: 2, zh: '中小微企业', en: 'Small, medium or micro enterprise', phrase: { zh: '中小微企业', en: 'small, medium and micro enterprises' } },
  { code: 3, zh: '科研院所及高校', en: 'Research institute or university', phrase: { zh: '科研院所和高校', en: 'research institutes and universities' } },
  { code: 4, zh: '科技服务机构', en: 'Technology service provider', phrase: { zh: '科技服务机构', en: 'technology service providers' } },
] as const;

/**
 * Heilongjiang's 13 prefecture-level divisions (GB/T 2260 codes) with the counties sampled in each.
 * Population counts are plausible orders of magnitude for organisations in scope, not official statistics.
 */
export const PREFECTURES: Prefecture[] = [
  {
    code: '230100', zh: '哈尔滨市', en: 'Harbin', slug: 'harbin', short: '哈尔滨',
    counties: [
      { code: '230102', zh: '道里区' }, { code: '230103', zh: '南岗区' }, { code: '230104', zh: '道外区' },
      { code: '230108', zh: '平房区' }, { code: '230109', zh: '松北区' }, { code: '230110', zh: '香坊区' },
      { code: '230111', zh: '呼兰区' }, { code: '230112', zh: '阿城区' }, { code: '230113', zh: '双城区' },
      { code: '230183', zh: '尚志市' },
    ],
    countyShares: [16, 22, 9, 12, 14, 13, 4, 4, 3, 3],
    sample: [200, 330, 90, 100], population: [1150, 9800, 165, 1450], digital: 0.5, remoteness: -0.35,
  },
  {
    code: '230200', zh: '齐齐哈尔市', en: 'Qiqihar', slug: 'qiqihar', short: '齐齐哈尔',
    counties: [
      { code: '230202', zh: '龙沙区' }, { code: '230203', zh: '建华区' }, { code: '230204', zh: '铁锋区' },
      { code: '230206', zh: '富拉尔基区' }, { code: '230221', zh: '龙江县' }, { code: '230231', zh: '拜泉县' },
      { code: '230281', zh: '讷河市' },
    ],
    countyShares: [20, 22, 16, 18, 8, 6, 10],
    sample: [110, 160, 25, 35], population: [420, 3150, 38, 300], digital: 0.05, remoteness: 0.1,
  },
  {
    code: '230300', zh: '鸡西市', en: 'Jixi', slug: 'jixi', short: '鸡西',
    counties: [
      { code: '230302', zh: '鸡冠区' }, { code: '230303', zh: '恒山区' }, { code: '230306', zh: '城子河区' },
      { code: '230381', zh: '虎林市' }, { code: '230382', zh: '密山市' },
    ],
    countyShares: [36, 16, 14, 16, 18],
    sample: [60, 85, 10, 15], population: [180, 1180, 14, 120], digital: -0.2, remoteness: 0.35,
  },
  {
    code: '230400', zh: '鹤岗市', en: 'Hegang', slug: 'hegang', short: '鹤岗',
    counties: [
      { code: '230402', zh: '向阳区' }, { code: '230403', zh: '工农区' }, { code: '230406', zh: '东山区' },
      { code: '230421', zh: '萝北县' },
    ],
    countyShares: [34, 30, 20, 16],
    sample: [42, 60, 6, 12], population: [110, 720, 8, 70], digital: -0.3, remoteness: 0.45,
  },
  {
    code: '230500', zh: '双鸭山市', en: 'Shuangyashan', slug: 'shuangyashan', short: '双鸭山',
    counties: [
      { code: '230502', zh: '尖山区' }, { code: '230503', zh: '岭东区' }, { code: '230506', zh: '宝山区' },
      { code: '230521', zh: '集贤县' }, { code: '230523', zh: '宝清县' },
    ],
    countyShares: [34, 14, 16, 18, 18],
    sample: [45, 65, 7, 13], population: [130, 780, 9, 80], digital: -0.25, remoteness: 0.4,
  },
  {
    code: '230600', zh: '大庆市', en: 'Daqing', slug: 'daqing', short: '大庆',
    counties: [
      { code: '230602', zh: '萨尔图区' }, { code: '230603', zh: '龙凤区' }, { code: '230604', zh: '让胡路区' },
      { code: '230605', zh: '红岗区' }, { code: '230606', zh: '大同区' }, { code: '230621', zh: '肇州县' },
      { code: '230624', zh: '杜尔伯特蒙古族自治县' },
    ],
    countyShares: [26, 18, 22, 12, 10, 6, 6],
    sample: [150, 190, 35, 45], population: [560, 3700, 42, 460], digital: 0.45, remoteness: -0.1,
  },
  {
    code: '230700', zh: '伊春市', en: 'Yichun', slug: 'yichun', short: '伊春',
    counties: [
      { code: '230717', zh: '伊美区' }, { code: '230718', zh: '乌翠区' }, { code: '230751', zh: '金林区' },
      { code: '230781', zh: '铁力市' },
    ],
    countyShares: [36, 20, 16, 28],
    sample: [32, 52, 6, 10], population: [70, 520, 8, 55], digital: -0.35, remoteness: 0.7,
  },
  {
    code: '230800', zh: '佳木斯市', en: 'Jiamusi', slug: 'jiamusi', short: '佳木斯',
    counties: [
      { code: '230803', zh: '向阳区' }, { code: '230804', zh: '前进区' }, { code: '230805', zh: '东风区' },
      { code: '230811', zh: '郊区' }, { code: '230881', zh: '同江市' }, { code: '230882', zh: '富锦市' },
    ],
    countyShares: [24, 22, 16, 16, 8, 14],
    sample: [75, 110, 20, 25], population: [230, 1650, 26, 190], digital: -0.05, remoteness: 0.2,
  },
  {
    code: '230900', zh: '七台河市', en: 'Qitaihe', slug: 'qitaihe', short: '七台河',
    counties: [
      { code: '230902', zh: '新兴区' }, { code: '230903', zh: '桃山区' }, { code: '230904', zh: '茄子河区' },
      { code: '230921', zh: '勃利县' },
    ],
    countyShares: [32, 30, 18, 20],
    sample: [38, 48, 5, 9], population: [95, 560, 6, 50], digital: -0.3, remoteness: 0.45,
  },
  {
    code: '231000', zh: '牡丹江市', en: 'Mudanjiang', slug: 'mudanjiang', short: '牡丹江',
    counties: [
      { code: '231002', zh: '东安区' }, { code: '231003', zh: '阳明区' }, { code: '231004', zh: '爱民区' },
      { code: '231005', zh: '西安区' }, { code: '231081', zh: '绥芬河市' }, { code: '231083', zh: '海林市' },
      { code: '231084', zh: '宁安市' },
    ],
    countyShares: [18, 16, 16, 16, 12, 12, 10],
    sample: [95, 135, 20, 30], population: [270, 2050, 24, 230], digital: 0.1, remoteness: 0.1,
  },
  {
    code: '231100', zh: '黑河市', en: 'Heihe', slug: 'heihe', short: '黑河',
    counties: [
      { code: '231102', zh: '爱辉区' }, { code: '231181', zh: '北安市' }, { code: '231182', zh: '五大连池市' },
      { code: '231183', zh: '嫩江市' },
    ],
    countyShares: [38, 26, 14, 22],
    sample: [35, 65, 8, 12], population: [85, 740, 11, 75], digital: -0.3, remoteness: 0.7,
  },
  {
    code: '231200', zh: '绥化市', en: 'Suihua', slug: 'suihua', short: '绥化',
    counties: [
      { code: '231202', zh: '北林区' }, { code: '231222', zh: '兰西县' }, { code: '231224', zh: '庆安县' },
      { code: '231281', zh: '安达市' }, { code: '231282', zh: '肇东市' }, { code: '231283', zh: '海伦市' },
    ],
    countyShares: [26, 10, 10, 18, 24, 12],
    sample: [80, 115, 13, 22], population: [260, 1950, 15, 160], digital: -0.15, remoteness: 0.25,
  },
  {
    code: '232700', zh: '大兴安岭地区', en: 'Da Hinggan Ling', slug: 'daxinganling', short: '大兴安岭',
    counties: [{ code: '232701', zh: '漠河市' }, { code: '232721', zh: '呼玛县' }, { code: '232722', zh: '塔河县' }],
    countyShares: [40, 28, 32],
    sample: [15, 26, 3, 6], population: [22, 210, 4, 25], digital: -0.5, remoteness: 0.9,
  },
];
