/**
 * Issue 18: every hostile input ends in a clean answer within bounded time and memory, and nothing is written
 * through a link. Each bomb is built here the way an attacker builds it (make-bombs.ts), never committed. The
 * memory classes run the CLI in a child process and assert its peak RSS (from /usr/bin/time's maximum
 * resident set size, else the child's own report).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../pipeline/ingest/match-glob.js';
import { parseExpression } from '../../pipeline/validate/parse-expression.js';
import { isPlainFileName } from '../../pipeline/publish/file-name-part.js';
import { figureId } from '../../pipeline/chart/figure-id.js';
import { cli, corpus, expectNoCrash, makeSurvey, repoRoot } from './helpers.js';
import {
  backtrackingGlob,
  bigCodeListCodebook,
  chainedExpression,
  deepGlobstar,
  nestedCodebookJson,
  nestedExpression,
  writeDenseBomb,
  writeLongLineCsv,
  writeRowsBomb,
  writeSharedStringsBomb,
  writeSheetXml,
  writeWideCsv,
} from './make-bombs.js';
import { makeTempDir } from '../run/temp-dirs.js';

const bin = path.join(repoRoot, 'pipeline', 'cli', 'bin.mjs');
const codebook = path.join(corpus, 'survey', 'codebook.json');
/** Issue 18's target: no input of at most 20 MB makes a command pass 1 GB of peak memory. */
const maxRssMb = 1024;

/** Runs the CLI in a child process; exit code, stderr and peak RSS in MB. */
function child(argv: string[], cwd: string): { code: number | null; stderr: string; rssMb: number; seconds: number } {
  const useTime = existsSync('/usr/bin/time');
  const command = useTime ? '/usr/bin/time' : process.execPath;
  const args = useTime ? ['-f', 'TIME %e %M', process.execPath, bin, ...argv] : [bin, ...argv];
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
  const timing = /TIME (\d+\.\d+) (\d+)\s*$/.exec(result.stderr);
  return {
    code: result.status,
    stderr: result.stderr.replace(/TIME .*\s*$/, '').trim(),
    rssMb: timing ? Number(timing[2]) / 1024 : 0,
    seconds: timing ? Number(timing[1]) : 0,
  };
}

function expectClean(result: { code: number | null; stderr: string }): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(result.stderr).not.toContain('internal error');
}

