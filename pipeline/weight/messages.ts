/** Every user-facing sentence of the weight stage (design and calibration), as functions. */

/** Lists at most five row labels, then how many more. */
function rowList(rows: string[]): string {
  const shown = rows.slice(0, 5).join(', ');
  return rows.length > 5 ? `${shown} and ${rows.length - 5} more` : shown;
}

/** The weight stage's messages, by situation. */
export const weightMessages = {
  missingDesignValue: (role: string, column: string, rows: string[]) =>
    `the ${role} column "${column}" is empty in ${rowList(rows)}: every row needs a value`,
  notANumber: (role: string, column: string, rows: string[], found: string) =>
    `the ${role} column "${column}" must hold numbers, found ${found}${rows.length ? ` in ${rowList(rows)}` : ''}`,
  unusableWeights: (column: string, what: string, rows: string[]) =>
    `weights must be finite, not all 0, with a finite sum; found ${what} in "${column}" (from ${rowList(rows)})`,
  negativeWeight: (column: string, rows: string[]) =>
    `weights must be >= 0, found negative weights in "${column}" in ${rowList(rows)}`,
  fpcMixed: (column: string) =>
    `the fpc column "${column}" must hold either population sizes (all values >= 1) or sampling fractions (all values <= 1), not both`,
  fpcVaries: (column: string, stratum: string) =>
    `the fpc column "${column}" must be constant within a stratum, but it varies in stratum "${stratum}"`,
  fpcTooSmall: (column: string, stratum: string, popSize: number, sampled: number) =>
    `the fpc column "${column}" says stratum "${stratum}" has ${popSize} PSUs in the population, but ${sampled} were sampled`,
  lonelyFail: (strata: string[]) =>
    `${strata.length === 1 ? 'stratum' : 'strata'} ${rowList(strata.map((s) => `"${s}"`))} ${strata.length === 1 ? 'has' : 'have'} a single PSU; set design.lonely_psu to "adjust", "average", "remove" or "certainty" to estimate variances`,
  fpcStages: (clusters: number, fpcs: number) =>
    `the design has ${clusters} sampling stage${clusters === 1 ? '' : 's'} (cluster columns) but ${fpcs} fpc column${fpcs === 1 ? '' : 's'}: give one fpc per stage, in stage order, or none`,
  fpcVariesInUnit: (column: string, stage: number, unit: string) =>
    `the fpc column "${column}" (stage ${stage}) must be constant within a unit of the stage above, but it varies in ${unit}`,
  fpcTooSmallInUnit: (column: string, stage: number, unit: string, popSize: number, sampled: number) =>
    `the fpc column "${column}" says ${unit} has ${popSize} stage-${stage} units in the population, but ${sampled} were sampled`,
  lonelyFailStage: (stage: number, units: string[]) =>
    `${rowList(units)} ${units.length === 1 ? 'has' : 'have'} a single stage-${stage} unit sampled; set design.lonely_psu to "adjust", "average", "remove" or "certainty" to estimate variances`,
  singlePsu: () => 'the design has a single PSU, so no variance can be estimated',
  unknownColumn: (role: string, column: string) => `the ${role} column "${column}" is not in the data`,
  noMargins: (file: string) =>
    `calibration needs population margins, but ${file} was not read; add it or remove "calibration" from survey.json`,
  marginVariableMissing: (file: string, variable: string) =>
    `${file} has no column "${variable}", which calibration.variables lists`,
  marginsNoCount: (file: string) => `${file} needs a "count" column with the population counts`,
  marginsBadCount: (file: string, line: number, found: string) =>
    `${file} line ${line}: expected a population count >= 0, found "${found}"`,
  marginsExtremeCount: (file: string, line: number, found: string) =>
    `${file} line ${line}: expected a population count of 0 or from 0.000001 to 1e15, found "${found}"`,
  marginsDuplicate: (file: string, line: number, first: number, values: string[]) =>
    `${file} line ${line}: expected each population cell once, found ${values.map((v) => JSON.stringify(v)).join(' x ')} again (first on line ${first}); remove one of the two lines`,
  marginsBadRow: (file: string, line: number, expected: number, found: number) =>
    `${file} line ${line}: expected ${expected} fields, found ${found}`,
  marginsUnclosedQuote: (file: string, line: number) => `${file} line ${line}: a quoted field never closes`,
  marginsEmpty: (file: string) => `${file} has no population counts`,
  calibrationValueMissing: (variable: string, rows: string[]) =>
    `the calibration variable "${variable}" is empty in ${rowList(rows)}: every row needs a value to be calibrated`,
  sampleCellNotInPopulation: (file: string, cell: string) =>
    `respondents have ${cell}, which ${file} has no population count for`,
  populationCellNotInSample: (file: string, cell: string, count: number) =>
    `${file} has ${count} for ${cell}, but no respondent (with a weight > 0) is in it: calibration cannot reach it; merge it with a neighbouring category`,
};
