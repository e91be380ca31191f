import type { Codebook } from '../../schemas/codebook.js';
import { UsageError } from '../errors.js';
import { didYouMean } from '../did-you-mean.js';
import { cliMsg } from './messages.js';

/** One region as `--region` may name it. */
export interface RegionName {
  code: string;
  zh: string;
  en: string;
}

/** The regions a codebook names for the region variable (a coded variable's codes); empty when it has none. */
export function regionNames(codebook: Codebook, variable: string): RegionName[] {
  const found = codebook.find((v) => v.name === variable);
  return (found?.codes ?? []).map((c) => ({ code: String(c.code), zh: c.label.zh, en: c.label.en }));
}

/**
 * The region code `--region` means: "province", a code, or a Chinese or English name, compared without regard to
 * case, spaces or full-/half-width forms; else the one name it begins (`哈尔滨` for 哈尔滨市). A `UsageError` with
 * the nearest name otherwise. With no coded regions (a text or number region variable) the value is passed on
 * as it is and the runner checks it against the data.
 */
export function matchRegion(given: string, regions: readonly RegionName[]): string {
  const key = fold(given);
  if (key === 'province' || regions.length === 0) return key === 'province' ? 'province' : given;
  const exact = regions.filter((r) => [r.code, r.zh, r.en].some((name) => fold(name) === key));
  if (exact.length === 1) return (exact[0] as RegionName).code;
  const starting = regions.filter((r) => [r.zh, r.en].some((name) => fold(name).startsWith(key)));
  if (exact.length === 0 && starting.length === 1) return (starting[0] as RegionName).code;
  const candidates = exact.length > 1 ? exact : starting;
  if (candidates.length > 1) throw new UsageError(cliMsg.ambiguousRegion(given, candidates.map(describe)));
  const names = regions.flatMap((r) => [r.code, r.zh, r.en]);
  const guess = didYouMean(given, names);
  const region = guess === null ? null : regions.find((r) => r.code === guess || r.zh === guess || r.en === guess);
  throw new UsageError(cliMsg.unknownRegion(given, region ? describe(region) : null, regions.map(describe)));
}

function describe(region: RegionName): string {
  return `${region.code} ${region.zh} ${region.en}`;
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}
