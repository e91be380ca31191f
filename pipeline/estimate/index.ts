/**
 * The estimate stage: design-based estimates on columnar arrays that agree with R's survey package (Taylor
 * linearisation with strata, clusters, fpc, lonely PSUs and calibration), the survey summaries the reports
 * use, their tables, and `thinktank estimate`.
 */
export { estimateSurvey, compositeIndex } from './estimate-survey.js';
export { writeEstimates, formatEstimatesCsv, buildEstimatesWorkbook } from './write-estimates.js';
export { runEstimateCommand } from './run-estimate-command.js';
export { formatEstimateTable } from './format-estimate-table.js';
export { isYearVariable } from './year-variable.js';
export { likertScale, likertPositions } from './likert-scale.js';
export { estimateDomainMeans, domainMeanContrast, type DomainColumn, type DomainMeans } from './estimate-domain-means.js';
export { estimateMean, estimateTotal, estimateRatio, type LinearEstimate } from './linear-estimates.js';
export { estimateQuantile, type QuantileEstimate } from './estimate-quantile.js';
export { estimateCrosstab, type CrosstabResult } from './estimate-crosstab.js';
export { psuCovariance, psuVariance, linearize, degreesOfFreedom } from './design-variance.js';
export { logitInterval, waldInterval, wilsonInterval, type Interval } from './confidence-interval.js';
export { adjustPValues } from './adjust-p-values.js';
export { pt, qt, pnorm, qnorm, pfUpper } from './distributions.js';
export { EstimateArgs, EstimateResult } from '../../schemas/estimate-command.js';
