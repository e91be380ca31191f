import yargs, { type Argv, type Options } from 'yargs';
import { UsageError } from '../errors.js';
import { packageVersion } from '../package-root.js';
import type { StageSet } from '../run/stages.js';
import { ciChoices, dfChoices, familyChoices, langChoices, lonelyPsuChoices, replicateTypeChoices, stageNames } from './choices.js';
import type { CliEffects, CommandContext } from './cli-effects.js';
import { didYouMean } from '../did-you-mean.js';
import { cliMsg } from './messages.js';
import { reportError } from './report-error.js';
import { createStyle, wantsColor } from './style.js';

/** Parsed arguments as yargs gives them: values to be read with the typed accessors below. */
type Parsed = Record<string, unknown>;

/**
 * One command: its yargs usage (name and positionals), one-line description, options and examples, and the
 * handler, loaded only when the command runs (so `--help` loads no stage code). Add a command by adding a row.
 */
interface CommandSpec {
  usage: string;
  describe: string;
  options: (y: Argv) => Argv;
  run: (args: Parsed, context: CommandContext) => Promise<number>;
}

const commandTable: Record<string, CommandSpec> = {
  init: {
    usage: 'init <dir>',
    describe: 'create a new survey folder that runs as it is',
    options: initOptions,
    run: async (args, context) => (await import('./init-command.js')).initCommand({ dir: required(args, 'dir'), from: strs(args, 'from') }, context),
  },
  validate: {
    usage: 'validate <source>',
    describe: 'check survey.json, the codebook, margins.csv and the responses; or one data file against a codebook',
    options: validateOptions,
    run: async (args, context) =>
      (await import('./validate-command.js')).validateCommand(
        { source: required(args, 'source'), codebook: str(args, 'codebook'), sheet: str(args, 'sheet'), out: str(args, 'out'), headerRow: headerRow(args) },
        context,
      ),
  },
  run: {
    usage: 'run [survey]',
    describe: 'run the pipeline: validation, estimates, charts, reports, manifest',
    options: runOptions,
    run: async (args, context) =>
      (await import('./run-command.js')).runCommand(
        {
          survey: str(args, 'survey') ?? '.',
          only: str(args, 'only') as (typeof stageNames)[number] | undefined,
          region: str(args, 'region'),
          langs: langs(args),
          force: bool(args, 'force'),
          out: str(args, 'out'),
        },
        context,
      ),
  },
  estimate: {
    usage: 'estimate <data>',
    describe: 'design-based estimates from one data file',
    options: estimateOptions,
    run: async (args, context) =>
      (await import('./estimate-command.js')).estimateCommand(
        {
          data: required(args, 'data'),
          sheet: str(args, 'sheet'),
          headerRow: headerRow(args),
          weights: str(args, 'weights'),
          strata: str(args, 'strata'),
          cluster: strs(args, 'cluster'),
          fpc: strs(args, 'fpc'),
          repweights: str(args, 'repweights'),
          type: str(args, 'type'),
          scale: num(args, 'scale'),
          rho: num(args, 'rho'),
          rscales: str(args, 'rscales'),
          mse: bool(args, 'mse'),
          var: strs(args, 'var'),
          glm: str(args, 'glm'),
          family: str(args, 'family'),
          mean: strs(args, 'mean'),
          total: strs(args, 'total'),
          prop: strs(args, 'prop'),
          quantile: strs(args, 'quantile'),
          ratio: strs(args, 'ratio'),
          by: strs(args, 'by'),
          level: Number(args.level ?? 0.95),
          ci: (str(args, 'ci') ?? 'logit') as (typeof ciChoices)[number],
          df: (str(args, 'df') ?? 'domain') as (typeof dfChoices)[number],
          lonelyPsu: (str(args, 'lonely-psu') ?? 'adjust') as (typeof lonelyPsuChoices)[number],
        },
        context,
      ),
  },
  check: {
    usage: 'check <survey>',
    describe: 'regenerate the outputs and compare them with the committed ones (for CI)',
    options: checkOptions,
    run: async (args, context) => (await import('./check-command.js')).checkCommand({ survey: required(args, 'survey'), out: str(args, 'out') }, context),
  },
  inspect: {
    usage: 'inspect <file>',
    describe: 'show what thinktank reads from a data file: header row, columns, or every cell',
    options: inspectOptions,
    run: async (args, context) =>
      (await import('./inspect-command.js')).inspectCommand(
        { file: required(args, 'file'), sheet: str(args, 'sheet'), headerRow: headerRow(args), cells: bool(args, 'cells') },
        context,
      ),
  },
};

