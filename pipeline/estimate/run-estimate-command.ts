import path from 'node:path';
import { EstimateArgs, type EstimateResult } from '../../schemas/estimate-command.js';
import type { Estimate } from '../../schemas/estimates.js';
import type { Design } from '../../schemas/design.js';
import { InputError, UsageError } from '../errors.js';
import { cellReference } from '../ingest/cell-value.js';
import { readDataFile } from '../ingest/read-data-file.js';
import { toKeyColumn, type KeyColumn } from '../weight/build-design.js';
import { PresentationRules } from '../../schemas/survey.js';
import { cleanSe } from './confidence-interval.js';
import { degreesOfFreedom, degreesOfFreedomByDomain } from './design-variance.js';
import { designMessages as designMsg } from './design-messages.js';
import { buildEstimateDesign, listOf } from './estimate-design.js';
import { formulaColumns } from './parse-formula.js';
import { replicateLogitSe, replicateThetas } from './replicate-estimates.js';
import { runGlm } from './run-glm.js';
import { estimateVariance } from './svyvar.js';
import { chooseDf, estimateInterval, type DfRule, type PropInterval, type RowInterval } from './estimate-interval.js';
import { presentEstimate, type EstimateBase } from './flag-estimate.js';
import { estimateDomainMeans, type DomainColumn } from './estimate-domain-means.js';
import { estimateRatio } from './linear-estimates.js';
import { estimateQuantile } from './estimate-quantile.js';
import { estimateMessages as msg } from './messages.js';
import { thinktankVersion } from './version.js';

type Value = string | number | null;

/** The low-base threshold `thinktank estimate` flags with (survey.json's analysis.min_base default). */
const DEFAULT_MIN_BASE = 30;

/** The data as columns, looked up by header. */
interface DataColumns {
  headers: string[];
  rowCount: number;
  column(flag: string, name: string): Value[];
  /** The value labels of a column (.sav), or null. */
  labels(name: string): Map<number | string, string> | null;
  label(i: number): string;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted distinct values as R's factor() orders them: numerically when all are numbers, else as text. */
function sortedLevels(values: Value[]): string[] {
  const distinct = new Map<string, number | string>();
  for (const v of values) if (v !== null) distinct.set(String(v), v);
  const all = [...distinct.values()];
  if (all.every((v) => typeof v === 'number')) return (all as number[]).sort((a, b) => a - b).map(String);
  return all.map(String).sort(compareText);
}

/**
 * A column as sorted categories (R's factor levels). With value labels (a .sav file), the levels are the
 * values in order, each named by its label where it has one, as `haven::as_factor` names them.
 */
function factorOf(values: Value[], labels: Map<number | string, string> | null = null): KeyColumn {
  const levels = sortedLevels(values);
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = Int32Array.from(values, (v) => (v === null ? -1 : index.get(String(v))!));
  if (labels === null) return { levels, codes };
  const named = levels.map((l) => labels.get(Number(l)) ?? labels.get(l) ?? l);
  return { levels: named, codes };
}

/** A numeric column: NaN for empty cells, InputError naming the cells that hold text. */
function numbersOf(data: DataColumns, flag: string, name: string): Float64Array {
  const values = data.column(flag, name);
  const bad: string[] = [];
  const out = Float64Array.from(values, (v, i) => {
    if (v === null) return Number.NaN;
    if (typeof v === 'number') return v;
    bad.push(`"${v}" in ${data.label(i)}`);
    return Number.NaN;
  });
  if (bad.length) throw new InputError(msg.notNumeric(flag, name, bad));
  return out;
}

/** Domains of the --by variables: their joint values (rows missing any are in no domain), ordered as svyby. */
function domainsOf(data: DataColumns, by: string[]): { column: DomainColumn; labels: Record<string, string>[] } | null {
  if (by.length === 0) return null;
  const factors = by.map((name) => factorOf(data.column('--by', name), data.labels(name)));
  const n = data.rowCount;
  const keyOf = (i: number) => {
    let key = 0;
    for (let j = factors.length - 1; j >= 0; j--) {
      const c = factors[j]!.codes[i]!;
      if (c < 0) return -1;
      key = key * factors[j]!.levels.length + c;
    }
    return key;
  };
  // R's interaction(): the first factor varies fastest, so order by the last factor first
  const sortKey = (i: number) => {
    let key = 0;
    for (let j = factors.length - 1; j >= 0; j--) key = key * factors[j]!.levels.length + factors[j]!.codes[i]!;
    return key;
  };
  const present = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = keyOf(i);
    if (key >= 0 && !present.has(key)) present.set(key, sortKey(i));
  }
  const keys = [...present.keys()].sort((a, b) => present.get(a)! - present.get(b)!);
  const index = new Map(keys.map((k, d) => [k, d]));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = keyOf(i);
    codes[i] = key < 0 ? -1 : index.get(key)!;
  }
  const labels = keys.map((key) => {
    const out: Record<string, string> = {};
    let rest = key;
    by.forEach((name, j) => {
      const L = factors[j]!.levels.length;
      out[name] = factors[j]!.levels[rest % L]!;
      rest = Math.floor(rest / L);
    });
    return out;
  });
  return { column: { codes, count: keys.length }, labels };
}

