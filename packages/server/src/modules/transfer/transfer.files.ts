// Reading and writing the transfer files, row by row, so that neither an import nor an export holds a
// whole file in memory. CSV: UTF-8 with BOM on export; on import UTF-8 (BOM optional) or, when the
// bytes are not UTF-8, GB18030 (what Excel on Chinese Windows saves as "CSV"). XLSX: the first
// worksheet, through exceljs's streaming reader and writer.

import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { AppError } from '../../platform/errors.js';
import { CsvReader, CsvSyntaxError, formatCsvRecord, UTF8_BOM } from './transfer.csv.js';
import type { Cell } from './transfer.rules.js';

export type FileFormat = 'csv' | 'xlsx';

/** A row as the file numbers it: the header is row 1, as a spreadsheet shows it. */
export type SourceRow = { rowNumber: number; cells: Cell[] };
/** Each call reads the file again from the start. */
export type RowSource = () => AsyncIterable<SourceRow>;

export type RowSink = {
  write(cells: readonly (string | number | null)[]): Promise<void>;
  /** Completes the file; only then does it appear under its name. */
  commit(): Promise<void>;
  /** Drops the partly written file. */
  abort(): Promise<void>;
};

export function fileFormat(file: string): FileFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  throw AppError.field('validation_failed', 'file', 'unsupported_format', `${path.basename(file)}: use a .csv or .xlsx file`);
}

export function openRowSource(file: string): RowSource {
  const format = fileFormat(file);
  if (!fs.existsSync(file)) throw AppError.field('validation_failed', 'file', 'not_found', `no such file: ${file}`);
  return format === 'csv' ? () => readCsv(file) : () => readXlsx(file);
}

// ---------------------------------------------------------------------------------------------
// CSV

/** utf-8 when the file starts with a BOM or decodes as UTF-8; gb18030 otherwise. */
async function csvEncoding(file: string): Promise<'utf-8' | 'gb18030'> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

async function* readCsv(file: string): AsyncGenerator<SourceRow> {
  const decoder = new TextDecoder(await csvEncoding(file));
  const reader = new CsvReader();
  let rowNumber = 0;
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 16 })) {
      for (const cells of reader.push(decoder.decode(chunk as Buffer, { stream: true }))) yield { rowNumber: ++rowNumber, cells };
    }
    for (const cells of [...reader.push(decoder.decode()), ...reader.end()]) yield { rowNumber: ++rowNumber, cells };
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw AppError.field('validation_failed', 'file', error.code, `${path.basename(file)}, ${error.message}`);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** A cell value of exceljs as plain text, number, boolean or date. */
export function plainCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      result?: unknown;
      text?: unknown;
      error?: unknown;
      formula?: unknown;
      sharedFormula?: unknown;
    };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return plainCell(v.result);
    if (v.text !== undefined) return plainCell(v.text);
    if (v.error !== undefined) return String(v.error);
  }
  return String(value);
}

async function* readXlsx(file: string): AsyncGenerator<SourceRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  decodeUtf8AcrossChunks(workbook);
  let sheets = 0;
  try {
    for await (const worksheet of workbook) {
      if (sheets++ > 0) continue; // the first worksheet holds the data; the others are read past
      for await (const row of worksheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
        yield { rowNumber: row.number, cells };
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw AppError.field(
      'validation_failed',
      'file',
      'unreadable_xlsx',
      `${path.basename(file)} is not a readable .xlsx file: ${(error as Error).message}`,
    );
  }
}

/**
 * exceljs 4.4's streaming reader decodes each chunk of a zip entry on its own, so a Chinese character
 * split between two chunks turns into U+FFFD (every sizeable sheet with Chinese text has some). Its
 * XML parser takes strings as they come, so we hand it text decoded across chunk boundaries: the
 * worksheet's chunk iterator and the shared-strings and styles entries are wrapped before exceljs
 * reads them. These are internal methods of exceljs; the tests read a large Chinese sheet back, so a
 * version that changes them fails loudly rather than importing garbled names.
 */
function decodeUtf8AcrossChunks(workbook: InstanceType<typeof ExcelJS.stream.xlsx.WorkbookReader>) {
  type Internals = {
    _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): unknown;
    _parseSharedStrings(entry: Readable): unknown;
    _parseStyles(entry: Readable): unknown;
  };
  const internals = workbook as unknown as Internals;
  if (
    typeof internals._parseWorksheet !== 'function' ||
    typeof internals._parseSharedStrings !== 'function' ||
    typeof internals._parseStyles !== 'function'
  ) {
    throw new Error('this version of exceljs is not supported by the .xlsx import (its stream reader changed)');
  }
  const parseWorksheet = internals._parseWorksheet.bind(workbook);
  const parseSharedStrings = internals._parseSharedStrings.bind(workbook);
  const parseStyles = internals._parseStyles.bind(workbook);
  internals._parseWorksheet = (iterator, sheetNo) => parseWorksheet(decodedChunks(iterator), sheetNo);
  internals._parseSharedStrings = (entry) => parseSharedStrings(entry.pipe(decodingTransform()));
  internals._parseStyles = (entry) => parseStyles(entry.pipe(decodingTransform()));
}

async function* decodedChunks(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Re-chunks UTF-8 bytes so that no chunk ends inside a character. */
function decodingTransform(): Transform {
  const decoder = new StringDecoder('utf8');
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const text = decoder.write(chunk);
      done(null, text ? Buffer.from(text, 'utf8') : undefined);
    },
    flush(done) {
      const rest = decoder.end();
      done(null, rest ? Buffer.from(rest, 'utf8') : undefined);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Writes to FILE.partial-PID and renames it to FILE on commit, so a failed export leaves no half file. */
export async function openRowSink(file: string, columnWidths: readonly number[]): Promise<RowSink> {
  const format = fileFormat(file);
  const partial = `${file}.partial-${process.pid}`;
  const sink = format === 'csv' ? await csvSink(partial) : xlsxSink(partial, columnWidths);
  return {
    write: sink.write,
    async commit() {
      await sink.commit();
      await fs.promises.rename(partial, file);
    },
    async abort() {
      await sink.abort().catch(() => {});
      await fs.promises.rm(partial, { force: true });
    },
  };
}

async function csvSink(file: string): Promise<RowSink> {
  const stream = fs.createWriteStream(file);
  await once(stream, 'open');
  let buffered = UTF8_BOM;
  const flush = async () => {
    if (buffered === '') return;
    const ok = stream.write(buffered, 'utf8');
    buffered = '';
    if (!ok) await once(stream, 'drain');
  };
  return {
    async write(cells) {
      buffered += formatCsvRecord(cells, { guardFormulas: true });
      if (buffered.length >= 1 << 16) await flush();
    },
    async commit() {
      await flush();
      stream.end();
      await finished(stream);
    },
    async abort() {
      stream.destroy();
    },
  };
}

function xlsxSink(file: string, widths: readonly number[]): RowSink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
  const worksheet = workbook.addWorksheet('客户车辆', { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = widths.map((width) => ({ width }));
  let first = true; // the header row
  return {
    async write(cells) {
      const row = worksheet.addRow([...cells]);
      if (first) row.font = { bold: true };
      first = false;
      row.commit();
    },
    async commit() {
      worksheet.commit();
      await workbook.commit();
    },
    async abort() {
      await workbook.commit().catch(() => {});
    },
  };
}
