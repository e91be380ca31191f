import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../pipeline/errors.js';
import { buildDesign, toKeyColumn } from '../../pipeline/weight/build-design.js';
import { calibrate, type MarginTarget } from '../../pipeline/weight/calibrate.js';
import { parseMargins, readMargins } from '../../pipeline/weight/read-margins.js';
import { weight } from '../../pipeline/weight/weight.js';
import { Margins } from '../../schemas/design.js';
import { apiConfig, apiTable } from '../estimate/api-survey.js';
import { apiMargins } from '../estimate/r-designs.js';
import { apiclus1, reference, relDiff, txt } from '../estimate/r-fixtures.js';

/** Weighted totals of the table's rows by the values of `variables`. */
function totalsBy(weights: Float64Array, keys: (string | null)[][]): Map<string, number> {
  const out = new Map<string, number>();
  weights.forEach((w, i) => {
    const k = keys.map((col) => col[i]).join('|');
    out.set(k, (out.get(k) ?? 0) + w);
  });
  return out;
}

describe('weight', () => {
  it('rakes to the apipop margins with the weights R computes', () => {
    const w = weight(apiTable(), apiConfig('rake'), apiMargins);
    expect(w.weights).toBe(w.design.weights);
    expect(Math.max(...Array.from(w.weights, (v, i) => relDiff(v, reference.weights.rake[i]!)))).toBeLessThan(1e-9);
    expect(w.diagnostics).toMatchObject({ method: 'rake', converged: true, trimmed: 0, lonely_strata: [] });
    expect(w.diagnostics.iterations).toBeGreaterThan(1);
    expect(w.diagnostics.max_margin_error).toBeLessThan(1e-13);
    const byType = totalsBy(w.weights, [txt(apiclus1, 'stype')]);
    expect(byType.get('E')).toBeCloseTo(4421, 6);
    expect(byType.get('H')).toBeCloseTo(755, 6);
    expect(w.design.calibration?.margins.map((m) => m.variables)).toEqual([['stype'], ['sch_wide']]);
  });

  it('post-stratifies to the joint cells with the weights R computes', () => {
    const w = weight(apiTable(), apiConfig('poststratify'), apiMargins);
    expect(Math.max(...Array.from(w.weights, (v, i) => relDiff(v, reference.weights.poststratify[i]!)))).toBeLessThan(1e-12);
    const cells = totalsBy(w.weights, [txt(apiclus1, 'stype'), txt(apiclus1, 'sch_wide')]);
    for (const cell of apiMargins.cells) expect(cells.get(cell.values.join('|'))).toBeCloseTo(cell.count, 8);
    expect(w.diagnostics).toMatchObject({ method: 'poststratify', converged: true, iterations: 1 });
  });

  it('reports Kish weighting effects of the design weights without calibration', () => {
    const w = weight(apiTable(), apiConfig(null), null);
    // apiclus1 has one weight for every school: no weighting loss
    expect(w.diagnostics).toMatchObject({ method: 'none', converged: true, iterations: 0, max_margin_error: 0 });
    expect(w.diagnostics.deff_weighting).toBeCloseTo(1, 12);
    expect(w.diagnostics.effective_n).toBeCloseTo(183, 9);
    expect(w.diagnostics.min_weight).toBeCloseTo(33.847, 3);
    expect(w.design.calibration).toBeNull();
  });

  it('trims weights to multiples of the mean, then recalibrates until both hold', () => {
    const table = apiTable();
    // raked weights run from 0.88 to 1.98 x the mean; H schools must average 1.59 x the mean, so 1.8 is feasible
    const config = apiConfig('rake', { trim: { lower: 0.5, upper: 1.8 } });
    const w = weight(table, config, apiMargins);
    const mean = w.weights.reduce((a, b) => a + b, 0) / w.weights.length;
    expect(w.diagnostics.trimmed).toBeGreaterThan(0);
    expect(w.diagnostics.converged).toBe(true);
    expect(w.diagnostics.max_weight).toBeLessThanOrEqual(1.8 * mean * (1 + 1e-6));
    expect(w.diagnostics.min_weight).toBeGreaterThanOrEqual(0.5 * mean * (1 - 1e-6));
    expect(w.diagnostics.max_margin_error).toBeLessThan(1e-9);
    const untrimmed = weight(table, apiConfig('rake'), apiMargins);
    expect(untrimmed.diagnostics.max_weight).toBeGreaterThan(1.9 * mean);
    // infeasible bounds: the margins still hold, and the weights say they did not converge
    const infeasible = weight(table, apiConfig('rake', { trim: { lower: 0.5, upper: 1.5 }, max_iterations: 20 }), apiMargins);
    expect(infeasible.diagnostics.converged).toBe(false);
    expect(infeasible.diagnostics.max_margin_error).toBeLessThan(1e-9);
  });

  it('says clearly what is wrong with margins that cannot be met', () => {
    const table = apiTable();
    const noH: Margins = { ...apiMargins, cells: apiMargins.cells.filter((c) => c.values[0] !== 'H') };
    expect(() => weight(table, apiConfig('rake'), noH)).toThrowError(new InputError('respondents have stype = H, which apipop-margins.csv has no population count for'));
    const extra: Margins = { ...apiMargins, cells: [...apiMargins.cells, { values: ['X', 'Yes'], count: 10 }] };
    expect(() => weight(table, apiConfig('poststratify'), extra)).toThrowError(
      'apipop-margins.csv has 10 for stype = X, sch_wide = Yes, but no respondent (with a weight > 0) is in it: calibration cannot reach it; merge it with a neighbouring category',
    );
    expect(() => weight(table, apiConfig('rake'), null)).toThrowError(/calibration needs population margins, but apipop-margins.csv was not read/);
    const wrongVars: Margins = { ...apiMargins, variables: ['type', 'sch_wide'] };
    expect(() => weight(table, apiConfig('rake'), wrongVars)).toThrowError('apipop-margins.csv has no column "stype", which calibration.variables lists');
  });

  it('rejects missing calibration values and missing or negative weights, naming the rows', () => {
    const table = apiTable();
    const stype = table.columns.get('stype');
    if (stype?.kind !== 'code') throw new Error('fixture');
    const codes = stype.codes.slice();
    codes[3] = -1;
    const holed = { ...table, columns: new Map(table.columns).set('stype', { ...stype, codes }) };
    expect(() => weight(holed, apiConfig('rake'), apiMargins)).toThrowError(
      'the calibration variable "stype" is empty in apiclus1.csv row 5: every row needs a value to be calibrated',
    );
    const pw = Float64Array.from((table.columns.get('pw') as { values: Float64Array }).values);
    pw[0] = Number.NaN;
    pw[10] = -1;
    const badW = { ...table, columns: new Map(table.columns).set('pw', { kind: 'number' as const, values: pw }) };
    expect(() => weight(badW, apiConfig(null), null)).toThrowError('the weights column "pw" is empty in apiclus1.csv row 2: every row needs a value');
    pw[0] = 1;
    expect(() => weight(badW, apiConfig(null), null)).toThrowError('weights must be >= 0, found negative weights in "pw" in apiclus1.csv row 12');
  });
});

