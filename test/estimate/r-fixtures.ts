/**
 * Loads the R reference (test/fixtures/r/reference.json) and the CSV data it was computed from, and builds
 * the same designs with thinktank's own functions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Design } from '../../schemas/design.js';
import type { LonelyPsu } from '../../schemas/survey.js';
import { buildDesign, toKeyColumn } from '../../pipeline/weight/build-design.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const fixtureDir = path.join(here, '..', 'fixtures', 'r');

/** One R result row of reference.json `cases`. */
export interface RCase {
  design: string;
  lonely_psu: LonelyPsu;
  statistic: 'mean' | 'total' | 'prop' | 'quantile' | 'ratio';
  variable: string;
  level: string | null;
  domain: { stype: string } | null;
  p: number | null;
  denominator: string | null;
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  df: number | null;
  deff: number | null;
  deff_replace?: number | null;
}

export interface RReference {
  source: string;
  degf: Record<string, number>;
  cases: RCase[];
  chisq: { design: string; row: string; column: string; chisq: number; f: number; df1: number; df2: number; p_value: number }[];
  contrasts: {
    design: string;
    statistic: string;
    variable: string;
    level: string | null;
    domain: { stype: string };
    versus: string;
    difference: number;
    se: number;
    p_value: number;
    df: number;
  }[];
  svyby_contrast_check: { design: string; difference: number; se: number };
  weights: { rake: number[]; poststratify: number[] };
  p_adjust: { p: number[]; bh: number[]; bonferroni: number[] };
  distributions: Record<string, number | string | null>[];
}

export const reference: RReference = JSON.parse(readFileSync(path.join(fixtureDir, 'reference.json'), 'utf8'));

/** A CSV as written by R's write.csv: header, quoted strings, empty = missing. */
export interface CsvData {
  rowCount: number;
  text: Map<string, (string | null)[]>;
  numbers: Map<string, Float64Array>;
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let j = i + 1;
      let value = '';
      for (;;) {
        const q = line.indexOf('"', j);
        value += line.slice(j, q);
        if (line[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      out.push(value);
      i = j + 1;
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? line.length : c;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

/** Reads a fixture CSV; a column whose non-empty values all parse as numbers is also given as numbers. */
export function readFixtureCsv(file: string): CsvData {
  const lines = readFileSync(path.join(fixtureDir, file), 'utf8').split('\n').filter((l) => l.length > 0);
  const header = splitCsvLine(lines[0]!);
  const rows = lines.slice(1).map(splitCsvLine);
  const text = new Map<string, (string | null)[]>();
  const numbers = new Map<string, Float64Array>();
  header.forEach((name, c) => {
    const values = rows.map((r) => (r[c] === '' || r[c] === undefined ? null : r[c]!));
    text.set(name, values);
    if (values.every((v) => v === null || (v.trim() !== '' && Number.isFinite(Number(v))))) {
      numbers.set(name, Float64Array.from(values, (v) => (v === null ? Number.NaN : Number(v))));
    }
  });
  return { rowCount: rows.length, text, numbers };
}

export const apistrat = readFixtureCsv('apistrat.csv');
export const apiclus1 = readFixtureCsv('apiclus1.csv');

/** A numeric column (throws if absent). */
export function num(data: CsvData, name: string): Float64Array {
  const v = data.numbers.get(name);
  if (!v) throw new Error(`no numeric column ${name}`);
  return v;
}

/** A text column (throws if absent). */
export function txt(data: CsvData, name: string): (string | null)[] {
  const v = data.text.get(name);
  if (!v) throw new Error(`no column ${name}`);
  return v;
}

/** The data behind each R design name. */
export function dataOf(design: string): CsvData {
  return design.startsWith('clus1') || design === 'rake' || design === 'poststratify' ? apiclus1 : apistrat;
}

/** Builds thinktank's version of an uncalibrated R design of reference.json. */
export function uncalibratedDesign(name: string, lonelyPsu: LonelyPsu = 'adjust'): Design {
  const source = (weights: string | null, strata: string | null, cluster: string | null, fpc: string | null) => ({ weights, strata, cluster, fpc });
  switch (name) {
    case 'strat':
    case 'strat_frac': {
      const fpc = name === 'strat' ? 'fpc' : 'fpc_frac';
      return buildDesign({
        rowCount: apistrat.rowCount, weights: num(apistrat, 'pw'), strata: toKeyColumn(txt(apistrat, 'stype')),
        cluster: null, fpc: num(apistrat, fpc), lonelyPsu, source: source('pw', 'stype', null, fpc),
      });
    }
    case 'strat_clus':
      return buildDesign({
        rowCount: apistrat.rowCount, weights: num(apistrat, 'pw'), strata: toKeyColumn(txt(apistrat, 'stype')),
        cluster: toKeyColumn(txt(apistrat, 'dnum')), fpc: null, lonelyPsu, source: source('pw', 'stype', 'dnum', null),
      });
    case 'lonely':
      return buildDesign({
        rowCount: apistrat.rowCount, weights: num(apistrat, 'pw'), strata: toKeyColumn(txt(apistrat, 'cname')),
        cluster: toKeyColumn(txt(apistrat, 'dnum')), fpc: null, lonelyPsu, source: source('pw', 'cname', 'dnum', null),
      });
    case 'clus1':
    case 'clus1_nofpc':
      return buildDesign({
        rowCount: apiclus1.rowCount, weights: num(apiclus1, 'pw'), strata: null,
        cluster: toKeyColumn(txt(apiclus1, 'dnum')), fpc: name === 'clus1' ? num(apiclus1, 'fpc') : null, lonelyPsu,
        source: source('pw', null, 'dnum', name === 'clus1' ? 'fpc' : null),
      });
    default:
      throw new Error(`not an uncalibrated design: ${name}`);
  }
}

/** Relative difference, with an absolute floor for values near zero. */
export function relDiff(a: number, b: number, floor = 1e-12): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}
