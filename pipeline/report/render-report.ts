import type { ReportModel } from '../../schemas/report-model.js';
import { checkGlyphs } from './layout/check-glyphs.js';
import { layoutDocument } from './layout/layout-document.js';
import { loadFonts } from './layout/measure-text.js';
import { paintDocument } from './paint/paint-document.js';

/**
 * Typesets a report model into a tagged A4 PDF with Noto Sans SC embedded as subsets: cover, contents with
 * page numbers, sections, running header and "n / N" footer, and an outline mirroring the headings. The
 * document dates are `creationDate`, so the same model gives the same bytes. A character missing from the
 * font is an InputError naming where the text came from.
 */
export async function renderReport(model: ReportModel, options: { creationDate: Date }): Promise<Uint8Array> {
  const fonts = loadFonts();
  checkGlyphs(model, fonts);
  const laid = layoutDocument(model, fonts);
  return paintDocument(laid, model, fonts, options.creationDate);
}