describe('memory bombs stop at a limit while streaming', () => {
  it('a workbook of 50M empty shared strings (1.3 MB) stops at limits.max_shared_strings', async () => {
    const dir = await makeTempDir('bomb');
    const file = path.join(dir, 'sst.xlsx');
    await writeSharedStringsBomb(file, 50_000_000);
    const result = child(['validate', file, '--codebook', codebook], dir);
    expectClean(result);
    expect(result.stderr).toContain('sst.xlsx: the file is too big to read safely: more than 5,000,000 shared strings (limits.max_shared_strings)');
    expect(result.rssMb).toBeLessThan(maxRssMb);
  }, 120_000);

  it('a workbook of 2M unnumbered one-cell rows stops at the last row of a sheet', async () => {
    const dir = await makeTempDir('bomb');
    const file = path.join(dir, 'rows.xlsx');
    await writeRowsBomb(file, 2_000_000);
    const result = child(['validate', file, '--codebook', codebook], dir);
    expectClean(result);
    expect(result.stderr).toContain('a row number past 1,048,576, the last row of a sheet');
    expect(result.rssMb).toBeLessThan(maxRssMb);
  }, 120_000);

  it('a 1.4 MB workbook of 31M numeric cells stops at limits.max_cells', async () => {
    const dir = await makeTempDir('bomb');
    const file = path.join(dir, 'dense.xlsx');
    await writeDenseBomb(file, 520_000, 60);
    const result = child(['validate', file, '--codebook', codebook], dir);
    expectClean(result);
    expect(result.stderr).toContain('dense.xlsx: the file is too big to read safely: more than 30,000,000 non-empty cells (limits.max_cells)');
    expect(result.rssMb).toBeLessThan(maxRssMb);
  }, 180_000);

  it('a CSV header of 1M columns stops at limits.max_columns, naming the line', async () => {
    const dir = await makeTempDir('bomb');
    const file = path.join(dir, 'wide.csv');
    await writeWideCsv(file, 1_000_000);
    const result = child(['validate', file, '--codebook', codebook], dir);
    expectClean(result);
    expect(result.stderr).toContain('wide.csv: line 1: the file is too big to read safely: more than 16,384 columns in one row (limits.max_columns)');
    expect(result.rssMb).toBeLessThan(maxRssMb);
  }, 120_000);

  it('a 10 MB CSV line of 5M fields stops at limits.max_columns', async () => {
    const dir = await makeTempDir('bomb');
    const file = path.join(dir, 'long.csv');
    await writeLongLineCsv(file, 5_000_000);
    const result = child(['validate', file, '--codebook', codebook], dir);
    expectClean(result);
    expect(result.stderr).toContain('long.csv: line 2: the file is too big to read safely: more than 16,384 columns in one row');
    expect(result.rssMb).toBeLessThan(maxRssMb);
  }, 120_000);

  it('a CSV record longer than limits.max_line_chars is refused, and raising the limit in survey.json reads it', async () => {
    const { survey } = await makeSurvey({ patch: { limits: { max_line_chars: 100 } } });
    await writeFile(path.join(survey, 'responses', 'long.csv'), `resp_id,region,employees,comment\nL-1,230100,3,${'x'.repeat(200)}\n`);
    const refused = await cli(['validate', survey], survey);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('long.csv: line 2: the file is too big to read safely: a record of more than 100 characters (limits.max_line_chars)');
    const config = JSON.parse(await readFile(path.join(survey, 'survey.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(survey, 'survey.json'), JSON.stringify({ ...config, limits: { max_line_chars: 1000 } }));
    const read = await cli(['validate', survey], survey);
    expect(read.stderr).not.toContain('too big');
  });
});

describe('deep and long structures are input errors, not stack overflows', () => {
  it('expressions nested or chained 100k deep are codebook problems naming the field', async () => {
    for (const rule of [nestedExpression(100_000), chainedExpression(100_000)]) {
      const parsed = parseExpression(rule);
      expect(parsed.ok).toBe(false);
      const { survey } = await makeSurvey();
      const cb = JSON.parse(await readFile(path.join(survey, 'codebook.json'), 'utf8')) as Record<string, unknown>[];
      cb[2]!.rule = rule;
      await writeFile(path.join(survey, 'codebook.json'), JSON.stringify(cb));
      const result = await cli(['validate', survey], survey);
      expectNoCrash(result);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/codebook\.json \(\[2\]\.rule\): expected an expression .*(more than the 4,096 allowed|more than 64 deep)/);
    }
    expect(parseExpression(nestedExpression(64)).ok).toBe(true);
    expect(parseExpression(nestedExpression(65))).toMatchObject({ ok: false, error: 'it nests ( and not more than 64 deep' });
  });

  it('a codebook.json nested 1M deep is refused before parsing', async () => {
    const { survey } = await makeSurvey();
    await writeFile(path.join(survey, 'codebook.json'), nestedCodebookJson(1_000_000));
    const result = await cli(['validate', survey], survey);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('codebook.json: line 1: expected JSON nested at most 64 levels deep');
  });

  it('a code list of 200k entries is a codebook problem, found before the schema walks it', async () => {
    const { survey } = await makeSurvey();
    await writeFile(path.join(survey, 'codebook.json'), bigCodeListCodebook(200_000));
    const started = performance.now();
    const result = await cli(['validate', survey], survey);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('codebook.json ([1].codes): expected at most 10,000 codes for one variable (a fixed limit), found 200,000 codes');
  });

  it('a date-styled serial of 1e10 reads as a number in validate and estimate (no "Invalid time value")', async () => {
    const { survey } = await makeSurvey();
    const cb = JSON.parse(await readFile(path.join(survey, 'codebook.json'), 'utf8')) as Record<string, unknown>[];
    cb.push({ name: 'founded', type: 'date', label: { zh: '成立日期', en: 'Founded' } });
    await writeFile(path.join(survey, 'codebook.json'), JSON.stringify(cb));
    const file = path.join(survey, 'd.xlsx');
    const rows = Array.from({ length: 4 }, (_, k) => `<row r="${k + 2}"><c r="A${k + 2}" t="inlineStr"><is><t>D-${k}</t></is></c><c r="B${k + 2}"><v>230100</v></c><c r="C${k + 2}"><v>${k + 1}</v></c><c r="D${k + 2}" s="1"><v>1e10</v></c></row>`);
    await writeSheetXml(file, rows.join(''), 'Sheet1', '<c r="D1" t="inlineStr"><is><t>founded</t></is></c>');
    const validated = await cli(['validate', file, '--codebook', path.join(survey, 'codebook.json')], survey);
    expectNoCrash(validated);
    expect(validated.code).toBe(1);
    expect(validated.stderr).toContain('D2 (founded): expected a date');
    const estimated = await cli(['estimate', file, '--mean', 'employees', '--json'], survey);
    expectNoCrash(estimated);
    expect(estimated.code).toBe(0);
  });
});

describe('globs', () => {
  it('match in linear time: 30 `*a` against a long name and 30 `**/` against deep folders', () => {
    const { pattern, name } = backtrackingGlob(30);
    let started = performance.now();
    expect(compileGlob(pattern).test(`responses/${name}`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
    started = performance.now();
    expect(compileGlob(deepGlobstar(30)).test(`responses/${'d/'.repeat(40)}y.csv`)).toBe(false);
    expect(compileGlob(deepGlobstar(30)).test(`responses/${'d/'.repeat(40)}x.csv`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('keep their meaning: *, **, ?, {a,b}, classes, any script', () => {
    const cases: [string, string, boolean][] = [
      ['responses/*.xlsx', 'responses/harbin.xlsx', true],
      ['responses/*.xlsx', 'responses/2026/harbin.xlsx', false],
      ['responses/**/*.xlsx', 'responses/harbin.xlsx', true],
      ['responses/**/*.xlsx', 'responses/a/b/harbin.xlsx', true],
      ['responses/file?.csv', 'responses/file1.csv', true],
      ['responses/*.{xlsx,csv}', 'responses/x.csv', true],
      ['r/{a,{b,c}d}', 'r/cd', true],
      ['r/[a-c]x', 'r/bx', true],
      ['r/[!a-c]x', 'r/bx', false],
      ['r/哈*', 'r/哈尔滨.csv', true],
      ['**', 'a/b/c', true],
    ];
    for (const [pattern, file, matches] of cases) expect(compileGlob(pattern).test(file), `${pattern} ${file}`).toBe(matches);
  });

  it('that cannot be used are exit 1 naming the pattern (unclosed brace, reversed range, too many alternatives)', async () => {
    const expectations: [string, string][] = [
      ['responses/{a,b.csv', 'the { at character 11 is never closed with }'],
      ['responses/[z-a].csv', 'the range z-a runs backwards'],
      [`responses/${'{a,b}'.repeat(9)}.csv`, 'its {…} groups make more than 256 patterns'],
    ];
    for (const [pattern, reason] of expectations) {
      const { survey } = await makeSurvey({ patch: { responses: [pattern] } });
      for (const command of [['validate', survey], ['run', survey, '--only', 'validate', '--out', path.join(survey, 'out')]]) {
        const result = await cli(command, survey);
        expectNoCrash(result);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`survey.json responses: the pattern ${JSON.stringify(pattern)} cannot be used: ${reason}`);
      }
    }
  });
});

describe('region codes in any script work end to end', () => {
  async function regionSurvey(codes: string[]): Promise<string> {
    const { survey } = await makeSurvey();
    const cb = JSON.parse(await readFile(path.join(survey, 'codebook.json'), 'utf8')) as Record<string, unknown>[];
    cb[1]!.codes = codes.map((code, k) => ({ code, label: { zh: `地区${k}`, en: `Area ${k}` } }));
    cb.push({ name: 'has_rd', type: 'single', label: { zh: '是否研发', en: 'Has R&D' }, codes: [{ code: '1', label: { zh: '是', en: 'Yes' } }, { code: '2', label: { zh: '否', en: 'No' } }] });
    await writeFile(path.join(survey, 'codebook.json'), JSON.stringify(cb));
    const rows = ['resp_id,region,employees,comment,has_rd'];
    for (let k = 0; k < 30 * codes.length; k++) rows.push(`R-${k},"${codes[k % codes.length]}",${k + 1},,${1 + (k % 2)}`);
    await writeFile(path.join(survey, 'responses', 'good.csv'), `${rows.join('\n')}\n`);
    return survey;
  }

  it('北部/中部/南部 give charts and reports named by the code', async () => {
    const survey = await regionSurvey(['北部', '中部', '南部']);
    const out = path.join(survey, 'out');
    const result = await cli(['run', survey, '--out', out], survey);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    const charts = await readdir(path.join(out, 'charts'));
    expect(charts).toContain('北部-has_rd-bars-en.svg');
    expect(await readdir(path.join(out, 'reports'))).toEqual(expect.arrayContaining(['hostile-北部.en.pdf', 'hostile-中部.en.pdf', 'hostile-南部.en.pdf']));
  }, 120_000);

  it('a region code with a leading space is the trimmed code everywhere', async () => {
    const survey = await regionSurvey([' 230100', '230200']);
    const out = path.join(survey, 'out');
    const result = await cli(['run', survey, '--out', out], survey);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    expect(await readdir(path.join(out, 'reports'))).toEqual(expect.arrayContaining(['hostile-230100.en.pdf', 'hostile-230200.en.pdf']));
  }, 120_000);

  it('ids made by figureId always pass the writers\' file-name test', () => {
    for (const scope of ['北部', ' 230100', '../evil', 'a/b', 'Ünïcode', 'x'.repeat(300), '', '-5', '\u0000\n']) {
      expect(isPlainFileName(figureId(scope, '研发', 'bars', 'zh', 'has_rd')), JSON.stringify(scope)).toBe(true);
    }
    for (const bad of ['../x', 'a/b', '.hidden', 'a\u0000b', '']) expect(isPlainFileName(bad)).toBe(false);
  });
});

describe('output folders', () => {
  it('a `reports` link inside the output folder is replaced by a real folder, and the run says so', async () => {
    const { root, survey } = await makeSurvey();
    const out = path.join(root, 'out');
    const elsewhere = path.join(root, 'elsewhere');
    await mkdir(out);
    await mkdir(elsewhere);
    await symlink(elsewhere, path.join(out, 'reports'));
    const result = await cli(['run', survey, '--out', out], survey);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`warning: ${path.join(out, 'reports')} was a symbolic link (to ${elsewhere}); removed the link`);
    expect(await readdir(elsewhere)).toEqual([]);
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { outputs: { path: string }[] };
    expect(manifest.outputs.some((f) => f.path.startsWith('reports/'))).toBe(true);
  }, 120_000);

  it('--out under a file is exit 1 naming the folder', async () => {
    const { root, survey } = await makeSurvey();
    await writeFile(path.join(root, 'a-file'), 'x');
    const result = await cli(['run', survey, '--only', 'validate', '--out', path.join(root, 'a-file', 'sub', 'out')], survey);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`is a file, not a folder`);
  });

  it('a folder marked .incomplete (a run killed after its first output) makes check fail and run warn; a finished run clears it', async () => {
    const { root, survey } = await makeSurvey();
    const out = path.join(root, 'out');
    expect((await cli(['run', survey, '--out', out], survey)).code).toBe(0);
    expect(existsSync(path.join(out, '.incomplete'))).toBe(false);
    // what a run killed after its first outputs leaves: the mark, and no manifest
    await writeFile(path.join(out, '.incomplete'), '{"survey":"hostile","only":null}\n');
    const checked = await cli(['check', survey, '--out', out], survey);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain('is from an interrupted run (it has .incomplete)');
    const rerun = await cli(['run', survey, '--out', out], survey);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toContain('is from an interrupted run');
    expect(existsSync(path.join(out, '.incomplete'))).toBe(false);
    expect(JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'))).toMatchObject({ status: 'complete' });
    expect((await cli(['check', survey, '--out', out], survey)).code).toBe(0);
  }, 180_000);
});

describe('row accounting, weights and names', () => {
  it('rows out of order or past row 1,048,576 are refused, so rows_blank can be neither negative nor inflated', async () => {
    const dir = await makeTempDir('rows');
    const backwards = path.join(dir, 'back.xlsx');
    let body = '';
    for (let r = 10; r >= 2; r--) body += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>X-${r}</t></is></c><c r="B${r}"><v>230100</v></c></row>`;
    await writeSheetXml(backwards, body);
    const a = await cli(['validate', backwards, '--codebook', codebook], dir);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('row 9 comes after row 10 (rows must be in ascending order)');
    const far = path.join(dir, 'far.xlsx');
    await writeSheetXml(far, '<row r="2"><c r="A2" t="inlineStr"><is><t>X</t></is></c></row><row r="999999999999999"><c r="A999999999999999" t="inlineStr"><is><t>Y</t></is></c></row>');
    const b = await cli(['validate', far, '--codebook', codebook], dir);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('a row number past 1,048,576, the last row of a sheet');
  });

  it('all-zero, infinite and overflowing weights are input errors naming the column and a row', async () => {
    const dir = await makeTempDir('weights');
    for (const [w, what] of [['0', 'every weight 0'], ['1e308', 'weights whose sum is past the largest number'], ['inf', 'an infinite weight']] as const) {
      const file = path.join(dir, `w-${what.length}.csv`);
      await writeFile(file, `id,w,y\n${Array.from({ length: 20 }, (_, k) => `${k},${w === 'inf' && k > 0 ? 1 : w === 'inf' ? '1e999' : w},${k}`).join('\n')}\n`);
      const result = await cli(['estimate', file, '--weights', 'w', '--mean', 'y', '--json'], dir);
      expectNoCrash(result);
      if (w === 'inf') {
        // 1e999 is not a number CSV text can hold: a missing design value, also exit 1 naming the row
        expect(result.code).toBe(1);
        continue;
      }
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`found ${what}`);
      expect(result.stderr).toContain('"w"');
    }
  });

  it('a newline in a sheet name is escaped in messages (one line each)', async () => {
    const dir = await makeTempDir('names');
    const file = path.join(dir, 'n.xlsx');
    await writeSheetXml(file, '<row r="2"><c r="A2" t="inlineStr"><is><t>X</t></is></c><c r="B2"><v>999</v></c></row>', 'Da&#10;ta');
    const result = await cli(['validate', file, '--codebook', codebook], dir);
    expect(result.code).toBe(1);
    for (const line of result.stderr.split('\n')) expect(line).not.toMatch(/^ta'/);
    expect(result.stderr).toContain('Da\\nta');
  });
});

describe('--by is linear in the number of groups', () => {
  it('300 domains (each from the PSUs it touches) agree with 200 (the full pass) on the same design', async () => {
    const dir = await makeTempDir('by');
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const rows = Array.from({ length: 6000 }, (_, i) => {
      const st = Math.floor(random() * 5);
      return [i, st, `${st}-${Math.floor(random() * 40)}`, (1 + random() * 3).toFixed(3), Math.floor(random() * 300), (random() * 10).toFixed(2)];
    });
    const write = async (name: string, keep: (g: number) => boolean) => {
      const file = path.join(dir, name);
      await writeFile(file, `id,st,cl,w,g,y\n${rows.map((r) => r.map((v, j) => (j === 4 && !keep(Number(v)) ? '' : v)).join(',')).join('\n')}\n`);
      return file;
    };
    const run = async (file: string) => {
      const result = await cli(['estimate', file, '--weights', 'w', '--strata', 'st', '--cluster', 'cl', '--mean', 'y', '--total', 'y', '--by', 'g', '--json'], dir);
      expect(result.code, result.stderr).toBe(0);
      const byKey = new Map<string, { se: number; df: number }>();
      for (const e of (JSON.parse(result.stdout) as { estimates: { statistic: string; domain: { g: string }; se: number; df: number }[] }).estimates) {
        byKey.set(`${e.statistic} ${e.domain.g}`, e);
      }
      return byKey;
    };
    const many = await run(await write('all.csv', () => true));
    const few = await run(await write('few.csv', (g) => g < 200));
    expect(many.size).toBe(600);
    expect(few.size).toBe(400);
    for (const [k, e] of few) {
      expect(many.get(k)!.se, k).toBeCloseTo(e.se, 12);
      expect(many.get(k)!.df, k).toBe(e.df);
    }
  });

  it('100k groups take seconds, not minutes', async () => {
    const dir = await makeTempDir('by');
    const lines = ['id,g,y'];
    for (let k = 0; k < 200_000; k++) lines.push(`${k},${k >> 1},${k % 7}`);
    await writeFile(path.join(dir, 'g.csv'), `${lines.join('\n')}\n`);
    const started = performance.now();
    const result = await cli(['estimate', path.join(dir, 'g.csv'), '--mean', 'y', '--by', 'g', '--json'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(performance.now() - started).toBeLessThan(40_000);
  }, 60_000);
});

describe('a survey of the corpus still reads (budgets do not refuse real files)', () => {
  it('validates the corpus survey with the default limits', async () => {
    const { survey } = await makeSurvey({ responses: ['files/valid.xlsx'] });
    await cp(path.join(corpus, 'survey', 'responses', 'good.csv'), path.join(survey, 'responses', 'good2.csv'));
    const result = await cli(['validate', survey], survey);
    expect(result.stderr).not.toContain('too big');
  });
});
