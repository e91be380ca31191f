import type { Block, TableBlock } from '../../../schemas/report-model.js';
import { formatDate, formatInteger, formatNumber, formatPercent } from '../format-number.js';
import { apparatusMessages } from '../messages-apparatus.js';
import { dfOf } from './estimate-view.js';
import { inSentence, type ModelContext } from './model-context.js';
import { isCompositionCrosstab } from './build-theme-section.js';
import { narrativeBlocks } from './parse-narrative.js';

/** A small positive number for a sentence: "0.0012", or "< 0.0001". */
function small(x: number): string {
  if (x === 0) return '0';
  if (Math.abs(x) < 1e-4) return '<\u00a00.0001';
  return formatNumber(x, Math.abs(x) < 0.01 ? 4 : 3);
}

/**
 * The table of responses by region (the report's own region in bold): the number and share of the sample and,
 * when the estimates hold the region cross-tabulated by a classification (the sector), the number of responses
 * in each class: the sample's make-up, described here rather than as findings.
 */
function responsesTable(ctx: ModelContext, number: string): TableBlock {
  const { msg } = ctx;
  const total = ctx.input.estimates.n;
  const make = ctx.input.estimates.crosstabs.find((t) => t.row === ctx.regionVariable.name && isCompositionCrosstab(ctx, t));
  const classes = make?.column_levels ?? [];
  const byClass = (code: string | null): TableBlock['body_rows'][number]['cells'] => {
    if (!make) return [];
    const counts = code === null ? classes.map((_, c) => make.n.reduce((sum, row) => sum + (row[c] ?? 0), 0)) : make.n[make.row_levels.indexOf(code)];
    return classes.map((_, c) => ({ value: counts?.[c] ?? 0, mark: null }));
  };
  const rows: TableBlock['body_rows'] = ctx.regionCodes.map((code) => {
    const n = ctx.base(code);
    return {
      cells: [
        { value: ctx.regionName(code), mark: null },
        { value: n, mark: null },
        { value: total > 0 ? n / total : null, mark: null },
        ...byClass(code),
      ],
      style: code === ctx.scopeCode ? 'total' : 'normal',
    };
  });
  rows.push({
    cells: [
      { value: msg.provinceName, mark: null },
      { value: total, mark: null },
      { value: total > 0 ? 1 : null, mark: null },
      ...byClass(null),
    ],
    style: 'total',
  });
  const integer = { align: 'right' as const, format: { style: 'integer' as const }, wrap: false };
  return {
    kind: 'table',
    id: 'responses-by-region',
    number,
    label: msg.tableLabel(number),
    caption: make ? msg.responsesByRegionAnd(inSentence(ctx.label(make.column), ctx.lang)) : msg.responsesByRegion,
    columns: [
      { align: 'left', format: { style: 'text' }, wrap: true },
      integer,
      { align: 'right', format: { style: 'percent', digits: 1 }, wrap: false },
      ...classes.map(() => ({ ...integer, wrap: true })),
    ],
    header_rows: make
      ? [
          [
            { text: '', span: 3 },
            { text: msg.responsesBy(ctx.label(make.column)), span: classes.length },
          ],
          [
            { text: msg.region, span: 1 },
            { text: msg.responses, span: 1 },
            { text: msg.shareOfSample, span: 1 },
            ...classes.map((level) => ({ text: ctx.levelLabel(make.column, level), span: 1 })),
          ],
        ]
      : [
          [
            { text: msg.region, span: 1 },
            { text: msg.responses, span: 1 },
            { text: msg.shareOfSample, span: 1 },
          ],
        ],
    body_rows: rows,
    notes: make ? [msg.unweightedCounts] : [],
    source: ctx.source,
    origin: null,
  };
}

/**
 * The design by region: units sampled and questionnaires returned (survey.json `response`), the response rate,
 * valid responses n, primary sampling units and the degrees of freedom regional intervals use (the estimates'
 * `df`; PSUs = df + 1 where each region is one stratum).
 */
function designTable(ctx: ModelContext, number: string): TableBlock {
  const { msg } = ctx;
  const a = apparatusMessages(ctx.lang);
  const byRegion = ctx.input.config.response?.by_region ?? {};
  const regionIsStratum = ctx.input.estimates.design.strata === ctx.regionVariable.name;
  const dfOfRegion = (code: string): number | null => {
    for (const e of ctx.input.estimates.estimates) {
      if (e.domain !== null && e.domain[ctx.regionVariable.name] === code && Object.keys(e.domain).length === 1) {
        const df = dfOf(e);
        if (df !== null) return df;
      }
    }
    return null;
  };
  const rows: TableBlock['body_rows'] = ctx.regionCodes.map((code) => {
    const r = byRegion[code];
    const df = dfOfRegion(code);
    return {
      cells: [
        { value: ctx.regionName(code), mark: null },
        { value: r?.sampled ?? null, mark: null },
        { value: r?.responded ?? null, mark: null },
        { value: r === undefined ? null : r.responded / r.sampled, mark: null },
        { value: ctx.base(code), mark: null },
        { value: df === null || !regionIsStratum ? null : df + 1, mark: null },
        { value: df, mark: null },
      ],
      style: code === ctx.scopeCode ? 'total' : 'normal',
    };
  });
  const integer = { align: 'right' as const, format: { style: 'integer' as const }, wrap: false };
  const h = a.designHeader;
  return {
    kind: 'table',
    id: 'design-by-region',
    number,
    label: msg.tableLabel(number),
    caption: a.designTableCaption,
    columns: [{ align: 'left', format: { style: 'text' }, wrap: true }, integer, integer, { align: 'right', format: { style: 'percent', digits: 0 }, wrap: false }, integer, integer, integer],
    header_rows: [[h.region, h.sampled, h.responded, h.rate, h.n, h.psus, h.df].map((text) => ({ text, span: 1 }))],
    body_rows: rows,
    notes: [a.designNote],
    source: ctx.source,
    origin: null,
  };
}

