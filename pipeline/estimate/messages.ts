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
  notNumeric: (flag: string, column: string, cells: string[]) =>
    `${flag} ${column}: the column must hold numbers, found ${list(cells)}`,
  badQuantile: (value: string) =>
    `--quantile ${value}: expected VAR:P with 0 < P < 1, e.g. api00:0.5`,
  badRatio: (value: string) => `--ratio ${value}: expected NUM/DEN, e.g. api_stu/enroll`,
  badLevel: (value: number) => `--level ${value}: expected a confidence level between 0 and 1, e.g. 0.95`,
  badArgs: (detail: string) => `bad arguments: ${detail}`,
  regionNotCoded: (variable: string) =>
    `the region variable "${variable}" must be a single-choice (coded) variable of the codebook`,
  ciMethod: (prop: 'logit' | 'wilson' = 'logit') =>
    `mean, total, ratio: Wald (normal, as confint); prop: ${prop === 'logit' ? 'logit (svyciprop' : 'Wilson (effective n'}, t with design df); quantile: Woodruff (qrule="math", t with design df)`,
};
