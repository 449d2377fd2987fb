import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

// The PDF side of the documents: one embedded Chinese font (Noto Sans SC, OFL, shipped as TTF by
// @expo-google-fonts/noto-sans-sc), subset into each file by pdfkit, so Chinese renders on any
// reader without fonts of its own. The font files are read once per process (10 MB each).

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;
const fontCache = new Map<keyof typeof FONT_FILES, Buffer>();

function fontData(weight: keyof typeof FONT_FILES): Buffer {
  let data = fontCache.get(weight);
  if (!data) {
    data = readFileSync(require.resolve(FONT_FILES[weight]));
    fontCache.set(weight, data);
  }
  return data;
}

export const FONT = { regular: 'cjk', bold: 'cjk-bold' } as const;

/** A pdfkit document with the Chinese fonts registered; `finish()` ends it and gives the bytes. */
export function createPdf(options: PDFKit.PDFDocumentOptions & { title: string }): { doc: PDFKit.PDFDocument; finish(): Promise<Uint8Array> } {
  const { title, ...rest } = options;
  const doc = new PDFDocument({ size: 'A4', margin: 40, bufferPages: true, ...rest, info: { Title: title, Creator: 'Lianxu', Producer: 'Lianxu' } });
  doc.registerFont(FONT.regular, fontData('regular'));
  doc.registerFont(FONT.bold, fontData('bold'));
  doc.font(FONT.regular);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  return {
    doc,
    async finish() {
      doc.end();
      await ended;
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
}

export interface PdfColumn<Row> {
  label: string;
  /** Share of the usable width. */
  weight: number;
  align?: 'left' | 'right';
  value(row: Row): string;
}

/**
 * Draws a table with a header row repeated on each page; cells wrap within their column and a row
 * never splits across pages.
 */
export function drawTable<Row>(doc: PDFKit.PDFDocument, columns: PdfColumn<Row>[], rows: Row[], options: { fontSize?: number; footer?: string[] } = {}): void {
  const fontSize = options.fontSize ?? 8;
  const left = doc.page.margins.left;
  const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const total = columns.reduce((s, c) => s + c.weight, 0);
  const widths = columns.map((c) => (usable * c.weight) / total);
  const pad = 3;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(fontSize);
    return Math.max(...cells.map((text, i) => doc.heightOfString(text || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], font: string, shade: boolean) => {
    const height = rowHeight(cells, font);
    let y = doc.y;
    if (y + height > bottom()) {
      doc.addPage();
      y = doc.y;
      if (!shade) drawHeader();
      y = doc.y;
    }
    if (shade) doc.save().rect(left, y, usable, height).fill('#eeeeee').restore();
    let x = left;
    doc.font(font).fontSize(fontSize).fillColor('#000000');
    cells.forEach((text, i) => {
      doc.text(text, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: columns[i]!.align ?? 'left' });
      x += widths[i]!;
    });
    doc.save().moveTo(left, y + height).lineTo(left + usable, y + height).lineWidth(0.3).stroke('#999999').restore();
    doc.x = left;
    doc.y = y + height;
  };
  const drawHeader = () => drawRow(columns.map((c) => c.label), FONT.bold, true);

  drawHeader();
  for (const row of rows) drawRow(columns.map((c) => c.value(row)), FONT.regular, false);
  if (options.footer) drawRow(options.footer, FONT.bold, false);
  doc.font(FONT.regular);
}

/** Writes "page n" at the foot of every buffered page. */
export function numberPages(doc: PDFKit.PDFDocument, label: (n: number) => string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(7).fillColor('#666666').text(label(i + 1), doc.page.margins.left, doc.page.height - 25, { width: doc.page.width - doc.page.margins.left - doc.page.margins.right, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.fillColor('#000000');
}
