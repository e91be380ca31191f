/** Every user-facing sentence of the estimate stage and `thinktank estimate`, as functions. */

function list(items: string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** The estimate stage's messages, by situation. */
export const estimateMessages = {
  nothingToEstimate: () => 'nothing to estimate: give at least one of --mean, --total, --prop, --quantile or --ratio',
  unknownColumn: (flag: string, column: string, headers: string[]) =>
    `${flag} ${column}: no such column; the columns are ${list(headers.map((h) => `"${h}"`), 12)}`,
  /** Cells of a column used by a flag that hold an error or an uncalculated formula: refused, not dropped. */
  errorCells: (flag: string, column: string, cells: { cell: string; text: string }[]) => {
    const show = ({ cell, text }: { cell: string; text: string }) =>
      `${cell} ${text.startsWith('=') ? `a formula never calculated ${JSON.stringify(text)}` : `the error ${JSON.stringify(text)}`}`;
    const [first, ...rest] = cells;
    return (
      `${first!.cell} (${column}): expected a value for ${flag} ${column}, found ${show(first!).slice(first!.cell.length + 1)}` +
      `${rest.length > 0 ? ` (and ${rest.length} more: ${list(rest.map(show), 3)})` : ''}; recalculate the workbook in Excel or clear these cells`
    );
  },
  notNumeric: (flag: string, column: string, cells: string[]) =>
    `${flag} ${column}: the column must hold numbers, found ${list(cells)}`,
  badQuantile: (value: string) =>
    `--quantile ${value}: expected VAR:P with 0 < P < 1, e.g. api00:0.5`,
  badRatio: (value: string) => `--ratio ${value}: expected NUM/DEN, e.g. api_stu/enroll`,
  badLevel: (value: number) => `--level ${value}: expected a confidence level between 0 and 1, e.g. 0.95`,
  badArgs: (detail: string) => `bad arguments: ${detail}`,
  regionNotCoded: (variable: string) =>
    `the region variable "${variable}" must be a single-choice (coded) variable of the codebook`,
  ciMethod: (prop: 'logit' | 'wilson' | 'beta' = 'logit', df: 'domain' | 'design' | 'inf' = 'domain') => {
    const t = df === 'inf' ? 'normal' : df === 'design' ? 't with the design df' : 't with the df of the domain (degf of the design restricted to it)';
    const p = prop === 'logit' ? 'logit (svyciprop' : prop === 'beta' ? 'Korn-Graubard beta (svyciprop method="beta"' : 'Wilson (effective n';
    return `mean, total, ratio: Wald (${t}, as confint); prop: ${p}, ${t}); quantile: Woodruff (qrule="math", ${t}); region vs province: t with the region's df`;
  },
  // why an interval is not estimable (where R gives NA/NaN)
  noDf: () => 'domain lies within one PSU: no degrees of freedom',
  zeroOne: () => 'proportion of 0 or 1: interval not estimable',
  noVariance: () => 'no sampling variance (the estimate is fixed by calibration or constant): no interval',
  notEstimable: () => 'interval not estimable',
  woodruffOutside: () => 'Woodruff interval outside [0,1]',
  // why an estimate is flagged (NCHS Data Presentation Standards for Proportions, Parker et al. 2017)
  reasonNotEstimable: (note: string) => `not estimable: ${note}`,
  reasonNEff: (nEff: number, min: number) => `effective sample size ${Math.floor(nEff)} < ${min}`,
  reasonWidth: (width: number, max: number) => `CI width ${width.toFixed(2)} >= ${max.toFixed(2)}`,
  reasonRelativeWidth: (rel: number, max: number) => `relative CI width ${Math.round(rel * 100)}% > ${Math.round(max * 100)}%`,
  reasonComplement: (rel: number, max: number) => `complement's relative CI width ${Math.round(rel * 100)}% > ${Math.round(max * 100)}%`,
  reasonDf: (df: number, min: number) => `df ${df} < ${min}`,
  reasonZeroOne: () => 'proportion of 0 or 1',
  reasonRse: (rse: number, max: number) => `RSE ${Math.round(rse * 100)}% > ${Math.round(max * 100)}%`,
  reasonLowBase: (n: number, min: number) => `n ${n} < ${min}`,
};
