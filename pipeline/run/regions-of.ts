import type { SurveyConfig } from '../../schemas/survey.js';
import type { CleanTable } from '../../schemas/table.js';
import { InputError, UsageError } from '../errors.js';
import { surveyConfigFile } from './read-survey-config.js';

/** The region codes present in the validated data, in codebook order for coded regions, else sorted. */
export function regionsOf(table: CleanTable, variable: string): string[] {
  const column = table.columns.get(variable);
  if (!column) throw new InputError(`${surveyConfigFile}: region: "${variable}" is not a variable of the codebook`);
  const present = new Set<string>();
  switch (column.kind) {
    case 'code': {
      const seen = new Uint8Array(column.levels.length);
      for (const code of column.codes) if (code >= 0) seen[code] = 1;
      return column.levels.filter((_, i) => seen[i] === 1);
    }
    case 'text':
      for (const value of column.values) if (value !== null && value.trim() !== '') present.add(value.trim());
      break;
    case 'number':
      for (const value of column.values) if (!Number.isNaN(value)) present.add(String(value));
      break;
    default:
      throw new InputError(`${surveyConfigFile}: region: "${variable}" is a ${column.kind} variable; a region must be a single choice, text or number`);
  }
  return [...present].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * The report scopes of a run: "province" and/or the regions, or the one `region` asked for. InputError when a
 * region is itself called "province" (its report would be taken for the provincial one).
 */
export function chooseScopes(config: SurveyConfig, regions: string[], region: string | undefined): string[] {
  if (regions.includes('province')) {
    throw new InputError(
      `${surveyConfigFile}: region: the variable "${config.region}" has a region called "province", the name of the provincial report; rename that code in the codebook and the data`,
    );
  }
  if (region !== undefined) {
    if (region === 'province' || regions.includes(region)) return [region];
    throw new UsageError(`--region: no region "${region}" in the data; the regions are: province, ${regions.join(', ')}`);
  }
  return [...(config.reports.province ? ['province'] : []), ...(config.reports.regions ? regions : [])];
}

