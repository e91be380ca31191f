import pkg from '../../package.json' with { type: 'json' };

/** The thinktank version recorded with every estimate (package.json `version`). */
export const thinktankVersion: string = `thinktank ${pkg.version}`;
