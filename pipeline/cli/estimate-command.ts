import type { CommandContext } from './cli-effects.js';
import { requireExisting, resolveArg } from './paths.js';

/** `thinktank estimate`'s arguments, as parsed (DESIGN.md's contract). */
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
  by: string[];
  level: number;
}

/** Ad-hoc design-based estimates from one data file: `--json` prints the contract's object, else a table. */
export async function estimateCommand(args: EstimateCliArgs, { effects, json }: CommandContext): Promise<number> {
  await requireExisting(effects, args.data, 'estimate');
  const { runEstimateCommand, formatEstimateTable } = await import('../estimate/index.js');
  const result = await runEstimateCommand({ ...args, data: resolveArg(effects, args.data) });
  if (json) effects.stdout(`${JSON.stringify(result)}\n`);
  else effects.log.info(formatEstimateTable(result));
  return 0;
}
