import { readFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Codebook } from '../../schemas/codebook.js';
import type { Issue } from '../../schemas/issue.js';
import type { SurveyConfig } from '../../schemas/survey.js';
import type { ValidationSummary } from '../../schemas/validation.js';
import { didYouMean } from '../did-you-mean.js';
import { InputError } from '../errors.js';
import { expected as expectedText, found as foundText, issueLine, quote } from '../messages.js';
import { marginKey, parseMargins } from '../weight/read-margins.js';
import { surveyConfigFile } from './read-survey-config.js';

/** margins.csv as read for checking: its name in messages and its text. */
export interface MarginsText {
  file: string;
  text: string;
}

/**
 * What `validate` checks beyond the responses, so that `run` does not fail later on what could be seen now:
 * survey.json's variables (region, design columns, calibration variables) are codebook variables, and margins.csv
 * parses, has a column for each calibration variable, and holds only codes the codebook knows, each problem with
 * its line number. Pure; an empty list when all is well.
 */
export function checkSurveyInputs(config: SurveyConfig, codebook: Codebook, margins: MarginsText | null): Issue[] {
  return [...checkConfigVariables(config, codebook), ...(margins && config.calibration ? checkMargins(config.calibration.variables, codebook, margins) : [])];
}

/** Throws the issues of `checkSurveyInputs` that are errors as one InputError (for `run`, before weighting). */
export function requireSurveyInputs(config: SurveyConfig, codebook: Codebook, margins: MarginsText | null): void {
  const errors = checkSurveyInputs(config, codebook, margins).filter((i) => i.severity === 'error');
  const [first] = errors;
  if (first) throw new InputError(errors.length === 1 ? first.message : `${errors.length} problems in survey.json or margins.csv`, errors);
}

function issue(file: string, column: string | null, row: number | null, code: string, expected: string, found: string, where: string): Issue {
  return { file, sheet: null, cell: null, column, row, code, severity: 'error', expected, found, message: issueLine(where, expected, found) };
}

/** A design key that takes one column or one per stage, as key paths and names (`design.cluster.1`). */
function stages(key: string, value: string | string[] | undefined): [string, string][] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [[key, value]] : value.map((name, i): [string, string] => [`${key}.${i}`, name]);
}

function checkConfigVariables(config: SurveyConfig, codebook: Codebook): Issue[] {
  const names = codebook.map((v) => v.name);
  const keys: [string, string | undefined][] = [
    ['region', config.region],
    ['design.weights', config.design.weights],
    ['design.strata', config.design.strata],
    ...stages('design.cluster', config.design.cluster),
    ...stages('design.fpc', config.design.fpc),
    ...(config.calibration?.variables ?? []).map((v, i): [string, string] => [`calibration.variables.${i}`, v]),
  ];
  const issues: Issue[] = [];
  for (const [key, name] of keys) {
    if (name === undefined || names.includes(name)) continue;
    const guess = didYouMean(name, names);
    const found = `${quote(name)}${guess === null ? '' : ` (did you mean ${quote(guess)}?)`}`;
    issues.push(issue(surveyConfigFile, key, null, 'config_unknown_variable', expectedText.knownVariable(), found, `${surveyConfigFile}: ${key}`));
  }
  return issues;
}

function checkMargins(variables: readonly string[], codebook: Codebook, margins: MarginsText): Issue[] {
  try {
    parseMargins(margins.text, margins.file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const problem = issue(margins.file, null, lineOf(error.message), 'margins_invalid', 'a CSV of the calibration variables and "count"', quote(error.message), margins.file);
    return [{ ...problem, message: error.message }];
  }
  const lines = margins.text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const issues: Issue[] = [];
  for (const variable of variables) {
    const at = header.indexOf(variable);
    if (at < 0) {
      const guess = didYouMean(variable, header);
      const found = `the columns ${header.map((h) => quote(h)).join(', ')}${guess === null ? '' : ` (did you mean ${quote(guess)}?)`}`;
      issues.push(issue(margins.file, variable, 1, 'margins_missing_column', `a column "${variable}" (calibration.variables)`, found, `${margins.file} line 1 (${variable})`));
      continue;
    }
    const codes = codebook.find((v) => v.name === variable)?.codes;
    if (!codes || codes.length === 0) continue;
    const known = new Set(codes.map((c) => marginKey(String(c.code))));
    const levels = codes.map((c) => String(c.code));
    // quoted fields with commas are rare in margins; a line whose field count differs was refused by parseMargins
    lines.forEach((line, index) => {
      if (index === 0 || line.trim() === '') return;
      const value = (line.split(',')[at] ?? '').replace(/^"|"$/g, '');
      if (known.has(marginKey(value))) return;
      const where = `${margins.file} line ${index + 1} (${variable})`;
      issues.push(issue(margins.file, variable, index + 1, 'margins_unknown_code', expectedText.code(levels), foundText.value(value), where));
    });
  }
  return issues;
}

function lineOf(message: string): number | null {
  const match = / line (\d+)/.exec(message);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** margins.csv's text for `checkSurveyInputs` (UTF-8, else GB18030, as readMargins decodes it); null without one. */
export async function readMarginsText(surveyDir: string, margins: string | null): Promise<MarginsText | null> {
  if (margins === null) return null;
  const bytes = await readFile(path.join(surveyDir, margins));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = iconv.decode(bytes, 'gb18030');
  }
  return { file: margins, text };
}

/** A validation with more issues (from survey.json and margins.csv) counted into its summary; rows unchanged. */
export function withIssues<V extends { summary: ValidationSummary }>(validation: V, issues: Issue[]): V {
  if (issues.length === 0) return validation;
  const summary = validation.summary;
  const errors = issues.filter((i) => i.severity === 'error').length;
  const by_code = { ...summary.by_code };
  for (const i of issues) by_code[i.code] = (by_code[i.code] ?? 0) + 1;
  return {
    ...validation,
    summary: { ...summary, issues: [...issues, ...summary.issues], errors: summary.errors + errors, warnings: summary.warnings + issues.length - errors, by_code },
  };
}