describe('buildDesign', () => {
  const source = { weights: 'w', strata: 's', cluster: 'c', fpc: 'f' };

  it('numbers PSUs as (stratum, cluster) pairs, contiguous within sorted strata', () => {
    const d = buildDesign({
      rowCount: 6,
      weights: new Float64Array(6).fill(1),
      strata: toKeyColumn(['b', 'a', 'b', 'a', 'b', 'a']),
      cluster: toKeyColumn(['1', '1', '1', '2', '2', '2']),
      fpc: null,
      lonelyPsu: 'adjust',
      source,
    });
    expect(d.strata).toEqual(['a', 'b']);
    expect(Array.from(d.psuStart)).toEqual([0, 2, 4]);
    expect(Array.from(d.psu)).toEqual([2, 0, 2, 1, 3, 1]);
  });

  it('takes fpc as population sizes or sampling fractions, and weights N_h / n_h without a weight column', () => {
    const common = { rowCount: 4, strata: toKeyColumn(['a', 'a', 'b', 'b']), cluster: null, lonelyPsu: 'adjust' as const, source };
    const sizes = buildDesign({ ...common, weights: null, fpc: Float64Array.of(10, 10, 40, 40) });
    const fractions = buildDesign({ ...common, weights: null, fpc: Float64Array.of(0.2, 0.2, 0.05, 0.05) });
    expect(Array.from(sizes.popSize)).toEqual([10, 40]);
    expect(Array.from(fractions.popSize)).toEqual([10, 40]);
    expect(Array.from(sizes.weights)).toEqual([5, 5, 20, 20]);
  });

  it('rejects an fpc that mixes sizes and fractions, varies within a stratum, or is below the sample', () => {
    const common = { rowCount: 4, weights: null, strata: toKeyColumn(['a', 'a', 'b', 'b']), cluster: null, lonelyPsu: 'adjust' as const, source };
    expect(() => buildDesign({ ...common, fpc: Float64Array.of(10, 10, 0.5, 0.5) })).toThrowError(/either population sizes .* or sampling fractions/);
    expect(() => buildDesign({ ...common, fpc: Float64Array.of(10, 11, 40, 40) })).toThrowError('the fpc column "f" must be constant within a stratum, but it varies in stratum "a"');
    expect(() => buildDesign({ ...common, fpc: Float64Array.of(10, 10, 1.5, 1.5) })).toThrowError('the fpc column "f" says stratum "b" has 1.5 PSUs in the population, but 2 were sampled');
  });

  it('fails on a single-PSU stratum only when lonely_psu is "fail"', () => {
    const common = { rowCount: 3, weights: null, strata: toKeyColumn(['a', 'a', 'b']), cluster: null, fpc: null, source };
    expect(() => buildDesign({ ...common, lonelyPsu: 'fail' })).toThrowError(
      'stratum "b" has a single PSU; set design.lonely_psu to "adjust", "average", "remove" or "certainty" to estimate variances',
    );
    expect(buildDesign({ ...common, lonelyPsu: 'adjust' }).strata).toEqual(['a', 'b']);
  });
});

