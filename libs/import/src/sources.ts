// Reads a source file row by row, streaming (never the whole file in memory): CSV (quotes, BOM,
// `,` or `;`, UTF-8), NDJSON, or whitespace-separated columns (CDNOW). Each row comes with its
// 1-based number (data rows, header excluded), its fields by column name and its original text.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import type { TransformCallback } from 'node:stream';
import { parse, type Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { MAX_LINE_BYTES, linesOf } from './lines';

import type { SourceFormat } from './mapping';

export type { SourceFormat } from './mapping';

export interface SourceRow {
  rowNumber: number;
  fields: Record<string, string>;
  /** The row as it stood in the file, for the rejects file. */
  raw: string;
  /** Bytes of the file read so far (progress). */
  bytesRead: number;
  /** A problem with the row itself (malformed JSON, bad encoding), found before mapping. */
  problem?: { field: string; reason: string };
}

export interface SourceOptions {
  format: SourceFormat;
  /** Column names for files without a header (whitespace files; CSV with `header: false`). */
  columns?: string[];
  /** Whether the first line names the columns (default true for CSV and whitespace). */
  header?: boolean;
  /** CSV separator, one character; by default the one of `,` and `;` found more often in the first line. */
  delimiter?: string;
}

/**
 * One separator per file: a `;` file often has decimal commas (`1.234,5`), so both at once would
 * split numbers. Counted on the first line outside quotes.
 */
export function sniffDelimiter(file: string): ',' | ';' {
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (const char of firstBytes(file)) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas++;
    else if (!quoted && char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** The file's first 64 KB as text: where its first line (the header, the separator) is looked for. */
function firstBytes(file: string): string {
  return firstBuffer(file).toString('utf8');
}

function firstBuffer(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(65_536);
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Why the file is not UTF-8 text, seen in its first line: UTF-16 (a spreadsheet's "Unicode text"),
 * whose every other byte is NUL, would otherwise be read as columns no one named. Null when it may be.
 */
export function notUtf8Text(file: string): string | null {
  const bytes = firstBuffer(file);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'is UTF-16 text (save it as UTF-8)';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'is UTF-16 text (save it as UTF-8)';
  const lineEnd = bytes.findIndex((byte) => byte === 0x0a || byte === 0x0d);
  const nul = bytes.subarray(0, lineEnd < 0 ? bytes.length : lineEnd).indexOf(0);
  return nul < 0 ? null : `has NUL bytes in its first line: not UTF-8 text (UTF-16 or binary?)`;
}

/**
 * The columns every row of a CSV or whitespace file will have: the mapping's, or those its first
 * line names (read from the file's first 64 KB). Null for NDJSON, whose rows name their own, and
 * for a first line that cannot be read so (the rows will say why).
 */
export function headerColumns(file: string, options: SourceOptions): string[] | null {
  if (options.format === 'ndjson') return null;
  // Named by the mapping: a whitespace file's header line, if any, is skipped (lineRows); a CSV
  // file's is used unless the mapping says it has none.
  if (options.columns && (options.format === 'whitespace' || options.header === false)) return options.columns;
  if (options.format === 'csv' && options.header === false) return null;
  const first = firstBytes(file)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .find((line) => line.trim() !== '');
  if (first === undefined) return null;
  if (options.format === 'whitespace') return first.trim().split(/\s+/);
  try {
    const delimiter = options.delimiter ?? sniffDelimiter(file);
    const [record] = parseSync(first, { delimiter, trim: true, relax_column_count: true }) as string[][];
    return record ?? null;
  } catch {
    return null;
  }
}

export function formatOf(file: string): SourceFormat {
  if (/\.(nd)?jsonl?$/i.test(file) || /\.ndjson$/i.test(file)) return 'ndjson';
  if (/\.txt$/i.test(file)) return 'whitespace';
  return 'csv';
}

export function readRows(file: string, options: SourceOptions): AsyncIterable<SourceRow> {
  return options.format === 'csv' ? csvRows(file, options) : lineRows(file, options);
}

/** U+FFFD appears only where the bytes were not UTF-8: the row is reported, not guessed at. */
const encodingProblem = (text: string) =>
  text.includes('\uFFFD') ? { field: 'row', reason: 'not valid UTF-8 (save the file as UTF-8)' } : undefined;

async function* csvRows(file: string, options: SourceOptions): AsyncIterable<SourceRow> {
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      delimiter: options.delimiter ?? sniffDelimiter(file),
      // Records as lists, named here: with its columns, the parser copies them all (JSON) into the
      // error it makes of each row shorter than the header, which a spreadsheet's thousands of empty
      // trailing columns turned into milliseconds and kilobytes per row.
      columns: false,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      raw: true,
      info: true,
      // A malformed record (a stray or unclosed quote) is reported as a rejected row, not the end of the import.
      skip_records_with_error: true,
    }),
  );
  failingAsAStream(parser, file);
  // Rows are numbered by the file line they end on, less the header: the numbering a spreadsheet
  // shows, the same for good and malformed records, so rejected rows stay in order for --resume.
  const skipped: SourceRow[] = [];
  parser.on('skip', (error: Error & { raw?: string; lines?: number }) => {
    const raw = (error.raw ?? '').replace(/\r?\n$/, '');
    const problem = { field: 'row', reason: `not readable as CSV: ${error.message}` };
    skipped.push({ rowNumber: (error.lines ?? 1) - 1, fields: {}, raw, bytesRead: 0, problem });
  });
  const malformedBefore = function* (rowNumber: number): Generator<SourceRow> {
    while (skipped.length > 0 && skipped[0].rowNumber < rowNumber) yield skipped.shift() as SourceRow;
  };
  // The first record names the columns, unless the mapping says the file has no header line.
  let columns = options.header === false ? options.columns : undefined;
  let header = options.header !== false;
  type Parsed = { record: string[]; raw: string; info: { bytes: number; lines: number } };
  for await (const record of parser as AsyncIterable<Parsed>) {
    if (header) {
      columns = record.record;
      header = false;
      continue;
    }
    const rowNumber = record.info.lines - 1;
    yield* malformedBefore(rowNumber);
    const raw = record.raw.replace(/\r?\n$/, '');
    const fields = columns ? named(columns, record.record) : (record.record as unknown as Record<string, string>);
    yield { rowNumber, fields, raw, bytesRead: record.info.bytes, problem: encodingProblem(raw) };
  }
  yield* malformedBefore(Infinity);
}

/**
 * A record longer than a string can be (512 MB: a file with no line break, an unclosed quote near
 * its start) throws inside the parser, out of the stream's hands: a stack trace. Made the stream's
 * error, it ends the rows with a message saying where.
 */
export function failingAsAStream(parser: Parser, file: string): void {
  const transform = parser._transform.bind(parser);
  const flush = parser._flush.bind(parser);
  const guarded = (run: () => void, callback: TransformCallback) => {
    try {
      run();
    } catch (error) {
      const reason = `a record there is longer than text can be (${(error as Error).message})`;
      callback(new Error(`'${file}' cannot be read past line ${parser.info.lines}: ${reason}`));
    }
  };
  parser._transform = (chunk, encoding, callback) => guarded(() => transform(chunk, encoding, callback), callback);
  parser._flush = (callback) => guarded(() => flush(callback), callback);
}

/**
 * A record's values by column name, as the parser names them: values past the last column are
 * dropped, a name given twice keeps its last value, and each is defined, not assigned, so that a
 * column named `__proto__` is a field like any other.
 */
function named(columns: readonly string[], values: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i < Math.min(columns.length, values.length); i++) {
    Object.defineProperty(fields, columns[i], {
      value: values[i],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return fields;
}

async function* lineRows(file: string, options: SourceOptions): AsyncIterable<SourceRow> {
  // A whitespace file names its columns on its first line unless the mapping names them.
  let columns = options.columns;
  let skipHeader = options.format === 'whitespace' && (columns === undefined || options.header === true);
  let rowNumber = 0;
  for await (const lines of linesOf(file))
    for (const { text: line, bytesRead } of lines) {
      if (line === null) {
        const problem = { field: 'row', reason: `longer than ${MAX_LINE_BYTES / 2 ** 20} MB: not read` };
        yield { rowNumber: ++rowNumber, fields: {}, raw: '', bytesRead, problem };
        continue;
      }
      const text = line.replace(/^\uFEFF/, '');
      if (text.trim() === '') continue;
      if (options.format === 'whitespace') {
        const values = text.trim().split(/\s+/);
        if (skipHeader) {
          columns ??= values;
          skipHeader = false;
          continue;
        }
        rowNumber++;
        const fields: Record<string, string> = {};
        (columns ?? []).forEach((name, i) => (fields[name] = values[i] ?? ''));
        yield { rowNumber, fields, raw: text, bytesRead, problem: encodingProblem(text) };
        continue;
      }
      rowNumber++;
      yield { rowNumber, raw: text, bytesRead, ...ndjsonFields(text) };
    }
}

function ndjsonFields(text: string): { fields: Record<string, string>; problem?: SourceRow['problem'] } {
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { fields: {}, problem: { field: 'row', reason: 'each line must be a JSON object' } };
    }
    const fields: Record<string, string> = {};
    for (const [key, member] of Object.entries(value)) {
      fields[key] =
        member === null || member === undefined
          ? ''
          : typeof member === 'object'
            ? JSON.stringify(member)
            : String(member);
    }
    return { fields, problem: encodingProblem(text) };
  } catch (error) {
    // Out of stack (a value within 100,000 objects): JSON all the same, not readable as a row.
    const reason =
      error instanceof RangeError ? 'a value nested too deeply to read' : `not JSON: ${(error as Error).message}`;
    return { fields: {}, problem: { field: 'row', reason } };
  }
}
