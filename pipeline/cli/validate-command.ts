import { UsageError } from '../errors.js';
import { validateDataFile, validateSurvey } from '../run.js';
import type { CommandContext } from './cli-effects.js';
import { formatValidationSummary } from '../validate/format-validation-summary.js';
import { validationJson } from './format-validation.js';
import { requireExisting, resolveArg } from './paths.js';

/** `thinktank validate`'s arguments. */
export interface ValidateArgs {
  source: string;
  codebook: string | undefined;
  sheet: string | undefined;
  out: string | undefined;
}

/**
 * Validates a survey folder, or one data file against `--codebook`: exit 0 when no errors (warnings allowed),
 * 1 when errors were found, 2 for a usage error. `--json` prints the summary object on stdout.
 */
export async function validateCommand(args: ValidateArgs, { effects, style, stages, json }: CommandContext): Promise<number> {
  const kind = await requireExisting(effects, args.source, 'validate');
  const out = args.out !== undefined ? resolveArg(effects, args.out) : undefined;
  let summary;
  if (kind === 'dir') {
    if (args.codebook !== undefined) throw new UsageError('validate: --codebook goes with a data file; a survey folder names its codebook in survey.json');
    if (args.sheet !== undefined) throw new UsageError('validate: --sheet goes with a data file; a survey folder sets `sheet` in survey.json');
    summary = await validateSurvey(resolveArg(effects, args.source), out !== undefined ? { out } : {}, effects, stages);
  } else {
    if (args.codebook === undefined) {
      throw new UsageError(`validate: a data file needs --codebook CODEBOOK (e.g. thinktank validate ${args.source} --codebook codebook.xlsx)`);
    }
    await requireExisting(effects, args.codebook, 'validate --codebook');
    summary = await validateDataFile(
      resolveArg(effects, args.source),
      resolveArg(effects, args.codebook),
      {
        ...(args.sheet !== undefined ? { sheet: args.sheet } : {}),
        ...(out !== undefined ? { out } : {}),
        display: { file: args.source, codebook: args.codebook },
      },
      effects,
      stages,
    );
  }
  if (json) effects.stdout(`${JSON.stringify(validationJson(summary))}\n`);
  else effects.log.info(formatValidationSummary(summary, { color: style.enabled }));
  return summary.errors > 0 ? 1 : 0;
}
