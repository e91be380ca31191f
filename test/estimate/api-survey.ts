/**
 * The apiclus1 fixture as a thinktank survey: codebook, CleanTable and survey config, so the weight and
 * estimate stages can be compared with R's results for the same data (reference.R, designs "clus1", "rake"
 * and "poststratify").
 */
import type { Codebook } from '../../schemas/codebook.js';
import { SurveyConfig } from '../../schemas/survey.js';
import type { CleanTable, Column } from '../../schemas/table.js';
import { apiclus1, num, txt, type CsvData } from './r-fixtures.js';

const bi = (en: string) => ({ zh: en, en });
const codes = (...values: string[]) => values.map((code) => ({ code, label: bi(`${code}`) }));

/** The codebook of the fixture's columns used by the stages. */
export const apiCodebook: Codebook = [
  { name: 'cds', type: 'id', label: bi('School') },
  { name: 'stype', type: 'single', label: bi('School type'), codes: codes('E', 'H', 'M') },
  { name: 'dnum', type: 'text', label: bi('District') },
  { name: 'sch_wide', type: 'single', label: bi('School-wide target met'), codes: codes('No', 'Yes') },
  { name: 'grade', type: 'likert', label: bi('API grade'), codes: codes('1', '2', '3', '4', '5'), group: 'grades' },
  { name: 'multi', type: 'multi', label: bi('Awards and programmes'), codes: codes('1', '2', '3', '4', '5') },
  { name: 'api00', type: 'number', label: bi('API 2000') },
  { name: 'acs_k3', type: 'number', label: bi('Class size K-3') },
  { name: 'enroll', type: 'integer', label: bi('Enrolment') },
  { name: 'pw', type: 'number', label: bi('Weight') },
  { name: 'fpc', type: 'number', label: bi('Districts in population') },
];

/** Builds a CleanTable of the codebook's columns from fixture data (optionally a subset/reordering of rows). */
export function apiTable(data: CsvData = apiclus1, rows?: number[]): CleanTable {
  const order = rows ?? Array.from({ length: data.rowCount }, (_, i) => i);
  const columns = new Map<string, Column>();
  for (const v of apiCodebook) {
    if (v.type === 'single' || v.type === 'likert') {
      const levels = v.codes!.map((c) => String(c.code));
      const values = txt(data, v.name);
      columns.set(v.name, { kind: 'code', levels, codes: Int32Array.from(order, (i) => (values[i] === null ? -1 : levels.indexOf(values[i]!))) });
    } else if (v.type === 'multi') {
      const levels = v.codes!.map((c) => String(c.code));
      const values = txt(data, v.name);
      columns.set(v.name, {
        kind: 'multi',
        levels,
        chosen: levels.map((l) => Uint8Array.from(order, (i) => (values[i]?.split(';').includes(l) ? 1 : 0))),
        answered: Uint8Array.from(order, (i) => (values[i] === null ? 0 : 1)),
      });
    } else if (v.type === 'number' || v.type === 'integer') {
      const values = num(data, v.name);
      columns.set(v.name, { kind: 'number', values: Float64Array.from(order, (i) => values[i]!) });
    } else {
      const values = txt(data, v.name);
      columns.set(v.name, { kind: 'text', values: order.map((i) => values[i]!) });
    }
  }
  return {
    rowCount: order.length,
    columns,
    source: {
      files: ['apiclus1.csv'],
      sheets: [''],
      file: new Int32Array(order.length),
      sheet: new Int32Array(order.length),
      row: Int32Array.from(order, (i) => i + 2),
    },
  };
}

/** The survey config: one-stage cluster design of apiclus1, optionally calibrated to apipop margins. */
export function apiConfig(calibration: 'rake' | 'poststratify' | null, extra: Partial<SurveyConfig['calibration']> = {}): SurveyConfig {
  return SurveyConfig.parse({
    id: 'api-test',
    title: bi('API'),
    issuer: bi('test'),
    date: '2026-01-01',
    design: { weights: 'pw', cluster: 'dnum', fpc: 'fpc', lonely_psu: 'adjust' },
    ...(calibration
      ? { calibration: { method: calibration, margins: 'apipop-margins.csv', variables: ['stype', 'sch_wide'], tolerance: 1e-13, max_iterations: 100, ...extra } }
      : {}),
    region: 'stype',
  });
}
