import type { Codebook } from '../../schemas/codebook.js';
import type { CellValue } from './cells.js';
import { Random, deriveSeed } from './random.js';
import { SEED, type Answer, type Respondent } from './simulate.js';

/** The kinds of bad cell the example plants; each should give validation exactly one issue at that cell. */
export type DefectKind =
  | 'not_a_number'
  | 'not_an_integer'
  | 'out_of_range'
  | 'required_missing'
  | 'duplicate_id'
  | 'date_in_number'
  | 'code_not_in_list'
  | 'skip_violation'
  | 'rule_violation'
  | 'not_a_date';

/** One prefecture's sample while defects are planted: the simulated answers and the cells to be written. */
export interface Sample {
  respondents: Respondent[];
  cells: CellValue[][];
}

/** Where a defect was planted: prefecture file, respondent index, variable, and what the cell now holds. */
export interface DefectPlacement {
  prefecture: string;
  index: number;
  variable: string;
  kind: DefectKind;
  value: CellValue;
  expected: string;
  /** For a duplicated id: the respondent whose id was copied. */
  duplicateOf?: { prefecture: string; index: number };
}

interface DefectSpec {
  prefecture: string;
  variable: string;
  kind: DefectKind;
  expected: string;
  eligible: (v: Record<string, Answer>) => boolean;
  value: (v: Record<string, Answer>, rng: Random, samples: Map<string, Sample>, used: Set<string>) => CellValue;
  /** Other cells of the same row to change so that the row has no second issue. */
  alsoBlank?: string[];
}

const any = (): boolean => true;
const num = (v: Answer | undefined): number => (typeof v === 'number' ? v : Number.NaN);

/** The defects, in file order; `eligible` picks rows where the defect is the row's only problem. */
const SPECS: DefectSpec[] = [
  { prefecture: '230100', variable: 'employees', kind: 'not_a_number', expected: 'an integer >= 0', eligible: any, value: () => 'n/a' },
  {
    prefecture: '230100', variable: 'de_env_3', kind: 'out_of_range', expected: 'a code 1-5',
    eligible: (v) => v.de_env_3 === 5, value: () => 6,
  },
  {
    prefecture: '230100', variable: 'employees', kind: 'not_an_integer', expected: 'an integer >= 0',
    eligible: (v) => num(v.employees) >= 30 && num(v.employees) <= 60 && num(v.rd_staff) <= 25,
    value: (v) => num(v.employees) + 0.5,
  },
  {
    prefecture: '230100', variable: 'tech_adopted', kind: 'code_not_in_list', expected: 'codes 1-9',
    eligible: (v) => Array.isArray(v.tech_adopted) && v.tech_adopted.length >= 1 && !v.tech_adopted.includes(9),
    value: (v) => [...(Array.isArray(v.tech_adopted) ? v.tech_adopted : []), 10].join(','),
  },
  { prefecture: '230200', variable: 'resp_id', kind: 'required_missing', expected: 'a questionnaire id', eligible: any, value: () => null },
  {
    prefecture: '230200', variable: 'revenue', kind: 'not_a_number', expected: 'a number >= 0',
    eligible: (v) => v.revenue !== null, value: () => '不详',
  },
  {
    prefecture: '230300', variable: 'employees', kind: 'out_of_range', expected: 'an integer >= 0',
    eligible: (v) => v.has_rd === 2, value: (v) => -num(v.employees), alsoBlank: ['rd_staff'],
  },
  { prefecture: '230300', variable: 'weight', kind: 'out_of_range', expected: 'a number >= 0.01', eligible: any, value: () => 0 },
  {
    prefecture: '230400', variable: 'ecommerce_share', kind: 'out_of_range', expected: 'a number 0-100',
    eligible: (v) => typeof v.ecommerce_share === 'number' && v.ecommerce_share > 10, value: () => 120,
  },
  {
    prefecture: '230500', variable: 'prefecture', kind: 'code_not_in_list', expected: 'a prefecture code',
    eligible: any, value: () => 230000,
  },
  {
    prefecture: '230600', variable: 'resp_id', kind: 'duplicate_id', expected: 'a unique questionnaire id',
    eligible: any, value: (_v, rng, samples, used) => {
      const harbin = samples.get('230100');
      if (!harbin) throw new Error('no Harbin sample');
      let index = rng.int(300, harbin.respondents.length - 1);
      while (used.has(`230100:${index}`)) index = rng.int(300, harbin.respondents.length - 1);
      const id = harbin.respondents[index]?.values.resp_id;
      if (typeof id !== 'string') throw new Error('Harbin id missing');
      return id;
    },
  },
  {
    prefecture: '230600', variable: 'revenue', kind: 'date_in_number', expected: 'a number >= 0',
    eligible: (v) => v.revenue !== null, value: () => new Date(Date.UTC(2026, 6, 15)),
  },
  {
    prefecture: '230600', variable: 'cloud_use', kind: 'code_not_in_list', expected: 'a code 1-3',
    eligible: (v) => v.cloud_use !== null, value: () => 4,
  },
  {
    prefecture: '230700', variable: 'founded_year', kind: 'out_of_range', expected: 'an integer 1900-2026',
    eligible: (v) => num(v.founded_year) >= 1997 && num(v.founded_year) <= 2010, value: (v) => num(v.founded_year) + 30,
  },
  {
    prefecture: '230800', variable: 'rd_spend', kind: 'skip_violation', expected: 'blank when has_rd == 2',
    eligible: (v) => v.has_rd === 2, value: () => 12.5,
  },
  {
    prefecture: '230900', variable: 'survey_date', kind: 'not_a_date', expected: 'a date',
    eligible: any, value: () => '2026年13月5日',
  },
  {
    prefecture: '231000', variable: 'rd_staff', kind: 'rule_violation', expected: 'rd_staff <= employees',
    eligible: (v) => v.has_rd === 1 && num(v.employees) < 100, value: (v, rng) => num(v.employees) + rng.int(2, 12),
  },
  {
    prefecture: '231000', variable: 'talent_env_2', kind: 'out_of_range', expected: 'a code 1-5',
    eligible: (v) => v.talent_env_2 !== null, value: () => 0,
  },
  {
    prefecture: '231100', variable: 'turnover_rate', kind: 'not_a_number', expected: 'a number 0-100',
    eligible: (v) => v.turnover_rate !== null, value: () => '约10%',
  },
  {
    prefecture: '231200', variable: 'collab_forms', kind: 'skip_violation', expected: 'blank when collab_any == 2',
    eligible: (v) => v.collab_any === 2, value: () => '2,5',
  },
  {
    prefecture: '231200', variable: 'revenue', kind: 'not_a_number', expected: 'a number >= 0',
    eligible: (v) => v.revenue !== null, value: () => '—',
  },
  { prefecture: '232700', variable: 'county', kind: 'required_missing', expected: 'a county code', eligible: any, value: () => null },
];

