// PDF documents (repair orders, invoices) rendered to memory with pdfkit, in a CJK font.
//
// The font comes from Debian's `fonts-noto-cjk` (Noto Sans CJK, OpenType collections) unless
// SERVICEBAY_CJK_FONT names another file. Fonts are read and parsed once per process; pdfkit
// subsets them into each document, and writes the ToUnicode map that makes the Chinese text
// searchable and copyable (pdfkit ≥ 0.18: earlier versions wrote a malformed map once a document
// used more than 256 distinct glyphs, which Chrome and Acrobat read as garbage).
import { readFileSync, statSync } from 'node:fs';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

export type PdfDocument = PDFKit.PDFDocument;

/** The Debian package that provides the default fonts. */
export const CJK_FONT_PACKAGE = 'fonts-noto-cjk';

/** A font file and, for a collection (.ttc/.otc), the PostScript name of the face to use. */
export type FontFace = { path: string; face: string | null };

export const DEFAULT_CJK_FONTS: { regular: FontFace; bold: FontFace } = {
  regular: { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  bold: { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', face: 'NotoSansCJKsc-Bold' },
};

/** The names documents select fonts by: `doc.font(PDF_FONTS.bold)`. */
export const PDF_FONTS = { regular: 'cjk-regular', bold: 'cjk-bold' } as const;

export class PdfFontError extends Error {
  override readonly name = 'PdfFontError';
}

/** `path` or `path#PostScriptName`. */
function parseFontSetting(value: string): FontFace {
  const hash = value.lastIndexOf('#');
  return hash > 0 ? { path: value.slice(0, hash), face: value.slice(hash + 1) || null } : { path: value, face: null };
}

/**
 * Which font files to use: SERVICEBAY_CJK_FONT (and SERVICEBAY_CJK_FONT_BOLD; without it the
 * regular face is used for bold text too), each `path` or `path#PostScriptName`; else Noto Sans
 * CJK SC from fonts-noto-cjk.
 */
export function cjkFontSetting(env: NodeJS.ProcessEnv = process.env): { regular: FontFace; bold: FontFace } {
  const regular = env.SERVICEBAY_CJK_FONT?.trim();
  if (!regular) return DEFAULT_CJK_FONTS;
  const bold = env.SERVICEBAY_CJK_FONT_BOLD?.trim();
  return { regular: parseFontSetting(regular), bold: parseFontSetting(bold || regular) };
}

const PROBE = '维修委托书交车时间';

function missingFont(path: string, why: string): PdfFontError {
  return new PdfFontError(
    `CJK font ${path} ${why}. Install the Debian package ${CJK_FONT_PACKAGE} (apt-get install ${CJK_FONT_PACKAGE}) ` +
      'or set SERVICEBAY_CJK_FONT to a font file with Chinese glyphs (path, or path#PostScriptName for a .ttc collection).',
  );
}

function openFace({ path, face }: FontFace): fontkit.Font {
  let data: Buffer;
  try {
    if (!statSync(path).isFile()) throw missingFont(path, 'is not a file');
    data = readFileSync(path);
  } catch (error) {
    if (error instanceof PdfFontError) throw error;
    throw missingFont(path, 'was not found');
  }
  let opened: fontkit.Font | fontkit.FontCollection;
  try {
    opened = fontkit.create(data);
  } catch (error) {
    throw missingFont(path, `could not be read (${(error as Error).message})`);
  }
  let font: fontkit.Font | undefined;
  if ('fonts' in opened) {
    const names = opened.fonts.map((f) => f.postscriptName);
    // Without a face named, prefer the Simplified Chinese one: the glyph shapes differ from the
    // Japanese, Korean and Traditional faces the same collection holds.
    const wanted = face ?? names.find((n) => /CJKsc|SC[-_]|SC$/.test(n) && !/Mono/.test(n)) ?? names[0];
    font = opened.fonts.find((f) => f.postscriptName === wanted);
    if (!font) throw new PdfFontError(`CJK font ${path} has no face ${wanted}; it has ${names.join(', ')}`);
  } else {
    if (face && opened.postscriptName !== face) throw new PdfFontError(`CJK font ${path} is ${opened.postscriptName}, not ${face}`);
    font = opened;
  }
  const lacking = [...PROBE].filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!));
  if (lacking.length > 0) throw missingFont(`${path}${face ? `#${face}` : ''}`, `has no Chinese glyphs (lacks ${lacking.join('')})`);
  return font;
}

type LoadedFonts = { regular: fontkit.Font; bold: fontkit.Font };
const loaded = new Map<string, LoadedFonts>();

/**
 * The parsed CJK fonts, loaded once per process (per setting). Throws PdfFontError naming
 * fonts-noto-cjk when the font is missing. Call it at start to fail early.
 */
export function loadCjkFonts(setting = cjkFontSetting()): LoadedFonts {
  const key = JSON.stringify(setting);
  let fonts = loaded.get(key);
  if (!fonts) {
    const regular = openFace(setting.regular);
    const sameFace = setting.bold.path === setting.regular.path && setting.bold.face === setting.regular.face;
    fonts = { regular, bold: sameFace ? regular : openFace(setting.bold) };
    loaded.set(key, fonts);
  }
  return fonts;
}

export type PdfMetadata = {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string;
  /** BCP 47 language of the text, e.g. zh-CN. */
  lang?: string;
  /** Written as the creation date: the document's own date, so the same document renders the same bytes. */
  createdAt: Date;
};

export type RenderPdfOptions = PdfMetadata & {
  size?: string | [number, number];
  margins?: { top: number; bottom: number; left: number; right: number };
  /** Keep pages in memory so that `draw` can go back to them (page numbers "1 / 3"). */
  bufferPages?: boolean;
};

/**
 * Renders a PDF in memory: creates the document (A4 portrait by default) with the CJK fonts
 * registered as PDF_FONTS.regular / PDF_FONTS.bold (regular selected), lets `draw` fill it, and
 * resolves with the bytes.
 */
export async function renderPdf(options: RenderPdfOptions, draw: (doc: PdfDocument) => void | Promise<void>): Promise<Buffer> {
  const fonts = loadCjkFonts();
  const doc = new PDFDocument({
    size: options.size ?? 'A4',
    layout: 'portrait',
    margins: options.margins ?? { top: 36, bottom: 36, left: 36, right: 36 },
    bufferPages: options.bufferPages ?? false,
    autoFirstPage: true,
    compress: true,
    displayTitle: true,
    ...(options.lang ? { lang: options.lang } : {}),
    info: {
      Title: options.title,
      ...(options.author ? { Author: options.author } : {}),
      ...(options.subject ? { Subject: options.subject } : {}),
      ...(options.keywords ? { Keywords: options.keywords } : {}),
      Creator: 'ServiceBay',
      Producer: 'ServiceBay',
      CreationDate: options.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit ≥ 0.20 takes parsed fontkit fonts, so the collections are parsed once per process;
  // the typings (@types/pdfkit 0.17) only know file names and bytes.
  doc.registerFont(PDF_FONTS.regular, fonts.regular as unknown as Uint8Array);
  doc.registerFont(PDF_FONTS.bold, fonts.bold as unknown as Uint8Array);
  doc.font(PDF_FONTS.regular);
  await draw(doc);
  doc.end();
  return finished;
}
