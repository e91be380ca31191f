import type { Code, Codebook, Variable } from '../../schemas/codebook.js';
import type { CellValue } from '../inspect/classify-cells.js';
import type { ColumnMeta } from '../ingest/sheet-grid.js';

/** One column of the data a codebook is drafted from: its header, its data cells (all files), what the file says. */
export interface DraftColumn {
  header: string;
  /** Other headers the column has in other files. */
  aliases?: string[];
  cells: CellValue[];
  meta: ColumnMeta | null;
}

/** A drafted codebook, the design columns guessed by name, and notes for the analyst. */
export interface CodebookDraft {
  codebook: Codebook;
  design: { weights?: string; strata?: string; cluster?: string };
  region: string | null;
  notes: string[];
}

/** The most distinct values a coded (single-choice) column has. */
const MAX_CODES = 15;

/**
 * Five-point scales by their wordings (zh and en, a few spellings each), for reading a column of answers as a
 * Likert item: agreement, satisfaction, importance.
 */
const SCALES: { zh: string; en: string; say: string[] }[][] = [
  [
    { zh: '非常不同意', en: 'Strongly disagree', say: ['非常不同意', '完全不同意', 'strongly disagree'] },
    { zh: '不同意', en: 'Disagree', say: ['不同意', '比较不同意', 'disagree'] },
    { zh: '一般', en: 'Neither agree nor disagree', say: ['一般', '中立', '说不清', '不确定', 'neither agree nor disagree', 'neutral'] },
    { zh: '同意', en: 'Agree', say: ['同意', '比较同意', 'agree'] },
    { zh: '非常同意', en: 'Strongly agree', say: ['非常同意', '完全同意', 'strongly agree'] },
  ],
  [
    { zh: '非常不满意', en: 'Very dissatisfied', say: ['非常不满意', 'very dissatisfied'] },
    { zh: '不满意', en: 'Dissatisfied', say: ['不满意', '比较不满意', 'dissatisfied'] },
    { zh: '一般', en: 'Neither satisfied nor dissatisfied', say: ['一般', '中立', 'neither satisfied nor dissatisfied', 'neutral'] },
    { zh: '满意', en: 'Satisfied', say: ['满意', '比较满意', 'satisfied'] },
    { zh: '非常满意', en: 'Very satisfied', say: ['非常满意', 'very satisfied'] },
  ],
  [
    { zh: '非常不重要', en: 'Not at all important', say: ['非常不重要', '很不重要', 'not at all important'] },
    { zh: '不重要', en: 'Not important', say: ['不重要', '比较不重要', 'not important', 'slightly important'] },
    { zh: '一般', en: 'Moderately important', say: ['一般', 'moderately important'] },
    { zh: '重要', en: 'Important', say: ['重要', '比较重要', 'important', 'very important'] },
    { zh: '非常重要', en: 'Very important', say: ['非常重要', 'extremely important'] },
  ],
];

/** Separators of a multiple-choice answer written in one cell (`1,3`, `A┋C` as 问卷星 joins them). */
const LIST_SEPARATORS = /\s*[,;、，；┋|]\s*/;

const ID_NAME = /^(?:id|.*[_.]id|id[_.].*|resp(?:ondent)?(?:_?no)?|case(?:id)?|.*编号|序号|问卷号|样本号)$/i;
const WEIGHT_NAME = /^(?:w|wt|pw|weights?|.*weight.*|.*权[重数].*)$/i;
const STRATA_NAME = /^(?:strat(?:a|um|ification)?|.*strat.*|层|分层.*|抽样层.*)$/i;
const CLUSTER_NAME = /^(?:cluster|psu|.*psu.*|.*cluster.*|群|抽样单元.*|初级抽样单元.*)$/i;
const REGION_NAME = /^(?:region|prefecture|city|province|district|area|.*地区.*|.*市.*|.*省.*|.*区域.*)$/i;

/**
 * Drafts a codebook from data columns (pure): each column's type from its values: `id` (a name like id/编号,
 * every value present and distinct), `date`, `likert` (five-point agree/satisfied/important wordings, or
 * integers 1-5 in a battery of items sharing a header prefix such as `创新环境：…`), `multi` (lists of codes in
 * one cell), `single` (at most 15 distinct values, repeated; value labels of a .sav file become its codes),
 * `integer`/`number` with the data's range, else `text`. Names come from ASCII headers (`sch.wide`) or are
 * `q1`, `q2`... by column; labels are the headers (or a .sav file's variable labels); headers that are not
 * the name become aliases. Weight, strata and cluster columns are guessed by name. Nothing is `required`
 * except ids, so the draft finds no error in the data it came from.
 */
