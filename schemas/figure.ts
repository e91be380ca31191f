import { z } from 'zod';
import { Bilingual, Lang } from './common.js';

/** The kinds of chart the chart stage draws. */
export const FigureKind = z.enum(['bars', 'likert', 'multi', 'numeric', 'regions', 'heatmap', 'trend']);
export type FigureKind = z.infer<typeof FigureKind>;

/**
 * One rendered chart for one report (`scope`: "province" or a region code) in one language.
 * `id` is unique and file-name safe; outputs are `charts/<id>.vl.json` and `charts/<id>.svg`.
 */
export const Figure = z.object({
  id: z.string(),
  scope: z.string(),
  lang: Lang,
  kind: FigureKind,
  theme: z.string().nullable(),
  variables: z.array(z.string()),
  title: z.string(),
  base: z.string().describe('"n = 2,911" or a range over domains, already formatted in `lang`'),
  note: z.string().nullable(),
  source: z.string(),
  alt: z.string().describe('a one-sentence text alternative for screen readers'),
  low_base: z.boolean(),
  width: z.number(),
  height: z.number(),
  spec: z.record(z.string(), z.unknown()),
  svg: z.string(),
});
export type Figure = z.infer<typeof Figure>;

/** Labels of a figure in both languages, before rendering. */
export const FigureText = z.object({ title: Bilingual, note: Bilingual.nullable() });
