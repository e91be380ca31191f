/** The stages in order; `only` runs up to and including one of them. Kept apart from run.ts so the CLI's help needs no stage code. */
export const stageNames = ['ingest', 'validate', 'weight', 'estimate', 'chart', 'report', 'publish'] as const;
/** A stage of the pipeline. */
export type StageName = (typeof stageNames)[number];
