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