export function draftCodebook(columns: DraftColumn[]): CodebookDraft {
  const names = new Set<string>();
  const notes: string[] = [];
  const batteries = findBatteries(columns);
  const codebook: Variable[] = columns.map((column, k) => {
    const name = uniqueName(nameFor(column.header, k), names);
    const text = column.meta?.label ?? stripNumber(column.header);
    const variable: Variable = { name, type: 'text', label: { zh: text, en: text } };
    const aliases = [column.header, ...(column.aliases ?? [])].filter((h, i, all) => h !== name && h !== text && all.indexOf(h) === i);
    if (aliases.length > 0) variable.aliases = aliases;
    inferType(variable, column, batteries.get(k) ?? null, notes);
    return variable;
  });
  const design: CodebookDraft['design'] = {};
  const pick = (pattern: RegExp, ok: (v: Variable) => boolean) =>
    codebook.find((v, k) => ok(v) && (pattern.test(v.name) || pattern.test(columns[k]!.header)))?.name;
  const weights = pick(WEIGHT_NAME, (v) => v.type === 'number' || v.type === 'integer');
  const strata = pick(STRATA_NAME, (v) => v.type !== 'id');
  const cluster = pick(CLUSTER_NAME, (v) => v.type !== 'id');
  if (weights) design.weights = weights;
  if (strata) design.strata = strata;
  if (cluster) design.cluster = cluster;
  if (weights || strata || cluster) notes.push(`design columns guessed by name: ${JSON.stringify(design)}; check them in survey.json`);
  const region = pick(REGION_NAME, (v) => v.type === 'single') ?? (strata && codebook.find((v) => v.name === strata)?.type === 'single' ? strata : undefined) ?? codebook.find((v) => v.type === 'single')?.name ?? null;
  return { codebook, design, region, notes };
}

function inferType(variable: Variable, column: DraftColumn, battery: string | null, notes: string[]): void {
  const values = column.cells.filter((c) => c.t !== 'empty' && c.t !== 'error');
  const missing = column.cells.length - values.length;
  if (values.length === 0) return;
  const kinds = new Set(values.map((c) => c.t));
  const distinct = new Map<string, number>();
  for (const c of values) distinct.set(String(c.v), (distinct.get(String(c.v)) ?? 0) + 1);
  const header = column.header;

  if (missing <= column.cells.length * 0.01 && distinct.size >= values.length * 0.95 && (ID_NAME.test(header) || ID_NAME.test(variable.name)) && kinds.size === 1 && (kinds.has('text') || kinds.has('number'))) {
    variable.type = 'id';
    // repeated or missing ids are the data's problem, not the draft's: left unchecked, with a note, for the
    // analyst to turn the checks on
    if (distinct.size < values.length) {
      variable.unique = false;
      notes.push(`${variable.name} (${header}) looks like an id, but ${values.length - distinct.size} of its values are repeats: set unique to TRUE in codebook.xlsx to have them reported`);
    }
    if (missing > 0) {
      variable.required = false;
      notes.push(`${variable.name} (${header}) looks like an id, but ${missing} of its rows have none: set required to TRUE in codebook.xlsx to have them reported`);
    }
    return;
  }
  if (kinds.size === 1 && kinds.has('date')) {
    variable.type = 'date';
    return;
  }
  const labels = column.meta?.valueLabels ?? null;
  if (kinds.size === 1 && kinds.has('number')) {
    const numbers = values.map((c) => c.v as number);
    const integers = numbers.every(Number.isInteger);
    if (labels !== null && labels.size > 0) {
      // a .sav file's value labels are the codes; values without a label keep their number as label
      const codes = new Map<number, string>();
      for (const [value, label] of labels) if (typeof value === 'number') codes.set(value, label);
      for (const x of numbers) if (!codes.has(x)) codes.set(x, String(x));
      variable.type = 'single';
      variable.codes = [...codes.entries()].sort((a, b) => a[0] - b[0]).map(([code, label]) => ({ code, label: { zh: label, en: label } }));
      return;
    }
    if (battery !== null && integers && numbers.every((x) => x >= 1 && x <= 5)) {
      variable.type = 'likert';
      variable.group = battery;
      variable.min = 1;
      variable.max = 5;
      variable.codes = [1, 2, 3, 4, 5].map((code) => ({ code, label: { zh: String(code), en: String(code) } }));
      return;
    }
    if (integers && distinct.size <= MAX_CODES && distinct.size * 5 <= values.length && !WEIGHT_NAME.test(header)) {
      variable.type = 'single';
      variable.codes = [...new Set(numbers)].sort((a, b) => a - b).map((code) => ({ code, label: { zh: String(code), en: String(code) } }));
      return;
    }
    variable.type = integers ? 'integer' : 'number';
    variable.min = Math.min(...numbers);
    variable.max = Math.max(...numbers);
    return;
  }
  const texts = values.map((c) => String(c.v).trim());
  const answers = new Set(texts);
  const scale = likertScale(answers);
  if (scale !== null) {
    variable.type = 'likert';
    if (battery !== null) variable.group = battery;
    // the wording the data uses is the label (validation reads a label as its code), the scale's own otherwise
    variable.codes = scale.map((point, k) => {
      const used = [...answers].find((a) => point.say.includes(a.toLowerCase()));
      const label = { zh: point.zh, en: point.en };
      if (used !== undefined) label[/\p{Script=Han}/u.test(used) ? 'zh' : 'en'] = used;
      return { code: k + 1, label };
    });
    return;
  }
  if (texts.some((t) => LIST_SEPARATORS.test(t))) {
    // lists of codes or short option texts that repeat, not sentences with commas
    const tokens = new Set<string>();
    let count = 0;
    for (const t of texts) {
      for (const token of t.split(LIST_SEPARATORS)) {
        if (token === '') continue;
        tokens.add(token);
        count++;
      }
    }
    if (tokens.size <= 40 && count >= 3 * tokens.size && [...tokens].every((token) => token.length <= 20 && !/[。！？.!?]$/.test(token))) {
      variable.type = 'multi';
      variable.codes = codesOf([...tokens]);
      return;
    }
  }
  if (distinct.size <= MAX_CODES && distinct.size * 3 <= values.length && [...distinct.keys()].every((t) => t.length <= 60 && !/\s{2}/.test(t))) {
    variable.type = 'single';
    // answers written as text: the codes are numbers, the texts their labels (validation maps a label to its code)
    variable.codes = [...distinct.keys()].sort().map((text, k) => ({ code: k + 1, label: { zh: text.trim(), en: text.trim() } }));
    return;
  }
}

