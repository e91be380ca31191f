import yargs, { type Argv } from 'yargs';
import { Lang } from '../../schemas/common.js';
import { LonelyPsu } from '../../schemas/survey.js';
import { UsageError } from '../errors.js';
import { readVersions } from '../publish/read-versions.js';
import { stageNames, type StageName } from '../run.js';
import { defaultStages, type StageSet } from '../run/stages.js';
import { checkCommand } from './check-command.js';
import type { CliEffects } from './cli-effects.js';
import { estimateCommand } from './estimate-command.js';
import { initCommand } from './init-command.js';
import { inspectCommand } from './inspect-command.js';
import { reportError } from './report-error.js';
import { runCommand } from './run-command.js';
import { createStyle, wantsColor } from './style.js';
import { validateCommand } from './validate-command.js';

const commands = ['init', 'validate', 'run', 'estimate', 'check', 'inspect'];

/** Parsed arguments as yargs gives them: values to be read with the typed accessors below. */
type Parsed = Record<string, unknown>;

/**
 * The `thinktank` command line: parses `argv` (without `node` and the script), runs the command through
 * the library API and returns the exit code: 0 ok, 1 bad input, 2 usage error, 70 internal error. Human
 * text goes to `effects.log` (stderr), `--json` results and `--help` to `effects.stdout`.
 */
export async function main(argv: string[], effects: CliEffects, stages: StageSet = defaultStages): Promise<number> {
  const style = createStyle(wantsColor(effects.env, effects.isTTY));
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  let chosen: { command: string; args: Parsed } | null = null;
  const first = argv.find((arg) => !arg.startsWith('-'));
  let command: string | null = first !== undefined && commands.includes(first) ? first : null;
  try {
    if (first !== undefined && command === null && argv.indexOf(first) === 0) {
      throw new UsageError(`unknown command ${JSON.stringify(first)}; the commands are ${commands.join(', ')}`);
    }
    const { tool } = await readVersions();
    const choose = (name: string) => (args: Parsed) => {
      chosen = { command: name, args };
    };
    const parser = yargs(argv)
      .scriptName('thinktank')
      .usage('thinktank turns survey spreadsheets into validated data, design-based estimates, charts and PDF reports.\n\nUsage: $0 <command> [options]')
      .command('init <dir>', 'create a new survey folder that runs as it is', (y) => initOptions(y), choose('init'))
      .command('validate <source>', 'check response data against the codebook', (y) => validateOptions(y), choose('validate'))
      .command('run [survey]', 'run the pipeline: validation, estimates, charts, reports, manifest', (y) => runOptions(y), choose('run'))
      .command('estimate <data>', 'design-based estimates from one data file', (y) => estimateOptions(y), choose('estimate'))
      .command('check <survey>', 'regenerate the outputs and compare them with the committed ones (for CI)', (y) => checkOptions(y), choose('check'))
      .command('inspect <file>', 'show what thinktank reads from a data file: header row, columns, or every cell', (y) => inspectOptions(y), choose('inspect'))
      .option('debug', { type: 'boolean', default: false, describe: 'show the stack of internal errors' })
      .demandCommand(1, 'give a command: init, validate, run, estimate or check')
      .recommendCommands()
      .strict()
      .help()
      .alias('h', 'help')
      .version(tool.version)
      .epilogue('Exit codes: 0 ok, 1 bad input (problems found and reported), 2 usage error, 70 internal error.\nSet NO_COLOR to turn colour off.')
      .wrap(120)
      .exitProcess(false)
      .fail((message, error) => {
        throw error ?? new UsageError(message ?? 'usage error');
      });
    let output = '';
    await parser.parseAsync(argv, {}, (_error, _args, text) => {
      output = text ?? '';
    });
    if (!chosen) {
      // --help or --version: yargs produced the text and ran no command
      if (output !== '') effects.stdout(output.endsWith('\n') ? output : `${output}\n`);
      return 0;
    }
    const { command: name, args } = chosen as { command: string; args: Parsed };
    command = name;
    const context = { effects, style, stages, json: bool(args, 'json') };
    switch (name) {
      case 'init':
        return await initCommand({ dir: str(args, 'dir') as string, from: strs(args, 'from') }, context);
      case 'validate':
        return await validateCommand(
          { source: str(args, 'source') as string, codebook: str(args, 'codebook'), sheet: str(args, 'sheet'), out: str(args, 'out'), headerRow: headerRow(args) },
          context,
        );
      case 'run':
        return await runCommand(
          {
            survey: str(args, 'survey') ?? '.',
            only: str(args, 'only') as StageName | undefined,
            region: str(args, 'region'),
            langs: langs(args),
            force: bool(args, 'force'),
            out: str(args, 'out'),
          },
          context,
        );
      case 'estimate':
        return await estimateCommand(
          {
            data: str(args, 'data') as string,
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
            ci: str(args, 'ci') === 'wilson' ? 'wilson' : str(args, 'ci') === 'beta' ? 'beta' : 'logit',
            df: str(args, 'df') === 'design' ? 'design' : str(args, 'df') === 'inf' ? 'inf' : 'domain',
            lonelyPsu: LonelyPsu.parse(str(args, 'lonely-psu') ?? 'adjust'),
          },
          context,
        );
      case 'inspect':
        return await inspectCommand(
          { file: str(args, 'file') as string, sheet: str(args, 'sheet'), headerRow: headerRow(args), cells: bool(args, 'cells') },
          context,
        );
      case 'check':
        return await checkCommand({ survey: str(args, 'survey') as string, out: str(args, 'out') }, context);
      default:
        throw new Error(`command ${name} has no handler`);
    }
  } catch (error) {
    return reportError(error, effects, style, { debug, json, command });
  }
}

