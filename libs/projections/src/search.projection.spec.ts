import type { CrmEvent } from '@ledger/domain';
import { customerSearchProjection, type CustomerSearchDocument } from './search.projection';
import { at, complaintOpened, contacted, purchased, registered } from './test-support/customer-events';
import { foldLog, recorded } from './test-support/recorded';

const search = (events: CrmEvent[], id = 'c1'): CustomerSearchDocument | undefined =>
  foldLog(customerSearchProjection, recorded(events)).get(id);

const registeredWith = (data: Record<string, unknown>): CrmEvent =>
  ({
    type: 'CustomerRegistered',
    data: { customerId: 'c1', kind: 'person', occurredAt: at('2026-01-01'), ...data },
  }) as CrmEvent;

const erased: CrmEvent = {
  type: 'CustomerErased',
  data: { customerId: 'c1', reason: 'asked to be forgotten', occurredAt: at('2026-03-01') },
};

describe('customer search projection', () => {
  it('holds the display fields and the normalised tokens of a registered customer', () => {
    const doc = search([
      registeredWith({ name: 'José Núñez', email: 'Jose.N@Example.com', phone: '+44 20 7946 0958', city: 'León' }),
    ]);
    expect(doc).toEqual({
      id: 'c1',
      customerId: 'c1',
      kind: 'person',
      name: 'José Núñez',
      email: 'Jose.N@Example.com',
      phone: '+44 20 7946 0958',
      city: 'León',
      country: null,
      orderIds: [],
      tokens: {
        name: ['jose', 'nunez'],
        email: ['jose.n', 'jose.n@example.com'],
        phone: ['442079460958'],
        customerId: ['c1'],
        orderId: [],
      },
      lastPosition: 1,
    });
  });

  it('follows profile changes and adds each order id once', () => {
    const doc = search([
      registeredWith({ name: 'علی رضایی', email: 'ali@example.ir' }),
      purchased('c1', at('2026-01-02'), 10, { orderId: 'ORD-77' }),
      {
        type: 'CustomerProfileUpdated',
        data: {
          customerId: 'c1',
          changes: { phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹', email: null as unknown as string },
          occurredAt: at('2026-01-03'),
        },
      },
      purchased('c1', at('2026-01-04'), 10, { orderId: 'ORD-78' }),
    ]);
    expect(doc).toMatchObject({
      name: 'علی رضایی',
      email: null,
      phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
      orderIds: ['ORD-77', 'ORD-78'],
    });
    expect(doc?.tokens).toEqual({
      name: ['رضایی', 'علی'],
      email: [],
      phone: ['09123456789'],
      customerId: ['c1'],
      orderId: ['ord-77', 'ord-78'],
    });
    expect(doc?.lastPosition).toBe(4);
  });

  it('is not touched by events search does not show', () => {
    const doc = search([
      registered('c1', at('2026-01-01')),
      contacted('c1', at('2026-01-02')),
      complaintOpened('c1', 'k1', at('2026-01-02'), at('2026-01-03')),
    ]);
    expect(doc?.lastPosition).toBe(1);
  });

  it('starts no document before the registration', () => {
    expect(search([purchased('c1', at('2026-01-02'), 10)])).toBeUndefined();
  });

  it('removes the personal fields and their tokens on erasure, keeping the ids', () => {
    const doc = search([
      registeredWith({
        name: 'Ada Lovelace',
        email: 'ada@example.org',
        phone: '+44 1234',
        city: 'London',
        country: 'GB',
      }),
      purchased('c1', at('2026-01-02'), 10, { orderId: 'o-1' }),
      erased,
    ]);
    expect(doc).toMatchObject({ name: null, email: null, phone: null, city: null, country: 'GB', erased: true });
    expect(doc?.tokens).toEqual({ name: [], email: [], phone: [], customerId: ['c1'], orderId: ['o-1'] });
    const stored = JSON.stringify(doc);
    for (const personal of ['Ada', 'ada', 'Lovelace', 'lovelace', '1234', 'London'])
      expect(stored).not.toContain(personal);
  });

  it('ends the same whether the log is read before the erasure or after it (personal fields then read as null)', () => {
    const live = [
      registeredWith({ name: 'Ada', email: 'ada@example.org', country: 'GB' }),
      purchased('c1', at('2026-01-02'), 10, { orderId: 'o-1' }),
      erased,
    ];
    const replayed = [registeredWith({ name: null, email: null, country: 'GB' }), live[1], erased];
    expect(JSON.stringify(search(replayed))).toBe(JSON.stringify(search(live)));
  });

  it('records the customers merged in and not unmerged, with the business time of their merge', () => {
    const merge = (type: 'CustomersMerged' | 'CustomersUnmerged', mergedCustomerId: string, day: string): CrmEvent =>
      ({ type, data: { customerId: 'c1', mergedCustomerId, occurredAt: at(day) } }) as CrmEvent;
    const base = [registeredWith({ name: 'Ada' })];
    const both = [...base, merge('CustomersMerged', 'c2', '2026-02-01'), merge('CustomersMerged', 'c3', '2026-02-02')];
    expect(search(both)?.mergedCustomers).toEqual([
      { customerId: 'c2', mergedAt: at('2026-02-01') },
      { customerId: 'c3', mergedAt: at('2026-02-02') },
    ]);
    const undone = [
      ...both,
      merge('CustomersUnmerged', 'c2', '2026-03-01'),
      merge('CustomersUnmerged', 'c3', '2026-03-01'),
    ];
    // Unmerged, the document is exactly the one without merges (the field is left out when empty).
    expect(JSON.stringify({ ...search(undone), lastPosition: 0 })).toBe(
      JSON.stringify({ ...search(base), lastPosition: 0 }),
    );
  });
});
