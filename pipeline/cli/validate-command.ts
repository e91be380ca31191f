import path from 'node:path';
import type { Issue } from '../../schemas/issue.js';
import type { ValidationSummary } from '../../schemas/validation.js';
import { InputError, UsageError } from '../errors.js';
import { validateDataFile, validateSurvey } from '../run.js';
import type { CommandContext } from './cli-effects.js';
import { formatValidationSummary } from '../validate/format-validation-summary.js';
import { validationJson } from './format-validation.js';
import { cliMsg } from './messages.js';
import { refuseSheetOnCsv, requireExisting, resolveArg } from './paths.js';
import { createStyle, wantsColor } from './style.js';
import { terminalText } from './terminal-text.js';

/** `thinktank validate`'s arguments. */
export interface ValidateArgs {
  source: string;
  codebook: string | undefined;
  sheet: string | undefined;
  out: string | undefined;
  headerRow?: number | undefined;
}

/**
 * Validates a survey folder, or one data file against `--codebook`: exit 0 when no errors (warnings allowed),
 * 1 when errors were found, 2 for a usage error. `--json` prints the summary object on stdout.
 */
export async function validateCommand(args: ValidateArgs, context: CommandContext): Promise<number> {
  try {
    return await validateSource(args, context);
  } catch (error) {
    // Inputs that cannot be read at all (a bad codebook, an unreadable file) are still a validation result
    // for --json: no rows, and the problems as issues.
    if (!(error instanceof InputError) || !context.json) throw error;
    const issues: Issue[] = error.issues.length > 0 ? error.issues : [wholeInputIssue(args.source, error.message)];
    context.effects.log.info(`${context.style.red('error:')} ${error.message}`);
    const errors = issues.filter((i) => i.severity === 'error').length;
    const summary: ValidationSummary = {
      rows_read: 0,
      rows_kept: 0,
      rows_quarantined: 0,
      rows_blank: 0,
      errors,
      warnings: issues.length - errors,
      issues,
      files: [],
      by_code: Object.fromEntries([...new Set(issues.map((i) => i.code))].map((code) => [code, issues.filter((i) => i.code === code).length])),
    };
    context.effects.stdout(`${JSON.stringify(validationJson(summary))}\n`);
    return 1;
  }
}

function wholeInputIssue(file: string, message: string): Issue {
  return { file, sheet: null, cell: null, column: null, row: null, code: 'unreadable_input', severity: 'error', expected: 'readable input', found: message, message };
}

async function validateSource(args: ValidateArgs, { effects, stages, json }: CommandContext): Promise<number> {
  const kind = await requireExisting(effects, args.source, 'validate');
  const out = args.out !== undefined ? resolveArg(effects, args.out) : undefined;
  let summary;
  if (kind === 'dir') {
    if (args.codebook !== undefined) throw new UsageError(cliMsg.codebookWithFolder());
    if (args.sheet !== undefined) throw new UsageError(cliMsg.sheetWithFolder());
    if (args.headerRow !== undefined) throw new UsageError(cliMsg.headerRowWithFolder());
    // a file that cannot be read is an issue of the summary: printed there once, not also as the reader's error line
    const quiet = { ...effects, log: { ...effects.log, error: () => undefined } };
    summary = await validateSurvey(resolveArg(effects, args.source), out !== undefined ? { out } : {}, quiet, stages);
  } else {
    if (args.codebook === undefined) throw new UsageError(cliMsg.needsCodebook(args.source));
    refuseSheetOnCsv(args.source, args.sheet);
    await requireExisting(effects, args.codebook, 'validate --codebook');
    summary = await validateDataFile(
      resolveArg(effects, args.source),
      resolveArg(effects, args.codebook),
      {
        ...(args.sheet !== undefined ? { sheet: args.sheet } : {}),
        ...(args.headerRow !== undefined ? { headerRow: args.headerRow } : {}),
        ...(out !== undefined ? { out } : {}),
        display: { file: args.source, codebook: args.codebook },
      },
      effects,
      stages,
    );
  }
  // the summary is the command's result: stdout, coloured only when stdout itself is a terminal
  if (json) effects.stdout(`${JSON.stringify(validationJson(summary))}\n`);
  else {
    const text = formatValidationSummary(summary, {
      color: createStyle(wantsColor(effects.env, effects.stdoutColumns !== undefined)).enabled,
      issuesFile: out === undefined ? null : path.join(out, 'validation', 'issues.xlsx'),
    });
    // values from the data are shown escaped, never acting on the terminal (see terminal-text.ts)
    effects.stdout(`${terminalText(text, { keepColour: true }).replace(/\n*$/, '')}\n`);
  }
  return summary.errors > 0 ? 1 : 0;
}
