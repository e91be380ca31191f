import path from 'node:path';
import type { SurveyConfig } from '../../schemas/survey.js';

/** The output folder inside a survey folder when neither `--out` nor survey.json `outputs` says otherwise. */
export const defaultOutputs = 'outputs';

/**
 * Where a survey's outputs go, as an absolute path: `out` (the `--out` flag) resolved against `cwd`; else
 * survey.json `outputs` resolved against the survey folder; else `<survey folder>/outputs`. Outputs live with
 * the survey, wherever the command is run from.
 */
export function outputDir(surveyDir: string, config: Pick<SurveyConfig, 'outputs'>, options: { out?: string; cwd?: string }): string {
  if (options.out !== undefined) return path.resolve(options.cwd ?? process.cwd(), options.out);
  return path.resolve(surveyDir, config.outputs ?? defaultOutputs);
}

/**
 * Whether a survey-relative path (`/`-separated) lies in the survey's own output folder (survey.json `outputs`,
 * default `outputs/`), which response globs such as `**\/*.xlsx` must not read: the outputs hold workbooks too.
 */
export function isInOutputs(rel: string, config: Pick<SurveyConfig, 'outputs'>): boolean {
  const folder = path.posix.normalize((config.outputs ?? defaultOutputs).replace(/\\/g, '/')).replace(/\/+$/, '');
  if (folder === '.' || folder.startsWith('../') || folder === '..' || path.posix.isAbsolute(folder)) return false;
  return rel === folder || rel.startsWith(`${folder}/`);
}
