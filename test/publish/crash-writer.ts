/**
 * Helper process for the crash test: starts replacing a file with writeFileAtomic from a slow stream of
 * chunks and reports on stdout once part of the new content is on disk, so the test can SIGKILL it midway.
 *
 *   node --import tsx test/publish/crash-writer.ts TARGET
 */
import { writeFileAtomic } from '../../pipeline/publish/write-atomic.js';

const target = process.argv[2] as string;
async function* chunks(): AsyncGenerator<string> {
  for (let i = 0; ; i++) {
    yield `new content, chunk ${i}\n`;
    if (i === 3) process.stdout.write('midway\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
await writeFileAtomic(target, chunks());
