// CSV as RFC 4180 describes it, pure (no I/O): a streaming reader that is fed text in chunks of any
// size, and a writer of one record at a time. Excel-compatible: files start with a UTF-8 BOM, records
// end with CRLF, and fields that a spreadsheet would run as a formula are guarded.

export const UTF8_BOM = '\uFEFF';

/** A problem that makes the whole file unreadable (not one row). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly code: 'unterminated_quote',
    readonly record: number,
  ) {
    super(`record ${record}: a quoted field is never closed`);
  }
}

type State = 'field_start' | 'unquoted' | 'quoted' | 'quote_in_quoted' | 'after_cr';

/**
 * Feed text with push() (chunks may split a record, a quoted field or a CRLF anywhere) and take the
 * complete records it returns; end() returns the last one. Lenient where RFC 4180 is silent: LF or
 * lone CR also end a record, a quote inside an unquoted field is literal, text after a closing quote
 * is appended. A leading BOM is dropped. A blank line is a record with one empty field.
 */
export class CsvReader {
  private state: State = 'field_start';
  private field = '';
  private record: string[] = [];
  private started = false;
  private records = 0;

  push(text: string): string[][] {
    const out: string[][] = [];
    let i = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < text.length; i++) {
      const c = text[i]!;
      switch (this.state) {
        case 'after_cr':
          this.state = 'field_start';
          if (c === '\n') break;
          // a lone CR ended the record and this character starts the next
          this.fieldStart(c, out);
          break;
        case 'field_start':
          this.fieldStart(c, out);
          break;
        case 'unquoted':
          if (c === ',') {
            this.endField();
            this.state = 'field_start';
          } else if (c === '\r') {
            this.endRecord(out);
            this.state = 'after_cr';
          } else if (c === '\n') {
            this.endRecord(out);
            this.state = 'field_start';
          } else this.field += c;
          break;
        case 'quoted':
          if (c === '"') this.state = 'quote_in_quoted';
          else this.field += c;
          break;
        case 'quote_in_quoted':
          if (c === '"') {
            this.field += '"';
            this.state = 'quoted';
          } else if (c === ',') {
            this.endField();
            this.state = 'field_start';
          } else if (c === '\r') {
            this.endRecord(out);
            this.state = 'after_cr';
          } else if (c === '\n') {
            this.endRecord(out);
            this.state = 'field_start';
          } else {
            this.field += c;
            this.state = 'unquoted';
          }
          break;
      }
    }
    return out;
  }

  /** The first character of a field. */
  private fieldStart(c: string, out: string[][]) {
    if (c === '"') this.state = 'quoted';
    else if (c === ',') this.endField();
    else if (c === '\r') {
      this.endRecord(out);
      this.state = 'after_cr';
    } else if (c === '\n') this.endRecord(out);
    else {
      this.field += c;
      this.state = 'unquoted';
    }
  }

  end(): string[][] {
    if (this.state === 'quoted') throw new CsvSyntaxError('unterminated_quote', this.records + 1);
    const out: string[][] = [];
    if (this.state === 'unquoted' || this.state === 'quote_in_quoted' || this.field !== '' || this.record.length > 0) this.endRecord(out);
    this.state = 'field_start';
    return out;
  }

  private endField() {
    this.record.push(this.field);
    this.field = '';
  }

  private endRecord(out: string[][]) {
    this.endField();
    out.push(this.record);
    this.record = [];
    this.records++;
  }
}

/** Parses a whole text at once (tests, small files). */
export function parseCsv(text: string): string[][] {
  const reader = new CsvReader();
  return [...reader.push(text), ...reader.end()];
}

/** Text that a spreadsheet would evaluate as a formula when the CSV is opened (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One record, CRLF-terminated. Fields with a comma, quote, line break or edge spaces are quoted.
 * With guardFormulas, text that starts like a formula gets a leading apostrophe, which Excel hides and
 * the importer removes again (see unguardFormula).
 */
export function formatCsvRecord(
  fields: readonly (string | number | null | undefined)[],
  options: { guardFormulas?: boolean } = {},
): string {
  return `${fields
    .map((value) => {
      if (value === null || value === undefined) return '';
      let text = String(value);
      if (options.guardFormulas && typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',')}\r\n`;
}

/** Undo the guard of formatCsvRecord: "'=SUM(1)" → "=SUM(1)". Other text is returned unchanged. */
export function unguardFormula(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
