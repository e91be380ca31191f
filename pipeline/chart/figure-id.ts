import type { Lang } from '../../schemas/common.js';
import type { FigureKind } from '../../schemas/figure.js';
import { fileNamePart } from '../publish/file-name-part.js';

/** A piece of a file name: ASCII letters, digits and `_`, other runs turned into `-`; empty when nothing is left. */
export function fileSafe(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The id of a figure, `<scope>-<subject>-<kind>-<lang>` (e.g. `230100-recruit_difficulty-bars-zh`), safe as a
 * file name. The scope is made safe as report file names are (`fileNamePart`: distinct regions never share an
 * id); a subject with no ASCII letters (a Chinese battery name) is replaced by `fallback`.
 */
export function figureId(scope: string, subject: string, kind: FigureKind, lang: Lang, fallback: string): string {
  const safeSubject = fileSafe(subject) || fileSafe(fallback) || 'figure';
  return [fileNamePart(scope), safeSubject, kind, lang].join('-');
}
