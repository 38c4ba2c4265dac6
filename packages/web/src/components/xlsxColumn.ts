// The first column of the first worksheet of an .xlsx workbook, read in the browser. An .xlsx file is a
// zip of XML parts: the zip's central directory locates the parts, the platform's DecompressionStream
// inflates them, and the few elements a column of text needs are read from the XML. Shipping a
// spreadsheet library to read one column of VINs would weigh more than the page that uses it.

export type XlsxProblem = 'not_xlsx' | 'encrypted' | 'no_sheet';

export class XlsxError extends Error {
  constructor(readonly code: XlsxProblem) {
    super(`xlsx: ${code}`);
  }
}

type ZipEntry = { method: number; flags: number; compressedSize: number; localOffset: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const utf8 = new TextDecoder();

/** The zip's entries by name, from its central directory (the sizes there hold even when the local headers defer them). */
function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new XlsxError('not_xlsx');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries = new Map<string, ZipEntry>();
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) throw new XlsxError('not_xlsx');
    const nameLength = view.getUint16(at + 28, true);
    const name = utf8.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.set(name, {
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      localOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(data);
      controller.close();
    },
  }).pipeThrough(new DecompressionStream('deflate-raw') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

async function partText(bytes: Uint8Array, entries: Map<string, ZipEntry>, name: string): Promise<string | null> {
  const entry = entries.get(name);
  if (!entry) return null;
  if (entry.flags & 1) throw new XlsxError('encrypted');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (view.getUint32(at, true) !== LOCAL) throw new XlsxError('not_xlsx');
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return utf8.decode(data);
  if (entry.method === 8) return utf8.decode(await inflate(data));
  throw new XlsxError('not_xlsx');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text with its entities and character references resolved. */
export function xmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

// Elements may carry a namespace prefix (x:c) depending on the program that wrote the file.
const P = '(?:[\\w.-]+:)?';
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

/** The text of each run (<t>) in a fragment, joined: a shared string with rich-text runs reads as one. */
function runsText(fragment: string): string {
  let text = '';
  // Phonetic hints (<rPh>) are not part of the cell's text.
  const plain = fragment.replace(new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g'), '');
  for (const m of plain.matchAll(new RegExp(`<${P}t(?:\\s[^>]*)?>([\\s\\S]*?)</${P}t>`, 'g'))) text += xmlText(m[1] ?? '');
  return text;
}

/** The workbook's shared strings, in order. */
export function sharedStrings(xml: string): string[] {
  return [...xml.matchAll(new RegExp(`<${P}si\\b[^>]*>([\\s\\S]*?)</${P}si>`, 'g'))].map((m) => runsText(m[1] ?? ''));
}

/** The letters of a cell reference: "AB12" → "AB". */
const columnOf = (ref: string) => /^[A-Z]+/.exec(ref)?.[0] ?? '';

/**
 * The text of the first column's cells, top to bottom, empty cells left out. A cell without a
 * reference is placed after the one before it in its row, as the format says.
 */
export function firstColumn(sheetXml: string, shared: readonly string[]): string[] {
  const cells: string[] = [];
  const rows = new RegExp(`<${P}row\\b[^>]*?(?:/>|>([\\s\\S]*?)</${P}row>)`, 'g');
  const cellRe = new RegExp(`<${P}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}c>)`, 'g');
  for (const row of sheetXml.matchAll(rows)) {
    let position = 0;
    for (const c of (row[1] ?? '').matchAll(cellRe)) {
      const tag = ` ${c[1] ?? ''}`;
      const ref = attr(tag, 'r');
      const first = ref ? columnOf(ref) === 'A' : position === 0;
      position++;
      if (!first) continue;
      const body = c[2] ?? '';
      const type = attr(tag, 't');
      const value = new RegExp(`<${P}v>([\\s\\S]*?)</${P}v>`).exec(body)?.[1];
      let text = '';
      if (type === 'inlineStr') text = runsText(body);
      else if (type === 's') text = shared[Number(value)] ?? '';
      else if (value !== undefined) text = xmlText(value);
      text = text.trim();
      if (text) cells.push(text);
      break;
    }
  }
  return cells;
}

/** The path of the workbook's first sheet, from the workbook part and its relationships. */
function firstSheetPath(workbookXml: string | null, relsXml: string | null): string {
  const sheet = workbookXml ? new RegExp(`<${P}sheet\\b([^>]*)/?>`).exec(workbookXml)?.[1] : undefined;
  const id = sheet ? /\s[\w.-]*:?id="([^"]*)"/.exec(` ${sheet}`)?.[1] : undefined;
  if (id && relsXml) {
    for (const m of relsXml.matchAll(new RegExp(`<${P}Relationship\\b([^>]*)/?>`, 'g'))) {
      const tag = ` ${m[1] ?? ''}`;
      if (attr(tag, 'Id') !== id) continue;
      const target = attr(tag, 'Target') ?? '';
      return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    }
  }
  return 'xl/worksheets/sheet1.xml';
}

/** The first column of the first worksheet of an .xlsx workbook's bytes. */
export async function readXlsxFirstColumn(bytes: Uint8Array): Promise<string[]> {
  const entries = zipEntries(bytes);
  if (!entries.has('[Content_Types].xml')) throw new XlsxError('not_xlsx');
  const [workbook, rels, shared] = await Promise.all([
    partText(bytes, entries, 'xl/workbook.xml'),
    partText(bytes, entries, 'xl/_rels/workbook.xml.rels'),
    partText(bytes, entries, 'xl/sharedStrings.xml'),
  ]);
  const sheet = await partText(bytes, entries, firstSheetPath(workbook, rels));
  if (sheet === null) throw new XlsxError('no_sheet');
  return firstColumn(sheet, shared ? sharedStrings(shared) : []);
}
