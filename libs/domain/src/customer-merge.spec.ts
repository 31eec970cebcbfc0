// Reversible merge: the survivor's stream records which customers it holds; nothing else moves.
// The other streams' facts come in the context (the command side reads them).
import type { MergeFacts } from './customer-merge.rules';
import { BusinessRuleViolation, ValidationFailed } from './errors';
import type { CustomersMerged } from './events';
import { CUSTOMER_ID, command, registered } from './test-support/customer-fixtures';
import { TEST_NOW, givenCustomer as given, testContext } from './test-support/given-when-then';

const merged: CustomersMerged = {
  type: 'CustomersMerged',
  data: { customerId: CUSTOMER_ID, mergedCustomerId: 'cc-7', occurredAt: TEST_NOW },
};
const merge = (mergedCustomerId = 'cc-7') => command('MergeCustomers', { mergedCustomerId });
const unmerge = (mergedCustomerId = 'cc-7') => command('UnmergeCustomers', { mergedCustomerId });

/** cc-7 registered, under nobody, holding nobody; the survivor likewise. */
const facts = (overrides: Partial<MergeFacts> = {}) => ({
  ...testContext(),
  merge: {
    merged: { registered: true, erased: false },
    mergedInto: [],
    survivorMergedInto: null,
    mergedGroup: [],
    survivorGroup: [],
    ...overrides,
  },
});

describe('merging duplicate customers', () => {
  it('records the merge in the survivor', () => given([registered()]).when(merge(), facts()).then([merged]));

  it('records nothing when already merged', () => given([registered(), merged]).when(merge(), facts()).then([]));

  it('refuses to merge a customer into itself', () =>
    given([registered()])
      .when(merge(CUSTOMER_ID), facts())
      .thenThrows(ValidationFailed, { field: 'mergedCustomerId' }));

  it('unmerges what was merged, and merging again is possible', () => {
    const unmerged = given([registered(), merged]).when(unmerge()).events();
    expect(unmerged).toEqual([{ type: 'CustomersUnmerged', data: merged.data }]);
    given([registered(), merged, ...unmerged])
      .when(merge(), facts())
      .then([merged]);
  });

  it('refuses to unmerge a customer that is not merged', () =>
    given([registered()])
      .when(unmerge())
      .thenThrows(BusinessRuleViolation, { code: 'NOT_MERGED', field: 'mergedCustomerId' }));

  it('refuses a customer that is not registered, or erased', () => {
    given([registered()])
      .when(merge(), facts({ merged: { registered: false, erased: false } }))
      .thenThrows(BusinessRuleViolation, { code: 'UNKNOWN_MERGED_CUSTOMER', field: 'mergedCustomerId' });
    given([registered()])
      .when(merge(), facts({ merged: { registered: true, erased: true } }))
      .thenThrows(BusinessRuleViolation, { code: 'CUSTOMER_ERASED', field: 'mergedCustomerId' });
  });

  it('refuses a customer merged into another survivor until it is unmerged there', () =>
    given([registered()])
      .when(merge(), facts({ mergedInto: ['web-2'] }))
      .thenThrows(BusinessRuleViolation, { code: 'MERGED_ELSEWHERE', field: 'mergedCustomerId' }));

  it('refuses to merge into a customer that is merged away itself, naming its top survivor', () => {
    let thrown: unknown;
    try {
      given([registered()])
        .when(merge(), facts({ survivorMergedInto: 'top-1' }))
        .events();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BusinessRuleViolation);
    expect(thrown).toMatchObject({ code: 'SURVIVOR_MERGED_AWAY', field: 'customerId' });
    expect((thrown as Error).message).toContain("'top-1'");
  });

  it('takes a customer with its own merged group (the group goes along)', () =>
    given([registered()])
      .when(merge(), facts({ mergedGroup: ['cc-8', 'cc-9'] }))
      .then([merged]));

  it('refuses a circle and a customer already deeper in the survivor group', () => {
    given([registered()])
      .when(merge(), facts({ mergedGroup: ['cc-8', CUSTOMER_ID] }))
      .thenThrows(BusinessRuleViolation, { code: 'MERGE_CYCLE', field: 'mergedCustomerId' });
    given([registered()])
      .when(merge(), facts({ survivorGroup: ['b-1', 'cc-7'] }))
      .thenThrows(BusinessRuleViolation, { code: 'ALREADY_MERGED', field: 'mergedCustomerId' });
  });

  it('cannot decide a merge without the other streams’ facts', () =>
    expect(() => given([registered()]).when(merge()).events()).toThrow(/MergeFacts/));
});