/** The commands, in the order help lists them. */
export const commandNames: readonly string[] = Object.keys(commandTable);

/**
 * The `thinktank` command line: parses `argv` (without `node` and the script), runs the command through
 * the library API and returns the exit code: 0 ok, 1 bad input, 2 usage error, 70 internal error. Results
 * (`--json` objects, tables, `--help`, `--version`) go to `effects.stdout`, messages to `effects.log` (stderr).
 */
export async function main(argv: string[], effects: CliEffects, stages?: StageSet): Promise<number> {
  const style = createStyle(wantsColor(effects.env, effects.isTTY));
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  let command: string | null = null;
  try {
    let args = helpCommand(argv);
    // the command is the first word, after any of the flags every command takes (`--debug run ...`)
    const first = args.find((arg) => !arg.startsWith('-'));
    const before = first === undefined ? args : args.slice(0, args.indexOf(first));
    refuseUnknownTopFlags(before);
    if (first !== undefined) {
      if (!Object.hasOwn(commandTable, first)) throw new UsageError(cliMsg.unknownCommand(first, didYouMean(first, commandNames), commandNames));
      command = first;
      // yargs reads a command's flags only after the command: `--json run x` is `run x --json`
      args = [first, ...before, ...args.slice(before.length + 1)];
    }
    const parsed = await parse(args, effects, command);
    if (parsed === null) return 0;
    const spec = commandTable[parsed.command] as CommandSpec;
    const context: CommandContext = { effects, style, stages: stages ?? (await import('../run/stages.js')).defaultStages, json: bool(parsed.args, 'json') };
    return await spec.run(parsed.args, context);
  } catch (error) {
    return reportError(error, effects, style, { debug, json, command });
  }
}

/** Before a command, only the top-level flags and `--json`: anything else is a typo of one of them (`--verison`). */
function refuseUnknownTopFlags(args: string[]): void {
  const top = ['help', 'version', 'debug', 'json'];
  for (const arg of args) {
    if (!arg.startsWith('-') || arg === '-h') continue;
    const name = arg.replace(/^-+/, '').split('=')[0] as string;
    if (top.includes(name)) continue;
    const guess = didYouMean(name, top);
    throw new UsageError(cliMsg.unknownOption(null, arg.split('=')[0] as string, guess === null ? null : `--${guess}`));
  }
}

/** `thinktank help` is `--help`; `thinktank help run` is `run --help`. */
function helpCommand(argv: string[]): string[] {
  if (argv[0] !== 'help') return argv;
  const [, topic, ...rest] = argv;
  if (topic === undefined || topic.startsWith('-') || topic === 'help') return ['--help', ...argv.slice(2)];
  if (!Object.hasOwn(commandTable, topic)) throw new UsageError(cliMsg.helpUnknown(topic, didYouMean(topic, commandNames), commandNames));
  return [topic, '--help', ...rest];
}

/**
 * Parses with yargs. Null when yargs answered by itself (`--help`, `--version`: printed on stdout); else the
 * command chosen and its arguments. yargs' own failures become one-line usage errors with a suggestion.
 */
async function parse(argv: string[], effects: CliEffects, command: string | null): Promise<{ command: string; args: Parsed } | null> {
  let chosen: { command: string; args: Parsed } | null = null;
  let known: { flags: string[]; choices: Record<string, readonly string[]> } = { flags: [], choices: {} };
  const parser = commandParser(argv, effects.stdoutColumns ?? null);
  for (const [name, spec] of Object.entries(commandTable)) {
    parser.command(
      spec.usage,
      spec.describe,
      (y) => {
        const built = spec.options(y);
        // getOptions() is yargs API that @types/yargs 17 does not declare
        const options = (built as unknown as { getOptions(): { key: Record<string, unknown>; choices: Record<string, string[]> } }).getOptions();
        known = { flags: Object.keys(options.key), choices: options.choices };
        return built;
      },
      (args) => {
        chosen = { command: name, args };
      },
    );
  }
  parser.fail((message, error) => {
    // yargs' own errors (a YError: a missing option value, say) are usage errors like its messages
    if (error && error.name !== 'YError') throw error;
    throw new UsageError(translateFailure(message ?? error?.message ?? 'usage error', argv, command, known));
  });
  let output = '';
  await parser.parseAsync(argv, {}, (_error, _args, text) => {
    output = text ?? '';
  });
  if (chosen) return chosen;
  // --help or --version: yargs produced the text and ran no command
  if (output !== '') effects.stdout(output.endsWith('\n') ? output : `${output}\n`);
  return null;
}

