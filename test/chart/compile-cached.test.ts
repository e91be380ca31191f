import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { compileCached, parseCached } from '../../pipeline/chart/compile-cached.js';
import { collectingLogger } from '../../pipeline/chart/vega-logger.js';

const charts = path.join(import.meta.dirname, '../../outputs/heilongjiang-2026/charts');
const direct = (spec: unknown) => JSON.stringify(compile(structuredClone(spec) as TopLevelSpec).spec);
const cached = (spec: unknown, warnings: string[] = []) =>
  JSON.stringify(compileCached(spec as TopLevelSpec, collectingLogger((m) => warnings.push(m))));

describe('compileCached', () => {
  it('gives exactly what Vega-Lite compiles, for every chart of the example', () => {
    const files = readdirSync(charts).filter((f) => f.endsWith('.vl.json'));
    expect(files.length).toBeGreaterThan(600);
    for (const file of files) {
      const spec: unknown = JSON.parse(readFileSync(path.join(charts, file), 'utf8'));
      expect(cached(spec), file).toBe(direct(spec));
    }
  }, 120_000);

  it('gives exactly what Vega parses from the compiled spec, for every chart of the example', () => {
    const files = readdirSync(charts).filter((f) => f.endsWith('.vl.json'));
    for (const file of files) {
      const spec: unknown = JSON.parse(readFileSync(path.join(charts, file), 'utf8'));
      const parsed = JSON.stringify(parseCached(spec as TopLevelSpec, collectingLogger(() => {})));
      expect(parsed, file).toBe(JSON.stringify(vega.parse(compile(structuredClone(spec) as TopLevelSpec).spec)));
    }
  }, 120_000);

  const bars = (series: string[], max: number, label = 'Yes') => ({
    data: { values: series.map((s, i) => ({ series: s, label, share: max / (i + 1) })) },
    description: `Shares by ${series.join(' and ')}`,
    mark: 'bar',
    encoding: {
      y: { field: 'label', type: 'nominal', sort: [label, 'No'] },
      x: { field: 'share', type: 'quantitative', scale: { domain: [0, max] } },
      color: { field: 'series', type: 'nominal', scale: { domain: series } },
    },
  });

  it('fills a shared template with each spec’s own data, description, orders and domains', () => {
    const first = bars(['Harbin', 'Province'], 0.5);
    const second = bars(['Qiqihar', 'Province'], 0.75);
    expect(cached(first)).toBe(direct(first));
    expect(cached(second)).toBe(direct(second));
    expect(cached(second)).toContain('Qiqihar');
    expect(cached(second)).not.toContain('Harbin');
    const parsed = (spec: unknown) => JSON.stringify(parseCached(spec as TopLevelSpec, collectingLogger(() => {})));
    expect(parsed(first)).toBe(JSON.stringify(vega.parse(compile(structuredClone(first) as TopLevelSpec).spec)));
    expect(parsed(second)).toBe(JSON.stringify(vega.parse(compile(structuredClone(second) as TopLevelSpec).spec)));
    expect(parsed(second)).toContain('Qiqihar');
  });

  it('fills a parameter’s value, which the spec’s expressions read, into the shared template', () => {
    const withOwn = (own: string) => {
      const spec = bars(['Harbin', 'Qiqihar'], 0.5) as Record<string, unknown> & ReturnType<typeof bars>;
      return {
        ...spec,
        params: [{ name: 'own', value: own }],
        encoding: { ...spec.encoding, opacity: { condition: { test: 'datum.series === own', value: 1 }, value: 0.5 } },
      };
    };
    for (const own of ['Harbin', 'Qiqihar', 'He said "no"']) {
      const spec = withOwn(own);
      expect(cached(spec)).toBe(direct(spec));
      expect(JSON.stringify(parseCached(spec as unknown as TopLevelSpec, collectingLogger(() => {})))).toBe(
        JSON.stringify(vega.parse(compile(structuredClone(spec) as unknown as TopLevelSpec).spec)),
      );
    }
  });

  it('fills in texts with quotes, backslashes and line breaks as Vega-Lite writes them, in JSON and in expressions', () => {
    const parsed = (spec: unknown) => JSON.stringify(parseCached(spec as TopLevelSpec, collectingLogger(() => {})));
    for (const spec of [
      bars(['He said "no"', 'Back\\slash'], 0.4, "Don't know"),
      bars(['Two\nlines', 'Province'], 0.4, 'A wrapped\nlabel'),
      bars(['Harbin', 'Province'], 0.4, 'Plain'),
    ]) {
      expect(cached(spec)).toBe(direct(spec));
      expect(parsed(spec)).toBe(JSON.stringify(vega.parse(compile(structuredClone(spec) as TopLevelSpec).spec)));
    }
  });

  it('keeps what Vega-Lite reads from a domain: a domain without zero, and a falling one', () => {
    for (const domain of [[0.2, 0.9], [0.9, 0.2], [-1, 1]]) {
      const spec = bars(['A', 'B'], 0.6);
      spec.encoding.x.scale.domain = domain;
      expect(cached(spec)).toBe(direct(spec));
    }
  });

  it('passes on Vega-Lite’s warnings for a filled-in spec too', () => {
    const spec = { ...bars(['A', 'B'], 0.3), encoding: { ...bars(['A', 'B'], 0.3).encoding, size: { field: 'label', type: 'nominal' } } };
    const once: string[] = [];
    const again: string[] = [];
    cached(spec, once);
    cached(spec, again);
    expect(once.length).toBeGreaterThan(0);
    expect(again).toEqual(once);
  });
});
