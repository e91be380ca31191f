/**
 * Survey-platform exports (问卷星 and 腾讯问卷, by option text and by option number), built the way the platforms
 * write them (test/fixtures/platform/build-platform-fixtures.ts), each run end to end: `init --from` drafts a
 * codebook without the metadata columns, `validate` reads the file with them kept aside and the skip markers
 * blank, and `estimate` reads the same answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli/main.js';
import { readCodebook } from '../../pipeline/ingest/read-codebook.js';
import { defaultStages } from '../../pipeline/run/stages.js';
import { testEffects } from '../run/fake-stages.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/platform');
const dir = mkdtempSync(path.join(tmpdir(), 'thinktank-platform-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]) {
  const effects = testEffects(dir);
  const code = await main(argv, effects, defaultStages);
  return { code, stderr: effects.lines.join('\n'), stdout: effects.out.join('') };
}

const cases = [
  { file: 'wjx-by-text.xlsx', skipped: 18, types: ['single', 'single', 'multi', 'likert', 'likert', 'likert', 'integer', 'text'] },
  { file: 'wjx-by-number.xlsx', skipped: 18, types: ['single', 'single', 'single', 'single', 'single', 'single', 'likert', 'likert', 'likert', 'integer', 'text'] },
  { file: 'tencent-by-text.csv', skipped: 0, types: ['single', 'single', 'multi', 'likert', 'likert', 'likert', 'integer', 'text'] },
  { file: 'tencent-by-number.xlsx', skipped: 0, types: ['single', 'single', 'single', 'single', 'single', 'single', 'likert', 'likert', 'likert', 'integer', 'text'] },
];

describe.each(cases)('$file', ({ file, skipped, types }) => {
  it('runs end to end: init --from, validate, estimate', async () => {
    const survey = file.replace(/\W/g, '-');
    expect((await cli(['init', survey, '--from', path.join(fixtures, file)])).code).toBe(0);
    const codebook = await readCodebook(path.join(dir, survey, 'codebook.xlsx'));
    expect(codebook.map((v) => v.type)).toEqual(types);
    // numbered headers: the number is not part of the label
    expect(codebook[0]!.label.zh).toBe('您的单位所在城市');
    // the matrix question's rows form one battery
    expect(new Set(codebook.filter((v) => v.type === 'likert').map((v) => v.group)).size).toBe(1);

    const validated = await cli(['validate', survey, '--json']);
    expect(validated.code).toBe(0);
    const summary = JSON.parse(validated.stdout);
    expect(summary).toMatchObject({ rows_read: 36, rows_kept: 36, errors: 0, warnings: 0 });
    expect(validated.stderr).toContain(`a survey platform's export (问卷星/腾讯问卷): its metadata columns kept aside, ${skipped} skip markers`);

    const header = file.startsWith('wjx') ? '1、您的单位所在城市' : '1.您的单位所在城市';
    const estimated = await cli(['estimate', path.join(fixtures, file), '--prop', header, '--mean', file.startsWith('wjx') ? '5、员工人数' : '5.员工人数', '--json']);
    expect(estimated.code).toBe(0);
    const result = JSON.parse(estimated.stdout);
    expect(result.n).toBe(36);
    expect(result.estimates.filter((e: { statistic: string }) => e.statistic === 'prop').map((e: { estimate: number }) => e.estimate)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});

describe('skip markers', () => {
  it('are blank in what inspect reads of an export by option number (-3 skipped, -2 empty)', async () => {
    const { stdout } = await cli(['inspect', path.join(fixtures, 'wjx-by-number.xlsx'), '--json']);
    const column = JSON.parse(stdout).sheets[0].columns.find((c: { header: string }) => c.header === '6、如有其他建议请填写');
    expect(column).toMatchObject({ missing: 18, values: 18, type: 'text' });
  });
});