/** Codes of multiple-choice tokens: numbers in order when all are numbers, else texts as codes in order. */
function codesOf(tokens: string[]): Code[] {
  if (tokens.every((t) => /^-?\d+$/.test(t))) {
    return tokens.map(Number).sort((a, b) => a - b).map((code) => ({ code, label: { zh: String(code), en: String(code) } }));
  }
  return tokens.sort().map((text) => ({ code: text, label: { zh: text, en: text } }));
}

/** The five-point scale whose wordings the answers are (three or more of its points used), or null. */
function likertScale(answers: Set<string>): { zh: string; en: string; say: string[] }[] | null {
  if (answers.size < 3 || answers.size > 5) return null;
  for (const scale of SCALES) {
    const said = new Set(scale.flatMap((p) => p.say));
    if ([...answers].every((a) => said.has(a.toLowerCase()))) return scale;
  }
  return null;
}

/**
 * Columns that form a battery: three or more headers sharing a prefix before `：` `:` `—` `_` (`创新环境：…`,
 * `q5_1`, 问卷星's `题目—子题`), by column index, with the prefix as the group name.
 */
function findBatteries(columns: DraftColumn[]): Map<number, string> {
  const prefixOf = (header: string) => {
    const m = /^(.+?)\s*(?:[：:—]|_(?=\d+$)|-(?=\d+$))\s*(.+)$/.exec(stripNumber(header));
    return m ? m[1]! : null;
  };
  const byPrefix = new Map<string, number[]>();
  columns.forEach((c, k) => {
    const prefix = prefixOf(c.header);
    if (prefix !== null) byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), k]);
  });
  const out = new Map<number, string>();
  const used = new Set<string>();
  for (const [prefix, members] of byPrefix) {
    if (members.length < 3) continue;
    const group = uniqueName(nameFor(prefix, members[0]!).replace(/^q(\d+)$/, 'battery$1'), used);
    for (const k of members) out.set(k, group);
  }
  return out;
}

/** A header without a leading question number (`3、`, `Q3.`, `3.`), as survey platforms number questions. */
function stripNumber(header: string): string {
  const bare = header.replace(/^\s*(?:q\s*)?\d+(?:\.\d+)*\s*[、.．:：)）]\s*/i, '');
  return bare === '' ? header : bare;
}

/** A variable name for a header: the header itself when it is a name, its ASCII words joined by `_`, else `q<k+1>`. */
function nameFor(header: string, k: number): string {
  const h = header.trim();
  if (/^(?:[A-Za-z_]|\.(?![0-9]))[A-Za-z0-9_.]*$/.test(h)) return h;
  if (/^[\x20-\x7e]+$/.test(h)) {
    const words = h.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    if (/^[a-z]/.test(words)) return words.slice(0, 40);
  }
  return `q${k + 1}`;
}

function uniqueName(base: string, used: Set<string>): string {
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
  used.add(name);
  return name;
}
