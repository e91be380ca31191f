import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { Issue } from '../../schemas/issue.js';
import { SurveyConfig } from '../../schemas/survey.js';
import { type Checked, InputError } from '../errors.js';

/** The survey project's configuration file, in the survey folder. */
export const surveyConfigFile = 'survey.json';

/**
 * Reads and checks `<surveyDir>/survey.json`. Throws an `InputError` whose issues name the key path of every
 * problem (`survey.json: design.weights: expected string, found 3`), including unknown keys and paths that
 * leave the survey folder.
 */
export async function readSurveyConfig(surveyDir: string): Promise<SurveyConfig> {
  const file = path.join(surveyDir, surveyConfigFile);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
      throw new InputError(`${surveyDir}: no ${surveyConfigFile} here; is this a survey folder? (\`thinktank init DIR\` makes one)`);
    }
    throw error;
  });
  const checked = parseSurveyConfig(text);
  if (checked.ok) return checked.value;
  const [first] = checked.issues;
  const message =
    checked.issues.length === 1 && first ? first.message : `${surveyConfigFile} has ${checked.issues.length} problems`;
  throw new InputError(message, checked.issues);
}

/** Parses and checks the text of a survey.json: every problem as an issue, or the config with defaults filled in. */
export function parseSurveyConfig(text: string): Checked<SurveyConfig> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, issues: [syntaxIssue(text, error instanceof Error ? error.message : String(error))] };
  }
  const parsed = SurveyConfig.safeParse(json, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.flatMap(toIssues) };
  const escapes = pathIssues(parsed.data);
  return escapes.length > 0 ? { ok: false, issues: escapes } : { ok: true, value: parsed.data };
}

/** Resolves a path from survey.json against the survey folder; `null` when it would leave the folder. */
export function resolveInside(surveyDir: string, relative: string): string | null {
  if (path.isAbsolute(relative) || /^[A-Za-z]:|^[\\/]/.test(relative)) return null;
  const root = path.resolve(surveyDir);
  const full = path.resolve(root, relative);
  const rel = path.relative(root, full);
  const climbs = rel === '..' || rel.startsWith(`..${path.sep}`);
  return climbs || path.isAbsolute(rel) ? null : full;
}

function issue(column: string | null, code: string, expected: string, found: string, message: string): Issue {
  return { file: surveyConfigFile, sheet: null, cell: null, column, row: null, code, severity: 'error', expected, found, message };
}

function syntaxIssue(text: string, detail: string): Issue {
  const at = /position (\d+)/.exec(detail);
  let where = '';
  if (at?.[1] !== undefined) {
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    where = ` at line ${line}, column ${column}`;
  }
  const reason = detail.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
  return issue(null, 'config_syntax', 'valid JSON', reason, `${surveyConfigFile}: not valid JSON${where}: ${reason}`);
}

type ZodIssue = z.core.$ZodIssue & { input?: unknown };

function toIssues(raw: ZodIssue): Issue[] {
  const where = raw.path.map(String).join('.');
  const prefix = where === '' ? `${surveyConfigFile}:` : `${surveyConfigFile}: ${where}:`;
  const found = describe(raw.input);
  switch (raw.code) {
    case 'unrecognized_keys':
      return raw.keys.map((key) => {
        const allowed = keysAt(raw.path);
        const guess = closest(key, allowed);
        const hint = guess ? ` (did you mean "${guess}"?)` : allowed.length > 0 ? ` (known keys: ${allowed.join(', ')})` : '';
        const keyPath = where === '' ? key : `${where}.${key}`;
        return issue(keyPath, 'config_unknown_key', allowed.join(', '), key, `${prefix} unknown key "${key}"${hint}`);
      });
    case 'invalid_type': {
      const expected = raw.expected;
      return [issue(where, 'config_type', expected, found, `${prefix} expected ${expected}, found ${found}`)];
    }
    case 'invalid_value': {
      const expected = `one of ${raw.values.map((v) => JSON.stringify(v)).join(', ')}`;
      return [issue(where, 'config_value', expected, found, `${prefix} expected ${expected}, found ${found}`)];
    }
    case 'invalid_format': {
      const expected = raw.message.startsWith('Invalid') && raw.pattern ? `a string matching ${raw.pattern}` : raw.message;
      return [issue(where, 'config_format', expected, found, `${prefix} expected ${expected}, found ${found}`)];
    }
    case 'too_small':
    case 'too_big': {
      const expected = raw.message.replace(/^Too (small|big): expected /, '');
      return [issue(where, 'config_range', expected, found, `${prefix} expected ${expected}, found ${found}`)];
    }
    default:
      return [issue(where, 'config_invalid', raw.message, found, `${prefix} ${raw.message}, found ${found}`)];
  }
}

/** A value as the user wrote it: strings and numbers quoted as JSON, containers by kind. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 60)})`;
  if (value !== null && typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

interface ZodDefLike {
  type: string;
  innerType?: { _zod: { def: ZodDefLike } };
  shape?: Record<string, { _zod: { def: ZodDefLike } }>;
  element?: { _zod: { def: ZodDefLike } };
}

/** The keys the schema allows at a path of the config, for "did you mean" hints. */
function keysAt(at: PropertyKey[]): string[] {
  let def: ZodDefLike | undefined = (SurveyConfig as unknown as { _zod: { def: ZodDefLike } })._zod.def;
  const unwrap = () => {
    while (def && (def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault')) {
      def = def.innerType?._zod.def;
    }
  };
  for (const key of at) {
    unwrap();
    if (def?.type === 'object' && typeof key === 'string') def = def.shape?.[key]?._zod.def;
    else if (def?.type === 'array') def = def.element?._zod.def;
    else return [];
  }
  unwrap();
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** The allowed key nearest to a misspelt one (edit distance at most 2, or a difference of case), or null. */
function closest(key: string, allowed: string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const d = candidate.toLowerCase() === key.toLowerCase() ? 0 : distance(key, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Every path in the config that is absolute or climbs out of the survey folder. */
function pathIssues(config: SurveyConfig): Issue[] {
  const paths: [string, string][] = [
    ['codebook', config.codebook],
    ...config.responses.map((glob, i): [string, string] => [`responses.${i}`, glob]),
    ['narrative', config.narrative],
  ];
  if (config.calibration) paths.push(['calibration.margins', config.calibration.margins]);
  if (config.previous_wave !== undefined) paths.push(['previous_wave', config.previous_wave]);
  return paths
    .filter(([, value]) => resolveInside('/survey', value) === null)
    .map(([key, value]) =>
      issue(
        key,
        'config_path_outside',
        'a path inside the survey folder',
        JSON.stringify(value),
        `${surveyConfigFile}: ${key}: expected a path inside the survey folder, found ${JSON.stringify(value)}; copy the file into the survey folder and give its relative path`,
      ),
    );
}
