import path from 'node:path';
import type { Variable } from '../../../schemas/codebook.js';
import type { Block, TableBlock } from '../../../schemas/report-model.js';
import { formatInteger, formatNumber } from '../format-number.js';
import { isYearVariable } from '../../estimate/year-variable.js';
import type { ModelContext } from './model-context.js';
import { apparatusMessages } from '../messages-apparatus.js';

/** The answer codes of a question as the questionnaire table lists them ("1 Yes; 2 No"), or "" without codes. */
function codeList(ctx: ModelContext, v: Variable | undefined): string {
  if (!v?.codes || v.codes.length === 0) return '';
  // the code stays with the first word of its label; a long label may wrap
  return v.codes.map((c) => `${c.code}\u00a0${c.label[ctx.lang]}`).join(ctx.lang === 'zh' ? '；' : '; ');
}

/**
 * What a question allows, as the questionnaire table writes it: codes (or "as above" when the question before
 * has the same ones, as the items of a rating battery do), a range, or the type alone.
 */
function answers(ctx: ModelContext, v: Variable, previous: Variable | undefined): string {
  const { msg, lang } = ctx;
  const parts: string[] = [];
  const codes = codeList(ctx, v);
  if (codes !== '') parts.push(codes === codeList(ctx, previous) ? msg.sameAsAbove : codes);
  else if (v.type === 'number' || v.type === 'integer') {
    // a calendar year is written without thousands separators: 1900–2026
    const write = (x: number) => (isYearVariable(v) ? String(x) : formatNumber(x, Number.isInteger(x) ? 0 : 2));
    const r = msg.range(v.min === undefined ? null : write(v.min), v.max === undefined ? null : write(v.max), v.unit?.[lang] ?? null);
    if (r !== '') parts.push(r);
  }
  if (v.skip_if) parts.push(msg.skipped(v.skip_if));
  return parts.join(lang === 'zh' ? '。' : '. ');
}

/**
 * The questions respondents saw, in order: not ids, design or weight columns, and not the design's own
 * classifications (the county code); each numbered as printed.
 */
function askedQuestions(ctx: ModelContext): Variable[] {
  const design = ctx.input.config.design;
  const hidden = new Set([design.weights, design.cluster, design.fpc].filter((x): x is string => x !== undefined));
  return ctx.input.codebook.filter((v) => v.type !== 'id' && !hidden.has(v.name));
}

/**
 * Routing in words, from each question's `skip_if` of the simple form `x == c`: the answer c of question x
 * gets "go to Qn" (n the next question not skipped on that answer) when the skipped questions follow x
 * directly; otherwise the skipped question says who answers it. Other conditions read "not every
 * organisation answers". No variable names or expressions appear.
 */
function routing(ctx: ModelContext, asked: Variable[]): { skipTo: Map<string, string>; filter: Map<string, string> } {
  const a = apparatusMessages(ctx.lang);
  const number = new Map(asked.map((v, i) => [v.name, i + 1]));
  const skipTo = new Map<string, string>();
  const filter = new Map<string, string>();
  asked.forEach((v, i) => {
    const condition = v.skip_if?.trim();
    if (!condition) return;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*==\s*['"]?([^'"\s]+)['"]?$/.exec(condition);
    const source = m ? ctx.variable(m[1] ?? '') : undefined;
    const q = m ? number.get(m[1] ?? '') : undefined;
    if (!m || source === undefined || q === undefined) {
      filter.set(v.name, a.askedSome);
      return;
    }
    const code = m[2] ?? '';
    const answer = ctx.levelLabel(source.name, code);
    // a run of skipped questions right after the filter question: the answer routes past them
    let j = q;
    while (j < asked.length && asked[j]?.skip_if?.replace(/\s+/g, '') === condition.replace(/\s+/g, '')) j++;
    if (i < j && i >= q) {
      if (j < asked.length) skipTo.set(`${source.name}\u0000${code}`, a.skipTo(j + 1));
      if (i === q) return;
      return;
    }
    const other = source.codes?.length === 2 ? source.codes.find((c) => String(c.code) !== code) : undefined;
    filter.set(v.name, other ? a.askedIf(q, other.label[ctx.lang]) : a.askedUnless(q, answer));
  });
  return { skipTo, filter };
}

