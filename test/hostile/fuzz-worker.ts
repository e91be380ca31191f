/**
 * The child process of fuzz.test.ts: mutates valid .xlsx and .csv files of the corpus (byte flips, truncation,
 * zip directory fields, damaged XML inside the zip, CSV quoting and encoding), and every third case makes a
 * text of its own instead (a CSV header of up to 20,000 fields, a skip_if/rule expression up to 90 deep or
 * thousands of tokens long, a responses glob matched against 20 names, damaged codebook JSON), and runs each through the CLI
 * in-process (`thinktank validate FILE --codebook ...`, sometimes `thinktank estimate`), until the time budget
 * is spent. Case `i` is made from a generator seeded with (seed, i) alone, so any case can be replayed. Prints
 * one JSON line per case start and end; an uncaught exception or unhandled rejection is reported as `fatal`.
 *
 *   node --max-old-space-size=256 --import tsx test/hostile/fuzz-worker.ts SEED BUDGET_MS [--case I --save FILE]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../pipeline/cli/main.js';
import { InputError } from '../../pipeline/errors.js';
import { compileGlob } from '../../pipeline/ingest/match-glob.js';
import { memoryLogger } from '../../pipeline/effects.js';
import { makeZip } from '../fixtures/hostile/build-corpus.js';
import { unzip } from './unzip.js';

/** The largest case file. */
const MAX_CASE_BYTES = 4 * 1024 * 1024;

const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hostile');

/** A seeded pseudo-random source (mulberry32) with helpers. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof generator>;

const xlsxSeeds = ['files/valid.xlsx', 'files/odd-numbers.xlsx', 'files/huge-dimension.xlsx', 'files/control-chars.xlsx', 'files/proto-headers.xlsx', 'files/duplicate-headers.xlsx'];
const csvSeeds = ['files/valid.csv', 'survey/responses/good.csv', 'files/control-chars.csv', 'files/odd-numbers.csv', 'files/proto-headers.csv'];

const xmlTokens = [
  '<', '>', '&', '&amp', '&#0;', '&#xFFFFFFFF;', '&#xD800;', '&bogus;', '<!DOCTYPE x>', '<![CDATA[', ']]>', '"', "'", '<!--', '-->', '<?x?>',
  ' r="A0"', ' r="XFD1048577"', ' r="ZZZZZZZZ1"', ' r=""', ' t="s"', ' t="e"', ' t="d"', ' t="b"', ' t="inlineStr"', ' t="str"', ' s="999"',
  '<v>1e309</v>', '<v>-0</v>', '<v>NaN</v>', '<v>99999999999999999999</v>', '<v>-1</v>', '<v>4294967296</v>', '<v></v>',
  '<c r="A1">', '<c>', '</c>', '<row>', '</row>', '<row r="0">', '<row r="99999999999">', '<row r="-5">', '<si>', '</si>', '<t>', '</t>', '</sst>',
  '<f>SUM(A1)</f>', '<is><t>x</t></is>', '_x0000_', '_x001B_', '\u0000', '\u0001', '\uFFFE', '\uD800', '哈尔滨', '\u202E',
  '<mergeCell ref="A1:XFD1048576"/>', '<mergeCells><mergeCell ref="A1:B2"/></mergeCells>', '<dimension ref="A1:XFD1048576"/>',
  '<sheet name="x" sheetId="9" r:id="rId99"/>', '<sheet name="" r:id="rId1"/>', 'Target="../../../../etc/passwd"', 'Target="/xl/worksheets/sheet1.xml"',
  '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>', 'date1904="1"', 'state="hidden"',
];
const csvTokens = [
  '"', '""', ',', '\n', '\r', '\r\n', '\u0000', '\uFEFF', '=cmd|\' /C calc\'!A0', '1e309', 'NaN', '-0', '1,234,567', '  ', '\t', ';', '哈尔滨市',
  '\u202E', '\u001b[31m', '__proto__', 'constructor',
];

/** Replaces, inserts or deletes a span of a string. */
function mutateText(text: string, r: Random, tokens: readonly string[]): string {
  const at = r.int(text.length + 1);
  switch (r.int(6)) {
    case 0:
      return text.slice(0, at) + r.pick(tokens) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + r.int(40));
    case 2: {
      const span = text.slice(at, at + 1 + r.int(200));
      return text.slice(0, at) + span.repeat(1 + r.int(50)) + text.slice(at);
    }
    case 3:
      return text.slice(0, at) + r.pick(tokens).repeat(1 + r.int(5000)) + text.slice(at);
    case 4:
      return text.slice(0, at) + 'x'.repeat(r.int(70_000)) + text.slice(at);
    default:
      return text.slice(0, at) + String.fromCharCode(r.int(0x10000)) + text.slice(at + 1);
  }
}

