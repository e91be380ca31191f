/**
 * Writes the JSON Schema files editors use to autocomplete and check thinktank's inputs, generated from the zod
 * schemas (never hand-written). Run: `node --import tsx schemas/generate-json-schemas.ts`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { writeFileAtomic } from '../pipeline/publish/write-atomic.js';
import { Codebook } from './codebook.js';
import { SurveyConfig } from './survey.js';

/** One generated file: its name in schemas/, its title, and the zod schema it comes from. */
export interface JsonSchemaTarget {
  file: string;
  title: string;
  description: string;
  schema: z.ZodType;
}

/** The JSON Schema files to generate (add survey.schema.json here). */
export const jsonSchemaTargets: JsonSchemaTarget[] = [
  {
    file: 'codebook.schema.json',
    title: 'thinktank codebook',
    description:
      'codebook.json: every variable of the survey, in questionnaire order (the same fields as the sheets "variables" and "codes" of codebook.xlsx).',
    schema: Codebook,
  },
  {
    file: 'survey.schema.json',
    title: 'thinktank survey project',
    description:
      'survey.json: one survey project (titles, date, response files, sample design, calibration, reports). Paths are relative to the survey folder and may not leave it.',
    schema: SurveyConfig,
  },
];

/** The JSON text of one target's schema (draft 2020-12), stable key order, newline-terminated. */
export function renderJsonSchema(target: JsonSchemaTarget): string {
  const generated = z.toJSONSchema(target.schema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return `${JSON.stringify({ $schema, title: target.title, description: target.description, ...rest }, null, 2)}\n`;
}

/** Writes every target into `dir` (default: this folder); returns the written paths. */
export async function generateJsonSchemas(dir = path.dirname(fileURLToPath(import.meta.url))): Promise<string[]> {
  const written: string[] = [];
  for (const target of jsonSchemaTargets) {
    const file = path.join(dir, target.file);
    await writeFileAtomic(file, renderJsonSchema(target));
    written.push(file);
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of await generateJsonSchemas()) process.stderr.write(`wrote ${file}\n`);
}
