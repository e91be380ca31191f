import { readFileSync } from 'node:fs';

/** The file the build writes beside the compiled bin: every help text, as `renderHelp` gives it. */
export const helpCacheName = 'help.json';

/** help.json: the version and the help text of each argument list (joined by spaces). */
export interface HelpCache {
  version: string;
  texts: Record<string, string>;
}

/**
 * The fixed answer to `--help`, `help`, `help CMD`, `CMD --help` (also `-h`) and `--version`, from the help cache
 * the build wrote, so those answer without loading yargs (about half the start-up time). Null for anything
 * else, when there is no cache (running from the sources) or when a line would need wrapping at `columns`.
 */
export function cachedAnswer(argv: readonly string[], cacheFile: URL, columns: number | undefined): string | null {
  const key = helpKey(argv);
  if (key === null) return null;
  let cache: HelpCache;
  try {
    cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as HelpCache;
  } catch {
    return null;
  }
  if (key === '--version') return `${cache.version}\n`;
  const text = cache.texts[key];
  if (text === undefined) return null;
  if (columns !== undefined && text.split('\n').some((line) => line.length > Math.min(120, columns))) return null;
  return text;
}

/** The cache key an argument list stands for, or null when its answer is not fixed text. */
function helpKey(argv: readonly string[]): string | null {
  const args = argv.map((a) => (a === '-h' ? '--help' : a));
  if (args.length === 1 && (args[0] === '--help' || args[0] === 'help')) return '--help';
  if (args.length === 1 && args[0] === '--version') return '--version';
  if (args.length === 2 && args[0] === 'help' && !args[1]!.startsWith('-')) return `${args[1]} --help`;
  if (args.length === 2 && args[1] === '--help' && !args[0]!.startsWith('-')) return `${args[0]} --help`;
  return null;
}
