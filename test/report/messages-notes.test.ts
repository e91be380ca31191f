import { describe, expect, it } from 'vitest';
import { notesAsFor } from '../../pipeline/report/messages-notes.js';

describe('notesAsFor', () => {
  it('names the table whose notes and source a table shares, in each language', () => {
    expect(notesAsFor('en', { notes: ['Table 3.3'], source: 'Table 3.3', other: false })).toBe('Notes and source as for Table 3.3.');
    expect(notesAsFor('zh', { notes: ['表3.3'], source: '表3.3', other: false })).toBe('注及资料来源同表3.3。');
  });

  it('says "other notes" when the table prints notes of its own, and names notes and source apart when they come from different tables', () => {
    expect(notesAsFor('en', { notes: ['Table 3.3'], source: 'Table 3.1', other: true })).toBe('Other notes as for Table 3.3; source as for Table 3.1.');
    expect(notesAsFor('zh', { notes: ['表4.4', '表4.6'], source: '表4.1', other: false })).toBe('注同表4.4、表4.6；资料来源同表4.1。');
    expect(notesAsFor('en', { notes: ['Table 4.4', 'Table 4.6', 'Table 4.7'], source: null, other: false })).toBe('Notes as for Table 4.4, Table 4.6 and Table 4.7.');
  });

  it('refers to the source alone when only the source is shared', () => {
    expect(notesAsFor('en', { notes: [], source: 'Table 8.1', other: true })).toBe('Source as for Table 8.1.');
    expect(notesAsFor('zh', { notes: [], source: '表8.1', other: true })).toBe('资料来源同表8.1。');
  });
});
