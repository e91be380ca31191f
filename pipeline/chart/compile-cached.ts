import * as vega from 'vega';
import type { Runtime, Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { collectingLogger } from './vega-logger.js';

/**
 * A compiled template: the Vega spec's JSON with placeholders, the warnings its compile gave, and (once asked
 * for) Vega's parse of it, the dataflow a View is built from, as JSON with the same placeholders.
 */
interface Template {
  json: string;
  warnings: string[];
  runtime?: string;
}

/** What a Vega-Lite spec becomes as a template: the template spec and the values its placeholders stand for. */
interface Templated {
  spec: unknown;
  /** as they go into the JSON text */
  texts: string[];
  numbers: number[];
  /** inline data arrays as JSON */
  data: string[];
  /** values of top-level parameters as JSON */
  params: string[];
}

// Placeholders no spec holds: a text, a number (exact in binary, so printed the same everywhere), inline data.
const textToken = (i: number) => `__tt_text_${i}__`;
const numberToken = (i: number) => 987654.0625 + i;
const dataToken = (i: number) => ({ [`__tt_data_${i}__`]: 0 });
const paramToken = (i: number) => ({ [`__tt_param_${i}__`]: 0 });

/** Keys whose arrays hold data-dependent orders and ranges (`sort: [...]`, `domain: [...]`). */
const valueArrays = new Set(['sort', 'domain']);

/**
 * Texts that read the same as JSON, as a JSON string inside a Vega expression, and bare: such a text can stand in
 * a template's place wherever Vega-Lite put it (Vega-Lite writes expression strings with double quotes, so an
 * apostrophe is plain). Others (a wrapped label's line break, quotes, backslashes) are filled in as a JSON string
 * or as a string literal inside an expression's JSON, the two places Vega-Lite puts them; a template holding one
 * anywhere else is not used for it (the spec is compiled directly).
 */
const plainText = /^[^"\\\u0000-\u001f\u2028\u2029]*$/u;

/** Texts a template can take at all: JSON.stringify writes these as vega-util's `stringValue` does. */
const fillableText = /^[^\u2028\u2029]*$/u;

/**
 * `spec` with its data-dependent parts swapped for placeholders: inline data, the description, and the texts
 * and numbers in `sort` and `domain` arrays, the values of top-level parameters. Charts of one kind for one
 * question and language differ only there across regions, so they share a template. Null for a text that
 * cannot be filled in (a line or paragraph separator).
 */
function templated(spec: unknown): Templated | null {
  const out: Templated = { spec: null, texts: [], numbers: [], data: [], params: [] };
  let fillable = true;
  // Equal values get the same placeholder: Vega-Lite merges equal domains and equal inline data, and must see
  // the same equalities in the template.
  const indexOf = <T>(list: T[], value: T, same: (a: T) => boolean) => {
    const found = list.findIndex(same);
    return found >= 0 ? found : list.push(value) - 1;
  };
  const text = (value: string) => {
    if (!fillableText.test(value)) fillable = false;
    return textToken(indexOf(out.texts, value, (t) => t === value));
  };
  const walk = (node: unknown, key: string | null): unknown => {
    if (Array.isArray(node)) {
      if (key !== null && valueArrays.has(key)) {
        // Vega-Lite reads signs and order from a domain (whether it holds zero): only the positive numbers of a
        // rising array of numbers >= 0 stand for placeholders, which rise and are positive too; the rest stay
        const rising = node.every((item, i) => typeof item !== 'number' || (item >= 0 && (i === 0 || typeof node[i - 1] !== 'number' || (node[i - 1] as number) < item)));
        return node.map((item) => {
          if (typeof item === 'string') return text(item);
          if (typeof item === 'number' && rising && item > 0) return numberToken(indexOf(out.numbers, item, (n) => n === item));
          return walk(item, null);
        });
      }
      return node.map((item) => walk(item, null));
    }
    if (node === null || typeof node !== 'object') return node;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'values' && key === 'data' && Array.isArray(v)) {
        const json = JSON.stringify(v);
        copy[k] = [dataToken(indexOf(out.data, json, (d) => d === json))];
      }
      else if (k === 'params' && key === null && node === spec && Array.isArray(v)) copy[k] = v.map(param);
      else if (k === 'description' && typeof v === 'string') copy[k] = text(v);
      else copy[k] = walk(v, k);
    }
    return copy;
  };
  // a parameter that only holds a value (no selection, expression or binding) becomes a signal holding it as is
  const param = (entry: unknown): unknown => {
    if (entry === null || typeof entry !== 'object' || !('value' in entry)) return walk(entry, null);
    const { value, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).some((k) => k !== 'name')) return walk(entry, null);
    return { ...rest, value: paramToken(out.params.push(JSON.stringify(value)) - 1) };
  };
  out.spec = walk(spec, null);
  return fillable ? out : null;
}

