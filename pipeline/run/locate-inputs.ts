import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { SurveyEstimates } from '../../schemas/estimates.js';
import type { ManifestFile } from '../../schemas/manifest.js';
import type { SurveyConfig } from '../../schemas/survey.js';
import { InputError } from '../errors.js';
import { describeFile } from '../publish/hash-file.js';
import { findInputs } from './find-inputs.js';
import { isInOutputs } from './output-dir.js';
import { listNarrativeFiles } from './read-narrative.js';
import { readSurveyConfig, resolveInside, surveyConfigFile } from './read-survey-config.js';

/** A survey's config and every input file with its hash (paths relative to the survey folder). */
export interface Located {
  config: SurveyConfig;
  codebook: string;
  margins: string | null;
  previous: string | null;
  narrative: string;
  inputs: ManifestFile[];
  byPath: Map<string, ManifestFile>;
  responses: ManifestFile[];
}

/** Finds and hashes every input of a survey; an `InputError` names a missing one and the survey.json key. */
export async function locateInputs(surveyDir: string): Promise<Located> {
  const config = await readSurveyConfig(surveyDir);
  const inputs: ManifestFile[] = [await describeFile(path.join(surveyDir, surveyConfigFile), surveyConfigFile)];
  const need = async (keyPath: string, rel: string): Promise<string> => {
    const full = resolveInside(surveyDir, rel);
    const info = full ? await stat(full).catch(() => null) : null;
    if (!full || !info?.isFile()) {
      throw new InputError(`${surveyConfigFile}: ${keyPath}: file not found: ${JSON.stringify(rel)} (looked in ${path.resolve(surveyDir)})`);
    }
    await refuseOutside(surveyDir, full, keyPath, rel);
    const name = path.relative(path.resolve(surveyDir), full).split(path.sep).join('/');
    inputs.push(await describeFile(full, name));
    return name;
  };
  const codebook = await need('codebook', config.codebook);
  const margins = config.calibration ? await need('calibration.margins', config.calibration.margins) : null;
  const previous = config.previous_wave !== undefined ? await need('previous_wave', config.previous_wave) : null;
  const found = (await findInputs(surveyDir, config.responses)).filter((file) => !isInOutputs(file, config));
  if (found.length === 0) {
    throw new InputError(
      `${surveyConfigFile}: responses: no file matches ${config.responses.map((p) => JSON.stringify(p)).join(' or ')} in ${path.resolve(surveyDir)}`,
    );
  }
  const responses: ManifestFile[] = [];
  for (const file of found) {
    const described = await describeFile(path.join(surveyDir, file), file);
    responses.push(described);
    if (!inputs.some((i) => i.path === file)) inputs.push(described);
  }
  const narrative = config.narrative.replace(/\\/g, '/').replace(/\/+$/, '');
  const narrativeDir = resolveInside(surveyDir, narrative);
  if (narrativeDir && (await stat(narrativeDir).catch(() => null))) await refuseOutside(surveyDir, narrativeDir, 'narrative', narrative);
  for (const name of await listNarrativeFiles(path.join(surveyDir, narrative))) {
    const rel = `${narrative}/${name}`;
    inputs.push(await describeFile(path.join(surveyDir, rel), rel));
  }
  return { config, codebook, margins, previous, narrative, inputs, byPath: new Map(inputs.map((i) => [i.path, i])), responses };
}

/**
 * Refuses an input that a symbolic link (the file itself or a folder on its path) takes out of the survey
 * folder: survey.json may only name files inside it.
 */
async function refuseOutside(surveyDir: string, full: string, keyPath: string, rel: string): Promise<void> {
  const root = await realpath(surveyDir);
  const real = await realpath(full);
  if (real === root || real.startsWith(`${root}${path.sep}`)) return;
  throw new InputError(
    `${surveyConfigFile}: ${keyPath}: ${JSON.stringify(rel)} is a symbolic link to ${real}, outside the survey folder; copy it into the survey folder instead of linking it`,
  );
}

/** Reads the previous wave's estimates.json for change charts. */
export async function readPrevious(surveyDir: string, file: string): Promise<SurveyEstimates> {
  const text = await readFile(path.join(surveyDir, file), 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file} (previous_wave): not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = SurveyEstimates.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InputError(`${file} (previous_wave): not an estimates.json of thinktank: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`.trim());
  }
  return parsed.data;
}
