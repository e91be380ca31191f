/**
 * Every sentence the command line itself says (usage errors, hints, results' headings), as functions, so tests
 * assert exact text. Stage messages live in their stages' catalogues.
 */

const list = (items: readonly string[]) => items.join(', ');
const suggestion = (guess: string | null, show: (s: string) => string = (s) => JSON.stringify(s)) => (guess === null ? '' : ` (did you mean ${show(guess)}?)`);

/** The sentences. */
export const cliMsg = {
  noCommand: (commands: readonly string[]) => `give a command: ${list(commands)} (or \`thinktank help\`)`,
  unknownCommand: (given: string, guess: string | null, commands: readonly string[]) =>
    `unknown command ${JSON.stringify(given)}${suggestion(guess)}; the commands are ${list(commands)}`,
  unknownOption: (command: string | null, flag: string, guess: string | null) =>
    `${command === null ? '' : `${command}: `}unknown option ${flag}${suggestion(guess, (s) => s)}`,
  unexpectedArgument: (command: string | null, given: string) =>
    `${command === null ? '' : `${command}: `}unexpected argument ${JSON.stringify(given)} (is an option's value missing its --flag, or a path containing spaces unquoted?)`,
  badChoice: (flag: string, given: string, choices: readonly string[], guess: string | null) =>
    `--${flag}: expected one of ${list(choices)}, found ${JSON.stringify(given)}${suggestion(guess)}`,
  missingPositional: (usage: string) => `missing argument: the usage is \`thinktank ${usage}\``,
  missingValue: (flag: string) => `--${flag} needs a value`,
  repeated: (flag: string) => `--${flag} given more than once`,
  badHeaderRow: (given: string) => `--header-row: expected a row number (1, 2, ...), found ${JSON.stringify(given)}`,
  seeHelp: (command: string | null) => `Run \`thinktank ${command === null ? '' : `${command} `}--help\` for usage.`,
  noSuchPath: (what: string, absolute: string) => `${what}: no such file or folder: ${absolute}`,
  badLang: (given: string, langs: readonly string[], guess: string | null) =>
    `--lang: expected languages from ${list(langs)} separated by commas, found ${JSON.stringify(given)}${suggestion(guess)}`,
  unknownRegion: (given: string, guess: string | null, regions: readonly string[]) =>
    `--region: no region ${JSON.stringify(given)} in the codebook${suggestion(guess)}; give a code, the Chinese or the English name: province, ${list(regions)}`,
  ambiguousRegion: (given: string, matches: readonly string[]) =>
    `--region: ${JSON.stringify(given)} could be any of ${list(matches)}; give the code`,
  sheetOnCsv: (flag: string, file: string, kind: string) => `${flag}: ${file} is ${kind}, which has no sheets; leave out ${flag}`,
  codebookWithFolder: () => 'validate: --codebook goes with a data file; a survey folder names its codebook in survey.json',
  sheetWithFolder: () => 'validate: --sheet goes with a data file; a survey folder sets `sheet` in survey.json',
  headerRowWithFolder: () => 'validate: --header-row goes with a data file; a survey folder sets `header_row` in survey.json',
  needsCodebook: (source: string) => `validate: a data file needs --codebook CODEBOOK (e.g. thinktank validate ${source} --codebook codebook.xlsx)`,
  helpUnknown: (given: string, guess: string | null, commands: readonly string[]) =>
    `help: no command ${JSON.stringify(given)}${suggestion(guess)}; the commands are ${list(commands)}`,
} as const;
