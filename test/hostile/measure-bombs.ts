/**
 * Measures issue 18's hostile cases at the issue's sizes, one at a time, each as `node pipeline/cli/bin.mjs`
 * under `/usr/bin/time` with a time limit: exit code, seconds, peak RSS and the first line of stderr. Not a
 * test (the big cases take a while); run it by hand for the figures in the issue's closing note:
 *
 *   node --import tsx test/hostile/measure-bombs.ts [CASE-NAME-PART...] [--timeout 60]
 */
import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  backtrackingGlob,
  bigCodeListCodebook,
  chainedExpression,
  deepGlobstar,
  nestedCodebookJson,
  nestedExpression,
  writeLongLineCsv,
  writeRowsBomb,
  writeSharedStringsBomb,
  writeSheetXml,
  writeWideCsv,
} from './make-bombs.js';

interface Case {
  name: string;
  /** Builds the inputs in `dir`; returns the CLI arguments. */
  setup: (dir: string) => Promise<string[]>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.join(here, '..', 'fixtures', 'hostile');
const repoRoot = path.join(here, '..', '..');
/** The CLI measured: this checkout's, or THINKTANK_BIN (an older checkout's, for the figures before a change). */
const bin = process.env.THINKTANK_BIN ?? path.join(repoRoot, 'pipeline', 'cli', 'bin.mjs');
const codebookOf = (dir: string) => path.join(dir, 'survey', 'codebook.json');

async function survey(dir: string, edit?: (codebook: Record<string, unknown>[]) => void, patch: Record<string, unknown> = {}): Promise<string> {
  const root = path.join(dir, 'survey');
  await cp(path.join(corpus, 'survey'), root, { recursive: true });
  if (edit) {
    const codebook = JSON.parse(await readFile(codebookOf(dir), 'utf8')) as Record<string, unknown>[];
    edit(codebook);
    await writeFile(codebookOf(dir), JSON.stringify(codebook));
  }
  const config = JSON.parse(await readFile(path.join(root, 'survey.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(path.join(root, 'survey.json'), JSON.stringify({ ...config, ...patch }));
  return root;
}

const withRule = (rule: string) => (codebook: Record<string, unknown>[]) => {
  codebook[2]!.rule = rule;
};

const cases: Case[] = [
  {
    name: 'xlsx: 380M empty shared strings (10 MB)',
    setup: async (dir) => {
      await survey(dir);
      await writeSharedStringsBomb(path.join(dir, 'b.xlsx'), 380_000_000);
      return ['validate', path.join(dir, 'b.xlsx'), '--codebook', codebookOf(dir)];
    },
  },
  {
    name: 'xlsx: 30M one-cell rows (validate)',
    setup: async (dir) => {
      await survey(dir);
      await writeRowsBomb(path.join(dir, 'b.xlsx'), 30_000_000);
      return ['validate', path.join(dir, 'b.xlsx'), '--codebook', codebookOf(dir)];
    },
  },
  {
    name: 'csv: 1M-column header',
    setup: async (dir) => {
      await survey(dir);
      await writeWideCsv(path.join(dir, 'w.csv'), 1_000_000);
      return ['validate', path.join(dir, 'w.csv'), '--codebook', codebookOf(dir)];
    },
  },
  {
    name: 'csv: 10 MB line of 5M fields',
    setup: async (dir) => {
      await survey(dir);
      await writeLongLineCsv(path.join(dir, 'l.csv'), 5_000_000);
      return ['validate', path.join(dir, 'l.csv'), '--codebook', codebookOf(dir)];
    },
  },
  {
    name: 'run: region codes 北部/中部/南部',
    setup: async (dir) => {
      const root = await survey(dir, (codebook) => {
        codebook[1]!.codes = ['北部', '中部', '南部'].map((code, k) => ({ code, label: { zh: `${code}地区`, en: `Area ${k + 1}` } }));
      });
      const rows = ['resp_id,region,employees,comment'];
      for (let k = 0; k < 90; k++) rows.push(`R-${k},${['北部', '中部', '南部'][k % 3]},${k + 1},`);
      await writeFile(path.join(root, 'responses', 'good.csv'), `${rows.join('\n')}\n`);
      return ['run', root, '--out', path.join(dir, 'out')];
    },
  },
  {
    name: 'run: region code with a leading space',
    setup: async (dir) => {
      const root = await survey(dir, (codebook) => {
        codebook[1]!.codes = [' 230100', '230200'].map((code, k) => ({ code, label: { zh: `市${k}`, en: `City ${k}` } }));
      });
      const rows = ['resp_id,region,employees,comment'];
      for (let k = 0; k < 60; k++) rows.push(`R-${k},"${[' 230100', '230200'][k % 2]}",${k + 1},`);
      await writeFile(path.join(root, 'responses', 'good.csv'), `${rows.join('\n')}\n`);
      return ['run', root, '--out', path.join(dir, 'out')];
    },
  },
  {
    name: 'xlsx: a date-styled serial of 1e10 (validate)',
    setup: async (dir) => {
      await survey(dir, (codebook) => {
        codebook.push({ name: 'founded', type: 'date', label: { zh: '成立日期', en: 'Founded' } });
      });
      await writeSheetXml(path.join(dir, 'd.xlsx'), '<row r="2"><c r="A2" t="inlineStr"><is><t>X</t></is></c><c r="B2"><v>230100</v></c><c r="C2"><v>3</v></c><c r="D2" s="1"><v>1e10</v></c></row>', 'Sheet1', '<c r="D1" t="inlineStr"><is><t>founded</t></is></c>');
      return ['validate', path.join(dir, 'd.xlsx'), '--codebook', codebookOf(dir)];
    },
  },
  {
    name: 'xlsx: a date-styled serial of 1e10 (estimate)',
    setup: async (dir) => {
      await writeSheetXml(path.join(dir, 'd.xlsx'), '<row r="2"><c r="A2" t="inlineStr"><is><t>X</t></is></c><c r="B2"><v>230100</v></c><c r="C2"><v>3</v></c><c r="D2" s="1"><v>1e10</v></c></row>', 'Sheet1', '<c r="D1" t="inlineStr"><is><t>founded</t></is></c>');
      return ['estimate', path.join(dir, 'd.xlsx'), '--mean', 'employees', '--json'];
    },
  },
  {
    name: 'expression: 100k nested parentheses',
    setup: async (dir) => {
      await survey(dir, withRule(nestedExpression(100_000)));
      return ['validate', path.join(dir, 'survey')];
    },
  },
  {
    name: 'expression: 100k chained ands',
    setup: async (dir) => {
      await survey(dir, withRule(chainedExpression(100_000)));
      return ['validate', path.join(dir, 'survey')];
    },
  },
  {
    name: 'codebook.json nested 1M deep',
    setup: async (dir) => {
      await survey(dir);
      await writeFile(codebookOf(dir), nestedCodebookJson(1_000_000));
      return ['validate', path.join(dir, 'survey')];
    },
  },
  {
    name: 'code list of 1M entries',
    setup: async (dir) => {
      await survey(dir);
      await writeFile(codebookOf(dir), bigCodeListCodebook(1_000_000));
      return ['validate', path.join(dir, 'survey')];
    },
  },
  {
    name: 'glob: unclosed brace',
    setup: async (dir) => {
      await survey(dir, undefined, { responses: ['responses/{a,b.csv'] });
      return ['validate', path.join(dir, 'survey')];
    },
  },
  {
    name: 'glob: reversed range [z-a]',
    setup: async (dir) => {
      await survey(dir, undefined, { responses: ['responses/[z-a].csv'] });
      return ['validate', path.join(dir, 'survey')];
    },
  },
  {
    name: 'glob: 30 *a against a long name',
    setup: async (dir) => {
      const { pattern, name } = backtrackingGlob(30);
      const root = await survey(dir, undefined, { responses: [pattern, 'responses/*.csv'] });
      await cp(path.join(root, 'responses', 'good.csv'), path.join(root, 'responses', name));
      return ['validate', root];
    },
  },
  {
    name: 'glob: 30 **/ against deep folders',
    setup: async (dir) => {
      const root = await survey(dir, undefined, { responses: [deepGlobstar(30), 'responses/*.csv'] });
      let deep = path.join(root, 'responses');
      for (let k = 0; k < 40; k++) deep = path.join(deep, 'd');
      await mkdir(deep, { recursive: true });
      await cp(path.join(root, 'responses', 'good.csv'), path.join(deep, 'y.csv'));
      return ['validate', root];
    },
  },
  {
    name: 'run --out under a missing, unwritable parent',
    setup: async (dir) => {
      const root = await survey(dir);
      await mkdir(path.join(dir, 'ro'));
      await chmod(path.join(dir, 'ro'), 0o555);
      return ['run', root, '--only', 'validate', '--out', path.join(dir, 'ro', 'a', 'b')];
    },
  },
  {
    name: 'run with outputs/reports a symlink',
    setup: async (dir) => {
      const root = await survey(dir);
      const out = path.join(dir, 'out');
      await mkdir(out);
      await mkdir(path.join(dir, 'elsewhere'));
      await symlink(path.join(dir, 'elsewhere'), path.join(out, 'reports'));
      return ['run', root, '--out', out];
    },
  },
  {
    name: 'xlsx: rows out of order (rows_blank)',
    setup: async (dir) => {
      await survey(dir);
      let body = '';
      for (let r = 40; r >= 2; r--) body += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>X-${r}</t></is></c><c r="B${r}"><v>230100</v></c><c r="C${r}"><v>1</v></c></row>`;
      await writeSheetXml(path.join(dir, 'o.xlsx'), body);
      return ['validate', path.join(dir, 'o.xlsx'), '--codebook', codebookOf(dir), '--json'];
    },
  },
  {
    name: 'xlsx: row 999,999,999,999,999',
    setup: async (dir) => {
      await survey(dir);
      await writeSheetXml(path.join(dir, 'r.xlsx'), '<row r="2"><c r="A2" t="inlineStr"><is><t>X</t></is></c><c r="B2"><v>230100</v></c></row><row r="999999999999999"><c r="A999999999999999" t="inlineStr"><is><t>Y</t></is></c></row>');
      return ['validate', path.join(dir, 'r.xlsx'), '--codebook', codebookOf(dir), '--json'];
    },
  },
  {
    name: 'xlsx: newline in a sheet name',
    setup: async (dir) => {
      await survey(dir);
      await writeSheetXml(path.join(dir, 'n.xlsx'), '<row r="2"><c r="A2" t="inlineStr"><is><t>X</t></is></c><c r="B2"><v>999</v></c></row>', 'Da&#10;ta');
      return ['validate', path.join(dir, 'n.xlsx'), '--codebook', codebookOf(dir)];
    },
  },
  {
    name: 'estimate: all-zero weights',
    setup: async (dir) => {
      await writeFile(path.join(dir, 'z.csv'), `id,w,y\n${Array.from({ length: 50 }, (_, k) => `${k},0,${k}`).join('\n')}\n`);
      return ['estimate', path.join(dir, 'z.csv'), '--weights', 'w', '--mean', 'y', '--json'];
    },
  },
  {
    name: 'estimate: weights 1e308',
    setup: async (dir) => {
      await writeFile(path.join(dir, 'z.csv'), `id,w,y\n${Array.from({ length: 50 }, (_, k) => `${k},1e308,${k}`).join('\n')}\n`);
      return ['estimate', path.join(dir, 'z.csv'), '--weights', 'w', '--mean', 'y', '--total', 'y', '--json'];
    },
  },
  {
    name: 'estimate --by with 100k groups',
    setup: async (dir) => {
      const lines = ['id,g,y'];
      for (let k = 0; k < 200_000; k++) lines.push(`${k},${k >> 1},${k % 7}`);
      await writeFile(path.join(dir, 'g.csv'), `${lines.join('\n')}\n`);
      return ['estimate', path.join(dir, 'g.csv'), '--mean', 'y', '--by', 'g', '--json'];
    },
  },
];

const args = process.argv.slice(2);
const t = args.indexOf('--timeout');
const timeout = t >= 0 ? Number(args[t + 1]) : 60;
const filters = args.filter((a, i) => !a.startsWith('--') && (t < 0 || i !== t + 1));

console.log('| case | exit | time (s) | peak RSS (MB) | first line of stderr |');
console.log('|---|---|---|---|---|');
for (const c of cases) {
  if (filters.length > 0 && !filters.some((f) => c.name.includes(f))) continue;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'thinktank-bomb-'));
  try {
    const argv = await c.setup(dir);
    const result = spawnSync('timeout', ['-s', 'KILL', String(timeout), '/usr/bin/time', '-f', '%e %M', process.execPath, bin, ...argv], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 256 * 1024 * 1024,
    });
    const lines = result.stderr.trim().split('\n');
    const timing = /^(\d+\.\d+) (\d+)$/.exec(lines[lines.length - 1] ?? '');
    const killed = result.status === 137 || result.signal !== null;
    const exit = killed ? `killed at ${timeout} s` : String(result.status);
    const seconds = timing ? timing[1] : killed ? `>${timeout}` : '?';
    const rss = timing ? Math.round(Number(timing[2]) / 1024) : '?';
    const first = (lines.find((l) => /error|expected|warning|too big|refus/i.test(l)) ?? lines[0] ?? '').slice(0, 160).replace(/\|/g, '\\|');
    console.log(`| ${c.name} | ${exit} | ${seconds} | ${rss} | ${first} |`);
  } finally {
    await chmod(path.join(dir, 'ro'), 0o755).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
