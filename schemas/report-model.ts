import { z } from 'zod';
import { Lang } from './common.js';

/** Where a piece of report text came from, named for error messages ("narrative talent (zh)", "codebook rd_active"). */
const Origin = z.string().nullable();

/** A heading inside a section (level 2 or 3); the section title itself is the level-1 heading. */
export const HeadingBlock = z.strictObject({
  kind: z.literal('heading'),
  level: z.union([z.literal(2), z.literal(3)]),
  number: z.string().nullable().describe('"3.1", or null for an unnumbered heading'),
  text: z.string(),
  toc: z.boolean().describe('listed in the table of contents and the PDF outline'),
  origin: Origin,
});
export type HeadingBlock = z.infer<typeof HeadingBlock>;

/** A paragraph of running text. `lead` is the larger opening text of a section, `note` small grey text. */
export const ParagraphBlock = z.strictObject({
  kind: z.literal('paragraph'),
  text: z.string(),
  style: z.enum(['body', 'lead', 'note']),
  origin: Origin,
});
export type ParagraphBlock = z.infer<typeof ParagraphBlock>;

/** A bulleted list; each item is one paragraph. */
export const ListBlock = z.strictObject({
  kind: z.literal('list'),
  items: z.array(z.string()),
  origin: Origin,
});
export type ListBlock = z.infer<typeof ListBlock>;

/**
 * One key finding of the executive summary: a sentence that states its number, margin of error and base.
 * `estimate` and `moe_points` are percentage points for shares (62, 4) and the variable's unit for means.
 */
export const FindingBlock = z.strictObject({
  kind: z.literal('finding'),
  number: z.number().int().positive().describe('1, 2, ... in the summary'),
  text: z.string(),
  statistic: z.enum(['prop', 'mean']),
  variable: z.string(),
  level: z.string().nullable(),
  domain: z.string().nullable().describe('the region code, or null for the province'),
  estimate: z.number(),
  moe: z.number().describe('half the width of the confidence interval, in the unit of `estimate`'),
  base: z.number().int().describe('the unweighted base n'),
  low_base: z.boolean(),
  rule: z.enum(['largest-share', 'regional-difference', 'versus-province', 'change', 'mean', 'headline']),
  lead: z.string().optional().describe('the opening words of `text` (a headline message\'s title sentence), set in bold'),
  theme: z.string().optional().describe('the theme a headline message synthesises'),
  salience: z.number().optional().describe('the score that ranked a headline message (see build-headlines.ts)'),
});
export type FindingBlock = z.infer<typeof FindingBlock>;

/** A chart, drawn from its SVG at full column width with its caption above and base, source and notes below. */
export const FigureBlock = z.strictObject({
  kind: z.literal('figure'),
  id: z.string(),
  number: z.string().describe('"3.2"'),
  label: z.string().describe('"图3.2" or "Figure 3.2"'),
  caption: z.string(),
  svg: z.string(),
  width: z.number().positive().describe('the SVG width in px'),
  height: z.number().positive().describe('the SVG height in px'),
  base: z.string().describe('the base line, already formatted: "Base: all enterprises, n = 1,204"'),
  source: z.string(),
  notes: z.array(z.string()),
  alt: z.string(),
  low_base: z.boolean(),
});
export type FigureBlock = z.infer<typeof FigureBlock>;

/** How a table column's numbers are written; `percent` and `interval` take proportions (0.62 -> "62"). */
export const NumberFormat = z.discriminatedUnion('style', [
  z.strictObject({ style: z.literal('text') }),
  z.strictObject({ style: z.literal('integer') }),
  z.strictObject({ style: z.literal('decimal'), digits: z.number().int().min(0).max(6) }),
  z.strictObject({ style: z.literal('percent'), digits: z.number().int().min(0).max(3) }),
  z.strictObject({ style: z.literal('interval'), digits: z.number().int().min(0).max(3), percent: z.boolean() }),
]);
export type NumberFormat = z.infer<typeof NumberFormat>;

/**
 * An estimate with its confidence interval, for `interval` columns. `low`/`high` null: the interval is not
 * estimable (R gives NA); the cell prints the estimate followed by the `not_estimable` label.
 */
export const IntervalValue = z.strictObject({ estimate: z.number(), low: z.number().nullable(), high: z.number().nullable() });
export type IntervalValue = z.infer<typeof IntervalValue>;

/** A table cell's value; null is shown as a dash. */
export const CellValue = z.union([z.string(), z.number(), z.null(), IntervalValue]);
export type CellValue = z.infer<typeof CellValue>;

