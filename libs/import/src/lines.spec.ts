// A file's lines as readline splits them, without ever holding one past the cap.
import { linesOf, type Line } from './lines';
import { tempDirs, writeIn } from './test-support/import-fixtures';

const tmp = tempDirs();

async function all(file: string, maxBytes?: number): Promise<Line[]> {
  const lines: Line[] = [];
  for await (const read of linesOf(file, maxBytes)) lines.push(...read);
  return lines;
}

describe('linesOf', () => {
  it('splits at \\n, \\r\\n and a lone \\r, the last line without a break too, counting bytes', async () => {
    const file = writeIn(tmp.dir, 'a.txt', 'a\nbé\r\nc\r\rd');
    expect(await all(file)).toEqual([
      { text: 'a', bytesRead: 2 },
      { text: 'bé', bytesRead: 7 },
      { text: 'c', bytesRead: 9 },
      { text: '', bytesRead: 10 },
      { text: 'd', bytesRead: 11 },
    ]);
  });

  it('keeps a \\r\\n one break, and a character whole, across the reads of the file', async () => {
    // The stream reads 64 KB at a time: the \r ends one read, the \n begins the next; é straddles another.
    const first = 'x'.repeat(65_535);
    const file = writeIn(tmp.dir, 'b.txt', `${first}\r\n${'y'.repeat(65_535)}é\n`);
    const lines = await all(file);
    expect(lines.map((line) => line.text?.length)).toEqual([65_535, 65_536]);
    expect(lines[1].text?.endsWith('yé')).toBe(true);
    expect(lines.map((line) => line.bytesRead)).toEqual([65_536, 65_535 + 2 + 65_535 + 3]);
  });

  // A line longer than a string can be threw out of readline's stream: a stack trace.
  it('gives a line past the cap as not read (text null) without holding it, and goes on', async () => {
    const file = writeIn(tmp.dir, 'c.txt', `ok\n${'z'.repeat(100)}\r\nnext\n${'z'.repeat(100)}`);
    expect(await all(file, 50)).toEqual([
      { text: 'ok', bytesRead: 3 },
      { text: null, bytesRead: 105 },
      { text: 'next', bytesRead: 110 },
      { text: null, bytesRead: 210 },
    ]);
  });
});
