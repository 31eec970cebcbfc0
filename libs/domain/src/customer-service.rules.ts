// Service rules of the customer decider: complaint cases open once, escalate level by level, are
// routed to a person, and close once. The SLA clock starts when the complaint occurred, per the
// policy's hours by severity.
import { addHours, isBefore } from './business-time';
import type { AssignComplaint, EscalateComplaint, OpenComplaint, ResolveComplaint } from './commands';
import type { ComplaintCase, CustomerState } from './customer.state';
import { compact, invalid } from './decision-helpers';
import { BusinessRuleViolation, ComplaintAlreadyOpened, ComplaintAlreadyResolved, UnknownComplaint } from './errors';
import type { ComplaintAssigned, ComplaintEscalated, ComplaintOpened, ComplaintResolved } from './events';
import { validSku } from './order-lines';
import type { CrmPolicy } from './policy';
import type { Instant } from './vocabulary';

export function openComplaint(
  data: OpenComplaint['data'],
  state: CustomerState,
  occurredAt: Instant,
  policy: CrmPolicy,
): ComplaintOpened[] {
  if (state.complaints.has(data.caseId)) throw new ComplaintAlreadyOpened(data.caseId);
  const slaHours = policy.complaintSlaHours[data.severity];
  if (!Number.isFinite(slaHours)) throw invalid('severity', `no SLA is configured for severity '${data.severity}'`);
  if (data.product !== undefined) validSku(data.product, 'product', policy.sales);
  const { customerId, caseId, category, severity, channel, description, product } = data;
  const slaDueAt = addHours(occurredAt, slaHours);
  return [
    {
      type: 'ComplaintOpened',
      data: compact({ customerId, caseId, category, severity, channel, description, product, slaDueAt, occurredAt }),
    },
  ];
}

export function escalateComplaint(
  data: EscalateComplaint['data'],
  state: CustomerState,
  occurredAt: Instant,
): ComplaintEscalated[] {
  const complaint = openCase(state, data.caseId, occurredAt);
  const { customerId, caseId, reason, escalatedTo } = data;
  const level = complaint.escalationLevel + 1;
  return [
    { type: 'ComplaintEscalated', data: compact({ customerId, caseId, level, reason, escalatedTo, occurredAt }) },
  ];
}

/**
 * Routes an open case to a person. Assigning it to whoever already has it records nothing (a
 * re-sent form is not a new fact); a resolved case has nobody left to work on it.
 */
export function assignComplaint(
  data: AssignComplaint['data'],
  state: CustomerState,
  occurredAt: Instant,
): ComplaintAssigned[] {
  const complaint = state.complaints.get(data.caseId);
  if (complaint?.status === 'resolved') {
    throw new BusinessRuleViolation(
      'COMPLAINT_RESOLVED',
      `complaint case '${data.caseId}' is resolved; only open cases can be assigned`,
      'caseId',
    );
  }
  if (openCase(state, data.caseId, occurredAt).assigneeId === data.assigneeId) return [];
  const { customerId, caseId, assigneeId, note } = data;
  return [{ type: 'ComplaintAssigned', data: compact({ customerId, caseId, assigneeId, note, occurredAt }) }];
}

export function resolveComplaint(
  data: ResolveComplaint['data'],
  state: CustomerState,
  occurredAt: Instant,
): ComplaintResolved[] {
  openCase(state, data.caseId, occurredAt);
  const { customerId, caseId, resolution, resolvedBy } = data;
  return [{ type: 'ComplaintResolved', data: compact({ customerId, caseId, resolution, resolvedBy, occurredAt }) }];
}

/** The case a follow-up acts on: it must exist, be open, and the follow-up cannot predate the opening. */
function openCase(state: CustomerState, caseId: string, occurredAt: Instant): ComplaintCase {
  const complaint = state.complaints.get(caseId);
  if (!complaint) throw new UnknownComplaint(caseId);
  if (complaint.status === 'resolved') throw new ComplaintAlreadyResolved(caseId);
  if (isBefore(occurredAt, complaint.openedAt)) {
    throw invalid('occurredAt', `case '${caseId}' was opened at ${complaint.openedAt}; a follow-up cannot be earlier`);
  }
  return complaint;
}
