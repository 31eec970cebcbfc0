// Reading a CSV file's rows: each named by the header, whatever the header's width.
import { parse } from 'csv-parse';
import { failingAsAStream, readRows, type SourceRow } from './sources';
import { tempDirs, writeIn } from './test-support/import-fixtures';

const tmp = tempDirs();

async function rowsOf(file: string, format: 'csv' | 'ndjson' = 'csv'): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readRows(file, { format })) rows.push(row);
  return rows;
}

describe('CSV rows', () => {
  it('are named by the header: extra values dropped, a short row has the columns it reaches', async () => {
    const file = writeIn(tmp.dir, 'a.csv', 'id,__proto__,name\n1,x,Ada,extra\n2,y\n');
    const rows = await rowsOf(file);
    expect(rows.map((row) => [row.rowNumber, row.fields])).toEqual([
      [1, { id: '1', ['__proto__']: 'x', name: 'Ada' }],
      [2, { id: '2', ['__proto__']: 'y' }],
    ]);
    expect(Object.getPrototypeOf(rows[0].fields)).toBe(Object.prototype);
  });

  // A spreadsheet's export may end its header with thousands of empty columns (16,384 in Excel):
  // each row shorter than it took milliseconds and kept kilobytes (2,000 rows: 9 s, 1.4 GB).
  it('are read at the same pace after a header of 16,384 columns', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `c${i},o${i},2026-01-01,A,1,2`).join('\n');
    const file = writeIn(
      tmp.dir,
      'wide.csv',
      `customer_id,order_id,date,sku,quantity,unit_price${','.repeat(16_378)}\n${rows}\n`,
    );
    const started = Date.now();
    const read = await rowsOf(file);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(read).toHaveLength(2000);
    expect(read[1999].fields).toEqual({
      customer_id: 'c1999',
      order_id: 'o1999',
      date: '2026-01-01',
      sku: 'A',
      quantity: '1',
      unit_price: '2',
    });
  });
});

describe('NDJSON rows', () => {
  // A line is held whole to be read: one longer than a string can be (a file with no line break)
  // threw out of readline's stream, a stack trace, after a gigabyte.
  it('of a line longer than 64 MB are rejected unread, and the next ones read', async () => {
    const good = '{"customer_id":"c1"}';
    const file = writeIn(tmp.dir, 'long.ndjson', `{"a":"${'x'.repeat(64 * 2 ** 20)}"}\n${good}\n`);
    const rows = await rowsOf(file, 'ndjson');
    expect(rows.map(({ rowNumber, fields, raw, problem }) => ({ rowNumber, fields, raw, problem }))).toEqual([
      { rowNumber: 1, fields: {}, raw: '', problem: { field: 'row', reason: 'longer than 64 MB: not read' } },
      { rowNumber: 2, fields: { customer_id: 'c1' }, raw: good, problem: undefined },
    ]);
  });
});

describe('NDJSON rows nested deep', () => {
  it('are rejected as such, not as "not JSON", and the next ones read', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const file = writeIn(tmp.dir, 'deep.ndjson', `${deep}\n{"customer_id":"c1"}\n`);
    const rows = await rowsOf(file, 'ndjson');
    expect(rows.map((row) => row.problem)).toEqual([
      { field: 'row', reason: 'a value nested too deeply to read' },
      undefined,
    ]);
  });
});

describe('a record the parser cannot hold', () => {
  // One longer than a string can be (512 MB) threw inside csv-parse, out of its stream: a stack trace.
  it("ends the rows with the stream's error, saying where", async () => {
    const parser = parse();
    parser._transform = () => {
      throw new RangeError('Cannot create a string longer than 0x1fffffe8 characters');
    };
    failingAsAStream(parser, 'orders.csv');
    const error = new Promise<Error>((resolve) => parser.on('error', resolve));
    parser.write('a,b\n');
    expect((await error).message).toBe(
      "'orders.csv' cannot be read past line 1: a record there is longer than text can be " +
        '(Cannot create a string longer than 0x1fffffe8 characters)',
    );
  });
});
