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

/**
 * A face parsed by fontkit (pdfkit's own font engine), opened once per process: charts measure their labels
 * with it and reports measure and draw with it, so one render worker parses each font only once.
 * fontkit ships no type declarations; each user states the parts it reads.
 */
export function openFontkit(face: keyof typeof fontFiles): object {
  let font = opened.get(face);
  if (!font) {
    font = fontkit.create(readFileSync(fontFiles[face]));
    withStableCodePoints(font as GlyphSource);
    opened.set(face, font);
  }
  return font;
}

/** The parts of a fontkit font `withStableCodePoints` uses. */
interface GlyphSource {
  getGlyph(gid: number, characters?: number[]): unknown;
  _cmapProcessor: { codePointsForGlyph(gid: number): number[] };
}

/**
 * fontkit keeps one glyph object per glyph id for the font's life, with the characters of its first use; the PDF's
 * text layer (ToUnicode) takes a glyph's characters from that object. A glyph first made without characters
 * (by the subsetter, or a substitution) would then carry none in every later report of the process, so the
 * extracted text (a minus sign, say) would depend on what the render worker drew before. A glyph made without
 * characters gets those the font's cmap maps to it: the same in every process.
 */
function withStableCodePoints(font: GlyphSource): void {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (gid: number, characters: number[] = []) =>
    getGlyph(gid, characters.length > 0 ? characters : font._cmapProcessor.codePointsForGlyph(gid));
}
