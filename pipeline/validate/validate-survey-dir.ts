import type { ValidationSummary } from '../../schemas/validation.js';
import { silentLogger, type Logger } from '../effects.js';
import { InputError } from '../errors.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { ingestSurvey } from '../ingest/ingest-survey.js';
import { readCodebook } from '../ingest/read-codebook.js';
import { readSurveyConfig, resolveInside } from '../run/read-survey-config.js';
import { validate } from './validate.js';
import { orderIssue } from './write-validation.js';

/** The `thinktank validate --json` object: the validation summary (rows_read, rows_kept, ..., issues, files, by_code). */
export type ValidateResult = ValidationSummary;

/**
 * Validates a survey folder (survey.json, its codebook and response files) and returns the `--json` object;
 * file names are relative to the folder. An I/O edge like run.ts: reads, then runs the pure stages.
 * InputError for a bad survey.json or codebook (with its issues).
 */
export async function validateSurveyDir(dir: string, log: Logger = silentLogger): Promise<ValidateResult> {
  const config = await readSurveyConfig(dir);
  const codebookPath = resolveInside(dir, config.codebook);
  if (codebookPath === null) throw new InputError(`survey.json codebook: the path ${JSON.stringify(config.codebook)} leaves the survey folder`);
  const codebook = await readCodebook(codebookPath, { display: config.codebook });
  const raw = await ingestSurvey(dir, config, codebook, log);
  return result(validate(raw, codebook).summary);
}

/**
 * Validates one data file (.xlsx or .csv) against a codebook (.xlsx or .json) and returns the `--json` object.
 * Without `sheet`, every sheet whose header matches the codebook is read.
 */
export async function validateDataFile(
  file: string,
  codebookPath: string,
  sheet?: string,
  log: Logger = silentLogger,
): Promise<ValidateResult> {
  const codebook = await readCodebook(codebookPath);
  const raw = await ingestFile(file, codebook, sheet === undefined ? {} : { sheet }, log);
  return result(validate(raw, codebook).summary);
}

function result(summary: ValidationSummary): ValidateResult {
  return { ...summary, issues: summary.issues.map(orderIssue) };
}

