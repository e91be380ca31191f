import path from 'node:path';
import { fileNamePart } from '../publish/file-name-part.js';
import { writeFileAtomic } from '../publish/write-atomic.js';

export { fileNamePart };

/**
 * Writes rendered reports to `outDir/reports/<file>` atomically and returns the written paths in the order
 * given. A file name with a folder part, or two reports with the same name, is a bug and throws.
 */
export async function writeReports(outDir: string, reports: { file: string; bytes: Uint8Array }[]): Promise<string[]> {
  const seen = new Set<string>();
  for (const { file } of reports) {
    if (file !== path.basename(file) || file === '' || file.startsWith('.')) throw new Error(`report file name "${file}" must be a plain file name`);
    if (seen.has(file)) throw new Error(`two reports would both be written to ${file}`);
    seen.add(file);
  }
  const written: string[] = [];
  for (const { file, bytes } of reports) {
    const target = path.join(outDir, 'reports', file);
    await writeFileAtomic(target, bytes);
    written.push(target);
  }
  return written;
}

/**
 * The file name of a report: `<survey-id>-province.<lang>.pdf` or `<survey-id>-<region-code>.<lang>.pdf`, the
 * scope made file-name safe by `fileNamePart` (region codes come from the data or the codebook).
 */
export function reportFileName(surveyId: string, scope: string, lang: string): string {
  return `${surveyId}-${fileNamePart(scope)}.${lang}.pdf`;
}