/**
 * The methodology section: sample design and fieldwork counts (from the validation summary), weighting and
 * calibration (from the estimates' design and weight diagnostics), how margins of error and significance are
 * computed, and the low-base rule. `sampleFigures` (charts of no theme: the sample's make-up) follow the
 * responses table.
 */
export function buildMethodologyBlocks(ctx: ModelContext, sectionNumber: string, sampleFigures: Block[]): Block[] {
  const { msg, input, lang } = ctx;
  const { estimates, validation, config } = input;
  const design = estimates.design;
  const name = (variable: string | null) => (variable === null ? null : inSentence(ctx.label(variable), lang));
  const blocks: Block[] = [...narrativeBlocks(ctx, 'methodology')];
  let sub = 0;
  const heading = (text: string) => blocks.push({ kind: 'heading', level: 2, number: `${sectionNumber}.${++sub}`, text, toc: true, origin: null });
  const paragraph = (text: string) => blocks.push({ kind: 'paragraph', style: 'body', text, origin: null });

  const a = apparatusMessages(lang);
  if (config.population !== undefined && 'definition' in config.population) {
    heading(a.populationHeading);
    const p = config.population;
    paragraph(a.populationSentence(p.definition[lang], p.size === undefined ? null : formatInteger(p.size)));
    if (config.frame) paragraph(a.frameSentence(config.frame.description[lang], config.frame.allocation?.[lang] ?? null));
  }
  heading(msg.sampleHeading);
  paragraph(msg.designSentence({ strata: name(design.strata), cluster: name(design.cluster), fpc: name(design.fpc), population: ctx.population }));
  if (config.fieldwork) {
    const f = config.fieldwork;
    paragraph(a.fieldworkDates(formatDate(f.start, lang), formatDate(f.end, lang), f.mode[lang], f.agency?.[lang] ?? null));
  }
  if (config.response) {
    const r = config.response;
    paragraph(a.responseSentence(formatInteger(r.responded), formatInteger(r.sampled), formatPercent(r.responded / r.sampled, 0)));
  }
  // with fieldwork facts in survey.json the file handling belongs in the technical annex, not here
  let fieldwork = config.fieldwork !== undefined ? a.analysedSentence(formatInteger(estimates.n)) : msg.fieldworkSentence({
    files: validation.files.length,
    read: formatInteger(validation.rows_read),
    kept: formatInteger(validation.rows_kept),
    quarantined: formatInteger(validation.rows_quarantined),
    blank: formatInteger(validation.rows_blank),
    n: formatInteger(estimates.n),
  });
  if (ctx.scopeCode !== null) fieldwork += (lang === 'en' ? ' ' : '') + msg.regionBaseSentence(ctx.scopeName ?? '', formatInteger(ctx.base(ctx.scopeCode)));
  paragraph(fieldwork);
  blocks.push(designTable(ctx, `${sectionNumber}.1`));
  blocks.push(responsesTable(ctx, `${sectionNumber}.2`));
  blocks.push(...sampleFigures);

  heading(msg.weightingHeading);
  const w = estimates.weighting;
  paragraph(
    msg.weightingSentence({
      // the weights column is named by its codebook label, or described when the codebook does not list it
      weights: design.weights === null ? null : ctx.variable(design.weights) ? name(design.weights) : msg.weightsWord,
      method: config.calibration?.method ?? null,
      variables: (config.calibration?.variables ?? []).map((v) => name(v) ?? v),
      converged: w.converged,
      iterations: w.iterations,
      maxError: small(w.max_margin_error),
      trimmed: w.trimmed,
      deff: formatNumber(w.deff_weighting, 2),
      effectiveN: formatInteger(w.effective_n),
    }),
  );

  heading(msg.marginHeading);
  paragraph(msg.marginSentence({ level: ctx.level, ciMethod: msg.ciMethodName(design.ci_method), calibrated: design.calibration !== null, lonelyPsu: design.lonely_psu }));
  paragraph(
    msg.significanceSentence({
      alpha: formatNumber(1 - design.level, 2),
      correction: msg.correctionName(config.analysis.correction),
    }),
  );
  heading(a.presentationHeading);
  paragraph(a.presentationStandard(ctx.minBase));

  heading(a.limitationsHeading);
  const limits = [...a.limitationsGenerated, ...(config.limitations ?? []).map((l) => l[lang])];
  blocks.push({ kind: 'list', items: limits, origin: null });
  blocks.push(...narrativeBlocks(ctx, 'limitations'));
  return blocks;
}
