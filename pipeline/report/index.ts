/** The report stage: a pure ReportModel from the estimates and figures, typeset into byte-reproducible PDFs. */
export { buildReportModel, type ReportInput } from './build-report-model.js';
export { renderReport } from './render-report.js';
export { writeReports, reportFileName } from './write-reports.js';
export { messages, messagesFor } from './messages.js';
