import { CustomerWasErased, UnknownCustomer } from './errors';
import { CUSTOMER_ID, command, registered } from './test-support/customer-fixtures';
import { TEST_NOW, givenCustomer as given } from './test-support/given-when-then';

const erased = {
  type: 'CustomerErased' as const,
  data: { customerId: CUSTOMER_ID, reason: 'GDPR request', occurredAt: TEST_NOW },
};

describe('customer erasure', () => {
  const erase = command('EraseCustomer', { reason: 'GDPR request' });

  it('records the erasure of a registered customer', () => given([registered()]).when(erase).then([erased]));

  it('records nothing for a retried erasure', () => given([registered(), erased]).when(erase).then([]));

  it('refuses an unknown customer', () =>
    given([]).when(erase).thenThrows(UnknownCustomer, { code: 'UNKNOWN_CUSTOMER' }));

  it.each([
    command('RecordContact', { contactId: 'c', channel: 'web', direction: 'inbound', reason: 'hi' }),
    command('RegisterCustomer', { kind: 'person', name: 'Ada' }),
  ])('refuses $type for an erased customer', (next) =>
    given([registered(), erased]).when(next).thenThrows(CustomerWasErased, { code: 'CUSTOMER_ERASED' }),
  );
});
