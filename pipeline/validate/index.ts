/**
 * Validation: the raw responses checked against the codebook (zod schemas per variable, required values, skip
 * rules, cross-field rules, unique ids, outliers) into a CleanTable, issues and quarantined rows; and the writers
 * of `validation/`.
 */
export { validate, OUTLIER_IQRS } from './validate.js';
export { writeValidation, formatSummaryJson, type WriteValidationOptions } from './write-validation.js';
export { orderIssue } from './order-issue.js';
export { formatValidationSummary } from './format-validation-summary.js';
export { parseExpression, evaluateExpression, expressionVariables, type Expr } from './parse-expression.js';
