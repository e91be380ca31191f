import path from 'node:path';
import type { Variable } from '../../../schemas/codebook.js';
import type { Block, TableBlock } from '../../../schemas/report-model.js';
import { formatInteger, formatNumber } from '../format-number.js';
import { isYearVariable } from '../../estimate/year-variable.js';
import type { ModelContext } from './model-context.js';

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

/** Appendix A: every question of the codebook, in order, with its type and answers. */
export function buildQuestionnaireBlocks(ctx: ModelContext, sectionNumber: string): Block[] {
  const { msg, lang, input } = ctx;
  const table: TableBlock = {
    kind: 'table',
    id: 'questionnaire',
    number: `${sectionNumber}.1`,
    label: msg.tableLabel(`${sectionNumber}.1`),
    caption: msg.questionnaireTitle,
    columns: [
      { align: 'right', format: { style: 'integer' }, wrap: false },
      { align: 'left', format: { style: 'text' }, wrap: false },
      { align: 'left', format: { style: 'text' }, wrap: true },
      { align: 'left', format: { style: 'text' }, wrap: false },
      { align: 'left', format: { style: 'text' }, wrap: true },
    ],
    header_rows: [
      [
        { text: msg.number, span: 1 },
        { text: msg.variable, span: 1 },
        { text: msg.question, span: 1 },
        { text: msg.type, span: 1 },
        { text: msg.answers, span: 1 },
      ],
    ],
    body_rows: input.codebook.map((v, i) => ({
      cells: [
        { value: i + 1, mark: null },
        { value: v.name, mark: null },
        { value: v.label[lang], mark: null },
        { value: msg.typeName(v.type), mark: null },
        { value: answers(ctx, v, input.codebook[i - 1]), mark: null },
      ],
      style: 'normal',
    })),
    notes: [],
    source: null,
    origin: 'codebook',
  };
  return [{ kind: 'paragraph', style: 'body', text: msg.questionnaireIntro(input.codebook.length), origin: null }, table];
}

/** Appendix B: the validation summary: rows by file and issues by kind. */
export function buildQualityBlocks(ctx: ModelContext, sectionNumber: string): Block[] {
  const { msg, input } = ctx;
  const v = input.validation;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      style: 'body',
      text: msg.qualityIntro({
        read: formatInteger(v.rows_read),
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
    caption: msg.qualityByFile,
    columns: [{ align: 'left', format: { style: 'text' }, wrap: true }, integer, integer, integer, integer],
    header_rows: [
      [
        { text: msg.file, span: 1 },
        { text: msg.rowsRead, span: 1 },
        { text: msg.rowsKept, span: 1 },
        { text: msg.rowsQuarantined, span: 1 },
        { text: msg.rowsBlank, span: 1 },
      ],
    ],
    body_rows: [
      ...files.map((f) => ({
        cells: [
          { value: path.basename(f.file), mark: null },
          { value: f.rows_read, mark: null },
          { value: f.rows_kept, mark: null },
          { value: f.rows_quarantined, mark: null },
          { value: f.rows_blank, mark: null },
        ],
        style: 'normal' as const,
      })),
      {
        cells: [
          { value: msg.total, mark: null },
          { value: v.rows_read, mark: null },
          { value: v.rows_kept, mark: null },
          { value: v.rows_quarantined, mark: null },
          { value: v.rows_blank, mark: null },
        ],
        style: 'total',
      },
    ],
    notes: [],
    source: null,
    origin: 'validation summary',
  });
  const codes = Object.entries(v.by_code).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (codes.length > 0) {
    blocks.push({
      kind: 'table',
      id: 'quality-codes',
      number: `${sectionNumber}.2`,
      label: msg.tableLabel(`${sectionNumber}.2`),
      caption: msg.qualityByCode,
      columns: [{ align: 'left', format: { style: 'text' }, wrap: true }, { align: 'left', format: { style: 'text' }, wrap: false }, integer],
      header_rows: [
        [
          { text: msg.issueCode, span: 1 },
          { text: msg.issueCodeColumn, span: 1 },
          { text: msg.count, span: 1 },
        ],
      ],
      body_rows: codes.map(([code, n]) => ({
        cells: [
          { value: msg.issueName(code) ?? code, mark: null },
          { value: code, mark: null },
          { value: n, mark: null },
        ],
        style: 'normal' as const,
      })),
      notes: [],
      source: null,
      origin: 'validation summary',
    });
  }
  blocks.push({ kind: 'paragraph', style: 'note', text: msg.qualityWorkbookNote, origin: null });
  return blocks;
}
