import type { Design, DesignSource, Replicates } from '../../schemas/design.js';
import type { LonelyPsu } from '../../schemas/survey.js';
import { InputError, UsageError } from '../errors.js';
import { designMessages as msg } from './design-messages.js';

/** What a replicate-weight design is made from (R `svrepdesign(repweights=, weights=, type=, ...)`). */
export interface ReplicateColumns {
  rowCount: number;
  /** full-sample weights (null: 1, as R with a warning) */
  weights: Float64Array | null;
  columns: string[];
  values: Float64Array[];
  type: Replicates['type'];
  scale?: number | undefined;
  rscales?: number[] | undefined;
  rho?: number | undefined;
  mse?: boolean | undefined;
  lonelyPsu: LonelyPsu;
  source: DesignSource;
  rowLabel?: (i: number) => string;
}

/**
 * `scale` and `rscales` as R's `svrepdesign.default` (survey 4.1) sets them for combined weights: BRR 1 / R
 * (a given scale ignored, as R does); Fay 1 / (R (1 - rho)^2), rho required; bootstrap 1 / (R - 1) unless
 * given; JK1 (R - 1) / R unless given (R guesses n = the number of replicates); JKn scale 1 unless given and
 * rscales required. rscales default to 1; one value stands for all replicates.
 */
export function replicateScales(type: Replicates['type'], R: number, given: { scale?: number | undefined; rscales?: number[] | undefined; rho?: number | undefined }): { scale: number; rscales: Float64Array } {
  let rscales: Float64Array;
  if (given.rscales) {
    if (given.rscales.length !== 1 && given.rscales.length !== R) throw new UsageError(msg.rscalesLength(given.rscales.length, R));
    rscales = given.rscales.length === 1 ? new Float64Array(R).fill(given.rscales[0]!) : Float64Array.from(given.rscales);
  } else {
    if (type === 'JKn') throw new UsageError(msg.jknNeedsRscales());
    rscales = new Float64Array(R).fill(1);
  }
  switch (type) {
    case 'BRR':
      return { scale: 1 / R, rscales };
    case 'Fay': {
      const rho = given.rho;
      if (rho === undefined || !(rho >= 0 && rho < 1)) throw new UsageError(msg.fayNeedsRho());
      return { scale: 1 / (R * (1 - rho) ** 2), rscales };
    }
    case 'bootstrap':
      return { scale: given.scale ?? 1 / (R - 1), rscales };
    case 'JK1':
      return { scale: given.scale ?? (R - 1) / R, rscales };
    case 'JKn':
      return { scale: given.scale ?? 1, rscales };
  }
}

/**
 * A replicate-weight design (R `svrepdesign(..., combined.weights = TRUE)`): every row is its own unit for the
 * code that needs one, and `replicates` carries the weights the variances come from. Throws InputError for a
 * missing replicate weight and UsageError for a missing rho (Fay) or rscales (JKn), as R.
 */
export function buildReplicateDesign(input: ReplicateColumns): Design {
  const n = input.rowCount;
  const label = input.rowLabel ?? ((i: number) => `row ${i + 1}`);
  input.values.forEach((column, r) => {
    const missing: string[] = [];
    for (let i = 0; i < n; i++) if (Number.isNaN(column[i]!)) missing.push(label(i));
    if (missing.length) throw new InputError(msg.repweightMissing(input.columns[r]!, missing));
  });
  const { scale, rscales } = replicateScales(input.type, input.values.length, input);
  const psu = Int32Array.from({ length: n }, (_, i) => i);
  return {
    rowCount: n,
    weights: input.weights ?? new Float64Array(n).fill(1),
    stratum: new Int32Array(n),
    psu,
    strata: ['1'],
    psuStart: Int32Array.from([0, n]),
    popSize: Float64Array.from([Infinity]),
    lonelyPsu: input.lonelyPsu,
    calibration: null,
    source: input.source,
    replicates: {
      type: input.type,
      columns: input.columns,
      weights: input.values,
      scale,
      rscales,
      mse: input.mse ?? false,
      rho: input.rho ?? null,
    },
  };
}
