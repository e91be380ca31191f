/**
 * User-facing sentences of multistage, replicate-weight and model estimation (issue 17), as functions; kept
 * beside messages.ts so that catalogue stays about the one-stage estimates.
 */
export const designMessages = {
  noRepweights: (pattern: string) => `--repweights ${pattern}: no column name matches this pattern`,
  badRepweights: (pattern: string, detail: string) => `--repweights ${pattern}: not a regular expression (${detail})`,
  repweightsNeedType: () => '--repweights needs --type JK1, JKn, BRR, Fay or bootstrap',
  typeNeedsRepweights: (flag: string) => `${flag} only applies to replicate weights: give --repweights too`,
  repweightsWithDesign: (flag: string) =>
    `${flag} cannot be combined with --repweights: replicate weights carry the design (R svrepdesign has no strata or clusters)`,
  fayNeedsRho: () => 'type Fay needs --rho (the Fay coefficient, 0 < rho < 1), as R svrepdesign',
  jknNeedsRscales: () => 'type JKn needs --rscales (one (n_h - 1) / n_h per replicate, comma-separated), as R svrepdesign',
  rscalesLength: (given: number, replicates: number) =>
    `--rscales has ${given} values but there are ${replicates} replicate columns: give one per replicate (or one for all)`,
  badNumberList: (flag: string, value: string) => `${flag} ${value}: expected numbers separated by commas`,
  repweightMissing: (column: string, rows: string[]) =>
    `the replicate weight column "${column}" is empty in ${rows.slice(0, 5).join(', ')}${rows.length > 5 ? ` and ${rows.length - 5} more` : ''}: every row needs a value`,
  fpcCount: (clusters: number, fpcs: number) =>
    `--fpc given ${fpcs} time${fpcs === 1 ? '' : 's'} for ${clusters} stage${clusters === 1 ? '' : 's'}: give one --fpc per --cluster, in stage order, or none`,
  jk1Stratified: () => 'JK1 replicates are for unstratified designs (R: "Can\'t use JK1 for a stratified design"); use JKn',
  jknLonely: (stratum: string) =>
    `stratum "${stratum}" has a single PSU, so JKn cannot drop one; set lonely_psu to "adjust", "remove", "certainty" or "average"`,
  notFiniteTerm: (term: string, cells: string[]) =>
    `--glm: ${term} is not a finite number for ${cells.slice(0, 5).join(', ')}${cells.length > 5 ? ` and ${cells.length - 5} more` : ''}`,
  modelColumn: (model: string, column: string) => `survey.json analysis.models "${model}": the data has no column "${column}"`,
  modelMulti: (model: string, column: string) =>
    `survey.json analysis.models "${model}": "${column}" is a multiple-choice question; use one of its options as a yes/no variable`,
  modelFormula: (model: string, detail: string) => `survey.json analysis.models "${model}": ${detail.replace(/^--glm /, 'formula ')}`,
  glmWithBy: () => '--glm fits one model to the whole sample: --by is not supported with it',
  glmWithOthers: () => '--glm cannot be combined with --mean, --total, --prop, --quantile, --ratio or --var',
  badFormula: (formula: string, detail: string) => `--glm "${formula}": ${detail}`,
  familyNeedsGlm: () => '--family only applies to --glm',
  responseNotBinary: (variable: string, found: string) =>
    `--glm: the quasibinomial response "${variable}" must hold proportions between 0 and 1, found ${found}`,
  singularModel: (terms: string) => `--glm: the model's columns are linearly dependent (${terms}); drop a term`,
  noResidualDf: () => 'no residual degrees of freedom: the design has too few PSUs for this many coefficients',
  notConverged: (iterations: number) => `--glm: the fit did not converge in ${iterations} iterations`,
};