/** Byte-level damage: bit flips, random runs, truncation, a duplicated slice. */
function mutateBytes(bytes: Buffer, r: Random): { bytes: Buffer; what: string } {
  const out = Buffer.from(bytes);
  switch (r.int(4)) {
    case 0: {
      const flips = 1 + r.int(8);
      for (let k = 0; k < flips; k++) {
        const i = r.int(out.length);
        out[i] = out[i]! ^ (1 << r.int(8));
      }
      return { bytes: out, what: `flip ${flips} bits` };
    }
    case 1: {
      const at = r.int(out.length);
      const n = Math.min(out.length - at, 1 + r.int(64));
      for (let k = 0; k < n; k++) out[at + k] = r.int(256);
      return { bytes: out, what: `random ${n} bytes at ${at}` };
    }
    case 2: {
      const length = r.int(out.length);
      return { bytes: out.subarray(0, length), what: `truncate to ${length}` };
    }
    default: {
      const at = r.int(out.length);
      const slice = out.subarray(at, at + 1 + r.int(512));
      return { bytes: Buffer.concat([out.subarray(0, at), slice, slice, out.subarray(at)]), what: `duplicate ${slice.length} bytes at ${at}` };
    }
  }
}

/** Damages one field of one central directory entry (sizes, offset, method, flags, name length). */
function mutateZipDirectory(bytes: Buffer, r: Random): { bytes: Buffer; what: string } {
  const out = Buffer.from(bytes);
  const entries: number[] = [];
  for (let i = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i >= 0; i = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)) entries.push(i);
  if (entries.length === 0) return mutateBytes(bytes, r);
  const at = r.pick(entries);
  const fields: [string, number, number][] = [
    ['flags', 8, 2],
    ['method', 10, 2],
    ['crc', 16, 4],
    ['compressed size', 20, 4],
    ['size', 24, 4],
    ['name length', 28, 2],
    ['extra length', 30, 2],
    ['local offset', 42, 4],
  ];
  const [name, offset, width] = r.pick(fields);
  const values = width === 2 ? [0, 1, 0xffff, r.int(0x10000)] : [0, 1, 0xffffffff, 0x7fffffff, r.int(0x100000000)];
  const value = r.pick(values);
  if (width === 2) out.writeUInt16LE(value, at + offset);
  else out.writeUInt32LE(value >>> 0, at + offset);
  return { bytes: out, what: `central directory ${name} = ${value}` };
}

/** Damages the XML of one part inside the zip and zips it again. */
function mutateZipXml(bytes: Buffer, r: Random): { bytes: Buffer; what: string } {
  const parts = [...unzip(bytes).entries()];
  const k = r.int(parts.length);
  const [name, data] = parts[k]!;
  let text = data.toString('utf8');
  const times = 1 + r.int(3);
  for (let i = 0; i < times; i++) text = mutateText(text, r, xmlTokens);
  parts[k] = [name, Buffer.from(text, 'utf8')];
  return { bytes: makeZip(parts.map(([n, d]) => ({ name: n, data: d }))), what: `${times} XML edits in ${name}` };
}

