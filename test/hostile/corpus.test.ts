/** The hostile-input corpus is what its committed builder makes, byte for byte. */
import { describe, expect, it } from 'vitest';
import { buildCorpus, writeCorpus } from '../fixtures/hostile/build-corpus.js';
import { unzip } from './unzip.js';

describe('test/fixtures/hostile', () => {
  it('holds exactly what build-corpus.ts makes (run it to update the corpus)', async () => {
    expect(await writeCorpus({ check: true })).toEqual([]);
  });

  it('has a zip bomb that is small on disk and inflates to more than the default 2 GiB limit', () => {
    const bomb = buildCorpus().get('files/zip-bomb.xlsx')!;
    expect(bomb.length).toBeLessThan(100_000);
    // the central directory declares 40 sheets of 64 MiB each, all pointing at the same compressed data
    let declared = 0;
    for (let i = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i >= 0; i = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)) {
      declared += bomb.readUInt32LE(i + 24);
    }
    expect(declared).toBeGreaterThan(2 * 1024 ** 3);
  });

  it('has valid seeds that are well-formed workbooks', () => {
    const parts = unzip(buildCorpus().get('files/valid.xlsx')!);
    expect([...parts.keys()]).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml']);
  });
});
