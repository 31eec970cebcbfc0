import { ComplaintAlreadyOpened, ComplaintAlreadyResolved, UnknownComplaint, ValidationFailed } from './errors';
import type { ComplaintEscalated } from './events';
import { DEFAULT_POLICY } from './policy';
import type { Severity } from './vocabulary';
import { CUSTOMER_ID, command, complaintOpened, complaintResolved, registered } from './test-support/customer-fixtures';
import { TEST_NOW, givenCustomer as given, testContext } from './test-support/given-when-then';

const at = { occurredAt: TEST_NOW };

const open = (severity: Severity, caseId = 'case-2') =>
  command('OpenComplaint', {
    caseId,
    category: 'product defect',
    severity,
    channel: 'email',
    description: 'pump is loud',
  });
const escalate = (caseId = 'case-1') =>
  command('EscalateComplaint', { caseId, reason: 'no reply', escalatedTo: 'team-lead' });
const resolve = (caseId = 'case-1') =>
  command('ResolveComplaint', { caseId, resolution: 'refund', resolvedBy: 'agent-7' });

const escalated = (level: number): ComplaintEscalated => ({
  type: 'ComplaintEscalated',
  data: { customerId: CUSTOMER_ID, caseId: 'case-1', level, reason: 'no reply', escalatedTo: 'team-lead', ...at },
});

describe('opening a complaint', () => {
  it('names its product as purchase lines name it, within the policy SKU length', () => {
    const about = (product: string) => command('OpenComplaint', { ...open('low').data, product });
    expect(given([registered()]).when(about('BANK CHARGES')).events()[0].data).toMatchObject({
      product: 'BANK CHARGES',
    });
    given([registered()])
      .when(about('x'.repeat(65)))
      .thenThrows(ValidationFailed, { field: 'product' });
  });

  it('sets the SLA due time from the policy hours for its severity', () =>
    given([registered()])
      .when(open('high'))
      .then([
        {
          type: 'ComplaintOpened',
          data: {
            customerId: CUSTOMER_ID,
            caseId: 'case-2',
            category: 'product defect',
            severity: 'high',
            channel: 'email',
            description: 'pump is loud',
            slaDueAt: '2026-03-02T12:00:00.000Z',
            ...at,
          },
        },
      ]));

  it.each([
    ['critical', '2026-03-01T16:00:00.000Z'],
    ['low', '2026-03-06T12:00:00.000Z'],
  ] as const)('gives a %s complaint until %s', (severity, due) =>
    expect(given([registered()]).when(open(severity)).events()[0].data).toMatchObject({ slaDueAt: due }),
  );

  it('counts the SLA from a backfilled occurredAt, with the configured hours', () => {
    const policy = { ...DEFAULT_POLICY, complaintSlaHours: { ...DEFAULT_POLICY.complaintSlaHours, medium: 1 } };
    const backfilled = command('OpenComplaint', { ...open('medium').data, occurredAt: '2026-02-01T08:30:00Z' });
    expect(given([registered()]).when(backfilled, testContext(TEST_NOW, policy)).events()[0].data).toMatchObject({
      occurredAt: '2026-02-01T08:30:00.000Z',
      slaDueAt: '2026-02-01T09:30:00.000Z',
    });
  });

  it('refuses a case id that was already opened, even once resolved', () => {
    given([registered(), complaintOpened()])
      .when(open('low', 'case-1'))
      .thenThrows(ComplaintAlreadyOpened, { kind: 'conflict' });
    given([registered(), complaintOpened(), complaintResolved()])
      .when(open('low', 'case-1'))
      .thenThrows(ComplaintAlreadyOpened, { code: 'COMPLAINT_ALREADY_OPENED', field: 'caseId' });
  });
});

describe('escalating a complaint', () => {
  it('starts at level 1', () =>
    given([registered(), complaintOpened()])
      .when(escalate())
      .then([escalated(1)]));

  it('increments the level with each escalation', () =>
    given([registered(), complaintOpened(), escalated(1), escalated(2)])
      .when(escalate())
      .then([escalated(3)]));

  it('refuses an unknown case', () =>
    given([registered(), complaintOpened()])
      .when(escalate('case-9'))
      .thenThrows(UnknownComplaint, { field: 'caseId' }));

  it('refuses a resolved case', () =>
    given([registered(), complaintOpened(), complaintResolved()])
      .when(escalate())
      .thenThrows(ComplaintAlreadyResolved));
});

describe('resolving a complaint', () => {
  it('resolves an open case', () =>
    given([registered(), complaintOpened(), escalated(1)])
      .when(resolve())
      .then([complaintResolved({ resolution: 'refund', resolvedBy: 'agent-7', ...at })]));

  it('refuses an unknown case', () => given([registered()]).when(resolve()).thenThrows(UnknownComplaint));

  it('refuses a case resolved before', () =>
    given([registered(), complaintOpened(), complaintResolved()])
      .when(resolve())
      .thenThrows(ComplaintAlreadyResolved, { code: 'COMPLAINT_ALREADY_RESOLVED' }));

  it('refuses a resolution dated before the complaint was opened', () =>
    given([registered(), complaintOpened()])
      .when(command('ResolveComplaint', { caseId: 'case-1', resolution: 'r', occurredAt: '2026-01-01T00:00:00Z' }))
      .thenThrows(ValidationFailed, { field: 'occurredAt' }));
});
