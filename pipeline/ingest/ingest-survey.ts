import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Codebook } from '../../schemas/codebook.js';
import type { RawTable } from '../../schemas/raw-table.js';
import type { SurveyConfig } from '../../schemas/survey.js';
import type { Logger } from '../effects.js';
import { InputError } from '../errors.js';
import { surveyMsg } from '../messages.js';
import { compileGlob, globBase } from './match-glob.js';
import { RawTableBuilder } from './raw-table-builder.js';
import { readGridsParallel, type GridJob } from './read-grids-parallel.js';

/** Options of ingestSurvey. */
export interface IngestSurveyOptions {
  /**
   * How many files to read at once (this thread plus worker threads). Default: one per core when the files
   * hold at least PARALLEL_MIN_BYTES together (below that, starting workers costs more than it saves), else 1.
   */
  threads?: number;
  /** Read every file in worker threads (`threads` of them), none in this thread: for tests of the worker path. */
  workersOnly?: boolean;
}

/**
 * The total size of the response files from which they are read in parallel by default (about 220,000 rows of
 * 25 columns). A worker costs about a second of start-up and JIT warm-up CPU and 60-100 MB, and pays only when
 * a core is free: below this size it saves less than it costs (bench/ingest-validate.ts measures both ways).
 */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Ingests every response file of a survey (config.responses globs, resolved inside the survey folder, sorted,
 * each file once) into one RawTable. Files are read in parallel (see IngestSurveyOptions) and added in file
 * order, so the RawTable is the same however many threads read. File names in issues are relative to the
 * survey folder. A file that cannot be read becomes an error issue and the others are still read. InputError
 * when a pattern leaves the survey folder or no file matches.
 */
export async function ingestSurvey(
  surveyDir: string,
  config: SurveyConfig,
  codebook: Codebook,
  log: Logger,
  options: IngestSurveyOptions = {},
): Promise<RawTable> {
  const files = await listResponseFiles(surveyDir, config.responses);
  const jobs: GridJob[] = files.map((rel) => ({
    file: path.join(surveyDir, rel),
    options: {
      ...(config.sheet !== undefined ? { sheet: config.sheet } : { allSheets: true }),
      encoding: config.encoding,
      limits: config.limits,
      display: rel,
    },
  }));
  const threads = options.threads ?? (await defaultThreads(jobs));
  const builder = new RawTableBuilder(codebook);
  let k = 0;
  for await (const result of readGridsParallel(jobs, threads, { workersOnly: options.workersOnly === true })) {
    const rel = files[k++]!;
    if (!result.ok) {
      builder.addUnreadable(rel, result.error.message);
      log.error(result.error.message);
      continue;
    }
    const before = builder.notes.length;
    builder.addFile(rel, result.grids, config.sheet !== undefined ? 'named' : 'auto', headerRowOf(config, rel));
    for (const note of builder.notes.slice(before)) log.info(note);
  }
  return builder.finish();
}

/**
 * The header row survey.json gives for a response file: `header_row` as one number, or the value of the first
 * glob (in the order written) that matches the file.
 */
export function headerRowOf(config: Pick<SurveyConfig, 'header_row'>, rel: string): number | undefined {
  const given = config.header_row;
  if (given === undefined || typeof given === 'number') return given;
  for (const [pattern, row] of Object.entries(given)) {
    if (compileGlob(pattern.replace(/\\/g, '/').replace(/^\.\//, '')).test(rel)) return row;
  }
  return undefined;
}

async function defaultThreads(jobs: GridJob[]): Promise<number> {
  if (jobs.length < 2) return 1;
  let bytes = 0;
  for (const job of jobs) bytes += await stat(job.file).then((s) => s.size, () => 0);
  return bytes >= PARALLEL_MIN_BYTES ? Math.min(availableParallelism(), jobs.length) : 1;
}

/**
 * The response files matching the patterns, as sorted `/`-separated paths relative to the survey folder.
 * Patterns that are absolute or climb out with `..` are refused (InputError), and so are symbolic links.
 */
export async function listResponseFiles(surveyDir: string, patterns: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const raw of patterns) {
    const pattern = raw.replace(/\\/g, '/').replace(/^\.\//, '');
    if (path.isAbsolute(raw) || pattern.startsWith('/') || pattern.split('/').includes('..') || /^[A-Za-z]:/.test(pattern)) {
      throw new InputError(surveyMsg.escapes(raw));
    }
    const re = compileGlob(pattern);
    const base = globBase(pattern);
    for (const rel of await walk(surveyDir, base)) if (re.test(rel)) found.add(rel);
  }
  if (found.size === 0) throw new InputError(surveyMsg.noFiles(patterns));
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function walk(root: string, rel: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(root, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
    const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await walk(root, child)));
    else if (entry.isFile()) out.push(child);
  }
  return out;
}
