import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Codebook } from '../../schemas/codebook.js';
import { readCodebook } from '../../pipeline/ingest/read-codebook.js';
import { readPdf } from '../helpers/pdf-text.js';

/**
 * Reads every report of the example as a reader gets it (pdf.js text) and checks what no report may print: a
 * variable name or a skip expression, a significance mark beside a difference whose printed interval holds
 * zero, or a degenerate interval such as "(0–0)". Runs over the outputs of `npm start` in this checkout.
 */
const root = path.join(import.meta.dirname, '../..');
const reports = path.join(root, 'outputs/heilongjiang-2026/reports');
const texts = new Map<string, string>();
let codebook: Codebook = [];

/** A number as printed: "−1,234.5" -> -1234.5. */
function number(text: string): number {
  return Number(text.replace(/−/g, '-').replace(/,/g, ''));
}

beforeAll(async () => {
  codebook = await readCodebook(path.join(root, 'inputs/heilongjiang-2026/codebook.xlsx'));
  const files = readdirSync(reports).filter((f) => f.endsWith('.pdf'));
  await Promise.all(
    files.map(async (f) => {
      const pdf = await readPdf(path.join(reports, f));
      texts.set(f, pdf.pages.join('\n').replace(/[ \t\u00a0]+/g, ' '));
    }),
  );
}, 120_000);

describe('the text of all 28 example reports', () => {
  it('are 28: the province and 13 prefectures in Chinese and English', () => {
    expect(texts.size).toBe(28);
  });

  it('print no variable name and no skip or rule expression', () => {
    // a name that is also a word of some label or answer ("employees") cannot be told apart from prose
    const words = JSON.stringify(codebook.map((v) => [v.label, v.codes, v.unit]));
    const names = codebook.map((v) => v.name).filter((name) => !new RegExp(`\\b${name}\\b`, 'i').test(words));
    expect(names.length).toBeGreaterThan(30);
    const found: string[] = [];
    for (const [file, text] of texts) {
      for (const name of names) if (new RegExp(`\\b${name}\\b`).test(text)) found.push(`${file}: ${name}`);
      const expression = /\b[A-Za-z_]\w*\s*(==|!=|<=|>=)\s*\w+/.exec(text);
      if (expression) found.push(`${file}: ${expression[0]}`);
      if (text.includes('{{')) found.push(`${file}: an unresolved {{ reference`);
    }
    expect(found).toEqual([]);
  });

  it('mark a difference significant only where its printed interval excludes zero', () => {
    const marked = /(−?\d[\d,.]*)\s*†?\s*\*\s*†?\s*\((−?[\d.,]+)(?:–|, )(−?[\d.,]+)\)/g;
    let count = 0;
    const contradicted: string[] = [];
    for (const [file, text] of texts) {
      for (const m of text.matchAll(marked)) {
        count++;
        const low = number(m[2] ?? '');
        const high = number(m[3] ?? '');
        if (!(low > 0 || high < 0)) contradicted.push(`${file}: ${m[0]}`);
      }
    }
    expect(count).toBeGreaterThan(0);
    expect(contradicted).toEqual([]);
  });

  it('print no degenerate interval such as "(0–0)"', () => {
    const degenerate = /\((−?[\d.,]+%?)(?:–|, | to |至)\1\)/g;
    const found: string[] = [];
    for (const [file, text] of texts) for (const m of text.matchAll(degenerate)) found.push(`${file}: ${m[0]}`);
    expect(found).toEqual([]);
  });

  it('give each report its own executive summary, a key-indicators table and a citation in both languages', () => {
    for (const [file, text] of texts) {
      const zh = file.endsWith('.zh.pdf');
      expect(text, file).toContain(zh ? '建议引用格式' : 'Suggested citation');
      expect(text, file).toContain('龙江创新发展研究院');
      expect(text, file).toContain('Longjiang Institute for Innovation and Development Studies');
      expect(text, file).toContain(zh ? '主要指标：全省及各市（地）' : 'Key indicators: the province and each prefecture');
      expect(text, file).toContain(zh ? '术语表' : 'Glossary');
    }
    // a region's own narrative, never the province's
    expect(texts.get('heilongjiang-2026-232700.en.pdf')).toContain('Da Hinggan Ling has the smallest sample in the province');
    expect(texts.get('heilongjiang-2026-230200.en.pdf')).not.toContain('Talent is the province');
  });
});
