/**
 * The weight stage: the sample design on columnar arrays, calibration (post-stratification, raking) with
 * trimming and diagnostics, and what the SEs after calibration need.
 */
export { readMargins, parseMargins } from './read-margins.js';
export { weight, buildMarginTargets } from './weight.js';
export { buildDesign, toKeyColumn, lonelyStrata, type DesignColumns, type KeyColumn } from './build-design.js';
export { calibrate, type CalibrationResult, type MarginTarget } from './calibrate.js';
export type { Design, Weighted, Margins, Calibration, CalibrationMargin } from '../../schemas/design.js';
