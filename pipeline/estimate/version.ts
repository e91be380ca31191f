import { packageVersion } from '../package-root.js';

/** The thinktank version recorded with every estimate (package.json `version`). */
export const thinktankVersion: string = `thinktank ${packageVersion}`;
