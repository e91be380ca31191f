import type { EstimateArgs } from '../../schemas/estimate-command.js';
import type { Design } from '../../schemas/design.js';
import type { z } from 'zod';
import { UsageError } from '../errors.js';
import type { KeyColumn } from '../weight/build-design.js';
import { buildMultistageDesign } from '../weight/build-multistage-design.js';
import { designMessages as msg } from './design-messages.js';
import { buildReplicateDesign } from './replicate-design.js';

/** The parsed `thinktank estimate` arguments. */
type Args = z.output<typeof EstimateArgs>;

/** How the design builder reads the data file's columns. */
export interface DesignData {
  headers: string[];
  rowCount: number;
  numbers(flag: string, name: string): Float64Array;
  keys(flag: string, name: string): KeyColumn;
  label(i: number): string;
}

/** A flag that may be given once or once per stage, as a list. */
export function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The replicate weight columns: the headers matching `pattern` (R: `grep(repweights, names(data))`), in file order. */
export function replicateColumns(pattern: string, headers: string[]): string[] {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (error) {
    throw new UsageError(msg.badRepweights(pattern, error instanceof Error ? error.message : String(error)));
  }
  const columns = headers.filter((h) => re.test(h));
  if (columns.length === 0) throw new UsageError(msg.noRepweights(pattern));
  return columns;
}

/**
 * The design of `thinktank estimate`: replicate weights (R `svrepdesign`) when --repweights is given, else
 * strata, one cluster and fpc per stage and weights (R `svydesign(ids = ~c1 + c2, strata =, fpc = ~f1 + f2,
 * weights =, nest = TRUE)`). UsageError for flags that do not go together.
 */
export function buildEstimateDesign(args: Args, data: DesignData): Design {
  const clusters = listOf(args.cluster);
  const fpcs = listOf(args.fpc);
  const weights = args.weights ? data.numbers('--weights', args.weights) : null;
  if (args.repweights !== undefined) {
    if (!args.type) throw new UsageError(msg.repweightsNeedType());
    for (const [flag, given] of [['--strata', args.strata !== undefined], ['--cluster', clusters.length > 0], ['--fpc', fpcs.length > 0]] as const) {
      if (given) throw new UsageError(msg.repweightsWithDesign(flag));
    }
    const columns = replicateColumns(args.repweights, data.headers);
    return buildReplicateDesign({
      rowCount: data.rowCount,
      weights,
      columns,
      values: columns.map((c) => data.numbers('--repweights', c)),
      type: args.type,
      scale: args.scale,
      rscales: args.rscales,
      rho: args.rho,
      mse: args.mse,
      lonelyPsu: args.lonely_psu,
      source: { weights: args.weights ?? null, strata: null, cluster: null, fpc: null },
      rowLabel: data.label,
    });
  }
  for (const [flag, given] of [['--type', args.type !== undefined], ['--scale', args.scale !== undefined], ['--rho', args.rho !== undefined], ['--rscales', args.rscales !== undefined], ['--mse', args.mse]] as const) {
    if (given) throw new UsageError(msg.typeNeedsRepweights(flag));
  }
  if (fpcs.length > 0 && fpcs.length !== Math.max(clusters.length, 1)) throw new UsageError(msg.fpcCount(Math.max(clusters.length, 1), fpcs.length));
  return buildMultistageDesign({
    rowCount: data.rowCount,
    weights,
    strata: args.strata ? data.keys('--strata', args.strata) : null,
    clusters: clusters.map((c) => data.keys('--cluster', c)),
    fpcs: fpcs.map((f) => data.numbers('--fpc', f)),
    names: { clusters, fpcs },
    lonelyPsu: args.lonely_psu,
    source: { weights: args.weights ?? null, strata: args.strata ?? null, cluster: null, fpc: null },
    rowLabel: data.label,
  });
}
