import { evolveCustomer, hasBought, initialCustomerState, orderHasSku, orderSkus, skusBought } from './customer.state';
import { foldEvents, customerDecider } from './decider';
import { complaintOpened, consentGiven, purchased, registered } from './test-support/customer-fixtures';

describe('customer state', () => {
  it('never changes a state it was given (cached states are shared)', () => {
    const before = foldEvents(customerDecider, [registered(), consentGiven(), purchased(), complaintOpened()]);
    const snapshot = plain(before);
    evolveCustomer(before, purchased({ orderId: 'o-2' }));
    evolveCustomer(before, {
      type: 'ComplaintResolved',
      data: { customerId: 'c-1', caseId: 'case-1', resolution: 'r', occurredAt: '2026-02-01T00:00:00.000Z' },
    });
    expect(plain(before)).toBe(snapshot);
  });

  it('remembers what the rules need', () => {
    const state = foldEvents(customerDecider, [registered(), consentGiven(), purchased(), complaintOpened()]);
    expect(state.registered).toBe(true);
    expect(state.consent.get('email/marketing')).toBe('given');
    expect(state.orders.get('o-1')).toMatchObject({ amount: 17.8, returnedAmount: 0, currency: 'EUR' });
    expect(skusBought(state)).toEqual(['BEAN-250']);
    expect(state.complaints.get('case-1')).toMatchObject({ status: 'open', escalationLevel: 0, severity: 'high' });
  });

  it('ignores events it has no rule for, returning the same state', () => {
    const state = initialCustomerState();
    const contact = {
      type: 'ContactRecorded' as const,
      data: {
        customerId: 'c-1',
        contactId: 'x',
        channel: 'web' as const,
        direction: 'inbound' as const,
        reason: 'r',
        occurredAt: '2026-01-01T00:00:00.000Z',
      },
    };
    expect(evolveCustomer(state, contact)).toBe(state);
  });
});

describe('the compact order record', () => {
  const line = (sku: string) => ({ sku, quantity: 1, unitPrice: 1 });
  const state = foldEvents(customerDecider, [
    registered(),
    purchased({ orderId: 'o-1', lines: [line('BANK CHARGES'), line('A-1'), line('B'), line('A-1')], amount: 4 }),
    purchased({ orderId: 'o-2', lines: [line('کتاب'), line('B')], amount: 2 }),
  ]);

  it('keeps the skus of each order once, in the order the lines named them', () => {
    expect(orderSkus(state.orders.get('o-1')!)).toEqual(['BANK CHARGES', 'A-1', 'B']);
    expect(skusBought(state)).toEqual(['BANK CHARGES', 'A-1', 'B', 'کتاب']);
  });

  it('finds a sku only whole: not a part, a prefix or a suffix of another', () => {
    const order = state.orders.get('o-1')!;
    for (const sku of ['BANK CHARGES', 'A-1', 'B']) expect(orderHasSku(order, sku)).toBe(true);
    for (const sku of ['BANK', 'CHARGES', 'A', '1', 'A-1\nB', 'BB', ' B']) expect(orderHasSku(order, sku)).toBe(false);
    expect(hasBought(state, 'کتاب')).toBe(true);
    expect(hasBought(state, 'کتا')).toBe(false);
  });
});

/** A JSON rendering that sees into Maps and Sets, to compare a state before and after. */
const plain = (value: unknown): string =>
  JSON.stringify(value, (_key, v) => (v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v] : v));
