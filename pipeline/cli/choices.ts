/**
 * The fixed choices of the command line's flags, as plain lists: the help text needs them, and loading the zod
 * schemas they mirror would double the start-up time of `thinktank --help`. test/cli/choices.test.ts checks
 * that each equals the schema it stands for.
 */
export { stageNames } from '../run/stage-names.js';

/** Report languages (schemas/common.ts `Lang`). */
export const langChoices = ['zh', 'en'] as const;

/** R's `survey.lonely.psu` options (schemas/survey.ts `LonelyPsu`). */
export const lonelyPsuChoices = ['fail', 'remove', 'adjust', 'average', 'certainty'] as const;

/** Intervals for proportions (`thinktank estimate --ci`). */
export const ciChoices = ['logit', 'wilson'] as const;
