/**
 * pdfkit text() options for a line the layout has set: no wrapping, y is the baseline. `textWidth` and
 * `wordCount` are pdfkit's own (untyped) options: given, pdfkit does not measure the line once more, which it
 * does only to size links, underlines and strike-throughs, none of which the report asks text() for.
 */
export const lineOptions = { lineBreak: false, baseline: 'alphabetic', textWidth: 0, wordCount: 0 } as PDFKit.Mixins.TextOptions;
