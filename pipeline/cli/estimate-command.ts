import type { LonelyPsu } from '../../schemas/survey.js';
import type { CommandContext } from './cli-effects.js';
import { requireExisting, resolveArg } from './paths.js';
import { terminalText } from './terminal-text.js';

/** `thinktank estimate`'s arguments, as parsed (DESIGN.md's contract, plus --ratio and --lonely-psu). */
export interface EstimateCliArgs {
  data: string;
  sheet: string | undefined;
  weights: string | undefined;
  strata: string | undefined;
  cluster: string | undefined;
  fpc: string | undefined;
  mean: string[];
  total: string[];
  prop: string[];
  quantile: string[];
  ratio: string[];
  by: string[];
  level: number;
  ci: 'logit' | 'wilson' | 'beta';
  df: 'domain' | 'design' | 'inf';
  lonelyPsu: LonelyPsu;
}

/**
 * Ad-hoc design-based estimates from one data file: `--json` prints the contract's object on stdout, else a
 * readable table on stderr. Bad flags are usage errors (2), data that cannot serve is bad input (1).
 */
export async function estimateCommand(args: EstimateCliArgs, { effects, json }: CommandContext): Promise<number> {
  await requireExisting(effects, args.data, 'estimate');
  // loaded here, not at the top: the estimation code is only needed by this command
  const { runEstimateCommand, formatEstimateTable } = await import('../estimate/index.js');
  const { lonelyPsu, sheet, weights, strata, cluster, fpc, ...rest } = args;
  const result = await runEstimateCommand({
    ...rest,
    data: resolveArg(effects, args.data),
    lonely_psu: lonelyPsu,
    ...(sheet !== undefined ? { sheet } : {}),
    ...(weights !== undefined ? { weights } : {}),
    ...(strata !== undefined ? { strata } : {}),
    ...(cluster !== undefined ? { cluster } : {}),
    ...(fpc !== undefined ? { fpc } : {}),
  });
  if (json) effects.stdout(`${JSON.stringify(result)}\n`);
  // the table shows values from the data (levels, domains): never let them act on the terminal
  else effects.log.info(terminalText(formatEstimateTable(result)));
  return 0;
}
