import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Figure } from '../../schemas/figure.js';
import { stableStringify } from '../../pipeline/chart/stable-json.js';
import { writeCharts } from '../../pipeline/chart/write-charts.js';

const figure = (id: string): Figure => ({
  id,
  scope: 'province',
  lang: 'zh',
  kind: 'bars',
  theme: null,
  variables: ['q1'],
  title: '标题',
  base: 'n = 10',
  note: null,
  source: '资料来源',
  alt: '条形图',
  low_base: false,
  width: 470,
  height: 100,
  spec: { mark: 'bar', $schema: 'x', encoding: { y: { type: 'nominal', field: 'a' } } },
  svg: '<svg width="470" height="100"></svg>',
});

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('writeCharts', () => {
  it('writes charts/<id>.vl.json with sorted keys and charts/<id>.svg, and returns the paths', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'thinktank-charts-'));
    const written = await writeCharts(dir, [figure('province-q1-bars-zh')]);
    expect(written).toEqual([path.join(dir, 'charts', 'province-q1-bars-zh.vl.json'), path.join(dir, 'charts', 'province-q1-bars-zh.svg')]);
    const spec = await readFile(written[0] as string, 'utf8');
    expect(spec).toBe('{\n  "$schema": "x",\n  "encoding": {\n    "y": {\n      "field": "a",\n      "type": "nominal"\n    }\n  },\n  "mark": "bar"\n}\n');
    expect(await readFile(written[1] as string, 'utf8')).toBe('<svg width="470" height="100"></svg>\n');
    expect((await readdir(path.join(dir, 'charts'))).sort()).toEqual(['province-q1-bars-zh.svg', 'province-q1-bars-zh.vl.json']);
  });

  it('refuses two figures with the same id', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'thinktank-charts-'));
    await expect(writeCharts(dir, [figure('a'), figure('a')])).rejects.toThrow(/two figures have the id a/);
  });
});

describe('stableStringify', () => {
  it('orders keys at every level and keeps array order', () => {
    expect(stableStringify({ b: [{ z: 1, a: 2 }], a: null, c: undefined })).toBe('{\n  "a": null,\n  "b": [\n    {\n      "a": 2,\n      "z": 1\n    }\n  ]\n}\n');
  });
});
