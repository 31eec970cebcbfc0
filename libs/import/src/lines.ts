// A file's lines, streamed, none held past a cap. readline keeps each line in one string: a line
// longer than a string can be (512 MB, a file with no line breaks) threw out of its stream, where
// no one could catch it (a stack trace), after holding a gigabyte.
import { createReadStream } from 'node:fs';

/** A line and the bytes of the file read through its break (a \r\n's \n counts with the next); `text` null for a line longer than the cap, not read. */
export interface Line {
  text: string | null;
  bytesRead: number;
}

/** Far above any row the CRM takes (its bodies are 256 kB at most), far below a string's limit. */
export const MAX_LINE_BYTES = 64 * 2 ** 20;

/** Lines as readline splits them with crlfDelay: Infinity (`\n`, `\r\n` or a lone `\r`), the last one even without a break. */
export async function* linesOf(file: string, maxBytes = MAX_LINE_BYTES): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let held = 0;
  let tooLong = false;
  let bytesRead = 0;
  let afterCr = false;
  const line = (): Line => {
    const text = tooLong ? null : Buffer.concat(parts, held).toString('utf8');
    parts = [];
    held = 0;
    tooLong = false;
    return { text, bytesRead };
  };
  const hold = (piece: Buffer) => {
    if (tooLong || piece.length === 0) return;
    held += piece.length;
    if (held > maxBytes) {
      tooLong = true;
      parts = [];
    } else parts.push(piece);
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== 0x0a && byte !== 0x0d) continue;
      // The \n of a \r\n: the break was the \r.
      if (byte === 0x0a && afterCr && i === start) {
        afterCr = false;
        start = i + 1;
        bytesRead += 1;
        continue;
      }
      hold(chunk.subarray(start, i));
      bytesRead += i + 1 - start;
      afterCr = byte === 0x0d;
      start = i + 1;
      yield line();
    }
    hold(chunk.subarray(start));
    bytesRead += chunk.length - start;
    if (start < chunk.length) afterCr = false;
  }
  if (held > 0 || tooLong) yield line();
}