/** Damages a CSV: text edits, or bytes that are not UTF-8 (lone continuation bytes, GBK, a UTF-16 BOM). */
function mutateCsv(bytes: Buffer, r: Random): { bytes: Buffer; what: string } {
  if (r.int(3) === 0) {
    const at = r.int(bytes.length + 1);
    const junk = r.pick([Buffer.from([0xff, 0xfe]), Buffer.from([0xc3]), Buffer.from([0xb9, 0xfe, 0xb6, 0xfb]), Buffer.from([0x80, 0x80, 0x80]), Buffer.from([0xef, 0xbb, 0xbf])]);
    return { bytes: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]), what: `bytes ${junk.toString('hex')} at ${at}` };
  }
  let text = bytes.toString('utf8');
  const times = 1 + r.int(4);
  for (let i = 0; i < times; i++) text = mutateText(text, r, csvTokens);
  // the header line repeated (cut first: an earlier edit may have made it 70,000 characters long)
  if (r.int(8) === 0) text = `${text.split('\n')[0]!.slice(0, 2000)}\n`.repeat(1 + r.int(3000)) + text;
  if (r.int(8) === 0) text = text.replace(/\n/, `${','.repeat(r.int(20_000))}\n`);
  return { bytes: Buffer.from(text, 'utf8'), what: `${times} CSV edits` };
}