/** The top level of the parser: everything but the commands. `columns` null: no wrapping (not a terminal). */
function commandParser(argv: string[], columns: number | null): Argv {
  return yargs(argv)
    .scriptName('thinktank')
    .locale('en')
    .usage('thinktank turns survey spreadsheets into validated data, design-based estimates, charts and PDF reports.\n\nUsage: $0 <command> [options]')
    .option('debug', { type: 'boolean', default: false, describe: 'show the stack of internal errors' })
    .demandCommand(1, cliMsg.noCommand(commandNames))
    .strict()
    .help()
    .alias('h', 'help')
    .version(packageVersion)
    .epilogue('Exit codes: 0 ok, 1 bad input (problems found and reported), 2 usage error, 70 internal error.\nSet NO_COLOR to turn colour off.')
    .wrap(columns === null ? null : Math.min(120, columns))
    .exitProcess(false);
}

/** yargs' failure messages (pinned to English) as ours: one line, with the nearest flag or choice. */
function translateFailure(message: string, argv: string[], command: string | null, known: { flags: string[]; choices: Record<string, readonly string[]> }): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown?.[1] !== undefined) {
    const [name] = unknown[1].split(', ') as [string];
    const flag = argv.find((arg) => arg.replace(/^-+/, '').split('=')[0] === name && arg.startsWith('-'));
    if (flag === undefined) return cliMsg.unexpectedArgument(command, name);
    const flags = known.flags.filter((f) => f !== 'version' || command === null);
    const guess = didYouMean(name, flags);
    return cliMsg.unknownOption(command, flag.split('=')[0] as string, guess === null ? null : `--${guess}`);
  }
  const invalid = /Argument: ([\w-]+), Given: "(.*)", Choices:/.exec(message);
  if (invalid?.[1] !== undefined && invalid[2] !== undefined) {
    const choices = known.choices[invalid[1]] ?? [];
    return cliMsg.badChoice(invalid[1], invalid[2], choices, didYouMean(invalid[2], choices));
  }
  if (/^Not enough non-option arguments/.test(message) && command !== null) return cliMsg.missingPositional((commandTable[command] as CommandSpec).usage);
  const missing = /^Not enough arguments following: (.+)$/.exec(message);
  if (missing?.[1] !== undefined) return cliMsg.missingValue(missing[1]);
  return message;
}

/** A choice option, matched without regard to case (`--only VALIDATE`, `--ci Wilson`). */
function choice(choices: readonly string[], describe: string, extra: Options = {}): Options {
  return {
    choices: [...choices],
    describe,
    requiresArg: true,
    coerce: (value: unknown) => (typeof value === 'string' ? (choices.find((c) => c.toLowerCase() === value.toLowerCase()) ?? value) : value),
    ...extra,
  };
}

function jsonOption(y: Argv): Argv {
  return y.option('json', { type: 'boolean', default: false, describe: 'print a machine-readable result on stdout' });
}

function initOptions(y: Argv): Argv {
  return jsonOption(
    y
      .positional('dir', { type: 'string', describe: 'folder to create (must not exist or be empty)' })
      .option('from', { type: 'string', array: true, describe: 'draft codebook.xlsx and survey.json from these data files (.xlsx, .csv, .sav)' }),
  )
    .example('$0 init surveys/mine --from data/*.xlsx', 'draft a survey folder from the data you have')
    .example('$0 init surveys/jilin-2027', 'scaffold a survey: survey.json, codebook.xlsx, responses, margins.csv')
    .example('cd surveys/jilin-2027 && thinktank run', 'then run it as it is: the outputs go to surveys/jilin-2027/outputs/');
}

