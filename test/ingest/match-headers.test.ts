import { describe, expect, it } from 'vitest';
import { buildHeaderMatcher } from '../../pipeline/ingest/match-headers.js';
import { normalizeHeader } from '../../pipeline/ingest/normalize-header.js';
import { codebook } from '../fixtures/ingest/fixture-codebook.js';

describe('normalizeHeader', () => {
  it('folds width, case, brackets and spacing', () => {
    expect(normalizeHeader('营业收入（万元） ')).toBe('营业收入(万元)');
    expect(normalizeHeader('营业收入 (万元)')).toBe('营业收入(万元)');
    expect(normalizeHeader('ＥＭＰＬＯＹＥＥＳ')).toBe('employees');
    expect(normalizeHeader('Revenue\n  (10k   Yuan)')).toBe('revenue(10k yuan)');
    expect(normalizeHeader('【备注】：')).toBe('[备注]');
  });
});

describe('buildHeaderMatcher', () => {
  const matcher = buildHeaderMatcher(codebook);
  it('matches names, aliases and labels in either language', () => {
    expect(matcher.match(['resp_id'])).toBe('resp_id');
    expect(matcher.match(['编号'])).toBe('resp_id');
    expect(matcher.match(['QUESTIONNAIRE ID'])).toBe('resp_id');
    expect(matcher.match(['所在市'])).toBe('region');
  });
  it('matches without the unit, without question numbers, and through two-level headers', () => {
    expect(matcher.match(['从业人员数'])).toBe('employees');
    expect(matcher.match(['营业收入'])).toBe('revenue');
    expect(matcher.match(['Q3. 营业收入（万元）'])).toBe('revenue');
    expect(matcher.match(['企业规模', '从业人员数(人)'])).toBe('employees');
  });
  it('matches nothing for unknown headers and object internals', () => {
    for (const h of ['备注', '__proto__', 'constructor', 'toString', '']) expect(matcher.match([h]), h).toBeNull();
  });
  it('scores a header row by the distinct variables it names', () => {
    expect(matcher.score(['编号', 'resp_id', '所在市', null, '备注'])).toBe(2);
    expect(matcher.score(['2026年企业创新调查', null])).toBe(0);
  });
  it('leaves a label shared by two variables to neither', () => {
    const shared = buildHeaderMatcher([
      { name: 'a', type: 'text', label: { zh: '其他', en: 'Other' } },
      { name: 'b', type: 'text', label: { zh: '其他', en: 'Other (b)' } },
    ]);
    expect(shared.match(['其他'])).toBeNull();
    expect(shared.match(['b'])).toBe('b');
  });
});
