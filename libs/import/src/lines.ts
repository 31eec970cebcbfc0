// A file's lines, streamed, none held past a cap. readline keeps each line in one string: a line
// longer than a string can be (512 MB, a file with no line breaks) threw out of its stream, where
// no one could catch it (a stack trace), after holding a gigabyte.
import { createReadStream } from 'node:fs';

/**
 * A line and the bytes of the file read through its break (the \n of a \r\n split between two reads
 * counts with the next line); `text` null for a line longer than the cap, not read.
 */
export interface Line {
  text: string | null;
  bytesRead: number;
}

/** Far above any row the CRM takes (its bodies are 256 kB at most), far below a string's limit. */
export const MAX_LINE_BYTES = 64 * 2 ** 20;

const LF = 0x0a;
const CR = 0x0d;

/**
 * Lines as readline splits them with crlfDelay: Infinity (`\n`, `\r\n` or a lone `\r`), the last
 * one even without a break; those each read of the file ends, together (one promise per read, not
 * per line: as fast as readline).
 */
export async function* linesOf(file: string, maxBytes = MAX_LINE_BYTES): AsyncGenerator<Line[]> {
  let parts: Buffer[] = [];
  let held = 0;
  let tooLong = false;
  let bytesRead = 0;
  let afterCr = false;
  const line = (): Line => {
    const text = tooLong
      ? null
      : parts.length === 1
        ? parts[0].toString('utf8')
        : Buffer.concat(parts, held).toString('utf8');
    parts = [];
    held = 0;
    tooLong = false;
    return { text, bytesRead };
  };
  const hold = (piece: Buffer) => {
    if (tooLong) return;
    held += piece.length;
    if (held > maxBytes) {
      tooLong = true;
      parts = [];
    } else parts.push(piece);
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    const lines: Line[] = [];
    let start = 0;
    // The \n of a \r\n that the previous read ended with: the break was the \r.
    if (afterCr && chunk[0] === LF) {
      start = 1;
      bytesRead += 1;
    }
    let lf = chunk.indexOf(LF, start);
    let cr = chunk.indexOf(CR, start);
    while (lf >= 0 || cr >= 0) {
      const end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      hold(chunk.subarray(start, end));
      // A \r\n is one break.
      const width = chunk[end] === CR && chunk[end + 1] === LF ? 2 : 1;
      bytesRead += end + width - start;
      lines.push(line());
      start = end + width;
      if (lf >= 0 && lf < start) lf = chunk.indexOf(LF, start);
      if (cr >= 0 && cr < start) cr = chunk.indexOf(CR, start);
    }
    afterCr = start > 0 && chunk[start - 1] === CR;
    if (start < chunk.length) hold(chunk.subarray(start));
    bytesRead += chunk.length - start;
    if (lines.length > 0) yield lines;
  }
  if (held > 0 || tooLong) yield [line()];
}
