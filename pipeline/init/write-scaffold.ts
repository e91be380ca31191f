import { readdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Codebook, Variable } from '../../schemas/codebook.js';
import { InputError } from '../errors.js';
import { packageRoot } from '../publish/read-versions.js';
import { writeFileAtomic } from '../publish/write-atomic.js';
import { buildScaffold, type Scaffold } from './build-scaffold.js';

/** The rows of the response template that get drop-downs and checks. */
const templateRows = 1000;

/**
 * `thinktank init DIR`: writes a survey folder that runs as it is: survey.json (with `$schema` pointing at
 * the generated JSON Schema), codebook.xlsx (variables, codes, instructions), responses/responses.xlsx
 * (200 synthetic respondents over three regions), margins.csv, a narrative example, template.xlsx (an empty
 * response sheet with the codebook's headers and drop-downs for coded answers; outside responses/ so it is
 * never read as data), README.md and .gitignore. Refuses a folder that exists and is not empty. Returns the
 * files written, relative to `dir`.
 */
export async function writeScaffold(dir: string, options: { date: Date }): Promise<string[]> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0) throw new InputError(`${dir} is not empty: give a new folder to \`thinktank init\``);
  const id = surveyIdFor(dir);
  const schemaRef = path.relative(dir, path.join(packageRoot, 'schemas', 'survey.schema.json')).split(path.sep).join('/');
  const scaffold = buildScaffold({ id, date: options.date.toISOString().slice(0, 10), schemaRef });
  const created = options.date;
  const files: [string, string | Uint8Array][] = [
    ['survey.json', `${JSON.stringify(scaffold.config, null, 2)}\n`],
    ['codebook.xlsx', await codebookWorkbook(scaffold, created)],
    ['responses/responses.xlsx', await responseWorkbook(scaffold, created)],
    ['template.xlsx', await templateWorkbook(scaffold.codebook, created)],
    ['margins.csv', `region,sector,count\n${scaffold.margins.map((m) => `${m.region},${m.sector},${m.count}`).join('\n')}\n`],
    ...Object.entries(scaffold.narrative).map(([name, text]): [string, string] => [`narrative/${name}`, text]),
    ['README.md', readme(id)],
    ['.gitignore', 'outputs/*/.cache/\noutputs/*/.lock\noutputs/*/run-log.jsonl\n'],
  ];
  for (const [name, data] of files) await writeFileAtomic(path.join(dir, name), data);
  return files.map(([name]) => name);
}

/** A survey id from a folder name: lower-case letters, digits and `-` (`My Survey 2027` -> `my-survey-2027`). */
export function surveyIdFor(dir: string): string {
  const slug = path
    .basename(path.resolve(dir))
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'survey' : slug;
}

function workbook(created: Date): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'thinktank init';
  book.created = created;
  book.modified = created;
  return book;
}

