import type { SurveyConfig } from '../../schemas/survey.js';
import { UsageError } from '../errors.js';

/**
 * The run's fixed "now", written into outputs in place of the wall clock: `SOURCE_DATE_EPOCH` (whole seconds
 * since 1970, the reproducible-builds convention) when set, else the survey's `date` at 00:00 UTC.
 */
export function runDate(config: Pick<SurveyConfig, 'date'>, env: Record<string, string | undefined>): Date {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) {
      throw new UsageError(`SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 UTC, found ${JSON.stringify(epoch)}`);
    }
    return new Date(Number(epoch) * 1000);
  }
  const [y, m, d] = config.date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}
