import { customerSearchProjection, type CustomerSearchDocument } from '@ledger/projections';
import type { RecordedEvent } from '@ledger/domain';
import { SearchIndex } from './search-index';
import { allTermsMatch, compareRanks, parseQuery, rankOf } from './search-query';

let position = 0;
/** A search document as the projection builds it, so the index is tested on real documents. */
function customer(
  customerId: string,
  profile: { name: string; email?: string; phone?: string },
  orderIds: string[] = [],
): CustomerSearchDocument {
  const event = (type: string, data: object) =>
    ({
      type,
      position: ++position,
      data: { customerId, occurredAt: '2026-01-01T00:00:00.000Z', ...data },
    }) as unknown as RecordedEvent;
  let doc = customerSearchProjection.apply(
    null,
    event('CustomerRegistered', { kind: 'person', ...profile }),
    customerId,
  );
  for (const orderId of orderIds)
    doc = customerSearchProjection.apply(doc, event('PurchaseRecorded', { orderId }), customerId);
  if (!doc) throw new Error('no document');
  return doc;
}

const ids = (index: SearchIndex, q: string, limit = 20) => index.search(q, limit).map((hit) => hit.doc.customerId);

/** The specification the index must agree with: every document checked, sorted by rank. */
function reference(docs: Map<string, CustomerSearchDocument>, q: string, limit: number): string[] {
  const terms = parseQuery(q);
  if (terms.length === 0) return [];
  return [...docs.values()]
    .filter((doc) => allTermsMatch(doc, terms))
    .map((doc) => ({ doc, rank: rankOf(doc, terms[0])! }))
    .sort((a, b) => compareRanks(a.rank, b.rank))
    .slice(0, limit)
    .map((r) => r.doc.customerId);
}