/** Rows of one domain as a mask (all rows for the whole sample). */
function maskOf(domain: DomainColumn | null, d: number | null): Uint8Array | null {
  if (!domain || d === null) return null;
  const mask = new Uint8Array(domain.codes.length);
  for (let i = 0; i < mask.length; i++) if (domain.codes[i] === d) mask[i] = 1;
  return mask;
}

function parseQuantile(spec: string): { variable: string; p: number } {
  const at = spec.lastIndexOf(':');
  const p = Number(spec.slice(at + 1));
  if (at <= 0 || !(p > 0 && p < 1)) throw new UsageError(msg.badQuantile(spec));
  return { variable: spec.slice(0, at), p };
}

function parseRatio(spec: string): { numerator: string; denominator: string } {
  const parts = spec.split(/[/:]/);
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new UsageError(msg.badRatio(spec));
  return { numerator: parts[0], denominator: parts[1] };
}

/**
 * `thinktank estimate`, library side: reads a CSV or XLSX file (header row found under titles), builds the
 * design from the flags (as `svydesign(ids, strata, weights, fpc, nest=TRUE)`), and estimates every requested
 * statistic overall, or by the joint domains of the --by variables (as `svyby`, domains only). Missing values
 * (empty cells and the text "NA", as R's read.csv) are left out per estimate (na.rm=TRUE); error cells
 * (#DIV/0!, #N/A) and formulas never calculated in a column used are refused, naming them; estimates with no
 * data (n = 0) are omitted. UsageError for unknown
 * columns and malformed flags, InputError for data that cannot serve (text in a numeric column, bad design
 * values).
 */