/**
 * A cell: its value and an optional mark written after it ("†" low base, "*" significant). `heat`, in [-1, 1],
 * shades a key-indicators cell against the province: positive is better than the province, negative worse
 * (already signed for questions where a higher share is worse); absent or 0 is unshaded.
 */
export const TableCell = z.strictObject({ value: CellValue, mark: z.string().nullable(), heat: z.number().min(-1).max(1).optional() });
export type TableCell = z.infer<typeof TableCell>;

/** A header cell; `span` columns wide. */
export const HeaderCell = z.strictObject({ text: z.string(), span: z.number().int().positive() });
export type HeaderCell = z.infer<typeof HeaderCell>;

/** One table column: alignment, number format, and whether its text may wrap. */
export const TableColumn = z.strictObject({
  align: z.enum(['left', 'right', 'center']),
  format: NumberFormat,
  wrap: z.boolean(),
});
export type TableColumn = z.infer<typeof TableColumn>;

/**
 * A body row; `total` rows are set in bold (the province row of a regional table). `format`, when given, writes
 * the row's number cells instead of their columns' formats (a table of averages with one variable a row).
 */
export const TableRow = z.strictObject({
  cells: z.array(TableCell),
  style: z.enum(['normal', 'total']),
  format: NumberFormat.optional(),
});
export type TableRow = z.infer<typeof TableRow>;

/** A table; the header rows are repeated on every page it runs onto. */
export const TableBlock = z.strictObject({
  kind: z.literal('table'),
  id: z.string(),
  number: z.string().nullable().describe('"3.1", or null for an unnumbered appendix table'),
  label: z.string().nullable().describe('"表3.1" or "Table 3.1"'),
  caption: z.string().nullable(),
  columns: z.array(TableColumn).min(1),
  header_rows: z.array(z.array(HeaderCell)),
  body_rows: z.array(TableRow),
  notes: z.array(z.string()),
  source: z.string().nullable(),
  origin: Origin,
});
export type TableBlock = z.infer<typeof TableBlock>;

/** A hint to start the next block on a new page. */
export const PageBreakBlock = z.strictObject({ kind: z.literal('page-break') });
export type PageBreakBlock = z.infer<typeof PageBreakBlock>;

/** One block of a section's flow. */
export const Block = z.discriminatedUnion('kind', [
  HeadingBlock,
  ParagraphBlock,
  ListBlock,
  FindingBlock,
  FigureBlock,
  TableBlock,
  PageBreakBlock,
]);
export type Block = z.infer<typeof Block>;

/** A top-level section: its title is a numbered level-1 heading ("3", or "A" in the appendix). */
export const ReportSection = z.strictObject({
  id: z.string(),
  kind: z.enum(['front', 'summary', 'methodology', 'theme', 'recommendations', 'glossary', 'appendix']),
  number: z.string(),
  title: z.string(),
  new_page: z.boolean(),
  blocks: z.array(Block),
});
export type ReportSection = z.infer<typeof ReportSection>;

/** The report's metadata: what the cover, the running header and the PDF info dictionary show. */
export const ReportMeta = z.strictObject({
  survey_id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  issuer: z.string(),
  date: z.string().describe('YYYY-MM-DD'),
  date_text: z.string().describe('the date as the cover writes it in `lang`'),
  lang: Lang,
  scope: z.string().describe('"province" or a region code'),
  scope_name: z.string().describe('"黑龙江省" / "Harbin"'),
  report_title: z.string().describe('the title of this report, for the running header and the PDF title'),
  running_title: z.string().optional().describe('the report title with the survey\'s short title, for a running header too narrow for `report_title`'),
  wave: z.string().nullable(),
});
export type ReportMeta = z.infer<typeof ReportMeta>;

/** Fixed words the renderer needs, in the report's language. */
export const ReportLabels = z.strictObject({
  contents: z.string(),
  continued: z.string().describe('appended to a repeated table caption: "(continued)"'),
  cover_scope: z.string().describe('the cover line naming the scope: "Provincial report"'),
  cover_issuer: z.string().describe('"Issued by"'),
  page: z.string().describe('"{n} / {N}" pattern'),
  document_subject: z.string(),
  list_of_figures: z.string(),
  list_of_tables: z.string(),
  not_estimable: z.string().describe('"not estimable" / "无法估计", printed small after an estimate whose interval is null'),
  suppressed_note: z.string().describe('the note explaining "—" in a table'),
});
export type ReportLabels = z.infer<typeof ReportLabels>;

/** A study report as plain data: what `renderReport` typesets, and what tests compare as golden JSON. */
export const ReportModel = z.strictObject({
  meta: ReportMeta,
  labels: ReportLabels,
  sections: z.array(ReportSection),
});
export type ReportModel = z.infer<typeof ReportModel>;
