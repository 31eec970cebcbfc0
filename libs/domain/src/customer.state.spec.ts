import { evolveCustomer, initialCustomerState } from './customer.state';
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
    expect([...state.skusBought]).toEqual(['BEAN-250']);
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

/** A JSON rendering that sees into Maps and Sets, to compare a state before and after. */
const plain = (value: unknown): string =>
  JSON.stringify(value, (_key, v) => (v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v] : v));
