/**
 * Measuring a command from outside: wall time, CPU time (user + system) and peak RSS, read from GNU time
 * (`/usr/bin/time -f`), which gets them from the kernel for the whole child process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** One measured run. Times in milliseconds, memory in MiB. */
export interface Measurement {
  wall_ms: number;
  cpu_ms: number;
  peak_rss_mb: number;
  stdout: string;
}

/** Whether a program is on PATH. */
export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/** Runs `command args` once under GNU time; throws with its stderr when it fails. */
export function measureOnce(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Measurement {
  if (!existsSync('/usr/bin/time')) throw new Error('GNU time (/usr/bin/time) is needed: apt-get install -y time');
  const result = spawnSync('/usr/bin/time', ['-f', '@@time %e %U %S %M', command, ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = result.stderr.split('\n').find((l) => l.startsWith('@@time '));
  if (result.status !== 0 || !line) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  }
  const [wall, user, sys, rssKb] = line.slice(7).split(' ').map(Number) as [number, number, number, number];
  return { wall_ms: wall * 1000, cpu_ms: (user + sys) * 1000, peak_rss_mb: rssKb / 1024, stdout: result.stdout };
}

/** Runs a command `repeat` times and keeps the median of each figure (times drift; medians hold). */
export function measure(command: string, args: string[], repeat: number, env?: NodeJS.ProcessEnv): Measurement {
  const runs = Array.from({ length: repeat }, () => measureOnce(command, args, env));
  const median = (pick: (m: Measurement) => number) => {
    const sorted = runs.map(pick).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  return {
    wall_ms: median((m) => m.wall_ms),
    cpu_ms: median((m) => m.cpu_ms),
    peak_rss_mb: median((m) => m.peak_rss_mb),
    stdout: runs[runs.length - 1]!.stdout,
  };
}
