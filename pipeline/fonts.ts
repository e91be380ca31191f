import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const fontDir = (pkg: string) => path.dirname(require.resolve(`@expo-google-fonts/${pkg}/package.json`));
const sans = fontDir('noto-sans-sc');
const serifSc = fontDir('noto-serif-sc');
const serifLatin = fontDir('source-serif-4');

/**
 * The report's faces, all SIL OFL TrueType outlines from npm (fontsource's woff2 draws blank glyphs; its woff
 * takes 21 s to embed): Noto Sans SC for headings, tables and figures in both languages; Noto Serif SC for
 * Chinese running text; Source Serif 4 (roman and italic) for English running text, which Noto Serif SC sets
 * without italics and with Latin drawn for CJK proportions.
 */
export const fontFiles = {
  regular: path.join(sans, '400Regular', 'NotoSansSC_400Regular.ttf'),
  bold: path.join(sans, '700Bold', 'NotoSansSC_700Bold.ttf'),
  serifSc: path.join(serifSc, '400Regular', 'NotoSerifSC_400Regular.ttf'),
  serifLatin: path.join(serifLatin, '400Regular', 'SourceSerif4_400Regular.ttf'),
  serifLatinItalic: path.join(serifLatin, '400Regular_Italic', 'SourceSerif4_400Regular_Italic.ttf'),
} as const;

/** The family name charts put in their SVG, mapped back to the embedded font by the PDF renderer. */
export const fontFamily = 'Noto Sans SC';

const fontkit = require('fontkit') as { create(buffer: Buffer): object };
const opened = new Map<keyof typeof fontFiles, object>();

/** The one fontkit method `shareGlyphs` wraps, and the glyph fields it mends. */
type GlyphSource = { getGlyph(id: number, codePoints?: number[]): Glyph | null };
type Glyph = { codePoints: number[]; _decode?: () => unknown };

/**
 * Makes a font's glyphs safe and cheap to share between the documents of one process:
 * - fontkit caches a glyph with the code points of its first request. A font shared by several documents is
 *   also asked for glyphs without code points (pdfkit's subsetter, for a composite glyph's parts); a glyph first
 *   made that way kept no code points, so every later document's ToUnicode map lost its character (the minus
 *   sign vanished from copied text in all but the first report a worker drew). The first request with code
 *   points supplies them.
 * - the subsetter decodes each glyph's outline again for every document that embeds it (about a tenth of a
 *   report's time): the outline is decoded once. Safe because the faces are static TrueType (no variation
 *   tables, which would rewrite the points) and the subsetter only reads what it decodes.
 */
function shareGlyphs(font: GlyphSource): void {
  const getGlyph = font.getGlyph.bind(font);
  const mended = new WeakSet<Glyph>();
  font.getGlyph = (id, codePoints = []) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph === null) return glyph;
    if (glyph.codePoints.length === 0 && codePoints.length > 0) glyph.codePoints = codePoints;
    if (!mended.has(glyph)) {
      mended.add(glyph);
      const decode = glyph._decode?.bind(glyph);
      if (decode !== undefined) {
        let outline: { value: unknown } | null = null;
        glyph._decode = () => (outline ??= { value: decode() }).value;
      }
    }
    return glyph;
  };
}

/**
 * A face parsed by fontkit (pdfkit's own font engine), opened once per process: charts measure their labels
 * with it and reports measure and draw with it, so one render worker parses each font only once.
 * fontkit ships no type declarations; each user states the parts it reads.
 */
export function openFontkit(face: keyof typeof fontFiles): object {
  let font = opened.get(face);
  if (!font) {
    font = fontkit.create(readFileSync(fontFiles[face]));
    shareGlyphs(font as GlyphSource);
    opened.set(face, font);
  }
  return font;
}