describe('margins', () => {
  it('parses margins.csv: BOM, quotes, canonical numbers', () => {
    const m = parseMargins('\uFEFFprefecture,"sector",count\r\n230100,1,"1,000"\r\n230100,01,5\r\n230100,2.0,20\r\n', 'margins.csv');
    expect(m).toEqual({
      file: 'margins.csv',
      variables: ['prefecture', 'sector'],
      cells: [
        { values: ['230100', '1'], count: 1000 },
        { values: ['230100', '01'], count: 5 },
        { values: ['230100', '2'], count: 20 },
      ],
    });
  });

  it('refuses a cell given twice (as numbers compare) and counts of extreme magnitude, naming the line', () => {
    expect(() => parseMargins('prefecture,sector,count\n230100,1,10\n230100,1.0,20\n', 'm.csv')).toThrowError(
      'm.csv line 3: expected each population cell once, found "230100" x "1" again (first on line 2); remove one of the two lines',
    );
    for (const count of ['1e-300', '1e300']) {
      expect(() => parseMargins(`a,count\nx,${count}\n`, 'm.csv')).toThrowError(`m.csv line 2: expected a population count of 0 or from 0.000001 to 1e15, found "${count}"`);
    }
  });

  it('names the line of a bad count or a short row, and a missing count column', () => {
    expect(() => parseMargins('a,count\nx,-3\n', 'm.csv')).toThrowError('m.csv line 2: expected a population count >= 0, found "-3"');
    expect(() => parseMargins('a,b,count\nx,1\n', 'm.csv')).toThrowError('m.csv line 2: expected 3 fields, found 2');
    expect(() => parseMargins('a,n\nx,1\n', 'm.csv')).toThrowError('m.csv needs a "count" column with the population counts');
    expect(() => parseMargins('a,count\n', 'm.csv')).toThrowError('m.csv has no population counts');
  });

  it('reads UTF-8 and GB18030 files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'margins-'));
    const text = '地市,count\n哈尔滨市,100\n';
    await writeFile(path.join(dir, 'utf8.csv'), text);
    await writeFile(path.join(dir, 'gb.csv'), iconv.encode(text, 'gb18030'));
    for (const f of ['utf8.csv', 'gb.csv']) {
      expect(await readMargins(path.join(dir, f))).toEqual({ file: f, variables: ['地市'], cells: [{ values: ['哈尔滨市'], count: 100 }] });
    }
  });
});

describe('raking (property)', () => {
  it('reproduces every margin of random populations', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 }), fc.double({ min: 0.5, max: 20, noNaN: true })), { minLength: 24, maxLength: 80 }),
        fc.array(fc.double({ min: 10, max: 1000, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: 0.1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (rows, aTargets, bShares) => {
          // every level of both variables must occur
          const a = rows.map((r, i) => (i < 3 ? i : r[0]));
          const b = rows.map((r, i) => (i < 4 ? i : r[1]));
          const total = aTargets.reduce((s, v) => s + v, 0);
          const shareSum = bShares.reduce((s, v) => s + v, 0);
          const bTargets = bShares.map((s) => (s / shareSum) * total);
          const design = buildDesign({
            rowCount: rows.length,
            weights: Float64Array.from(rows, (r) => r[2]),
            strata: null,
            cluster: null,
            fpc: null,
            lonelyPsu: 'adjust',
            source: { weights: 'w', strata: null, cluster: null, fpc: null },
          });
          const margins: MarginTarget[] = [
            { variables: ['a'], levels: ['0', '1', '2'], group: Int32Array.from(a), targets: Float64Array.from(aTargets) },
            { variables: ['b'], levels: ['0', '1', '2', '3'], group: Int32Array.from(b), targets: Float64Array.from(bTargets) },
          ];
          const r = calibrate(design, 'rake', margins, { maxIterations: 1000, tolerance: 1e-10 });
          if (!r.converged) return; // IPF need not converge for every sparse table; the check is on converged ones
          for (const m of margins) {
            const got = new Float64Array(m.levels.length);
            r.weights.forEach((w, i) => (got[m.group[i]!]! += w));
            m.targets.forEach((t, g) => expect(Math.abs(got[g]! - t) / t).toBeLessThan(1e-9));
          }
        },
      ),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
