import { describe, expect, it } from 'vitest';
import { buildModelTable } from '../../pipeline/report/build/build-model-table.js';
import type { Codebook } from '../../schemas/codebook.js';
import type { Model } from '../../schemas/estimates.js';
import { TableBlock } from '../../schemas/report-model.js';

const codebook: Codebook = [
  { name: 'employees', type: 'integer', label: { zh: '从业人员数', en: 'Number of employees' } },
  {
    name: 'sector',
    type: 'single',
    label: { zh: '单位类型', en: 'Type of organisation' },
    codes: [
      { code: 1, label: { zh: '规上工业', en: 'Large industry' } },
      { code: 2, label: { zh: '中小微企业', en: 'SME' } },
    ],
  },
];
const coef = (term: string, variable: string | null, level: string | null, estimate: number, p: number) => ({
  term, variable, level, estimate, se: 0.1, ci_low: estimate - 0.2, ci_high: estimate + 0.2, p,
  odds_ratio: Math.exp(estimate), or_low: Math.exp(estimate - 0.2), or_high: Math.exp(estimate + 0.2),
});
const model: Model = {
  name: 'ai_adoption',
  formula: 'I(ai_stage >= 3) ~ log(employees) + sector',
  family: 'quasibinomial',
  n: 1204,
  df: 42,
  coefficients: [coef('(Intercept)', null, null, -2, 0), coef('log(employees)', 'employees', null, 0.4, 0.0001), coef('sector2', 'sector', '2', 0.1, 0.3)],
};
const place = { id: 'model-ai', number: '4.2', label: 'Table 4.2', caption: 'What goes with AI adoption', level: 0.95 };

describe('buildModelTable', () => {
  it('gives one row per coefficient but the intercept, labelled from the codebook, with odds ratios, intervals and p', () => {
    const en = TableBlock.parse(buildModelTable(model, codebook, 'en', place));
    expect(en.body_rows.map((r) => r.cells.map((c) => c.value))).toEqual([
      ['Number of employees (log)', Math.exp(0.4), `${Math.exp(0.2).toFixed(2)}–${Math.exp(0.6).toFixed(2)}`, '< 0.001'],
      ['Type of organisation: SME', Math.exp(0.1), `${Math.exp(-0.1).toFixed(2)}–${Math.exp(0.3).toFixed(2)}`, '0.300'],
    ]);
    expect(en.body_rows[0]!.cells[1]!.mark).toBe('*');
    expect(en.body_rows[1]!.cells[1]!.mark).toBeNull();
    expect(en.notes[0]).toBe('Reference: Type of organisation: Large industry.');
    expect(en.notes[1]).toContain('42 degrees of freedom; n = 1,204');
  });

  it('writes the same table in Chinese', () => {
    const zh = buildModelTable(model, codebook, 'zh', place);
    expect(zh.header_rows[0]!.map((h) => h.text)).toEqual(['特征', '比值比', '95%置信区间', 'p值']);
    expect(zh.body_rows[1]!.cells[0]!.value).toBe('单位类型：中小微企业');
    expect(zh.notes[0]).toBe('参照组：单位类型：规上工业。');
  });
});
