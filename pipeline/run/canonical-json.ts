import { compareCodeUnits } from '../publish/list-files.js';

/**
 * JSON with object keys sorted at every level, so equal values give equal text whatever order a file listed
 * its keys in (for cache keys). Typed arrays become plain arrays; Maps become sorted entry lists.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(normalize);
  if (value instanceof Map) {
    return [...value.entries()]
      .map(([k, v]): [string, unknown] => [String(k), normalize(v)])
      .sort((a, b) => compareCodeUnits(a[0], b[0]));
  }
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareCodeUnits)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = normalize(v);
  }
  return out;
}