/**
 * Any placeholder in a template's JSON: a text as a string literal inside an expression (a JSON string within
 * the JSON string), a text as a JSON string, a text inside a longer string, a number, an inline data array or
 * a parameter's value.
 */
const anyToken =
  /\\"__tt_text_(\d+)__\\"|"__tt_text_(\d+)__"|__tt_text_(\d+)__|(?<![\d.-])(98\d{4})\.0625(?!\d)|\[\{"__tt_data_(\d+)__":0\}\]|\{"__tt_param_(\d+)__":0\}/g;

/**
 * The template's JSON with each placeholder replaced by the value it stands for, in one pass; null when a text
 * that is not plain stands inside a longer string, where how to write it is not known.
 */
function fill(json: string, values: Templated): string | null {
  let unknown = false;
  const filled = json.replace(anyToken, (token, inExpression?: string, quoted?: string, bare?: string, number?: string, data?: string, param?: string) => {
    if (inExpression !== undefined) {
      const text = values.texts[Number(inExpression)];
      return text === undefined ? token : JSON.stringify(JSON.stringify(text)).slice(1, -1);
    }
    if (quoted !== undefined) {
      const text = values.texts[Number(quoted)];
      return text === undefined ? token : JSON.stringify(text);
    }
    if (bare !== undefined) {
      const text = values.texts[Number(bare)];
      if (text === undefined) return token;
      if (!plainText.test(text)) unknown = true;
      return text;
    }
    if (number !== undefined) {
      const n = values.numbers[Number(number) - 987654];
      return n === undefined ? token : JSON.stringify(n);
    }
    if (data !== undefined) return values.data[Number(data)] ?? token;
    return values.params[Number(param)] ?? token;
  });
  return unknown ? null : filled;
}

const templates = new Map<string, Template>();

/**
 * Vega-Lite's `compile`, once per template: specs that differ only in inline data, description, the entries
 * of `sort` and `domain` arrays and the values of parameters share one compile of their template, filled in with each spec's values
 * (compiling is about a third of a chart's time). The template keeps the equalities, signs and order Vega-Lite
 * reads from those values, so the result is what `compile` gives (test/chart/compile-cached.test.ts checks
 * every chart of the example) and depends on the spec alone, not on what was compiled before. Warnings go to
 * `logger`, for a filled-in spec too. The cache is process-wide and holds compiled templates only.
 */
export function compileCached(spec: TopLevelSpec, logger: vega.LoggerInterface): VegaSpec {
  const cached = lookup(spec, logger);
  const filled = cached ? fill(cached.template.json, cached.values) : null;
  return JSON.parse(filled ?? compileJson(spec, logger)) as VegaSpec;
}

/**
 * `vega.parse(compile(spec))`, the dataflow description a View is built from, once per template as
 * `compileCached` does: Vega's parse copies the template's placeholders into operator parameters and expression
 * code as they are, so they are filled in the parsed JSON (parsing is another fifth of a chart's time; the
 * same test checks every chart of the example against an uncached parse).
 */
export function parseCached(spec: TopLevelSpec, logger: vega.LoggerInterface): Runtime {
  const cached = lookup(spec, logger);
  if (cached) {
    const { template, values } = cached;
    template.runtime ??= JSON.stringify(vega.parse(JSON.parse(template.json) as VegaSpec));
    const filled = fill(template.runtime, values);
    if (filled !== null) return JSON.parse(filled) as Runtime;
  }
  return vega.parse(JSON.parse(compileJson(spec, logger)) as VegaSpec);
}

/** The spec's template, compiled on first use, and its values; null when the spec cannot be templated. */
function lookup(spec: TopLevelSpec, logger: vega.LoggerInterface): { template: Template; values: Templated } | null {
  const values = templated(spec);
  if (!values) return null;
  const key = JSON.stringify(values.spec);
  let template = templates.get(key);
  if (!template) {
    const warnings: string[] = [];
    template = { json: compileJson(values.spec as TopLevelSpec, collectingLogger((m) => warnings.push(m))), warnings };
    templates.set(key, template);
  }
  for (const warning of template.warnings) logger.warn(warning);
  return { template, values };
}

/** `compile`'s Vega spec as JSON text. Vega-Lite tags inline data objects (a symbol property): compile a copy. */
function compileJson(spec: TopLevelSpec, logger: vega.LoggerInterface): string {
  return JSON.stringify(compile(structuredClone(spec), { logger }).spec);
}
