// A mapping file is checked whole before anything is read, and a file's columns before anything is
// written: each refusal names the setting or the field, and where the field was looked for.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  fieldOf,
  instantOf,
  loadMapping,
  missingFields,
  MappingProblem,
  numberOf,
  PRESETS,
  PRESET_FIELDS,
  repeatedColumns,
  RowProblem,
} from './mapping';
import { commandOf } from './row-commands';
import { headerColumns } from './sources';
import { tempDirs, writeIn } from './test-support/import-fixtures';

const tmp = tempDirs();
const MAPPINGS = join(__dirname, '..', 'mappings');

describe('mapping files', () => {
  it.each(readdirSync(MAPPINGS))('loads the shipped %s', (name) => {
    expect(loadMapping(join(MAPPINGS, name)).preset).toBeDefined();
  });

  it.each([
    ['{not json', "is not JSON: Expected property name or '}'"],
    ['[]', 'must be a JSON object'],
    ['{"preset":"transactions","colums":["a"]}', 'unknown "colums" (settings: preset, format, columns,'],
    ['{"preset":"orders"}', '"preset" must be one of transactions, contacts, customers, campaign-touches'],
    ['{"preset":"transactions","fields":{"nope":"x"}}', '"fields.nope": the transactions preset has no field nope'],
    ['{"preset":"customers","constants":{"sku":"CD"}}', '"constants.sku": the customers preset has no field sku'],
    ['{"preset":"transactions","constants":{"currency":7}}', '"constants.currency" must be a string'],
    ['{"preset":"transactions","fields":["customer"]}', '"fields" must be an object of field: column'],
    ['{"preset":"transactions","columns":"a b"}', '"columns" must be a list of column names'],
    ['{"preset":"transactions","timezone":"Asia/Tehran"}', '"timezone" must be UTC or a fixed offset such as +03:30'],
    ['{"preset":"transactions","dateFormat":"DD.MM.YY"}', '"dateFormat" must be "iso" or a pattern with YYYY'],
    ['{"preset":"transactions","delimiter":"||"}', '"delimiter" must be one character (not a quote or a line break)'],
    ['{"preset":"transactions","delimiter":"\\""}', '"delimiter" must be one character (not a quote or a line break)'],
    ['{"preset":"transactions","format":"xlsx"}', '"format" must be one of "csv", "ndjson", "whitespace"'],
    ['{"preset":"transactions","createCustomers":"no"}', '"createCustomers" must be one of true, false'],
  ])('refuses %s, naming what is wrong', (text, reason) => {
    const file = writeIn(tmp.dir, 'm.json', text);
    expect(() => loadMapping(file)).toThrow(MappingProblem);
    expect(() => loadMapping(file)).toThrow(`mapping file '${file}'`);
    expect(() => loadMapping(file)).toThrow(reason);
  });

  it('takes any one-character separator, and notes for people ($schema, _comment) beside the settings', () => {
    const file = writeIn(
      tmp.dir,
      'notes.json',
      '{"$schema":"./mapping.schema.json","_comment":"the till export","preset":"transactions","delimiter":"\\t"}',
    );
    expect(loadMapping(file)).toMatchObject({ preset: 'transactions', delimiter: '\t' });
  });

  it('refuses a mapping file that cannot be read', () => {
    const dir = join(tmp.dir, 'a-directory.json');
    mkdirSync(dir);
    expect(() => loadMapping(dir)).toThrow(`mapping file '${dir}' cannot be read: EISDIR`);
    expect(() => loadMapping(join(tmp.dir, 'none.json'))).toThrow('cannot be read: ENOENT');
  });
});

