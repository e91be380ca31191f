import type { Design } from '../../schemas/design.js';
import { degreesOfFreedom, psuCovarianceMatrix, residualizePsuTotals } from './design-variance.js';
import { pfUpper } from './distributions.js';

/** A weighted two-way table with the Rao-Scott test, before labels are attached. */
export interface CrosstabResult {
  /** indices into the row / column levels that occur among rows with both values */
  rowLevels: number[];
  columnLevels: number[];
  /** weighted proportions of the table, [row][column] */
  cells: number[][];
  rowPercent: number[][];
  columnPercent: number[][];
  n: number[][];
  chisq: number;
  f: number;
  df1: number;
  df2: number;
  pValue: number;
}

/** Solves A X = B (A m x m, B m x q, row-major arrays) by Gaussian elimination with partial pivoting. */
function solve(A: number[][], B: number[][]): number[][] | null {
  const m = A.length;
  const a = A.map((r) => r.slice());
  const b = B.map((r) => r.slice());
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[piv]![col]!)) piv = r;
    if (Math.abs(a[piv]![col]!) < 1e-300) return null;
    [a[col], a[piv]] = [a[piv]!, a[col]!];
    [b[col], b[piv]] = [b[piv]!, b[col]!];
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const factor = a[r]![col]! / a[col]![col]!;
      if (factor === 0) continue;
      for (let c = col; c < m; c++) a[r]![c]! -= factor * a[col]![c]!;
      for (let c = 0; c < b[0]!.length; c++) b[r]![c]! -= factor * b[col]![c]!;
    }
  }
  return b.map((row, r) => row.map((v) => v / a[r]![r]!));
}

/**
 * The weighted table of two coded variables (code -1 is missing; rows missing either are left out, as
 * `svychisq(na.rm=TRUE)`) with the Rao-Scott first-order corrected test, R's `svychisq(statistic="F")`:
 * Pearson's X^2 of the table scaled to the number of rows, divided by the mean generalised design effect
 * tr(Delta), referred to F(d0, d0 nu) with d0 = tr(Delta)^2 / tr(Delta^2) and nu = PSUs - strata. Delta compares
 * the design covariance of the cell proportions with the multinomial one on the interaction contrasts.
 */
