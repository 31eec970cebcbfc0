// The --data-dir importer maps rows on its preparation thread: the prepared commands and the
// problems must be those of mapping on the main thread (mapUnit, then prepareItem), unit for unit,
// with each customer registered once, by their first unit that maps, across batches.
import { join } from 'node:path';
import { BatchPreparer, prepareItem, type CommandCaller, type PreparedUnit } from '@ledger/commands';
import { REGISTERED_LATE, mapUnit, toWire, type Registered, type RowMapperConfig } from './row-unit-mapper';
import type { SourceRow } from './sources';

jest.setTimeout(60_000); // the thread compiles the libraries from source under jest

const caller: CommandCaller = { principal: { actor: 'import' }, headers: { 'x-source-channel': 'import' } };
const config: RowMapperConfig = { mapping: { preset: 'transactions' }, identity: 'file-1', createCustomers: true };

let rowNumber = 0;
/** A unit of order lines; the second column set (no currency, a description) crosses as its own names. */
function order(
  customer: string,
  id: string,
  lines: { sku: string; quantity: string }[],
  date = '2026-01-02',
): SourceRow[] {
  return lines.map(({ sku, quantity }, i) => {
    const fields: Record<string, string> =
      i % 2 === 0
        ? { order_id: id, sku, quantity, unit_price: '2.5', customer_id: customer, date, currency: 'GBP' }
        : { customer_id: customer, order_id: id, date, sku, quantity, price: '1.25', description: `line ${i}` };
    rowNumber++;
    return { rowNumber, fields, raw: Object.values(fields).join(','), bytesRead: 0 };
  });
}

/** What the main thread would make of the same batches, with one set of registered customers. */
async function onMain(batches: SourceRow[][][]): Promise<PreparedUnit[][]> {
  const registered: Registered = new Map();
  const out: PreparedUnit[][] = [];
  for (const units of batches) {
    let index = 0;
    const prepared: PreparedUnit[] = [];
    for (const rows of units) {
      const mapped = mapUnit(config, registered, rows);
      if ('problem' in mapped) prepared.push(mapped);
      else {
        const items = await Promise.all(mapped.items.map((item) => prepareItem(item, index++, caller)));
        prepared.push(mapped.notes ? { items, notes: mapped.notes } : { items });
      }
    }
    out.push(prepared);
  }
  return out;
}

describe('row unit mapper on the preparation thread', () => {
  it('prepares units as the main thread would: registrations once, problems by field, key per unit', async () => {
    const batches = [
      [
        order('c1', 'o1', [
          { sku: 'A', quantity: '2' },
          { sku: 'B', quantity: '1' },
          { sku: 'C', quantity: '3' },
        ]),
        order('c2', 'o2', [{ sku: 'A', quantity: '1' }], '2026-13-01'), // not a date: c2 not registered yet
        order('c2', 'o3', [{ sku: 'A', quantity: 'x' }]), // not a number
        order('c2', 'C4', [{ sku: 'A', quantity: '-1' }]), // a cancellation: c2 registered with it
      ],
      [order('c1', 'o5', [{ sku: 'D', quantity: '1' }]), order('c3', 'o6', [{ sku: 'E', quantity: '0' }])],
    ];
    const preparer = new BatchPreparer({ mapper: { module: join(__dirname, 'row-unit-mapper'), config } });
    try {
      const onThread: PreparedUnit[][] = [];
      for (const units of batches) onThread.push(await preparer.prepareUnits(toWire(units), caller));
      const expected = await onMain(batches);
      expect(onThread).toEqual(expected);
      const commands = onThread.map((units) =>
        units.map((unit) =>
          'items' in unit
            ? unit.items.map((item) => ('command' in item ? item.command.type : 'problems'))
            : unit.problem,
        ),
      );
      expect(commands).toEqual([
        [
          ['RegisterCustomer', 'RecordPurchase'],
          { field: 'date', reason: "'2026-13-01' is not a real date" },
          { field: 'quantity', reason: "'x' is not a number" },
          ['RegisterCustomer', 'RecordReturn'],
        ],
        [['RecordPurchase'], { field: 'lines[0].quantity', reason: 'a purchase line needs a positive quantity' }],
      ]);
    } finally {
      await preparer.close();
    }
  });

  it('notes a customer once when a row further down predates the one they were registered as of', async () => {
    // Newest first, as many shop exports are: c5 is registered as of 3 March, then seen in February.
    const batches = [
      [order('c5', 'o20', [{ sku: 'A', quantity: '1' }], '2026-03-01')],
      [
        order('c5', 'o21', [{ sku: 'A', quantity: '1' }], '2026-02-01'),
        order('c5', 'o22', [{ sku: 'A', quantity: '1' }], '2026-01-01'),
        order('c6', 'o23', [{ sku: 'A', quantity: '1' }], '2026-01-01'),
        order('c6', 'o24', [{ sku: 'A', quantity: '1' }], '2026-01-01'),
      ],
    ];
    const preparer = new BatchPreparer({ mapper: { module: join(__dirname, 'row-unit-mapper'), config } });
    try {
      const onThread: PreparedUnit[][] = [];
      for (const units of batches) onThread.push(await preparer.prepareUnits(toWire(units), caller));
      expect(onThread).toEqual(await onMain(batches));
      const notes = onThread.map((units) => units.map((unit) => ('items' in unit ? (unit.notes ?? []) : null)));
      expect(notes).toEqual([[[]], [[REGISTERED_LATE], [], [], []]]);
    } finally {
      await preparer.close();
    }
  });

  it('prepares alike on a thread started before it is handed its mapper (the embedded sink opening)', async () => {
    const batches = [
      [order('c7', 'o7', [{ sku: 'A', quantity: '1' }])],
      [order('c7', 'o8', [{ sku: 'B', quantity: '2' }])],
    ];
    const preparer = new BatchPreparer();
    try {
      preparer.start();
      preparer.useMapper({ module: join(__dirname, 'row-unit-mapper'), config });
      expect(() => preparer.useMapper({ module: join(__dirname, 'row-unit-mapper'), config })).toThrow(
        'this preparer already has a unit mapper',
      );
      const onThread: PreparedUnit[][] = [];
      for (const units of batches) onThread.push(await preparer.prepareUnits(toWire(units), caller));
      expect(onThread).toEqual(await onMain(batches));
    } finally {
      await preparer.close();
    }
  });

  it('raises a mapper that does not load with the first units, on the thread as inline', async () => {
    const missing = { module: join(__dirname, 'no-such-mapper'), config };
    const units = toWire([order('c8', 'o9', [{ sku: 'A', quantity: '1' }])]);
    const started = new BatchPreparer();
    const inline = new BatchPreparer({ thread: false, mapper: missing });
    try {
      started.start();
      started.useMapper(missing);
      await expect(started.prepareUnits(units, caller)).rejects.toThrow(/Cannot find module .*no-such-mapper/);
      await expect(inline.prepareUnits(units, caller)).rejects.toThrow(/Cannot find module .*no-such-mapper/);
    } finally {
      await started.close();
    }
  });

  it('maps inline what it is asked after the thread is closed, with the same outcome', async () => {
    const units = [
      order('c9', 'o9', [
        { sku: 'A', quantity: '1' },
        { sku: 'B', quantity: '2' },
      ]),
    ];
    const preparer = new BatchPreparer({ mapper: { module: join(__dirname, 'row-unit-mapper'), config } });
    await preparer.close();
    expect(await preparer.prepareUnits(toWire(units), caller)).toEqual((await onMain([units]))[0]);
  });
});
