import type { Block } from '../../../schemas/report-model.js';
import { formatPercent } from '../format-number.js';
import { apparatusMessages } from '../messages-apparatus.js';
import { isSignificant, isSuppressed } from './estimate-view.js';
import { keyIndicators } from './build-key-indicators.js';
import type { ModelContext } from './model-context.js';
import { narrativeBlocks } from './parse-narrative.js';
import { estimateOf, stated } from './state-indicator.js';

/** The citation and disclaimer page: the suggested citation in both languages, the disclaimer, the data note. */
export function buildFrontBlocks(ctx: ModelContext): Block[] {
  const a = apparatusMessages(ctx.lang);
  const { config } = ctx.input;
  const year = config.date.slice(0, 4);
  const citation = (lang: 'zh' | 'en') => {
    const name = ctx.regionVariable.codes?.find((c) => String(c.code) === ctx.scopeCode)?.label[lang] ?? ctx.scopeCode;
    const scope = ctx.scopeCode === null ? '' : lang === 'zh' ? `（${name}）` : `: ${name}`;
    const base = config.citation?.[lang] ?? a.citationDefault(config.issuer[lang], config.title[lang], year, lang);
    return scope === '' ? base : base.replace(config.title[lang], `${config.title[lang]}${scope}`);
  };
  return [
    { kind: 'heading', level: 2, number: null, text: a.citationHeading, toc: false, origin: null },
    { kind: 'paragraph', style: 'body', text: citation('zh'), origin: null },
    { kind: 'paragraph', style: 'body', text: citation('en'), origin: null },
    { kind: 'heading', level: 2, number: null, text: a.disclaimerHeading, toc: false, origin: null },
    { kind: 'paragraph', style: 'body', text: a.disclaimer(config.issuer[ctx.lang]), origin: null },
    { kind: 'paragraph', style: 'note', text: a.dataNote(config.issuer[ctx.lang]), origin: null },
  ];
}

/**
 * The recommendations chapter: the analyst's `recommendations.<lang>.md` (a region's own in its report); without
 * it, the gaps the key indicators show (significantly worse than the province, on the region's df), never the
 * provincial text.
 */
export function buildRecommendationBlocks(ctx: ModelContext): Block[] {
  const written = narrativeBlocks(ctx, 'recommendations');
  if (written.length > 0) return written;
  const a = apparatusMessages(ctx.lang);
  const region = ctx.scopeCode;
  const gaps: string[] = [];
  for (const k of keyIndicators(ctx)) {
    if (k.indicator.statistic === 'median') continue;
    const statistic = k.indicator.statistic;
    const province = estimateOf(ctx, k.indicator, null);
    if (province === undefined) continue;
    const write = (x: NonNullable<typeof province>) => (statistic === 'prop' ? formatPercent(x.estimate, 0) : stated(ctx, k.indicator, x).value);
    const behind = (region === null ? ctx.regionCodes : [region]).filter((code) => {
      const c = ctx.comparison(statistic, k.indicator.variable.name, k.indicator.level, code);
      // a withheld estimate is neither printed nor counted: the list agrees with the key-indicators table
      const e = estimateOf(ctx, k.indicator, code);
      if (e === undefined || isSuppressed(e, ctx.minBase)) return false;
      return c !== undefined && isSignificant(c) && (c.difference > 0) === (k.indicator.variable.negative === true);
    });
    if (behind.length === 0) continue;
    if (region === null) gaps.push(a.gapRegions(k.header, write(province), behind.map((code) => ctx.regionName(code))));
    else {
      const mine = estimateOf(ctx, k.indicator, region);
      if (mine !== undefined) gaps.push(a.gapItem(k.header, write(mine), write(province)));
    }
  }
  if (gaps.length === 0) return [{ kind: 'paragraph', style: 'body', text: a.noGaps(ctx.scopeName), origin: null }];
  return [
    { kind: 'paragraph', style: 'body', text: a.recommendationsGenerated(ctx.scopeName), origin: null },
    { kind: 'list', items: gaps, origin: null },
  ];
}

/** The glossary: margin of error, base, significance, suppression and the other terms the report uses. */
export function buildGlossaryBlocks(ctx: ModelContext): Block[] {
  const a = apparatusMessages(ctx.lang);
  return [
    {
      kind: 'table',
      id: 'glossary',
      number: null,
      label: null,
      caption: null,
      columns: [
        { align: 'left', format: { style: 'text' }, wrap: true },
        { align: 'left', format: { style: 'text' }, wrap: true },
      ],
      header_rows: [a.glossaryHeader.map((text) => ({ text, span: 1 }))],
      body_rows: a.glossary.map((g) => ({ cells: [{ value: g.term, mark: null }, { value: g.definition, mark: null }], style: 'normal' as const })),
      notes: [],
      source: null,
      origin: null,
    },
  ];
}