export function estimateCrosstab(design: Design, rowCodes: Int32Array, columnCodes: Int32Array): CrosstabResult {
  const n = design.rowCount;
  const w = design.weights;
  // levels that occur among complete rows
  let maxR = -1;
  let maxC = -1;
  for (let i = 0; i < n; i++) {
    if (rowCodes[i]! > maxR) maxR = rowCodes[i]!;
    if (columnCodes[i]! > maxC) maxC = columnCodes[i]!;
  }
  const seenR = new Uint8Array(maxR + 1);
  const seenC = new Uint8Array(maxC + 1);
  for (let i = 0; i < n; i++) {
    if (rowCodes[i]! >= 0 && columnCodes[i]! >= 0) {
      seenR[rowCodes[i]!] = 1;
      seenC[columnCodes[i]!] = 1;
    }
  }
  const rowLevels = [...seenR.keys()].filter((k) => seenR[k]);
  const columnLevels = [...seenC.keys()].filter((k) => seenC[k]);
  const nr = rowLevels.length;
  const nc = columnLevels.length;
  const rIndex = new Int32Array(maxR + 1).fill(-1);
  const cIndex = new Int32Array(maxC + 1).fill(-1);
  rowLevels.forEach((l, i) => (rIndex[l] = i));
  columnLevels.forEach((l, i) => (cIndex[l] = i));

  // cell of each complete row (rows vary fastest, as R's interaction()) and the weighted cell proportions
  const K = nr * nc;
  const cellOf = new Int32Array(n).fill(-1);
  const cellW = new Float64Array(K);
  const counts = new Float64Array(K);
  let W = 0;
  for (let i = 0; i < n; i++) {
    const r = rowCodes[i]!;
    const c = columnCodes[i]!;
    if (r < 0 || c < 0) continue;
    const cell = rIndex[r]! + nr * cIndex[c]!;
    cellOf[i] = cell;
    cellW[cell]! += w[i]!;
    counts[cell]! += 1;
    W += w[i]!;
  }
  const p = Array.from(cellW, (v) => v / W);

  // linearised PSU totals of each cell proportion, from per-(PSU, cell) and per-(group, cell) sums in one pass
  const P = design.psuStart[design.strata.length]!;
  const psuCell = new Float64Array(P * K);
  const psuAll = new Float64Array(P);
  const cal = design.calibration;
  const groupCell = cal ? cal.margins.map((m) => new Float64Array(m.levels.length * K)) : [];
  const groupAll = cal ? cal.margins.map((m) => new Float64Array(m.levels.length)) : [];
  for (let i = 0; i < n; i++) {
    const cell = cellOf[i]!;
    if (cell < 0) continue;
    const p = design.psu[i]!;
    psuCell[p * K + cell]! += w[i]!;
    psuAll[p]! += w[i]!;
    if (cal) {
      for (let j = 0; j < cal.margins.length; j++) {
        const m = cal.margins[j]!;
        const wf = w[i]! * m.factor[i]!;
        const g = m.group[i]!;
        groupCell[j]![g * K + cell]! += wf;
        groupAll[j]![g]! += wf;
      }
    }
  }
  const totals: Float64Array[] = [];
  for (let k = 0; k < K; k++) {
    const t = new Float64Array(P);
    for (let s = 0; s < P; s++) t[s] = (psuCell[s * K + k]! - p[k]! * psuAll[s]!) / W;
    if (cal) {
      const sums = cal.margins.map((m, j) =>
        Float64Array.from({ length: m.levels.length }, (_, g) => (groupCell[j]![g * K + k]! - p[k]! * groupAll[j]![g]!) / W),
      );
      residualizePsuTotals(cal, t, sums);
    }
    totals.push(t);
  }

  // interaction contrasts: double-centred cell indicators, for (i, j) with i, j >= 1; C is K x q row-major
  const q = (nr - 1) * (nc - 1);
  const C = new Float64Array(K * q);
  let t = 0;
  for (let j = 1; j < nc; j++) {
    for (let i = 1; i < nr; i++) {
      for (let c = 0; c < nc; c++) {
        for (let r = 0; r < nr; r++) C[(r + nr * c) * q + t] = ((r === i ? 1 : 0) - 1 / nr) * ((c === j ? 1 : 0) - 1 / nc);
      }
      t++;
    }
  }
  const N = n; // svychisq: nrow of the model matrix (every row of the design)
  const iD = p.map((v) => (v === 0 ? 0 : 1 / v));
  const denom: number[][] = Array.from({ length: q }, () => new Array<number>(q).fill(0));
  for (let k = 0; k < K; k++) {
    if (iD[k] === 0) continue;
    for (let a = 0; a < q; a++) {
      const ca = (C[k * q + a]! * iD[k]!) / N;
      if (ca === 0) continue;
      const row = denom[a]!;
      for (let b = 0; b < q; b++) row[b]! += ca * C[k * q + b]!;
    }
  }
  // project PSU totals on M = D^-1 C, then their design covariance is numr = M' V M
  const u: Float64Array[] = Array.from({ length: q }, () => new Float64Array(P));
  for (let k = 0; k < K; k++) {
    const tk = totals[k]!;
    for (let a = 0; a < q; a++) {
      const m = C[k * q + a]! * iD[k]!;
      if (m === 0) continue;
      const ua = u[a]!;
      for (let s = 0; s < P; s++) ua[s]! += m * tk[s]!;
    }
  }
  const cov = psuCovarianceMatrix(design, u);
  const numr: number[][] = Array.from({ length: q }, (_, a) => Array.from(cov.subarray(a * q, (a + 1) * q)));
  const delta = q > 0 ? solve(denom, numr) : null;
  let tr = Number.NaN;
  let tr2 = Number.NaN;
  if (delta) {
    tr = 0;
    tr2 = 0;
    for (let a = 0; a < q; a++) {
      tr += delta[a]![a]!;
      for (let b = 0; b < q; b++) tr2 += delta[a]![b]! * delta[b]![a]!;
    }
  }
  // Pearson X^2 of the table scaled to N
  const rowP = new Array<number>(nr).fill(0);
  const colP = new Array<number>(nc).fill(0);
  for (let c = 0; c < nc; c++) for (let r = 0; r < nr; r++) {
    rowP[r]! += p[r + nr * c]!;
    colP[c]! += p[r + nr * c]!;
  }
  let chisq = 0;
  for (let c = 0; c < nc; c++) for (let r = 0; r < nr; r++) {
    const e = rowP[r]! * colP[c]!;
    chisq += (N * (p[r + nr * c]! - e) ** 2) / e;
  }
  // a multistage design's psuStart counts its last-stage units: its df is its first stage's (R degf)
  const nu = design.stages ? degreesOfFreedom(design) : design.psuStart[design.strata.length]! - design.strata.length;
  const d0 = (tr * tr) / tr2;
  const f = chisq / tr;
  const cells = rowLevels.map((_, r) => columnLevels.map((_, c) => p[r + nr * c]!));
  return {
    rowLevels,
    columnLevels,
    cells,
    rowPercent: cells.map((row, r) => row.map((v) => v / rowP[r]!)),
    columnPercent: cells.map((row) => row.map((v, c) => v / colP[c]!)),
    n: rowLevels.map((_, r) => columnLevels.map((_, c) => counts[r + nr * c]!)),
    chisq,
    f,
    df1: d0,
    df2: d0 * nu,
    pValue: pfUpper(f, d0, d0 * nu),
  };
}
