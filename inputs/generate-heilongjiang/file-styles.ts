/** How one field office lays out its response file (the quirks the ingest stage has to cope with). */
export interface FileStyle {
  sheetName: string;
  /** Empty sheets after the data sheet (Excel's default Sheet2, Sheet3 left in). */
  extraSheets: string[];
  /** Row 2: a subtitle, an empty row (''), or absent (null: the header is row 2). */
  secondRow: string | null;
  /** Header text by variable name where this office departs from the codebook's Chinese label. */
  headers: Record<string, string>;
  /** Likert groups whose items this office heads with the item text alone (the items' first alias). */
  shortLikertHeaders: string[];
  /** Separator between codes of a multiple-choice cell. */
  multiSeparator: string;
  /** Dates as date cells, or as bare Excel serial numbers (General format). */
  dates: 'date' | 'serial';
  /** Variables whose numbers this office typed as text with thousands separators ("1,234"). */
  numbersAsText: string[];
  /** County codes typed as numbers rather than text. */
  countyAsNumber: boolean;
  /** Data-row indices (0-based) after which an empty row sits inside the data. */
  blankRowsAfter: number[];
}

const BASE: FileStyle = {
  sheetName: '调查数据',
  extraSheets: [],
  secondRow: null,
  headers: {},
  shortLikertHeaders: [],
  multiSeparator: ',',
  dates: 'date',
  numbersAsText: [],
  countyAsNumber: false,
  blankRowsAfter: [],
};

/** The layout of each prefecture's file, by prefecture code. */
export const FILE_STYLES: Record<string, FileStyle> = {
  '230100': {
    ...BASE,
    secondRow: '填报单位：哈尔滨市科学技术局　　报送日期：2026年8月28日',
    blankRowsAfter: [240, 512],
  },
  '230200': {
    ...BASE,
    secondRow: '',
    headers: { resp_id: '问卷编号 ', employees: '职工人数（人）', revenue: '营业收入（万元）' },
    multiSeparator: '；',
    countyAsNumber: true,
    blankRowsAfter: [150],
  },
  '230300': { ...BASE, headers: { sector: '单位类别' } },
  '230400': { ...BASE, multiSeparator: '、', blankRowsAfter: [60] },
  '230500': { ...BASE, secondRow: '填报单位：双鸭山市科学技术局' },
  '230600': {
    ...BASE,
    sheetName: 'Sheet1',
    extraSheets: ['Sheet2', 'Sheet3'],
    headers: { revenue: '营业收入(万元)', founded_year: '成立时间(年)', rd_staff: '研发人员(人)' },
    blankRowsAfter: [100, 101, 300],
  },
  '230700': { ...BASE, headers: { employees: '从业人员数 ', org_name: '单位名称 ' } },
  '230800': { ...BASE, dates: 'serial', blankRowsAfter: [120] },
  '230900': { ...BASE, secondRow: '' },
  '231000': {
    ...BASE,
    headers: { employees: '员工人数', rd_spend: 'R&D经费支出', county: '区县代码' },
    blankRowsAfter: [50, 180, 250],
  },
  '231100': { ...BASE, sheetName: '黑河市数据', shortLikertHeaders: ['de_env'] },
  '231200': { ...BASE, numbersAsText: ['employees', 'rd_staff', 'revenue', 'rd_spend'], blankRowsAfter: [90] },
  '232700': { ...BASE, secondRow: '填报单位：大兴安岭地区科学技术局' },
};

/** The file style of a prefecture; throws for an unknown code (a bug in the generator). */
export function fileStyleOf(code: string): FileStyle {
  const style = FILE_STYLES[code];
  if (!style) throw new Error(`no file style for prefecture ${code}`);
  return style;
}
