// Search names the survivor a customer was merged into, from the merges the search documents
// record, kept as documents change.
import type { RecordedEvent } from '@ledger/domain';
import { customerSearchProjection, type CustomerSearchDocument } from '@ledger/projections';
import { SearchIndex } from './search-index';

let position = 0;
/** Each customer's search document as the projection folds their events (real documents). */
class Log {
  readonly docs = new Map<string, CustomerSearchDocument>();
  private apply(customerId: string, type: string, data: object): CustomerSearchDocument {
    const event = {
      type,
      position: ++position,
      data: { customerId, occurredAt: '2026-01-01T00:00:00.000Z', ...data },
    } as unknown as RecordedEvent;
    const doc = customerSearchProjection.apply(this.docs.get(customerId) ?? null, event, customerId);
    if (!doc) throw new Error('no document');
    this.docs.set(customerId, doc);
    return doc;
  }
  register = (id: string, name: string) => this.apply(id, 'CustomerRegistered', { kind: 'person', name });
  merge = (survivor: string, merged: string, occurredAt = '2026-02-01T00:00:00.000Z') =>
    this.apply(survivor, 'CustomersMerged', { mergedCustomerId: merged, occurredAt });
  unmerge = (survivor: string, merged: string) =>
    this.apply(survivor, 'CustomersUnmerged', { mergedCustomerId: merged });
  erase = (id: string) => this.apply(id, 'CustomerErased', { reason: 'asked' });
}

const mergedInto = (index: SearchIndex, q: string) =>
  Object.fromEntries(index.search(q, 20).map((hit) => [hit.doc.customerId, hit.mergedInto ?? null]));

describe('search: merged customers', () => {
  it('names the top survivor of a two-level merge, and nobody after the unmerge', () => {
    const log = new Log();
    const index = new SearchIndex([
      log.register('a', 'Ada Web'),
      log.register('b', 'Ada Phone'),
      log.register('c', 'Ada Shop'),
    ]);
    index.upsert([log.merge('b', 'c')]);
    expect(mergedInto(index, 'ada')).toEqual({ a: null, b: null, c: { customerId: 'b', name: 'Ada Phone' } });
    index.upsert([log.merge('a', 'b')]);
    expect(mergedInto(index, 'ada')).toEqual({
      a: null,
      b: { customerId: 'a', name: 'Ada Web' },
      c: { customerId: 'a', name: 'Ada Web' },
    });
    expect(index.mergedInto('c')).toEqual({ customerId: 'a', name: 'Ada Web' });
    index.upsert([log.unmerge('a', 'b')]);
    expect(mergedInto(index, 'ada')).toEqual({ a: null, b: null, c: { customerId: 'b', name: 'Ada Phone' } });
    index.upsert([log.erase('b')]);
    expect(index.mergedInto('c')).toEqual({ customerId: 'b', name: null });
  });

  it('counts a customer merged into two survivors (older logs) under the earlier merge, like the analytics', () => {
    const log = new Log();
    const index = new SearchIndex([log.register('x', 'Grace'), log.register('y', 'Grace'), log.register('m', 'Grace')]);
    index.upsert([log.merge('y', 'm', '2026-02-01T00:00:00.000Z'), log.merge('x', 'm', '2026-03-01T00:00:00.000Z')]);
    expect(index.mergedInto('m')?.customerId).toBe('y');
    index.upsert([log.unmerge('y', 'm')]);
    expect(index.mergedInto('m')?.customerId).toBe('x');
  });

  it('agrees with the documents held, built at once or change by change', () => {
    const log = new Log();
    const ids = Array.from({ length: 30 }, (_, i) => `k-${i}`);
    const index = new SearchIndex(ids.map((id) => log.register(id, `Kim ${id}`)));
    let seed = 11;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let step = 0; step < 200; step++) {
      const [survivor, merged] = [ids[Math.floor(random() * 30)], ids[Math.floor(random() * 30)]];
      if (survivor === merged) continue;
      const held = log.docs.get(survivor)?.mergedCustomers?.some((m) => m.customerId === merged);
      index.upsert([
        held ? log.unmerge(survivor, merged) : log.merge(survivor, merged, `2026-02-${10 + (step % 18)}T00:00:00.000Z`),
      ]);
      const fresh = new SearchIndex(log.docs.values());
      for (const id of ids) expect([id, index.mergedInto(id)]).toEqual([id, fresh.mergedInto(id)]);
    }
  });
});
