import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Runs a poppler tool on PDF bytes (written to a temporary file) and returns its stdout. */
function poppler(tool: 'pdftotext' | 'pdffonts' | 'pdfinfo', bytes: Uint8Array, args: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-test-'));
  try {
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, bytes);
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of every page as pdftotext -layout reads it (index 0 is page 1). */
export function pageTexts(bytes: Uint8Array): string[] {
  const pages = poppler('pdftotext', bytes, ['-layout', '-enc', 'UTF-8']).split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

/** pdffonts' table rows: name, type, encoding, embedded, subset, unicode. */
export function fonts(bytes: Uint8Array): { name: string; emb: string; sub: string; uni: string }[] {
  return poppler('pdffonts', bytes, [])
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      return { name: cols[0] ?? '', emb: cols.at(-5) ?? '', sub: cols.at(-4) ?? '', uni: cols.at(-3) ?? '' };
    });
}

/** pdfinfo's fields. */
export function info(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of poppler('pdfinfo', bytes, []).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1] ?? ''] = m[2] ?? '';
  }
  return out;
}

/** Collapses runs of spaces, so laid-out text compares with model text. */
export function squash(text: string): string {
  return text.replace(/[ \u00a0]+/g, ' ');
}
