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

/** Intervals for proportions (`thinktank estimate --ci`; schemas/estimate-command.ts `ci`). */
export const ciChoices = ['logit', 'wilson', 'beta'] as const;

/** Degrees of freedom of the intervals (`thinktank estimate --df`; schemas/estimate-command.ts `df`). */
export const dfChoices = ['domain', 'design', 'inf'] as const;

/** Kinds of replicate weights (`thinktank estimate --type`; R svrepdesign `type`). */
export const replicateTypeChoices = ['JK1', 'JKn', 'BRR', 'Fay', 'bootstrap'] as const;

/** Families of `thinktank estimate --glm` (R svyglm). */
export const familyChoices = ['gaussian', 'quasibinomial'] as const;
