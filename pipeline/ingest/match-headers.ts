import type { Codebook } from '../../schemas/codebook.js';
import { normalizeHeader } from './normalize-header.js';

/** Finds the codebook variable a header names. */
export interface HeaderMatcher {
  /** The variable a column's header texts (top to bottom) name, or null. */
  match(texts: readonly string[]): string | null;
  /** How many distinct variables a candidate header row names (the header-row score). */
  score(texts: readonly (string | null)[]): number;
}

// name > alias > label: a header equal to one variable's name wins over another's label
const PRIORITY = { name: 4, alias: 3, label: 2, bare: 1 } as const;

/**
 * Builds the header matcher of a codebook: a header matches a variable by its name, any alias or its zh/en
 * label, compared after normalizeHeader (case, full/half width, spacing, brackets). A key shared by two variables
 * at the same priority matches neither. Also tried: the header without a trailing unit in brackets
 * (`员工人数（人）`), without leading question numbers (`Q3.`, `3、`), and two-level headers joined with a space.
 */
export function buildHeaderMatcher(codebook: Codebook): HeaderMatcher {
  const index = new Map<string, { variable: string | null; priority: number }>();
  const add = (key: string, variable: string, priority: number) => {
    const k = normalizeHeader(key);
    if (k === '') return;
    const existing = index.get(k);
    if (!existing || existing.priority < priority) index.set(k, { variable, priority });
    else if (existing.priority === priority && existing.variable !== variable) existing.variable = null;
  };
  for (const v of codebook) {
    add(v.name, v.name, PRIORITY.name);
    for (const a of v.aliases ?? []) add(a, v.name, PRIORITY.alias);
    add(v.label.zh, v.name, PRIORITY.label);
    add(v.label.en, v.name, PRIORITY.label);
  }
  // labels and aliases without their unit (`从业人员数（人）` also matches a header `从业人员数`)
  for (const v of codebook) {
    for (const text of [v.label.zh, v.label.en, ...(v.aliases ?? [])]) {
      const bare = stripUnit(normalizeHeader(text));
      if (bare !== normalizeHeader(text)) add(bare, v.name, PRIORITY.bare);
    }
  }
  const lookup = (text: string): string | null => {
    for (const candidate of variants(normalizeHeader(text))) {
      const hit = index.get(candidate);
      if (hit) return hit.variable;
    }
    return null;
  };
  const match = (texts: readonly string[]): string | null => {
    for (let k = texts.length - 1; k >= 0; k--) {
      const hit = lookup(texts[k]!);
      if (hit) return hit;
    }
    if (texts.length > 1) return lookup(texts.join(' '));
    return null;
  };
  return {
    match,
    score(texts) {
      const found = new Set<string>();
      for (const t of texts) {
        if (t === null) continue;
        const hit = lookup(t);
        if (hit) found.add(hit);
      }
      return found.size;
    },
  };
}

function variants(key: string): string[] {
  const out = [key];
  const noNumber = key.replace(/^(?:q\s*)?\d+(?:\.\d+)*\s*[.、:)]?\s*/, '').replace(/^\(\d+\)\s*/, '');
  if (noNumber !== key && noNumber !== '') out.push(noNumber);
  for (const k of [...out]) {
    const noUnit = stripUnit(k);
    if (noUnit !== k) out.push(noUnit);
  }
  return out;
}

/** A normalised header without a trailing bracketed unit (`营业收入(万元)` -> `营业收入`); unchanged if nothing is left. */
function stripUnit(key: string): string {
  const bare = key.replace(/\s*[([][^()[\]]*[)\]]$/, '');
  return bare === '' ? key : bare;
}