function validateOptions(y: Argv): Argv {
  return jsonOption(
    y
      .positional('source', { type: 'string', describe: 'a survey folder, or one data file (.xlsx, .csv or .sav) with --codebook' })
      .option('codebook', { type: 'string', describe: 'codebook (.xlsx or .json) for a data file' })
      .option('sheet', { type: 'string', describe: 'read only this sheet of an .xlsx data file' })
      .option('header-row', headerRowOption)
      .option('out', { type: 'string', describe: 'also write validation/ (summary, issues and quarantine workbooks) here' }),
  )
    .example('$0 validate inputs/heilongjiang-2026', 'check survey.json, the codebook, margins.csv and every response file')
    .example('$0 validate harbin.xlsx --codebook codebook.xlsx --json', 'check one file; the issues as JSON on stdout');
}

function runOptions(y: Argv): Argv {
  return jsonOption(
    y
      .positional('survey', { type: 'string', describe: 'survey folder (default: the current folder)' })
      .option('only', choice(stageNames, 'run the stages up to and including this one'))
      .option('region', { type: 'string', describe: 'build only this region\'s report: its code, Chinese or English name, or "province"' })
      .option('lang', { type: 'string', describe: 'report languages, comma-separated (default: survey.json\'s)' })
      .option('force', { type: 'boolean', default: false, describe: 'run every stage, ignoring the cache' })
      .option('out', { type: 'string', describe: 'output folder (default: survey.json "outputs", else outputs/ in the survey folder)' }),
  )
    .example('$0 run inputs/heilongjiang-2026', 'everything: validation/, tables/, charts/, reports/, manifest.json')
    .example('$0 run inputs/heilongjiang-2026 --only validate', 'stop after validation')
    .example('$0 run inputs/heilongjiang-2026 --region Harbin', 'only the Harbin report (also 230100 or 哈尔滨市)')
    .example('$0 run inputs/heilongjiang-2026 --lang zh', 'only the Chinese reports')
    .example('$0 run inputs/heilongjiang-2026 --force --json', 'rebuild everything; a JSON summary on stdout');
}

function estimateOptions(y: Argv): Argv {
  // repeatable (`--mean a --mean b`): yargs gathers repeated options into an array; `array: true` is not used
  // because it would swallow the DATA positional after it
  const many = (describe: string) => ({ type: 'string' as const, describe, requiresArg: true });
  return jsonOption(
    y
      .positional('data', { type: 'string', describe: 'a data file (.csv, .xlsx or .sav) with a header row' })
      .option('sheet', { type: 'string', describe: 'the sheet of an .xlsx file' })
      .option('header-row', headerRowOption)
      .option('weights', { type: 'string', describe: 'column of sampling weights' })
      .option('strata', { type: 'string', describe: 'column of strata' })
      .option('cluster', many('column of cluster ids, one per stage in stage order: PSU, then SSU, ... (repeatable)'))
      .option('fpc', many('column of population sizes (> 1) or sampling fractions (<= 1), one per stage (repeatable)'))
      .option('repweights', { type: 'string', describe: 'regular expression naming the replicate weight columns (R svrepdesign)' })
      .option('type', choice(replicateTypeChoices, 'the kind of replicate weights'))
      .option('scale', { type: 'number', describe: 'replicate variance scale (default as R svrepdesign for the type)' })
      .option('rho', { type: 'number', describe: "Fay's coefficient, for --type Fay" })
      .option('rscales', { type: 'string', describe: 'replicate-specific scales, comma-separated (required for JKn, as R)' })
      .option('mse', { type: 'boolean', describe: 'centre replicate variances on the full-sample estimate (R mse = TRUE)' })
      .option('var', many('estimate the population variance of VAR, as R svyvar (repeatable)'))
      .option('glm', { type: 'string', describe: 'a design-based regression "Y ~ X1 + X2 + factor(G) + X1:G" (R svyglm): one row per coefficient' })
      .option('family', choice(familyChoices, 'the --glm family: linear, or logistic (quasibinomial)'))
      .option('mean', many('estimate the mean of VAR (repeatable)'))
      .option('total', many('estimate the total of VAR (repeatable)'))
      .option('prop', many('estimate the proportion of each category of VAR (repeatable)'))
      .option('quantile', many('estimate a quantile, as VAR:P with 0 < P < 1 (repeatable)'))
      .option('ratio', many('estimate the ratio NUM/DEN of two totals, as R svyratio (repeatable)'))
      .option('by', many('estimate within each value of VAR (repeatable)'))
      .option('level', { type: 'number', default: 0.95, describe: 'confidence level of the intervals' })
      .option('ci', choice(ciChoices, 'interval for proportions (R svyciprop; beta = Korn-Graubard)', { default: 'logit' }))
      .option('df', choice(dfChoices, "degrees of freedom of the intervals: the domain's own (R degf(subset(...))), the design's, or normal", { default: 'domain' }))
      .option('lonely-psu', choice(lonelyPsuChoices, 'a stratum with one PSU, as R options(survey.lonely.psu)', { default: 'adjust' })),
  )
    .example('$0 estimate apistrat.csv --strata stype --fpc fpc --weights pw --mean api00', 'a stratified mean (R: svymean)')
    .example('$0 estimate data.xlsx --weights weight --cluster county --prop sector --by region', 'shares by region')
    .example('$0 estimate data.csv --weights w --quantile income:0.5 --level 0.9', 'a median, 90% interval')
    .example('$0 estimate data.csv --weights w --mean x --mean y --json', 'two means as JSON on stdout')
    .example('$0 estimate apiclus2.csv --cluster dnum --cluster snum --fpc fpc1 --fpc fpc2 --mean api00', 'a two-stage design')
    .example("$0 estimate data.csv --weights pw --repweights 'repw[0-9]+' --type JK1 --mean api00", 'replicate weights')
    .example('$0 estimate data.csv --weights w --glm "adopt ~ size + sector" --family quasibinomial', 'a logistic regression');
}