/** One fuzz case: which seed, which damage, which command. */
export async function makeCase(seed: number, index: number): Promise<{ ext: '.xlsx' | '.csv'; bytes: Buffer; what: string; command: 'validate' | 'estimate' }> {
  const r = generator((seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0);
  const xlsx = r.next() < 0.6;
  const source = xlsx ? r.pick(xlsxSeeds) : r.pick(csvSeeds);
  let bytes: Buffer = await readFile(path.join(corpus, source));
  const done: string[] = [];
  const rounds = 1 + r.int(2);
  for (let k = 0; k < rounds; k++) {
    const mutation = xlsx ? r.pick([mutateBytes, mutateZipDirectory, mutateZipXml, mutateZipXml]) : r.pick([mutateBytes, mutateCsv, mutateCsv]);
    let result: { bytes: Buffer; what: string };
    try {
      result = mutation(bytes, r);
    } catch {
      // an earlier round left a zip our test reader cannot take apart: damage its bytes instead
      result = mutateBytes(bytes, r);
    }
    bytes = result.bytes;
    done.push(result.what);
  }
  // a damaged file, not a big one: memory is checked against small inputs (big files are the limits' business)
  if (bytes.length > MAX_CASE_BYTES) {
    bytes = bytes.subarray(0, MAX_CASE_BYTES);
    done.push(`cut to ${MAX_CASE_BYTES} bytes`);
  }
  const command = r.next() < 0.2 ? 'estimate' : 'validate';
  return { ext: xlsx ? '.xlsx' : '.csv', bytes, what: `${source}: ${done.join('; ')}`, command };
}

/** The kinds of text case (issue 18): a CSV header, a skip/rule expression, a responses glob, codebook JSON. */
const textKinds = ['csv header', 'expression', 'glob', 'codebook json'] as const;
type TextKind = (typeof textKinds)[number];

/** Every third case is a text case, the kinds in turn; the rest are damaged files (makeCase). */
export function textKindOf(index: number): TextKind | null {
  return index % 3 === 2 ? textKinds[Math.floor(index / 3) % textKinds.length]! : null;
}

const headerTokens = ['resp_id', 'region', 'employees', 'comment', '所在市', '', ' ', '"', '""', '"a,b"', '"a\nb"', '\uFEFF', '\u0000', '\u001b[2J', '__proto__', 'constructor', ';', '\t', '=1+1'];
const exprTokens = ['employees', 'region', 'comment', '==', '=', '!=', '<>', '<', '>=', 'and', 'or', 'not', '!', '&&', '||', 'is', 'blank', '(', ')', '1', '-1', '1e309', '"x"', "'", '"', '230100', '哈', '\u0000'];
const globTokens = ['*', '**/', '**', '?', '{', '}', ',', '[', ']', '!', '-', 'a', 'b', '/', '.csv', 'z-a', 'a-z', '哈', '\\', '.', '(', ')', '+', '^', '$'];
const jsonTokens = ['[', ']', '{', '}', '"', ',', ':', 'null', 'true', '1e309', '-0', '"codes":[', '"rule":"(', '"type":"single"', '\\u0000', '"__proto__":{}', '[[[[[[[[', '{"a":'];

/** A random expression: grammar-built, `depth` deep at most, then sometimes damaged token by token. */
function randomExpression(r: Random, depth: number): string {
  if (depth <= 0 || r.int(4) === 0) return `${r.pick(['employees', 'region', '1', '"x"'])} ${r.pick(['==', '<', '!=', '>='])} ${r.pick(['1', '230100', 'employees', "'a'"])}`;
  switch (r.int(4)) {
    case 0:
      return `(${randomExpression(r, depth - 1)})`;
    case 1:
      return `not ${randomExpression(r, depth - 1)}`;
    default:
      return `${randomExpression(r, depth - 1)} ${r.pick(['and', 'or'])} ${randomExpression(r, depth - 1)}`;
  }
}

/** One text case: what to run (a CLI call, or a direct glob check) and how it was made. */
export async function makeTextCase(seed: number, index: number, kind: TextKind, dir: string): Promise<{ what: string; argv: string[] | null; glob?: { pattern: string; names: string[] } }> {
  const r = generator((seed ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const codebookFile = path.join(corpus, 'survey', 'codebook.json');
  const data = path.join(corpus, 'survey', 'responses', 'good.csv');
  switch (kind) {
    case 'csv header': {
      const n = r.pick([3, 10, 200, 5000, 20_000]);
      const fields = Array.from({ length: n }, () => (r.int(3) === 0 ? r.pick(headerTokens).repeat(1 + r.int(3)) : `c${r.int(1000)}`));
      for (let k = 0; k < 4 && k < n; k++) fields[r.int(n)] = r.pick(['resp_id', 'region', 'employees']);
      let header = fields.join(r.int(4) === 0 ? ';' : ',');
      if (r.int(5) === 0) header = mutateText(header, r, csvTokens);
      const file = path.join(dir, 'header.csv');
      await writeFile(file, `${header}\nH-1,230100,5,x\nH-2,230200,9,y\n`);
      return { what: `header of ${n} fields`, argv: ['validate', file, '--codebook', codebookFile] };
    }
    case 'expression': {
      let rule = r.int(5) === 0 ? Array.from({ length: 1 + r.int(3000) }, () => r.pick(exprTokens)).join(' ') : randomExpression(r, 1 + r.int(r.int(3) === 0 ? 90 : 8));
      if (r.int(3) === 0) rule = mutateText(rule, r, exprTokens);
      const codebook = JSON.parse(await readFile(codebookFile, 'utf8')) as Record<string, unknown>[];
      codebook[2]![r.int(2) === 0 ? 'rule' : 'skip_if'] = rule;
      const file = path.join(dir, 'codebook.json');
      await writeFile(file, JSON.stringify(codebook));
      return { what: `expression of ${rule.length} characters`, argv: ['validate', data, '--codebook', file] };
    }
    case 'glob': {
      const pattern = Array.from({ length: 1 + r.int(60) }, () => r.pick(globTokens)).join('');
      const names = Array.from({ length: 20 }, () => Array.from({ length: r.int(200) }, () => r.pick(['a', 'b', '/', '.', 'c', '哈', 'ab/'])).join(''));
      return { what: `glob ${JSON.stringify(pattern.slice(0, 80))}`, argv: null, glob: { pattern, names } };
    }
    default: {
      let text = await readFile(codebookFile, 'utf8');
      const times = 1 + r.int(4);
      for (let k = 0; k < times; k++) text = mutateText(text, r, jsonTokens);
      if (r.int(6) === 0) text = `${'['.repeat(r.int(200_000))}${text}`;
      const file = path.join(dir, 'codebook.json');
      await writeFile(file, text.slice(0, MAX_CASE_BYTES));
      return { what: `${times} JSON edits`, argv: ['validate', data, '--codebook', file] };
    }
  }
}

/** Runs a glob case in this process: 0 when it compiles and matches, 1 for an InputError, 70 for anything else. */
function runGlob(glob: { pattern: string; names: string[] }): { code: number; message: string } {
  try {
    const compiled = compileGlob(glob.pattern);
    for (const name of glob.names) compiled.test(name);
    return { code: 0, message: '' };
  } catch (error) {
    return error instanceof InputError ? { code: 1, message: error.message } : { code: 70, message: String((error as Error)?.stack ?? error) };
  }
}

function say(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function runCase(dir: string, index: number, seed: number): Promise<void> {
  const kind = textKindOf(index);
  if (kind !== null) {
    const made = await makeTextCase(seed, index, kind, dir);
    say({ start: index, what: `${kind}: ${made.what}`, command: made.argv?.[0] ?? 'glob' });
    const started = performance.now();
    let code: number;
    let text: string;
    if (made.glob) ({ code, message: text } = runGlob(made.glob));
    else {
      const log = memoryLogger();
      code = await main(made.argv!, { log, now: () => new Date(0), stdout: () => undefined, env: { NO_COLOR: '1' }, isTTY: false, cwd: dir });
      text = log.lines.join('\n');
    }
    say({
      done: index,
      code,
      ms: Math.round(performance.now() - started),
      rss: process.memoryUsage().rss,
      stack: /^\s+at .+:\d+:\d+\)?$/m.test(text),
      message: code === 0 ? '' : text.slice(0, 300),
    });
    return;
  }
  const made = await makeCase(seed, index);
  const file = path.join(dir, `case${made.ext}`);
  await writeFile(file, made.bytes);
  say({ start: index, what: made.what, command: made.command });
  const log = memoryLogger();
  const effects = { log, now: () => new Date(0), stdout: () => undefined, env: { NO_COLOR: '1' }, isTTY: false, cwd: dir };
  const argv =
    made.command === 'validate'
      ? ['validate', file, '--codebook', path.join(corpus, 'survey', 'codebook.json')]
      : ['estimate', file, '--mean', 'employees', '--prop', 'region', '--json'];
  const started = performance.now();
  const code = await main(argv, effects);
  const text = log.lines.join('\n');
  say({
    done: index,
    code,
    ms: Math.round(performance.now() - started),
    rss: process.memoryUsage().rss,
    stack: /^\s+at .+:\d+:\d+\)?$/m.test(text),
    message: code === 0 ? '' : (log.lines.find((l) => l.startsWith('error:')) ?? text).slice(0, 300),
  });
}

const [seedArg, budgetArg] = process.argv.slice(2);
const seed = Number(seedArg ?? 1);
const budget = Number(budgetArg ?? 20_000);
const only = process.argv.indexOf('--case');
const save = process.argv.indexOf('--save');

process.on('uncaughtException', (error) => {
  say({ fatal: 'uncaughtException', message: String(error?.stack ?? error) });
  process.exit(3);
});
process.on('unhandledRejection', (error) => {
  say({ fatal: 'unhandledRejection', message: String((error as Error)?.stack ?? error) });
  process.exit(3);
});

if (only > 0) {
  const index = Number(process.argv[only + 1]);
  const kind = textKindOf(index);
  if (kind !== null) {
    // a text case: its files are written to a folder that is kept, and the command printed
    const dir = await mkdtemp(path.join(os.tmpdir(), 'thinktank-fuzz-case-'));
    const text = await makeTextCase(seed, index, kind, dir);
    say({ case: index, what: `${kind}: ${text.what}`, argv: text.argv, glob: text.glob?.pattern });
    process.exit(0);
  }
  const made = await makeCase(seed, index);
  if (save > 0) await writeFile(process.argv[save + 1]!, made.bytes);
  say({ case: index, what: made.what, command: made.command });
} else {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'thinktank-fuzz-'));
  const started = performance.now();
  let index = 0;
  try {
    while (performance.now() - started < budget) await runCase(dir, index++, seed);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  say({ finished: index });
}
