import { Limits } from '../../schemas/survey.js';

/** Limits on what a reader accepts (survey.json `limits`). */
export type ReadLimits = Limits;

/** The default limits (200 MB files, 2 GB inflated, 100M cells, 32,767 characters a cell). */
export const defaultLimits: ReadLimits = Limits.parse({});