async function toBytes(book: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** codebook.xlsx: sheets variables, codes and the instructions (also for `init --from`'s draft). */
export async function codebookWorkbook(scaffold: Pick<Scaffold, 'codebook' | 'instructions'>, created: Date): Promise<Uint8Array> {
  const book = workbook(created);
  const variables = book.addWorksheet('variables');
  const header = ['name', 'type', 'label_zh', 'label_en', 'aliases', 'min', 'max', 'required', 'unique', 'skip_if', 'rule', 'theme', 'group', 'unit_zh', 'unit_en'];
  variables.addRow(header).font = { bold: true };
  for (const v of scaffold.codebook) {
    variables.addRow([
      v.name,
      v.type,
      v.label.zh,
      v.label.en,
      v.aliases?.join('|') ?? null,
      v.min ?? null,
      v.max ?? null,
      v.required === undefined ? null : v.required ? 'TRUE' : 'FALSE',
      v.unique === undefined ? null : v.unique ? 'TRUE' : 'FALSE',
      v.skip_if ?? null,
      v.rule ?? null,
      v.theme ?? null,
      v.group ?? null,
      v.unit?.zh ?? null,
      v.unit?.en ?? null,
    ]);
  }
  variables.views = [{ state: 'frozen', ySplit: 1 }];
  variables.columns.forEach((column, i) => {
    column.width = [18, 9, 24, 32][i] ?? 12;
  });
  const codes = book.addWorksheet('codes');
  codes.addRow(['variable', 'code', 'label_zh', 'label_en']).font = { bold: true };
  for (const v of scaffold.codebook) for (const c of v.codes ?? []) codes.addRow([v.name, c.code, c.label.zh, c.label.en]);
  codes.views = [{ state: 'frozen', ySplit: 1 }];
  codes.columns.forEach((column, i) => {
    column.width = [18, 8, 16, 24][i] ?? 12;
  });
  const notes = book.addWorksheet('说明 instructions');
  for (const line of scaffold.instructions) notes.addRow([line]);
  notes.getColumn(1).width = 120;
  return toBytes(book);
}

async function responseWorkbook(scaffold: Scaffold, created: Date): Promise<Uint8Array> {
  const book = workbook(created);
  const sheet = book.addWorksheet('responses');
  const names = scaffold.codebook.map((v) => v.name);
  sheet.addRow(names).font = { bold: true };
  for (const row of scaffold.responses) sheet.addRow(names.map((name) => row[name] ?? null));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return toBytes(book);
}

/** The empty response sheet for field offices: Chinese headers, drop-downs for codes, range checks for numbers. */
async function templateWorkbook(codebook: Codebook, created: Date): Promise<Uint8Array> {
  const book = workbook(created);
  const sheet = book.addWorksheet('responses');
  sheet.addRow(codebook.map((v) => v.label.zh)).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  codebook.forEach((variable, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(10, Math.min(28, variable.label.zh.length * 2 + 2));
    const range = `${column.letter}2:${column.letter}${templateRows + 1}`;
    const validation = validationFor(variable);
    if (validation) rangeValidations(sheet).add(range, validation);
  });
  return toBytes(book);
}

/** exceljs's range-wide data validations: present at runtime (one rule per range), missing from its type declarations. */
function rangeValidations(sheet: ExcelJS.Worksheet): { add(range: string, validation: ExcelJS.DataValidation): void } {
  return (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
}

function validationFor(variable: Variable): ExcelJS.DataValidation | null {
  const prompt = variable.codes?.map((c) => `${c.code} = ${c.label.zh} ${c.label.en}`).join('\n');
  const common = { allowBlank: variable.required !== true, showErrorMessage: true, showInputMessage: true, promptTitle: variable.label.zh.slice(0, 32) };
  switch (variable.type) {
    case 'single':
    case 'likert':
      return {
        ...common,
        type: 'list',
        formulae: [`"${(variable.codes ?? []).map((c) => String(c.code)).join(',')}"`],
        prompt: (prompt ?? '').slice(0, 255),
        errorTitle: variable.label.zh.slice(0, 32),
        error: `请从下拉列表中选择代码。Choose a code from the list.`,
      };
    case 'multi':
      return { ...common, type: 'custom', formulae: ['TRUE'], prompt: `可多选，代码用分号分隔，例如 1;3。Codes separated by ";".\n${prompt ?? ''}`.slice(0, 255) };
    case 'number':
    case 'integer': {
      const type = variable.type === 'integer' ? 'whole' : 'decimal';
      const min = variable.min ?? (type === 'whole' ? -2147483648 : -1e15);
      const max = variable.max ?? (type === 'whole' ? 2147483647 : 1e15);
      return {
        ...common,
        type,
        operator: 'between',
        formulae: [min, max],
        prompt: `${variable.min ?? '…'} – ${variable.max ?? '…'}${variable.unit ? ` ${variable.unit.zh}` : ''}`,
        error: `请输入 ${variable.min ?? ''}–${variable.max ?? ''} 之间的${type === 'whole' ? '整数' : '数'}。Enter a number in range.`,
      };
    }
    default:
      return null;
  }
}

function readme(id: string): string {
  return `# ${id}

A thinktank survey project, made by \`thinktank init\` with example data that runs as it is.

| file | what |
|---|---|
| survey.json | the survey: titles, date, where the responses are, the sample design, calibration, reports |
| codebook.xlsx | one row per variable (sheet \`variables\`), one row per answer code (sheet \`codes\`), instructions |
| responses/ | the response files: every \`.xlsx\` here is read (200 synthetic respondents to start with) |
| template.xlsx | an empty response sheet for field offices, with drop-downs for coded answers |
| margins.csv | population counts by region and sector, for raking the weights |
| narrative/ | texts for the report sections: \`<theme>.zh.md\`, \`<theme>.en.md\` |

    thinktank validate .          # check the responses against the codebook
    thinktank run                 # outputs/${id}/: validation, tables, charts, reports, manifest.json
    thinktank check .             # CI: fail if outputs/${id}/ is not what a fresh run makes

Replace the example responses with your own, edit the codebook, and run again.
`;
}