/** The column index of a variable in the written files (codebook order). */
function columnOf(codebook: Codebook, name: string): number {
  const index = codebook.findIndex((v) => v.name === name);
  if (index < 0) throw new Error(`no variable ${name}`);
  return index;
}

/**
 * Plants the example's defects into the cells about to be written (mutating `samples[*].cells`) and returns
 * where each went. Rows are drawn with a seeded generator among eligible rows not already used, so every
 * defective row has exactly one planted problem.
 */
export function injectDefects(samples: Map<string, Sample>, codebook: Codebook): DefectPlacement[] {
  const rng = new Random(deriveSeed(SEED, 'defects'));
  const used = new Set<string>();
  const placements: DefectPlacement[] = [];
  for (const spec of SPECS) {
    const sample = samples.get(spec.prefecture);
    if (!sample) throw new Error(`no sample for ${spec.prefecture}`);
    const candidates = sample.respondents
      .map((r, index) => ({ r, index }))
      .filter(({ r, index }) => index >= 5 && !used.has(`${spec.prefecture}:${index}`) && spec.eligible(r.values));
    const choice = candidates.length > 0 ? candidates[rng.int(0, candidates.length - 1)] : undefined;
    if (!choice) throw new Error(`no eligible row for ${spec.kind} in ${spec.prefecture}`);
    used.add(`${spec.prefecture}:${choice.index}`);
    const value = spec.value(choice.r.values, rng, samples, used);
    const row = sample.cells[choice.index];
    if (!row) throw new Error('row out of range');
    row[columnOf(codebook, spec.variable)] = value;
    for (const name of spec.alsoBlank ?? []) row[columnOf(codebook, name)] = null;
    const placement: DefectPlacement = {
      prefecture: spec.prefecture, index: choice.index, variable: spec.variable, kind: spec.kind, value, expected: spec.expected,
    };
    if (spec.kind === 'duplicate_id') {
      const harbin = samples.get('230100');
      const original = harbin?.respondents.findIndex((r) => r.values.resp_id === value) ?? -1;
      if (original < 0) throw new Error('duplicated id has no original');
      used.add(`230100:${original}`);
      placement.duplicateOf = { prefecture: '230100', index: original };
    }
    placements.push(placement);
  }
  return placements;
}
