import * as vega from 'vega';

/** A vega-util logger that hands warnings to `warn` and throws on errors. */
export function collectingLogger(warn: (message: string) => void): vega.LoggerInterface {
  let current = vega.Warn;
  const text = (args: readonly unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger = {
    level(level?: number) {
      if (level === undefined) return current;
      current = level;
      return logger;
    },
    error(...args: readonly unknown[]) {
      throw new Error(`chart: Vega error: ${text(args)}`);
    },
    warn(...args: readonly unknown[]) {
      warn(text(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as unknown as vega.LoggerInterface;
}
