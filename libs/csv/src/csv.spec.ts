import { parse } from 'csv-parse/sync';
import { csvCell, csvRow, neutralised } from './csv';

describe('CSV cells', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")'])(
    'neutralises text starting a formula: %j',
    (text) => {
      expect(neutralised(text)).toBe(`'${text}`);
    },
  );

  it('leaves other text as it is, also with formula characters inside', () => {
    for (const text of ['plain', 'a=b', 'x-1', 'mail@example.com', ' =1', "'already", '']) {
      expect(neutralised(text)).toBe(text);
    }
  });

  it('writes numbers, booleans, nulls and objects as data', () => {
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell({ reason: '=cmd' })).toBe('"{""reason"":""=cmd""}"');
  });

  it('quotes after neutralising, so a spreadsheet reads back the apostrophed text', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
  });

  it('writes CRLF-terminated rows that a CSV reader splits back into the same cells', () => {
    const values = ['=1+1', 'a,"b"', -3, null, { x: [1, 2] }, '@x\r\ny', 'plain'];
    const text = csvRow(values) + csvRow(['second', '+49 30 1234', '', 1, 2, 3, 4]);
    expect(text.endsWith('\r\n')).toBe(true);
    const [first, second] = parse(text, { relax_column_count: false }) as string[][];
    expect(first).toEqual(["'=1+1", 'a,"b"', '-3', '', '{"x":[1,2]}', "'@x\r\ny", 'plain']);
    expect(second[1]).toBe("'+49 30 1234");
  });
});