describe("a file's columns", () => {
  it('are its first line (BOM, ; and quotes read as the parser does), the mapping’s, or unknown for NDJSON', () => {
    const csv = writeIn(tmp.dir, 'a.csv', '\uFEFFInvoiceNo;"Stock Code";Quantity\n1;A;2\n');
    expect(headerColumns(csv, { format: 'csv' })).toEqual(['InvoiceNo', 'Stock Code', 'Quantity']);
    const txt = writeIn(tmp.dir, 'a.txt', '00001 19970101 1 11.77\n');
    expect(headerColumns(txt, { format: 'whitespace', columns: ['id', 'date', 'n', 'v'] })).toEqual([
      'id',
      'date',
      'n',
      'v',
    ]);
    expect(headerColumns(txt, { format: 'whitespace' })).toEqual(['00001', '19970101', '1', '11.77']);
    // A whitespace file whose header line the mapping renames: the mapping's names, as the rows get them.
    const named = writeIn(tmp.dir, 'b.txt', 'id date n v\n00001 19970101 1 11.77\n');
    expect(headerColumns(named, { format: 'whitespace', header: true, columns: ['c', 'd', 'q', 't'] })).toEqual([
      'c',
      'd',
      'q',
      't',
    ]);
    expect(headerColumns(writeIn(tmp.dir, 'a.ndjson', '{"a":1}\n'), { format: 'ndjson' })).toBeNull();
    expect(headerColumns(writeIn(tmp.dir, 'empty.csv', ''), { format: 'csv' })).toBeNull();
  });

  it('must give every field the preset needs: each one missing is named with where it was looked for', () => {
    const retail = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'];
    expect(missingFields({ preset: 'transactions' }, retail)).toEqual([]);
    // A line total will do for a unit price; a constant for a column.
    const totals = ['customer_id', 'order_id', 'date', 'quantity', 'total'];
    expect(missingFields({ preset: 'transactions', constants: { sku: 'CD' } }, totals)).toEqual([]);
    expect(missingFields({ preset: 'transactions' }, ['Kunde', 'Beleg', 'Datum'])).toEqual([
      'customer (looked for customer_id, customerid, customer, client_id)',
      'order (looked for order_id, orderid, invoice, invoiceno, invoice_no, order)',
      'date (looked for occurred_at, date, invoicedate, invoice_date, datetime, timestamp)',
      'sku (looked for sku, stockcode, stock_code, product_id)',
      'quantity (looked for quantity, qty)',
      'unitPrice (looked for unit_price, unitprice, price) or lineTotal (looked for line_total, amount, total)',
    ]);
    const named = { customer: 'Kunde', order: 'B-{Beleg}-{Kasse}', date: 'Datum', sku: 'Artikel', quantity: 'Menge' };
    expect(
      missingFields({ preset: 'transactions', fields: named }, ['Kunde', 'Beleg', 'Datum', 'Artikel', 'Preis']),
    ).toEqual([
      "order (the mapping names 'Kasse')",
      "quantity (the mapping names 'Menge')",
      'unitPrice (looked for unit_price, unitprice, price) or lineTotal (looked for line_total, amount, total)',
    ]);
    expect(missingFields({ preset: 'customers' }, ['ID', 'Full Name', 'E-mail'])).toEqual([]);
    expect(missingFields({ preset: 'contacts' }, ['customer', 'date', 'channel'])).toEqual([
      'reason (looked for reason, topic, subject)',
    ]);
  });

  it('named twice are those a field reads (by the mapping, a template or a common name), not others', () => {
    const columns = ['Beleg', 'Kunde', 'Beleg', 'Customer ID', 'Notiz', 'Notiz', 'Customer ID', 'SKU', 'SKU'];
    const fields = { order: 'B-{Beleg}', customer: 'Kunde' };
    expect(repeatedColumns({ preset: 'transactions', fields }, columns)).toEqual(['Beleg', 'SKU']);
    expect(repeatedColumns({ preset: 'transactions', constants: { sku: 'CD' } }, columns)).toEqual(['Customer ID']);
  });
});

/** A value each field can take, for rows that lack one field at a time. */
const VALUES: Record<string, string> = {
  customer: 'c1',
  order: 'o1',
  date: '2026-01-01',
  sku: 'A',
  quantity: '1',
  unitPrice: '2',
  lineTotal: '2',
  currency: 'EUR',
  channel: 'web',
  direction: 'inbound',
  reason: 'order status',
  campaign: 'spring',
  id: 'c1',
  name: 'Ada',
  kind: 'person',
  country: 'GB',
};

describe('the fields a preset needs', () => {
  it.each(PRESETS)('%s: the column check needs exactly the fields without which a row cannot be read', (preset) => {
    for (const absent of PRESET_FIELDS[preset]) {
      const fields = Object.fromEntries(
        PRESET_FIELDS[preset].filter((f) => f !== absent && VALUES[f] !== undefined).map((f) => [f, VALUES[f]]),
      );
      let refused = false;
      try {
        commandOf({ preset }, [{ rowNumber: 1, fields, raw: '', bytesRead: 0 }]);
      } catch (error) {
        if (!(error instanceof RowProblem)) throw error;
        refused = true;
      }
      expect({ absent, needed: missingFields({ preset }, Object.keys(fields)).length > 0 }).toEqual({
        absent,
        needed: refused,
      });
    }
  });
});

