import type { Block } from '../../../schemas/report-model.js';
import { formatInteger } from '../format-number.js';
import { findingMessages } from '../messages-findings.js';
import { buildHeadlines } from './build-headlines.js';
import { keyIndicatorTables } from './build-key-indicators.js';
import type { ModelContext } from './model-context.js';
import { narrativeBlocks } from './parse-narrative.js';

/**
 * The executive summary: a short introduction, the analyst's summary narrative (the region's own in a regional
 * report), the headline messages (one synthesis per theme and the regional picture, ranked by salience, see
 * build-headlines.ts), the key-indicators table of the province and every region, and the regional overview
 * figure (`overview`, a ranking chart built by the chart stage) when there is one.
 */
export function buildSummaryBlocks(ctx: ModelContext, sectionNumber: string, overview: Block[] = []): Block[] {
  const { msg } = ctx;
  const blocks: Block[] = [];
  const n = ctx.base(ctx.scopeCode);
  blocks.push({
    kind: 'paragraph',
    style: 'lead',
    text: msg.summaryIntro({ title: ctx.input.config.title[ctx.lang], scopeName: ctx.scopeName, n: formatInteger(n), level: ctx.level, fewDf: ctx.fewDf }),
    origin: null,
  });
  blocks.push(...narrativeBlocks(ctx, 'summary'));
  let sub = 0;
  const heading = (text: string) => blocks.push({ kind: 'heading', level: 2, number: `${sectionNumber}.${++sub}`, text, toc: true, origin: null });

  heading(msg.keyFindings);
  const headlines = buildHeadlines(ctx);
  if (headlines.length === 0) blocks.push({ kind: 'paragraph', style: 'body', text: msg.noFindings(ctx.scopeName ?? msg.provinceName, formatInteger(n), ctx.minBase), origin: null });
  blocks.push(...headlines);
  blocks.push({ kind: 'paragraph', style: 'note', text: findingMessages(ctx.lang).salienceNote(ctx.level), origin: null });

  heading(msg.keyIndicatorsTitle);
  blocks.push({ kind: 'paragraph', style: 'body', text: msg.keyIndicatorsIntro(ctx.scopeName), origin: null });
  blocks.push(...keyIndicatorTables(ctx, sectionNumber, 1));
  if (overview.length > 0) {
    heading(msg.regionalOverview);
    blocks.push(...overview);
  }
  return blocks;
}