describe('search index', () => {
  const people = [
    customer('c-001', { name: 'علی رضایی', phone: '+98 912 345 6789' }),
    customer('c-002', { name: 'José García', email: 'jose.garcia@example.com' }, ['ORD-5001']),
    customer('c-003', { name: 'Ali Rezaei', email: 'ali@example.org', phone: '0044 20 7946 0958' }),
    customer('c-004', { name: 'Alison Brown', email: 'alison.b@example.net', phone: '+44 20 7123 4567' }),
    customer('c-005', { name: 'فاطمه کریمی', email: 'ali.k@example.ir' }, ['ORD-5002', 'X-1']),
  ];
  const index = new SearchIndex(people);

  it('finds Persian names whichever yeh and kaf were typed, by any word prefix', () => {
    expect(ids(index, 'علي')).toEqual(['c-001']);
    expect(ids(index, 'رضا')).toEqual(['c-001']);
    expect(ids(index, 'كريمي')).toEqual(['c-005']);
    expect(ids(index, 'فاطمة')).toEqual(['c-005']);
  });

  it('finds Latin names without their diacritics, and in any case', () => {
    expect(ids(index, 'jose')).toEqual(['c-002']);
    expect(ids(index, 'GARC')).toEqual(['c-002']);
  });

  it('ranks name prefixes by matched word then id, before e-mail prefixes', () => {
    // "ali" (c-003's name) before "alison" (c-004's), then c-005 whose e-mail starts with ali.
    expect(ids(index, 'ali')).toEqual(['c-003', 'c-004', 'c-005']);
    const hit = index.search('ali', 5)[0];
    expect(hit.matchedOn).toEqual(['name', 'email']);
  });

  it('puts an exact e-mail, phone or id before prefix matches', () => {
    expect(ids(index, 'ali@example.org')).toEqual(['c-003']);
    expect(ids(index, 'c-00')).toEqual(['c-001', 'c-002', 'c-003', 'c-004', 'c-005']);
    expect(ids(index, 'c-003')[0]).toBe('c-003');
  });

  it('matches phone numbers on digits, with or without the international prefix', () => {
    // Ranked by the matched number, then id: 44 20 7123… before 44 20 7946….
    expect(ids(index, '+44 20')).toEqual(['c-004', 'c-003']);
    expect(ids(index, '0044 207946')).toEqual(['c-003']);
    expect(ids(index, '۰۰۹۸ ۹۱۲')).toEqual(['c-001']);
    expect(ids(index, '+98912')).toEqual(['c-001']);
    expect(index.search('442079460958', 5)[0].matchedOn).toEqual(['phone']);
  });

  it('finds e-mails by local part and order ids by prefix', () => {
    expect(ids(index, 'jose.gar')).toEqual(['c-002']);
    expect(ids(index, 'ord-500')).toEqual(['c-002', 'c-005']);
    expect(index.search('ORD-5002', 5).map((h) => [h.doc.customerId, h.matchedOn])).toEqual([['c-005', ['orderId']]]);
  });

  it('needs every term to match some field', () => {
    expect(ids(index, 'ali rez')).toEqual(['c-003']);
    expect(ids(index, 'فاط ali.k')).toEqual(['c-005']);
    expect(ids(index, 'ali nobody')).toEqual([]);
    expect(ids(index, '!!!')).toEqual([]);
  });

  it('follows changed documents: a new name is found, the old one is not, an erased customer only by id', () => {
    const live = new SearchIndex(people);
    const renamed = customerSearchProjection.apply(
      people[1],
      {
        type: 'CustomerProfileUpdated',
        position: ++position,
        data: { customerId: 'c-002', changes: { name: 'Pepe Núñez' } },
      } as unknown as RecordedEvent,
      'c-002',
    )!;
    const erased = customerSearchProjection.apply(
      people[0],
      {
        type: 'CustomerErased',
        position: ++position,
        data: { customerId: 'c-001', reason: 'asked' },
      } as unknown as RecordedEvent,
      'c-001',
    )!;
    expect(live.upsert([renamed, erased, people[2]])).toBe(2); // people[2] is not newer
    expect(ids(live, 'garc')).toEqual([]);
    expect(ids(live, 'nunez')).toEqual(['c-002']);
    expect(ids(live, 'علی')).toEqual([]);
    expect(ids(live, '+98 912')).toEqual([]);
    expect(ids(live, 'c-001')).toEqual(['c-001']);
  });

  it('agrees with checking every document, across many changes and merges', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const first = ['Ali', 'Alina', 'Reza', 'Sara', 'José', 'Joe', 'محمد', 'مریم', 'علی', 'Zoë'];
    const last = ['Rezaei', 'Brown', 'García', 'کریمی', 'Garcia', 'Bro', 'Smith'];
    const docs = new Map<string, CustomerSearchDocument>();
    const index = new SearchIndex();
    for (let round = 0; round < 25; round++) {
      const batch: CustomerSearchDocument[] = [];
      for (let i = 0; i < 150; i++) {
        const id = `c-${Math.floor(random() * 2000)}`;
        const doc = customer(
          id,
          {
            name: `${pick(first)} ${pick(last)}`,
            email: `${pick(first).toLowerCase()}${Math.floor(random() * 50)}@example.com`,
            phone: `+44 20 ${Math.floor(random() * 10_000)}`,
          },
          [`o-${Math.floor(random() * 500)}`],
        );
        batch.push(doc);
        docs.set(id, doc);
      }
      index.upsert(batch);
      for (const q of [
        'a',
        'al',
        'ali',
        'jo',
        'jose g',
        'gar',
        'علي',
        'مر',
        '+44 20 1',
        'c-1',
        'o-4',
        'sara b',
        'ali0',
        'zoe',
        'a rezaei',
        'b علی',
        'j garcia.',
      ]) {
        for (const limit of [1, 7, 50])
          expect([q, limit, ids(index, q, limit)]).toEqual([q, limit, reference(docs, q, limit)]);
      }
    }
  });
});
