import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../pipeline/effects.js';
import { ingestFile } from '../../pipeline/ingest/index.js';
import { formatValidationSummary, validate, writeValidation } from '../../pipeline/validate/index.js';
import { ValidationSummary } from '../../schemas/validation.js';
import { codebook } from '../fixtures/ingest/fixture-codebook.js';

const fixtures = path.join(import.meta.dirname, '../fixtures/ingest');
const validation = validate(
  await ingestFile(path.join(fixtures, 'field-office.xlsx'), codebook, { display: 'field-office.xlsx' }, silentLogger),
  codebook,
);

describe('writeValidation', () => {
  it('writes summary.json, issues.xlsx and quarantine.xlsx, byte-identical on a second write', async () => {
    const one = await mkdtemp(path.join(os.tmpdir(), 'tt-val-'));
    const two = await mkdtemp(path.join(os.tmpdir(), 'tt-val-'));
    const written = await writeValidation(one, validation, { sourceDir: fixtures });
    await new Promise((resolve) => setTimeout(resolve, 2100)); // zip entry times have a 2-second resolution
    await writeValidation(two, validation, { sourceDir: fixtures });
    expect(written.map((f) => path.relative(one, f))).toEqual(['validation/summary.json', 'validation/issues.xlsx', 'validation/quarantine.xlsx']);
    for (const f of written) {
      const a = await readFile(f);
      const b = await readFile(path.join(two, path.relative(one, f)));
      expect(a.equals(b), f).toBe(true);
    }
  }, 15_000);

  it('writes a summary that parses with the schema, keys in a stable order', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tt-val-'));
    const [summaryPath] = await writeValidation(dir, validation);
    const text = await readFile(summaryPath!, 'utf8');
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['rows_read', 'rows_kept', 'rows_quarantined', 'rows_blank', 'errors', 'warnings', 'files', 'by_code', 'issues']);
    expect(ValidationSummary.parse(json)).toEqual(validation.summary);
  });

  it('writes one issue a row with an autofilter, a frozen header and a link to the cell', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tt-val-'));
    const [, issuesPath, quarantinePath] = await writeValidation(dir, validation, { sourceDir: fixtures });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(issuesPath!);
    const ws = wb.getWorksheet('issues')!;
    expect(ws.rowCount).toBe(1 + validation.issues.length);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getRow(1).values).toEqual([undefined, 'severity', 'code', 'file', 'sheet', 'cell', 'row', 'column', 'expected', 'found', 'message']);
    const k = validation.issues.findIndex((i) => i.cell === "'调查数据'!C5");
    const first = ws.getRow(2 + k);
    expect(first.getCell(5).value).toEqual({ text: "'调查数据'!C5", hyperlink: expect.stringMatching(/field-office\.xlsx#'调查数据'!C5$/) });
    expect(first.getCell(10).value).toBe(validation.issues[k]!.message);

    const q = new ExcelJS.Workbook();
    await q.xlsx.readFile(quarantinePath!);
    const qs = q.getWorksheet('quarantine')!;
    expect(qs.rowCount).toBe(1 + validation.quarantine.length);
    expect((qs.getRow(1).values as unknown[]).slice(1, 7)).toEqual(['file', 'sheet', 'row', 'codes', 'reasons', 'resp_id']);
    expect((qs.getRow(2).values as unknown[]).slice(1, 7)).toEqual(['field-office.xlsx', '调查数据', 5, 'invalid_integer', validation.quarantine[0]!.reasons[0], 'HRB-101']);
  });
});

describe('formatValidationSummary', () => {
  it('gives counts per file and type and the first issues, without colour', () => {
    expect(formatValidationSummary(validation.summary, { color: false })).toMatchInlineSnapshot(`
      "validation: 11 rows read, 6 kept, 5 quarantined, 1 blank row skipped; 5 errors, 1 warning
        field-office.xlsx  11 read, 6 kept, 5 quarantined, 1 blank  5 errors, 1 warning
        by type: duplicate_id 1, invalid_code 1, invalid_integer 1, invalid_number 1, required 1, unmapped_column 1
        error: field-office.xlsx '调查数据'!C5 (employees): expected an integer >= 0, found "n/a"
        error: field-office.xlsx '调查数据'!J8 (satisfaction): expected one of the codes 1, 2, 3, 4, 5, found "6"
        error: field-office.xlsx '调查数据'!A11 (resp_id): expected a value (the question is required), found a blank cell
        error: field-office.xlsx '调查数据'!A12 (resp_id): expected a unique value, found "HRB-002" again (first at field-office.xlsx '调查数据'!A6)
        error: field-office.xlsx '调查数据'!D14 (revenue): expected a number >= 0, found the date "2026-07-15"
        warning: field-office.xlsx '调查数据'!L3: expected a header matching a codebook variable (name, label or alias), found the header "备注"; the column is ignored"
    `);
  });
  it('colours errors red when asked', () => {
    expect(formatValidationSummary(validation.summary, { color: true })).toContain('\u001b[31m5 errors\u001b[0m');
  });
});
