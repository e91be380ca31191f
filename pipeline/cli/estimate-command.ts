import type { LonelyPsu } from '../../schemas/survey.js';
import { UsageError } from '../errors.js';
import { designMessages } from '../estimate/design-messages.js';
import type { CommandContext } from './cli-effects.js';
import { requireExisting, resolveArg } from './paths.js';
import { terminalText } from './terminal-text.js';

/** `thinktank estimate`'s arguments, as parsed (DESIGN.md's contract, plus --ratio and --lonely-psu). */
export interface EstimateCliArgs {
  data: string;
  sheet: string | undefined;
  headerRow?: number | undefined;
  weights: string | undefined;
  strata: string | undefined;
  cluster: string[];
  fpc: string[];
  repweights: string | undefined;
  type: string | undefined;
  scale: number | undefined;
  rho: number | undefined;
  /** comma-separated numbers */
  rscales: string | undefined;
  mse: boolean;
  var: string[];
  glm: string | undefined;
  family: string | undefined;
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

/** "0.5,0.5,0.25" as numbers; UsageError for anything else. */
function parseNumberList(flag: string, text: string): number[] {
  const values = text.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  if (values.some((v) => !Number.isFinite(v))) throw new UsageError(designMessages.badNumberList(flag, text));
  return values;
}

/**
 * Ad-hoc design-based estimates from one data file: `--json` prints the contract's object on stdout, else a
 * readable table on stderr. Bad flags are usage errors (2), data that cannot serve is bad input (1).
 */
export async function estimateCommand(args: EstimateCliArgs, { effects, json }: CommandContext): Promise<number> {
  await requireExisting(effects, args.data, 'estimate');
  // loaded here, not at the top: the estimation code is only needed by this command
  const { runEstimateCommand, formatEstimateTable } = await import('../estimate/index.js');
  const { lonelyPsu, sheet, headerRow, weights, strata, cluster, fpc, repweights, type, scale, rho, rscales, glm, family, ...rest } = args;
  const result = await runEstimateCommand({
    ...rest,
    data: resolveArg(effects, args.data),
    lonely_psu: lonelyPsu,
    ...(sheet !== undefined ? { sheet } : {}),
    ...(headerRow !== undefined ? { header_row: headerRow } : {}),
    ...(weights !== undefined ? { weights } : {}),
    ...(strata !== undefined ? { strata } : {}),
    cluster,
    fpc,
    ...(repweights !== undefined ? { repweights } : {}),
    ...(type !== undefined ? { type: type as 'JK1' } : {}),
    ...(scale !== undefined ? { scale } : {}),
    ...(rho !== undefined ? { rho } : {}),
    ...(rscales !== undefined ? { rscales: parseNumberList('--rscales', rscales) } : {}),
    ...(glm !== undefined ? { glm } : {}),
    ...(family !== undefined ? { family: family as 'gaussian' } : {}),
  });
  if (json) effects.stdout(`${JSON.stringify(result)}\n`);
  // the table shows values from the data (levels, domains): never let them act on the terminal
  else effects.log.info(terminalText(formatEstimateTable(result)));
  return 0;
}