export async function runEstimateCommand(input: EstimateArgs): Promise<EstimateResult> {
  const parsed = EstimateArgs.safeParse(input);
  if (!parsed.success) {
    const level = input.level;
    if (typeof level === 'number' && !(level > 0 && level < 1)) throw new UsageError(msg.badLevel(level));
    throw new UsageError(msg.badArgs(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')));
  }
  const args = parsed.data;
  const statistics = args.mean.length + args.total.length + args.prop.length + args.quantile.length + args.ratio.length + args.var.length;
  if (statistics === 0 && args.glm === undefined) throw new UsageError(msg.nothingToEstimate());
  if (args.glm !== undefined && statistics > 0) throw new UsageError(designMsg.glmWithOthers());
  if (args.glm !== undefined && args.by.length > 0) throw new UsageError(designMsg.glmWithBy());
  if (args.glm === undefined && args.family !== undefined) throw new UsageError(designMsg.familyNeedsGlm());
  const quantiles = args.quantile.map(parseQuantile);
  const ratios = args.ratio.map(parseRatio);
  const file = await readDataFile(args.data, {
    ...(args.sheet ? { sheet: args.sheet } : {}),
    ...(args.header_row !== undefined ? { headerRow: args.header_row } : {}),
  });
  const base = path.basename(args.data);
  // an error cell or an uncalculated formula is not a missing value: refuse it, naming the cells
  const errorCells = (at: number) =>
    file.errors
      .filter((e) => e.col === at)
      .map((e) => ({ cell: `${base} ${cellReference(file.sheet, file.columns[at]!, file.rowNumbers[e.row]!)}`, text: e.text }));
  const data: DataColumns = {
    headers: file.headers,
    rowCount: file.rows.length,
    column(flag, name) {
      const at = file.headers.indexOf(name);
      if (at < 0) throw new UsageError(msg.unknownColumn(flag, name, file.headers));
      const bad = errorCells(at);
      if (bad.length > 0) throw new InputError(msg.errorCells(flag, name, bad));
      // "NA" is missing, as R's read.csv reads it
      return file.rows.map((r) => (r[at] === 'NA' ? null : (r[at] ?? null)));
    },
    labels: (name) => file.valueLabels[file.headers.indexOf(name)] ?? null,
    label: (i) => `${base}${file.sheet ? ` '${file.sheet}'` : ''} row ${file.rowNumbers[i]}`,
  };
  // check every column name before reading any values, so a typo is a usage error whatever else is wrong
  const named: [string, string | undefined][] = [
    ['--weights', args.weights], ['--strata', args.strata],
    ...listOf(args.cluster).map((v) => ['--cluster', v] as [string, string]), ...listOf(args.fpc).map((v) => ['--fpc', v] as [string, string]),
    ...args.var.map((v) => ['--var', v] as [string, string]),
    ...(args.glm !== undefined ? formulaColumns(args.glm).map((v) => ['--glm', v] as [string, string]) : []),
    ...args.mean.map((v) => ['--mean', v] as [string, string]), ...args.total.map((v) => ['--total', v] as [string, string]),
    ...args.prop.map((v) => ['--prop', v] as [string, string]), ...args.by.map((v) => ['--by', v] as [string, string]),
    ...quantiles.map((q) => ['--quantile', q.variable] as [string, string]),
    ...ratios.flatMap((r) => [['--ratio', r.numerator], ['--ratio', r.denominator]] as [string, string][]),
  ];
  for (const [flag, name] of named) if (name !== undefined && !file.headers.includes(name)) throw new UsageError(msg.unknownColumn(flag, name, file.headers));

  const design = buildEstimateDesign(args, {
    headers: data.headers,
    rowCount: data.rowCount,
    numbers: (flag, name) => numbersOf(data, flag, name),
    keys: (flag, name) => toKeyColumn(data.column(flag, name)),
    label: data.label,
  });
  if (args.glm !== undefined) {
    const glm = runGlm(design, args.glm, args.family ?? 'gaussian', (name) => data.column('--glm', name), data.label, args.level);
    return { design: designInfo(design, args.level, args.ci, args.df), n: data.rowCount, estimates: glm };
  }
  const domains = domainsOf(data, args.by);
  const scopes: (number | null)[] = domains ? domains.labels.map((_, d) => d) : [null];
  const domainLabel = (d: number | null) => (d === null || !domains ? null : domains.labels[d]!);
  // every domain's own df and row count in one pass (a mask per domain made --by quadratic in the groups)
  const byDomain = domains ? degreesOfFreedomByDomain(design, domains.column.codes, domains.column.count) : null;
  const overallDf = degreesOfFreedom(design, null);
  const ownDf = (d: number | null) => (d === null || byDomain === null ? overallDf : byDomain[d]!);
  // the df every interval uses: the domain's own (R degf(subset(des, ...))), the design's, or normal
  const df = (d: number | null) => chooseDf(args.df, ownDf(d), ownDf(null));
  // R's nrow(design) for svyciprop(method = "beta") on subset(des, ...): the rows of the domain
  const domainRows = new Float64Array(domains?.column.count ?? 0);
  if (domains) for (const c of domains.column.codes) if (c >= 0) domainRows[c]!++;
  const rowsOf = (d: number | null) => (d === null || !domains ? data.rowCount : domainRows[d]!);
  const level = args.level;
  const rules = PresentationRules.parse({});
  const estimates: Estimate[] = [];
  // every domain with data gets a row; where R gives NA the interval is null and `note` says why
  const push = (e: EstimateBase, interval: RowInterval) => {
    if (e.n === 0) return;
    // the contract's rows carry no deff (it feeds n_eff)
    const { deff: _deff, ...row } = presentEstimate(e, interval, rules, DEFAULT_MIN_BASE);
    estimates.push(row);
  };

  const linear = (flag: '--mean' | '--total', names: string[]) => {
    if (names.length === 0) return;
    const items = names.map((v) => numbersOf(data, flag, v));
    const r = estimateDomainMeans(design, items, domains?.column ?? null, { deff: true });
    const K = items.length;
    names.forEach((variable, k) => {
      for (const d of scopes) {
        const at = (d ?? r.domains) * K + k;
        const est = flag === '--mean' ? r.mean[at]! : r.total[at]!;
        const se = cleanSe(flag === '--mean' ? r.meanSe[at]! : r.totalSe[at]!, est);
        const deff = flag === '--mean' ? r.deff![at]! : r.totalDeff![at]!;
        const interval = estimateInterval('wald', est, se, level, df(d));
        push({ statistic: flag === '--mean' ? 'mean' : 'total', variable, level: null, domain: domainLabel(d), estimate: est, se, n: r.n[at]!, deff: Number.isFinite(deff) && se > 0 ? deff : null }, interval);
      }
    });
  };
  linear('--mean', args.mean);
  linear('--total', args.total);

  for (const variable of args.prop) {
    const factor = factorOf(data.column('--prop', variable), data.labels(variable));
    const items = factor.levels.map((_, level) => ({ codes: factor.codes, level }));
    const r = estimateDomainMeans(design, items, domains?.column ?? null);
    factor.levels.forEach((lvl, k) => {
      for (const d of scopes) {
        const at = (d ?? r.domains) * items.length + k;
        const p = r.mean[at]!;
        const se = cleanSe(r.meanSe[at]!, p);
        // on replicate weights R's logit interval comes from the replicates' logits, not from the SE of p
        const thetas = design.replicates && args.ci === 'logit' ? replicateThetas(r)?.mean[at] : undefined;
        const ciSe = thetas && p > 0 && p < 1 ? replicateLogitSe(design.replicates!, thetas, p) : se;
        const interval = estimateInterval('prop', p, ciSe, level, df(d), { method: args.ci, rows: rowsOf(d) });
        push({ statistic: 'prop', variable, level: lvl, domain: domainLabel(d), estimate: p, se, n: r.n[at]! }, interval);
      }
    });
  }

  for (const { variable, p } of quantiles) {
    const x = numbersOf(data, '--quantile', variable);
    for (const d of scopes) {
      const q = estimateQuantile(design, x, p, maskOf(domains?.column ?? null, d), { level, dfRule: args.df, designDf: ownDf(null) });
      const estimable = Number.isFinite(q.low) && Number.isFinite(q.high);
      const dfOut = q.df === Infinity ? null : q.df;
      const interval: RowInterval = estimable
        ? { ci_low: q.low, ci_high: q.high, df: dfOut }
        : { ci_low: null, ci_high: null, df: dfOut, note: q.df > 0 ? msg.woodruffOutside() : msg.noDf(), missing: q.df > 0 ? 'nan' : 'df' };
      push({ statistic: 'quantile', variable, level: null, domain: domainLabel(d), estimate: q.estimate, se: estimable ? q.se : null, n: q.n, p }, interval);
    }
  }

  for (const { numerator, denominator } of ratios) {
    const y = numbersOf(data, '--ratio', numerator);
    const x = numbersOf(data, '--ratio', denominator);
    for (const d of scopes) {
      const r = estimateRatio(design, y, x, maskOf(domains?.column ?? null, d));
      const se = cleanSe(r.se, r.estimate);
      const interval = estimateInterval('wald', r.estimate, se, level, df(d));
      push({ statistic: 'ratio', variable: numerator, level: null, domain: domainLabel(d), estimate: r.estimate, se, n: r.n, denominator }, interval);
    }
  }

  for (const variable of args.var) {
    const v = estimateVariance(design, numbersOf(data, '--var', variable));
    const se = cleanSe(v.se, v.estimate);
    push({ statistic: 'var', variable, level: null, domain: null, estimate: v.estimate, se, n: v.n }, estimateInterval('wald', v.estimate, se, level, df(null)));
  }

  return { design: designInfo(design, level, args.ci, args.df), n: data.rowCount, estimates };
}

/** What the result records about the design. */
function designInfo(design: Design, level: number, ci: PropInterval, df: DfRule): EstimateResult['design'] {
  return {
    ...design.source,
    lonely_psu: design.lonelyPsu,
    calibration: null,
    level,
    ci_method: msg.ciMethod(ci, df),
    df,
    ci,
    version: thinktankVersion,
  };
}