function jsonOption<T>(y: Argv<T>) {
  return y.option('json', { type: 'boolean', default: false, describe: 'print a machine-readable summary on stdout' });
}

function initOptions<T>(y: Argv<T>) {
  return jsonOption(
    y
      .positional('dir', { type: 'string', describe: 'folder to create (must not exist or be empty)' })
      .option('from', { type: 'string', array: true, describe: 'draft codebook.xlsx and survey.json from these data files (.xlsx, .csv, .sav)' }),
  )
    .example('$0 init surveys/mine --from data/*.xlsx', 'draft a survey folder from the data you have')
    .example('$0 init surveys/jilin-2027', 'scaffold a survey: survey.json, codebook.xlsx, responses, margins.csv')
    .example('cd surveys/jilin-2027 && thinktank run', 'then run it as it is');
}

function validateOptions<T>(y: Argv<T>) {
  return jsonOption(
    y
      .positional('source', { type: 'string', describe: 'a survey folder, or one data file (.xlsx, .csv or .sav) with --codebook' })
      .option('codebook', { type: 'string', describe: 'codebook (.xlsx or .json) for a data file' })
      .option('sheet', { type: 'string', describe: 'read only this sheet of a data file' })
      .option('header-row', headerRowOption)
      .option('out', { type: 'string', describe: 'also write validation/ (summary, issues and quarantine workbooks) here' }),
  )
    .example('$0 validate inputs/heilongjiang-2026', 'check every response file of a survey')
    .example('$0 validate harbin.xlsx --codebook codebook.xlsx --json', 'check one file; the issues as JSON on stdout');
}

function runOptions<T>(y: Argv<T>) {
  return jsonOption(
    y
      .positional('survey', { type: 'string', describe: 'survey folder (default: the current folder)' })
      .option('only', { choices: stageNames, describe: 'run the stages up to and including this one' })
      .option('region', { type: 'string', describe: 'build only this region\'s report (a region code, or "province")' })
      .option('lang', { type: 'string', describe: 'report languages, comma-separated (default: survey.json\'s)' })
      .option('force', { type: 'boolean', default: false, describe: 'run every stage, ignoring the cache' })
      .option('out', { type: 'string', describe: 'output folder (default: outputs/<survey id> in the current folder)' }),
  )
    .example('$0 run inputs/heilongjiang-2026', 'everything: validation/, tables/, charts/, reports/, manifest.json')
    .example('$0 run inputs/heilongjiang-2026 --only validate', 'stop after validation')
    .example('$0 run inputs/heilongjiang-2026 --region 230100', 'only the Harbin report')
    .example('$0 run inputs/heilongjiang-2026 --lang zh', 'only the Chinese reports')
    .example('$0 run inputs/heilongjiang-2026 --force --json', 'rebuild everything; a JSON summary on stdout');
}

