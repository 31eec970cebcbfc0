// Several batches in flight: a customer's units stay in order on one lane, and the checkpoint
// never passes a row whose batch is not yet acknowledged, whatever order the answers come in.
import type { BatchItem, BatchItemResult } from '@ledger/commands';
import { SendLanes, type LaneUnit } from './send-lanes';

type Unit = LaneUnit & { items: BatchItem[] };
const unit = (customer: string, row: number): Unit => ({
  items: [{ command: 'RecordContact', customerId: customer, idempotencyKey: `r${row}`, body: {} }],
  commands: 1,
  lastRow: row,
});
const itemsOf = (units: Unit[]) => units.flatMap((u) => u.items);
const created = (units: Unit[]): BatchItemResult[][] =>
  units.map((u) => u.items.map((_, index) => ({ index, status: 201 })));

/** A sender whose answers the test releases one by one, in any order. */
function heldSender() {
  const held: { items: BatchItem[]; release: () => void }[] = [];
  const send = (units: Unit[]) =>
    new Promise<BatchItemResult[][]>((resolve) =>
      held.push({ items: itemsOf(units), release: () => resolve(created(units)) }),
    );
  return { held, send };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('send lanes', () => {
  it('checkpoints only past rows whose batches are all acknowledged', async () => {
    const { held, send } = heldSender();
    const checkpoints: number[] = [];
    const acknowledged: number[] = [];
    const lanes = new SendLanes(send, 2, 1, {
      acknowledged: (units) => acknowledged.push(...units.map((u) => u.lastRow)),
      checkpoint: (row) => checkpoints.push(row),
    });
    // Keys chosen to land on different lanes (FNV-1a of 'a' and 'b' differ in parity).
    await lanes.add(unit('a', 1), 'a');
    await lanes.add(unit('b', 2), 'b');
    lanes.skip(3); // a row rejected while reading
    expect(held).toHaveLength(2);
    held[1].release(); // row 2 first: row 1 is still in flight
    await tick();
    expect(acknowledged).toEqual([2]);
    expect(checkpoints).toEqual([]);
    held[0].release();
    await tick();
    expect(checkpoints).toEqual([3]);
    await lanes.drain();
    expect(checkpoints).toEqual([3]);
  });

  it("keeps one customer's units in order: the next batch waits for the one in flight", async () => {
    const { held, send } = heldSender();
    const sent: string[] = [];
    const lanes = new SendLanes(
      (units: Unit[]) => {
        sent.push(...itemsOf(units).map((i) => i.idempotencyKey ?? ''));
        return send(units);
      },
      4,
      1,
      { acknowledged: () => undefined, checkpoint: () => undefined },
    );
    await lanes.add(unit('c', 1), 'c');
    const second = lanes.add(unit('c', 2), 'c');
    await tick();
    expect(sent).toEqual(['r1']); // row 2 waits for row 1's answer
    held[0].release();
    await second;
    expect(sent).toEqual(['r1', 'r2']);
    held[1].release();
    await lanes.drain();
  });

  it('rethrows a failed batch when drained', async () => {
    const lanes = new SendLanes<Unit, BatchItemResult[]>(
      () => Promise.reject(new Error('the CRM answered 503')),
      2,
      1,
      {
        acknowledged: () => undefined,
        checkpoint: () => undefined,
      },
    );
    await lanes.add(unit('a', 1), 'a');
    await expect(lanes.drain()).rejects.toThrow('503');
  });

  it('sends a batch once it holds maxRows source rows, before it holds batchSize commands', async () => {
    const batches: number[][] = [];
    const lanes = new SendLanes(
      (units: Unit[]) => {
        batches.push(itemsOf(units).map((i) => Number((i.idempotencyKey ?? '').slice(1))));
        return Promise.resolve(created(units));
      },
      1,
      100,
      { acknowledged: () => undefined, checkpoint: () => undefined },
      50,
    );
    // Invoices of 20 lines: two fit in 50 rows, a third would not.
    for (let row = 1; row <= 5; row++) await lanes.add({ ...unit('c', row), rowCount: 20 }, 'c');
    // One of 80 lines goes alone, whatever the limit.
    await lanes.add({ ...unit('c', 6), rowCount: 80 }, 'c');
    await lanes.add(unit('c', 7), 'c');
    await lanes.drain();
    expect(batches).toEqual([[1, 2], [3, 4], [5], [6], [7]]);
  });
});
