import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const fontDir = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));

/** Noto Sans SC (SIL OFL), TrueType outlines: the one font of every report and chart, Chinese and Latin alike. */
export const fontFiles = {
  regular: path.join(fontDir, '400Regular', 'NotoSansSC_400Regular.ttf'),
  bold: path.join(fontDir, '700Bold', 'NotoSansSC_700Bold.ttf'),
} as const;

/** The family name charts put in their SVG, mapped back to the embedded font by the PDF renderer. */
export const fontFamily = 'Noto Sans SC';

const fontkit = require('fontkit') as { create(buffer: Buffer): object };
const opened = new Map<keyof typeof fontFiles, object>();

/**
 * A face of Noto Sans SC parsed by fontkit (pdfkit's own font engine), opened once per process: charts measure
 * their labels with it and reports measure and draw with it, so one render worker parses the font only once.
 * fontkit ships no type declarations; each user states the parts it reads.
 */
export function openFontkit(face: keyof typeof fontFiles): object {
  let font = opened.get(face);
  if (!font) {
    font = fontkit.create(readFileSync(fontFiles[face]));
    opened.set(face, font);
  }
  return font;
}