function estimateOptions<T>(y: Argv<T>) {
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
      .option('type', { choices: ['JK1', 'JKn', 'BRR', 'Fay', 'bootstrap'] as const, describe: 'the kind of replicate weights' })
      .option('scale', { type: 'number', describe: 'replicate variance scale (default as R svrepdesign for the type)' })
      .option('rho', { type: 'number', describe: "Fay's coefficient, for --type Fay" })
      .option('rscales', { type: 'string', describe: 'replicate-specific scales, comma-separated (required for JKn, as R)' })
      .option('mse', { type: 'boolean', describe: 'centre replicate variances on the full-sample estimate (R mse = TRUE)' })
      .option('var', many('estimate the population variance of VAR, as R svyvar (repeatable)'))
      .option('glm', { type: 'string', describe: 'a design-based regression "Y ~ X1 + X2 + factor(G) + X1:G" (R svyglm): one row per coefficient' })
      .option('family', { choices: ['gaussian', 'quasibinomial'] as const, describe: 'the --glm family: linear, or logistic (quasibinomial)' })
      .option('mean', many('estimate the mean of VAR (repeatable)'))
      .option('total', many('estimate the total of VAR (repeatable)'))
      .option('prop', many('estimate the proportion of each category of VAR (repeatable)'))
      .option('quantile', many('estimate a quantile, as VAR:P with 0 < P < 1 (repeatable)'))
      .option('ratio', many('estimate the ratio NUM/DEN of two totals, as R svyratio (repeatable)'))
      .option('by', many('estimate within each value of VAR (repeatable)'))
      .option('level', { type: 'number', default: 0.95, describe: 'confidence level of the intervals' })
      .option('ci', { choices: ['logit', 'wilson', 'beta'] as const, default: 'logit', describe: 'interval for proportions (R svyciprop; beta = Korn-Graubard)' })
      .option('df', { choices: ['domain', 'design', 'inf'] as const, default: 'domain', describe: "degrees of freedom of the intervals: the domain's own (R degf(subset(...))), the design's, or normal" })
      .option('lonely-psu', {
        choices: LonelyPsu.options,
        default: 'adjust',
        describe: 'a stratum with one PSU, as R options(survey.lonely.psu)',
      }),
  )
    .example('$0 estimate apistrat.csv --strata stype --fpc fpc --weights pw --mean api00', 'a stratified mean (R: svymean)')
    .example('$0 estimate data.xlsx --weights weight --cluster county --prop sector --by region', 'shares by region')
    .example('$0 estimate data.csv --weights w --quantile income:0.5 --level 0.9', 'a median, 90% interval')
    .example('$0 estimate data.csv --weights w --mean x --mean y --json', 'two means as JSON on stdout')
    .example('$0 estimate apiclus2.csv --cluster dnum --cluster snum --fpc fpc1 --fpc fpc2 --mean api00', 'a two-stage design')
    .example("$0 estimate data.csv --weights pw --repweights 'repw[0-9]+' --type JK1 --mean api00", 'replicate weights')
    .example('$0 estimate data.csv --weights w --glm "adopt ~ size + sector" --family quasibinomial', 'a logistic regression');
}

function inspectOptions<T>(y: Argv<T>) {
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

function checkOptions<T>(y: Argv<T>) {
  return jsonOption(
    y
      .positional('survey', { type: 'string', describe: 'survey folder' })
      .option('out', { type: 'string', describe: 'committed output folder (default: outputs/<survey id> in the current folder)' }),
  )
    .example('$0 check inputs/heilongjiang-2026', 'exit 1 and list the files if outputs/heilongjiang-2026 is not what a fresh run makes')
    .example('$0 check inputs/heilongjiang-2026 --json', 'the differences as JSON');
}

const headerRowOption = { type: 'string', requiresArg: true, describe: 'the row of the header (1-based), instead of guessing it' } as const;

/** `--header-row N`: a positive integer, else a usage error. */
function headerRow(args: Parsed): number | undefined {
  const value = str(args, 'header-row');
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--header-row: expected a row number (1, 2, ...), found ${JSON.stringify(value)}`);
  return n;
}

function str(args: Parsed, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) throw new UsageError(`--${name} given more than once`);
  return String(value);
}

function strs(args: Parsed, name: string): string[] {
  const value = args[name];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function num(args: Parsed, name: string): number | undefined {
  const value = str(args, name);
  return value === undefined ? undefined : Number(value);
}

function bool(args: Parsed, name: string): boolean {
  return args[name] === true;
}

function langs(args: Parsed): Lang[] | undefined {
  const value = str(args, 'lang');
  if (value === undefined) return undefined;
  const list = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = list.filter((s) => !Lang.safeParse(s).success);
  if (list.length === 0 || bad.length > 0) {
    throw new UsageError(`--lang: expected languages from ${Lang.options.join(', ')} separated by commas, found ${JSON.stringify(value)}`);
  }
  return [...new Set(list)] as Lang[];
}
