// Routing a complaint to the person responsible for it (seed 003), as Given/When/Then.
import { BusinessRuleViolation, CustomerWasErased, UnknownComplaint, ValidationFailed } from './errors';
import { evolveCustomer } from './customer.state';
import { foldEvents, customerDecider } from './decider';
import {
  CUSTOMER_ID,
  command,
  complaintAssigned,
  complaintOpened,
  complaintResolved,
  registered,
} from './test-support/customer-fixtures';
import { TEST_NOW, givenCustomer as given } from './test-support/given-when-then';

const at = { occurredAt: TEST_NOW };
const assign = (assigneeId: string, extra: { caseId?: string; note?: string; occurredAt?: string } = {}) =>
  command('AssignComplaint', { caseId: 'case-1', assigneeId, ...extra });

describe('assigning a complaint', () => {
  it('routes an open case to a person, with the note', () =>
    given([registered(), complaintOpened()])
      .when(assign('agent-7', { note: 'speaks Persian' }))
      .then([
        {
          type: 'ComplaintAssigned',
          data: { customerId: CUSTOMER_ID, caseId: 'case-1', assigneeId: 'agent-7', note: 'speaks Persian', ...at },
        },
      ]));

  it('leaves the note out when none was written', () =>
    given([registered(), complaintOpened()])
      .when(assign('agent-7'))
      .then([complaintAssigned(at)]));

  it('reassigns a case to someone else', () =>
    given([registered(), complaintOpened(), complaintAssigned()])
      .when(assign('team-lead-3'))
      .then([complaintAssigned({ assigneeId: 'team-lead-3', ...at })]));

  it('records nothing when the case already is with that person', () =>
    given([registered(), complaintOpened(), complaintAssigned()])
      .when(assign('agent-7', { note: 'again' }))
      .then([]));

  it('refuses an unknown case', () =>
    given([registered(), complaintOpened()])
      .when(assign('agent-7', { caseId: 'case-9' }))
      .thenThrows(UnknownComplaint, { code: 'UNKNOWN_COMPLAINT', field: 'caseId', kind: 'not_found' }));

  it('refuses a resolved case as a business rule (422), not a conflict', () =>
    given([registered(), complaintOpened(), complaintResolved()])
      .when(assign('agent-7'))
      .thenThrows(BusinessRuleViolation, { code: 'COMPLAINT_RESOLVED', field: 'caseId', kind: 'rule_violation' }));

  it('refuses an assignment dated before the case was opened', () =>
    given([registered(), complaintOpened()])
      .when(assign('agent-7', { occurredAt: '2026-01-01T00:00:00Z' }))
      .thenThrows(ValidationFailed, { field: 'occurredAt' }));

  it('refuses a customer who was erased', () =>
    given([
      registered(),
      complaintOpened(),
      { type: 'CustomerErased', data: { customerId: CUSTOMER_ID, reason: 'asked', occurredAt: TEST_NOW } },
    ])
      .when(assign('agent-7'))
      .thenThrows(CustomerWasErased));

  it('remembers the assignee in the state, so the next decision knows it', () => {
    const state = foldEvents(customerDecider, [registered(), complaintOpened(), complaintAssigned()]);
    expect(state.complaints.get('case-1')).toMatchObject({ status: 'open', assigneeId: 'agent-7' });
    const resolved = evolveCustomer(state, complaintResolved());
    expect(resolved.complaints.get('case-1')).toMatchObject({ status: 'resolved', assigneeId: 'agent-7' });
  });
});
