import { z } from 'zod';
import { Bilingual } from './common.js';

/** The kinds of question a codebook variable can be. */
export const VariableType = z.enum(['id', 'single', 'multi', 'likert', 'number', 'integer', 'text', 'date']);
export type VariableType = z.infer<typeof VariableType>;

/**
 * One allowed answer of a coded question. Codes compare as strings ("1" and 1 are the same code). `phrase` is
 * how a sentence names the answer ("资金不足" / "a lack of funds"); by default its label.
 */
export const Code = z.strictObject({
  code: z.union([z.string().min(1), z.number()]),
  label: Bilingual,
  phrase: Bilingual.optional(),
});
export type Code = z.infer<typeof Code>;

/**
 * One variable (one column of the response sheets).
 * `multi` cells list the chosen codes separated by `,` `;` `、` `，` `；` or spaces ("1;3").
 * `skip_if` is an expression over other variables (`rd_active == 2`, `employees < 10 or sector == 3`):
 * when it holds the question must be blank. `rule` is a cross-field expression that must hold whenever the
 * variables it names are all present (`rd_staff <= employees`). `group` ties Likert items into one battery.
 */
export const Variable = z.strictObject({
  // dots as R and SPSS names have them (`sch.wide`); not `.5`, which reads as a number
  name: z.string().regex(/^(?:[A-Za-z_]|\.(?![0-9]))[A-Za-z0-9_.]*$/, 'a name of letters, digits, _ and . not starting with a digit'),
  type: VariableType,
  label: Bilingual,
  aliases: z.array(z.string()).optional(),
  codes: z.array(Code).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  skip_if: z.string().optional(),
  rule: z.string().optional(),
  theme: z.string().optional(),
  group: z.string().optional(),
  unit: Bilingual.optional(),
  phrase: Bilingual.optional().describe(
    'a short predicate for sentences: for a yes/no question what "yes" means ("设有研发机构" / "have an R&D department"), otherwise the noun phrase of the question ("人工智能应用阶段" / "the stage of AI use")',
  ),
  priority: z.number().int().min(0).max(9).optional().describe('0-9: how much a finding on this question matters to the summary (default 1; 0 never leads)'),
  negative: z.boolean().optional().describe('a higher share or score is worse (difficulty, obstacles): regions are compared by it and heat-mapped in reverse'),
  ordinal: z.boolean().optional().describe('the codes are ordered (a scale or stages): charts keep code order (default: likert true, others false)'),
  report: z.boolean().optional().describe('false: the question is not charted or stated in reports (ids, dates, free text default to false)'),
  summary: z.enum(['median', 'mean']).optional().describe('how a number is summarised: the median for skewed amounts and counts (default for numbers with a unit that are not percentages)'),
});
export type Variable = z.infer<typeof Variable>;

/** The codebook: every variable of the survey, in questionnaire order. */
export const Codebook = z.array(Variable);
export type Codebook = z.infer<typeof Codebook>;
