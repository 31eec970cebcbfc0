// Reversible merge: the survivor's stream records which customers it holds; nothing else moves.
import { BusinessRuleViolation, ValidationFailed } from './errors';
import type { CustomersMerged } from './events';
import { CUSTOMER_ID, command, registered } from './test-support/customer-fixtures';
import { TEST_NOW, givenCustomer as given } from './test-support/given-when-then';

const merged: CustomersMerged = {
  type: 'CustomersMerged',
  data: { customerId: CUSTOMER_ID, mergedCustomerId: 'cc-7', occurredAt: TEST_NOW },
};
const merge = (mergedCustomerId = 'cc-7') => command('MergeCustomers', { mergedCustomerId });
const unmerge = (mergedCustomerId = 'cc-7') => command('UnmergeCustomers', { mergedCustomerId });

describe('merging duplicate customers', () => {
  it('records the merge in the survivor', () => given([registered()]).when(merge()).then([merged]));

  it('records nothing when already merged', () => given([registered(), merged]).when(merge()).then([]));

  it('refuses to merge a customer into itself', () =>
    given([registered()]).when(merge(CUSTOMER_ID)).thenThrows(ValidationFailed, { field: 'mergedCustomerId' }));

  it('unmerges what was merged, and merging again is possible', () => {
    const unmerged = given([registered(), merged]).when(unmerge()).events();
    expect(unmerged).toEqual([{ type: 'CustomersUnmerged', data: merged.data }]);
    given([registered(), merged, ...unmerged])
      .when(merge())
      .then([merged]);
  });

  it('refuses to unmerge a customer that is not merged', () =>
    given([registered()])
      .when(unmerge())
      .thenThrows(BusinessRuleViolation, { code: 'NOT_MERGED', field: 'mergedCustomerId' }));
});