/** Appendix A: the questionnaire as respondents saw it: questions, answers and routing in words. */
export function buildQuestionnaireBlocks(ctx: ModelContext, sectionNumber: string): Block[] {
  const { msg, lang } = ctx;
  const a = apparatusMessages(lang);
  const asked = askedQuestions(ctx);
  const { skipTo, filter } = routing(ctx, asked);
  const rows: TableBlock['body_rows'] = asked.map((v, i) => {
    const instruction = v.type === 'multi' ? a.checkAll : v.type === 'likert' && v.group !== undefined ? a.rateOne : v.type === 'single' || v.type === 'likert' ? a.pickOne : '';
    const question = [v.label[lang], filter.get(v.name) ?? '', instruction].filter((x) => x !== '').join(lang === 'zh' ? '' : ' ');
    let answer: string;
    if (v.codes && v.codes.length > 0) {
      const list = v.codes.map((c) => `□ ${c.label[lang]}${skipTo.get(`${v.name}\u0000${String(c.code)}`) ?? ''}`).join(lang === 'zh' ? '  ' : '   ');
      const previous = asked[i - 1];
      answer = previous?.group !== undefined && previous.group === v.group ? msg.sameAsAbove : list;
    } else if (v.type === 'number' || v.type === 'integer') {
      const write = (x: number) => (isYearVariable(v) ? String(x) : formatNumber(x, Number.isInteger(x) ? 0 : 2));
      const range = msg.range(v.min === undefined ? null : write(v.min), v.max === undefined ? null : write(v.max), null);
      answer = a.writeNumber(v.unit?.[lang] ?? null, range);
    } else answer = a.writeNumber(null, '');
    return {
      cells: [
        { value: i + 1, mark: null },
        { value: question, mark: null },
        { value: answer, mark: null },
      ],
      style: 'normal',
    };
  });
  const table: TableBlock = {
    kind: 'table',
    id: 'questionnaire',
    number: `${sectionNumber}.1`,
    label: msg.tableLabel(`${sectionNumber}.1`),
    caption: msg.questionnaireTitle,
    columns: [
      { align: 'right', format: { style: 'integer' }, wrap: false },
      { align: 'left', format: { style: 'text' }, wrap: true },
      { align: 'left', format: { style: 'text' }, wrap: true },
    ],
    header_rows: [
      [
        { text: msg.number, span: 1 },
        { text: msg.question, span: 1 },
        { text: msg.answers, span: 1 },
      ],
    ],
    body_rows: rows,
    notes: [],
    source: null,
    origin: 'codebook',
  };
  return [{ kind: 'paragraph', style: 'body', text: a.questionnaireIntro(asked.length), origin: null }, table];
}

/** A response file named for readers: the region whose code starts its name, else "file k". */
function fileLabel(ctx: ModelContext, file: string, k: number): string {
  const base = path.basename(file);
  const code = ctx.regionCodes.find((c) => base.startsWith(c) || base.toLowerCase().includes(fileSafeName(ctx.regionName(c))));
  return code === undefined ? `${ctx.msg.file} ${k + 1}` : ctx.regionName(code);
}

function fileSafeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * Appendix B, the technical annex written for readers: how the answers were checked, records received, kept
 * and set aside by region, and the problems found by kind (in words, without file names or codes).
 */
export function buildQualityBlocks(ctx: ModelContext, sectionNumber: string): Block[] {
  const { msg, input } = ctx;
  const a = apparatusMessages(ctx.lang);
  const v = input.validation;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      style: 'body',
      text: a.annexIntro({
        read: formatInteger(v.rows_read - v.rows_blank),
        kept: formatInteger(v.rows_kept),
        quarantined: formatInteger(v.rows_quarantined),
        blank: formatInteger(v.rows_blank),
        errors: formatInteger(v.errors),
        warnings: formatInteger(v.warnings),
      }),
      origin: null,
    },
  ];
  const integer = { align: 'right' as const, format: { style: 'integer' as const }, wrap: false };
  const files = [...v.files];
  blocks.push({
    kind: 'table',
    id: 'quality-files',
    number: `${sectionNumber}.1`,
    label: msg.tableLabel(`${sectionNumber}.1`),
    caption: a.annexByRegion,
    columns: [{ align: 'left', format: { style: 'text' }, wrap: true }, integer, integer, integer],
    header_rows: [
      [
        { text: a.annexRegionColumn, span: 1 },
        { text: msg.rowsRead, span: 1 },
        { text: msg.rowsKept, span: 1 },
        { text: msg.rowsQuarantined, span: 1 },
      ],
    ],
    body_rows: [
      ...files.map((f, k) => ({
        cells: [
          { value: fileLabel(ctx, f.file, k), mark: null },
          { value: f.rows_read - f.rows_blank, mark: null },
          { value: f.rows_kept, mark: null },
          { value: f.rows_quarantined, mark: null },
        ],
        style: 'normal' as const,
      })),
      {
        cells: [
          { value: msg.total, mark: null },
          { value: v.rows_read - v.rows_blank, mark: null },
          { value: v.rows_kept, mark: null },
          { value: v.rows_quarantined, mark: null },
        ],
        style: 'total',
      },
    ],
    notes: [],
    source: null,
    origin: 'validation summary',
  });
  const codes = Object.entries(v.by_code).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  if (codes.length > 0) {
    blocks.push({
      kind: 'table',
      id: 'quality-codes',
      number: `${sectionNumber}.2`,
      label: msg.tableLabel(`${sectionNumber}.2`),
      caption: a.annexChecks,
      columns: [{ align: 'left', format: { style: 'text' }, wrap: true }, integer],
      header_rows: [
        [
          { text: msg.issueCode, span: 1 },
          { text: msg.count, span: 1 },
        ],
      ],
      body_rows: codes.map(([code, n]) => ({
        cells: [
          { value: msg.issueName(code) ?? msg.issueName('unknown') ?? code, mark: null },
          { value: n, mark: null },
        ],
        style: 'normal' as const,
      })),
      notes: [],
      source: null,
      origin: 'validation summary',
    });
  }
  return blocks;
}
