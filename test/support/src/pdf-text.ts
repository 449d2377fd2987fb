// The text of a PDF as a reader extracts it, through pdfjs-dist,
// so a test sees what a person's PDF viewer would find when searching the document.

/** The text of every page, items joined by one space, pages by a newline. */
export async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number; fonts: string[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const pages: string[] = [];
  const fonts = new Set<string>();
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    for (const style of Object.values(content.styles)) fonts.add(style.fontFamily);
  }
  const count = doc.numPages;
  await doc.destroy();
  return { text: pages.join('\n'), pages: count, fonts: [...fonts] };
}

/** The same text with all whitespace removed, for matching text a line break may have split. */
export const squeeze = (text: string): string => text.replace(/\s+/g, '');
