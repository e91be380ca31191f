import type { Block } from '../../../schemas/report-model.js';
import { formatInteger } from '../format-number.js';
import { findingMessages } from '../messages-findings.js';
import { buildHeadlines } from './build-headlines.js';
import { keyIndicatorTables } from './build-key-indicators.js';
import type { ModelContext } from './model-context.js';
import { narrativeBlocks } from './parse-narrative.js';
import { scopeFewDf } from './state-indicator.js';

/** The sample size of the report's scope: the largest base of any of its estimates. */
export function scopeBase(ctx: ModelContext, region: string | null): number {
  if (region === null) return ctx.input.estimates.n;
  let n = 0;
  for (const e of ctx.input.estimates.estimates) {
    if (e.domain !== null && Object.keys(e.domain).length === 1 && e.domain[ctx.regionVariable.name] === region) n = Math.max(n, e.n);
  }
  return n;
}

/**
 * The executive summary: a short introduction, the analyst's summary narrative (the region's own in a regional
 * report), the headline messages (one synthesis per theme and the regional picture, ranked by salience, see
 * build-headlines.ts), the key-indicators table of the province and every region, and the regional overview
 * figure (`overview`, a ranking chart built by the chart stage) when there is one.
 */
export function buildSummaryBlocks(ctx: ModelContext, sectionNumber: string, overview: Block[] = []): Block[] {
  const { msg } = ctx;
  const blocks: Block[] = [];
  const n = scopeBase(ctx, ctx.scopeCode);
  blocks.push({
    kind: 'paragraph',
    style: 'lead',
    text: msg.summaryIntro({ title: ctx.input.config.title[ctx.lang], scopeName: ctx.scopeName, n: formatInteger(n), level: ctx.level, fewDf: scopeFewDf(ctx) }),
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