function inspectOptions(y: Argv): Argv {
  return jsonOption(
    y
      .positional('file', { type: 'string', describe: 'a data file (.xlsx, .csv or .sav)' })
      .option('sheet', { type: 'string', describe: 'only this sheet (default: every visible sheet)' })
      .option('header-row', headerRowOption)
      .option('cells', { type: 'boolean', default: false, describe: 'list every non-empty cell (with --json: one JSON object a line)' }),
  )
    .example('$0 inspect harbin.xlsx', 'the header row found and a profile of each column')
    .example('$0 inspect harbin.xlsx --cells --json', 'every cell: {"sheet","cell","kind","value"} a line');
}

function checkOptions(y: Argv): Argv {
  return jsonOption(
    y
      .positional('survey', { type: 'string', describe: 'survey folder' })
      .option('out', { type: 'string', describe: 'committed output folder (default: survey.json "outputs", else outputs/ in the survey folder)' }),
  )
    .example('$0 check inputs/heilongjiang-2026', 'exit 1 and list the files if the committed outputs are not what a fresh run makes')
    .example('$0 check inputs/heilongjiang-2026 --json', 'the differences as JSON');
}

const headerRowOption = { type: 'string', requiresArg: true, describe: 'the row of the header (1-based), instead of guessing it' } as const;

/** `--header-row N`: a positive integer, else a usage error. */
function headerRow(args: Parsed): number | undefined {
  const value = str(args, 'header-row');
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(cliMsg.badHeaderRow(value));
  return n;
}

function num(args: Parsed, name: string): number | undefined {
  const value = str(args, name);
  return value === undefined ? undefined : Number(value);
}

function str(args: Parsed, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) throw new UsageError(cliMsg.repeated(name));
  return String(value);
}

function required(args: Parsed, name: string): string {
  const value = str(args, name);
  if (value === undefined) throw new Error(`yargs gave no ${name}`);
  return value;
}

function strs(args: Parsed, name: string): string[] {
  const value = args[name];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function bool(args: Parsed, name: string): boolean {
  return args[name] === true;
}

/** `--lang zh,EN`: languages without regard to case, each once. */
function langs(args: Parsed): (typeof langChoices)[number][] | undefined {
  const value = str(args, 'lang');
  if (value === undefined) return undefined;
  const list = value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  const bad = list.filter((s) => !(langChoices as readonly string[]).includes(s));
  if (list.length === 0 || bad.length > 0) throw new UsageError(cliMsg.badLang(value, langChoices, bad[0] === undefined ? null : didYouMean(bad[0], langChoices)));
  return [...new Set(list)] as (typeof langChoices)[number][];
}