describe('numbers', () => {
  it.each([
    ['.', '1,000.00', 1000],
    ['.', '-1,234,567.5', -1234567.5],
    ['.', '2.55', 2.55],
    ['.', '1e-7', 1e-7],
    ['.', '1E+3', 1000],
    [',', '1.000,00', 1000],
    [',', '2,55', 2.55],
    [',', '1.000', 1000],
  ] as const)("with '%s' as decimal separator read %s as %d", (separator, raw, value) => {
    expect(numberOf({ preset: 'transactions', decimalSeparator: separator }, raw, 'quantity')).toBe(value);
  });

  // The other separator only between groups of three digits: anything else would be read as
  // another number than the file meant (1,5 as 15, 1.000,00 as 1), silently.
  it.each([
    [
      undefined,
      '1,5',
      `'1,5' is not a number with '.' as its decimal separator (a mapping's "decimalSeparator": "," reads 1.234,5)`,
    ],
    [
      undefined,
      '1.000,00',
      `'1.000,00' is not a number with '.' as its decimal separator (a mapping's "decimalSeparator": "," reads 1.234,5)`,
    ],
    ['.', '12,34', `'12,34' is not a number with '.' as its decimal separator`],
    [',', '1,000.00', `'1,000.00' is not a number with ',' as its decimal separator`],
    [',', '1.5', `'1.5' is not a number with ',' as its decimal separator`],
    [',', '.5', `'.5' is not a number with ',' as its decimal separator`],
    [undefined, 'NaN', `'NaN' is not a number`],
    [undefined, '1e999', `'1e999' is too large a number`],
  ] as const)('with %s refuses %s, saying why', (separator, raw, reason) => {
    const mapping = { preset: 'transactions' as const, ...(separator ? { decimalSeparator: separator } : {}) };
    let problem: unknown;
    try {
      numberOf(mapping, raw, 'quantity');
    } catch (error) {
      problem = error;
    }
    expect(problem).toBeInstanceOf(RowProblem);
    expect(problem).toMatchObject({ field: 'quantity', reason });
  });
});

describe('dates', () => {
  const mapping = { preset: 'transactions' as const };
  it.each([
    ['2026-01-31', '2026-01-31T00:00:00.000Z'],
    ['1996-02-29 10:00', '1996-02-29T10:00:00.000Z'],
    ['2026-01-31T09:30:00+03:30', '2026-01-31T06:00:00.000Z'],
  ])('reads %s as %s', (raw, instant) => {
    expect(instantOf(mapping, raw, 'date')).toBe(instant);
  });

  // Written in another format, a date is not unreal: the reason says how dates are read.
  it.each([
    ['1997-02-30', "'1997-02-30' is not a real date"],
    ['2016-12-31T23:59:60Z', "'2016-12-31T23:59:60Z' is not a real date"],
    ['2026-13-01', "'2026-13-01' is not a real date"],
    ['20260131', "'20260131' is not an ISO date such as 2026-01-31 or 2026-01-31T09:30:00Z"],
    ['1/31/2026', "'1/31/2026' is not an ISO date such as 2026-01-31"],
    ['Jan 31 2026', "'Jan 31 2026' is not an ISO date such as 2026-01-31"],
    ['99999-12-31', "'99999-12-31' is not an ISO date such as 2026-01-31"],
    ['2026-01-31T10:00:00+05', "'2026-01-31T10:00:00+05' is not an ISO date such as 2026-01-31"],
  ])('refuses %s: %s', (raw, reason) => {
    expect(() => instantOf(mapping, raw, 'date')).toThrow(reason);
  });
});

describe('a field read from a row', () => {
  // An NDJSON row names its own columns, so none is checked before: one a row lacks was read from
  // Object's prototype (a function), which crashed the import or went into a template as its source.
  it("is nothing when the row lacks the mapping's column, whatever its name", () => {
    const mapping = {
      preset: 'transactions' as const,
      fields: { customer: 'toString', order: '{constructor}-{order_id}', sku: '__proto__' },
    };
    const fields = { order_id: 'o1' };
    expect(fieldOf(mapping, fields, 'customer')).toBeUndefined();
    expect(fieldOf(mapping, fields, 'order')).toBe('-o1');
    expect(fieldOf(mapping, fields, 'sku')).toBeUndefined();
    expect(fieldOf(mapping, { toString: 'c1', order_id: 'o1' }, 'customer')).toBe('c1');
  });
});
