import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Codebook } from '../../schemas/codebook.js';
import { SurveyEstimates } from '../../schemas/estimates.js';
import { SurveyConfig } from '../../schemas/survey.js';

const dir = fileURLToPath(new URL('../fixtures/chart/', import.meta.url));
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));

/** The chart fixture: three prefectures (Harbin 230100, Daqing 230600, Da Hinggan Ling 232700 with a low base). */
export const estimates = SurveyEstimates.parse(read('estimates.json'));
export const previous = SurveyEstimates.parse(read('previous.json'));
export const codebook = Codebook.parse(read('codebook.json'));
export const config = SurveyConfig.parse(read('survey.json'));
