import { ReportModel, type Block, type ReportSection } from '../../schemas/report-model.js';
import { buildQualityBlocks, buildQuestionnaireBlocks } from './build/build-appendix.js';
import { buildMethodologyBlocks } from './build/build-methodology.js';
import { buildSummaryBlocks } from './build/build-summary.js';
import { buildThemeBlocks, figureBlock, figureTheme } from './build/build-theme-section.js';
import { createModelContext, type ReportInput } from './build/model-context.js';
import { buildFrontBlocks, buildGlossaryBlocks, buildRecommendationBlocks } from './build/build-apparatus.js';
import { buildHeadlines } from './build/build-headlines.js';
import { apparatusMessages } from './messages-apparatus.js';
import { formatDate } from './format-number.js';

export type { ReportInput } from './build/model-context.js';

/**
 * Builds one report (the province, or one region, in one language) as plain data: cover metadata, an executive
 * summary of findings chosen by fixed rules, the methodology, one section per theme (narrative, figures,
 * tables) and the appendix (questionnaire, data quality). Pure; throws InputError for an unknown scope.
 */
export function buildReportModel(input: ReportInput): ReportModel {
  const ctx = createModelContext(input);
  const { msg, lang, config } = { ...ctx, config: input.config };
  const a = apparatusMessages(lang);
  const sections: ReportSection[] = [];
  const themeCount = config.themes.length;
  const methodologyNumber = String(themeCount + 3);

  // Figures of this report that belong to no theme (the sample's make-up) go with the sample description.
  const orphanFigures: Block[] = [];
  const themeIds = new Set(config.themes.map((t) => t.id));
  let orphanCount = 0;
  for (const figure of input.figures) {
    if (figure.scope !== input.scope || figure.lang !== lang) continue;
    const theme = figureTheme(ctx, figure);
    if (theme === null || !themeIds.has(theme)) orphanFigures.push(figureBlock(ctx, figure, `${methodologyNumber}.${++orphanCount}`));
  }
  // The regional overview: the ranking chart of the most salient headline's theme moves into the summary.
  const headlineTheme = buildHeadlines(ctx).find((h) => h.theme !== undefined && themeIds.has(h.theme))?.theme ?? null;
  const overviewFigure = input.figures.find((f) => f.scope === input.scope && f.lang === lang && f.kind === 'regions' && figureTheme(ctx, f) === headlineTheme);

  sections.push({ id: 'front', kind: 'front', number: '', title: a.frontTitle, new_page: true, blocks: buildFrontBlocks(ctx) });
  sections.push({
    id: 'summary',
    kind: 'summary',
    number: '1',
    title: msg.summaryTitle,
    new_page: true,
    blocks: buildSummaryBlocks(ctx, '1', overviewFigure === undefined ? [] : [figureBlock(ctx, overviewFigure, '1.1')]),
  });
  config.themes.forEach((theme, i) => {
    const number = String(i + 2);
    sections.push({ id: `theme-${theme.id}`, kind: 'theme', number, title: theme.title[lang], new_page: true, blocks: buildThemeBlocks(ctx, theme, number, overviewFigure?.id) });
  });
  sections.push({ id: 'recommendations', kind: 'recommendations', number: String(themeCount + 2), title: a.recommendationsTitle, new_page: true, blocks: buildRecommendationBlocks(ctx) });
  sections.push({ id: 'methodology', kind: 'methodology', number: methodologyNumber, title: msg.methodologyTitle, new_page: true, blocks: buildMethodologyBlocks(ctx, methodologyNumber, orphanFigures) });
  sections.push({ id: 'glossary', kind: 'glossary', number: String(themeCount + 4), title: a.glossaryTitle, new_page: true, blocks: buildGlossaryBlocks(ctx) });
  sections.push({ id: 'questionnaire', kind: 'appendix', number: 'A', title: msg.questionnaireTitle, new_page: true, blocks: buildQuestionnaireBlocks(ctx, 'A') });
  sections.push({ id: 'data-quality', kind: 'appendix', number: 'B', title: msg.qualityTitle, new_page: true, blocks: buildQualityBlocks(ctx, 'B') });

  const title = config.title[lang];
  return ReportModel.parse({
    meta: {
      survey_id: config.id,
      title,
      subtitle: config.subtitle?.[lang] ?? null,
      issuer: config.issuer[lang],
      date: config.date,
      date_text: formatDate(config.date, lang),
      lang,
      scope: input.scope,
      scope_name: ctx.scopeName ?? msg.provinceName,
      report_title: msg.reportTitle(title, ctx.scopeName),
      ...(config.short_title === undefined ? {} : { running_title: msg.reportTitle(config.short_title[lang], ctx.scopeName) }),
      wave: config.wave === undefined ? null : msg.wave(config.wave),
    },
    labels: {
      contents: msg.contents,
      continued: msg.continued,
      cover_scope: msg.coverScope(ctx.scopeName),
      cover_issuer: msg.coverIssuer,
      page: msg.page,
      document_subject: msg.documentSubject(title, ctx.scopeName ?? msg.provinceName),
      list_of_figures: msg.listOfFigures,
      list_of_tables: msg.listOfTables,
      not_estimable: msg.notEstimable,
      suppressed_note: msg.suppressedNote,
    },
    sections,
  });
}
