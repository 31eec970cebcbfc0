import type { CrmEvent } from '@ledger/domain';
import { complaintsQueueProjection, type ComplaintsQueueDocument } from './complaints-queue.projection';
import {
  at,
  complaintAssigned,
  complaintEscalated,
  complaintOpened,
  complaintResolved,
  registered,
} from './test-support/customer-events';
import { foldLog, recorded } from './test-support/recorded';

const queue = (events: CrmEvent[], id = 'c1'): ComplaintsQueueDocument | undefined =>
  foldLog(complaintsQueueProjection, recorded(events)).get(id);

describe('complaints queue projection', () => {
  it('keeps open cases oldest first, with escalation and assignee, and drops resolved ones', () => {
    const doc = queue([
      registered('c1', at('2026-01-01'), 'Ada'),
      complaintOpened('c1', 'k2', at('2026-01-03'), at('2026-01-06')),
      complaintOpened('c1', 'k1', at('2026-01-02'), at('2026-01-05'), 'high'),
      complaintOpened('c1', 'k3', at('2026-01-04'), at('2026-01-07')),
      complaintEscalated('c1', 'k2', at('2026-01-04'), 1),
      complaintAssigned('c1', 'k1', at('2026-01-04'), 'agent-7'),
      complaintResolved('c1', 'k3', at('2026-01-05')),
    ]);
    expect(doc?.customerName).toBe('Ada');
    expect(doc?.openComplaints).toEqual([
      {
        caseId: 'k1',
        category: 'delivery',
        severity: 'high',
        channel: 'phone',
        description: 'late',
        openedAt: at('2026-01-02'),
        dueAt: at('2026-01-05'),
        escalationLevel: 0,
        assigneeId: 'agent-7',
      },
      expect.objectContaining({ caseId: 'k2', escalationLevel: 1, assigneeId: null }),
    ]);
    expect(doc?.lastPosition).toBe(7);
  });

  it('follows the customer name', () => {
    const doc = queue([
      registered('c1', at('2026-01-01'), 'Ada'),
      {
        type: 'CustomerProfileUpdated',
        data: { customerId: 'c1', changes: { name: 'Ada King' }, occurredAt: at('2026-01-02') },
      },
    ]);
    expect(doc?.customerName).toBe('Ada King');
  });

  it('removes the name and the descriptions on erasure, keeping the cases', () => {
    const doc = queue([
      registered('c1', at('2026-01-01'), 'Ada'),
      complaintOpened('c1', 'k1', at('2026-01-02'), at('2026-01-05')),
      { type: 'CustomerErased', data: { customerId: 'c1', reason: 'asked', occurredAt: at('2026-01-03') } },
    ]);
    expect(doc).toMatchObject({ customerName: null, erased: true });
    expect(doc?.openComplaints).toEqual([expect.objectContaining({ caseId: 'k1', description: null })]);
    expect(JSON.stringify(doc)).not.toMatch(/Ada|late/);
  });

  it('ends the same whether the log is read before the erasure or after it (personal fields then read as null)', () => {
    const erased: CrmEvent = {
      type: 'CustomerErased',
      data: { customerId: 'c1', reason: 'asked', occurredAt: at('2026-01-04') },
    };
    const live = [
      registered('c1', at('2026-01-01'), 'Ada'),
      complaintOpened('c1', 'k1', at('2026-01-02'), at('2026-01-05')),
      complaintAssigned('c1', 'k1', at('2026-01-03'), 'agent-7'),
      erased,
    ];
    const nulled = (event: CrmEvent): CrmEvent => {
      if (event.type === 'CustomerRegistered')
        return { ...event, data: { ...event.data, name: null as unknown as string } };
      if (event.type === 'ComplaintOpened')
        return { ...event, data: { ...event.data, description: null as unknown as string } };
      if (event.type === 'ComplaintAssigned')
        return { ...event, data: { ...event.data, note: null as unknown as string } };
      return event;
    };
    expect(JSON.stringify(queue(live.map(nulled)))).toBe(JSON.stringify(queue(live)));
  });
});
