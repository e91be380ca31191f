export * from './common.js';
export * from './codebook.js';
export * from './issue.js';
export * from './survey.js';
export * from './table.js';
export * from './estimates.js';
export * from './figure.js';
