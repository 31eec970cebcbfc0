import type { ComplaintsQueueDocument, QueuedComplaint } from '@ledger/projections';
import { ComplaintsQueue, type QueueRequest } from './complaints-queue';

const complaint = (caseId: string, over: Partial<QueuedComplaint> = {}): QueuedComplaint => ({
  caseId,
  category: 'delivery',
  severity: 'medium',
  channel: 'phone',
  description: 'late',
  openedAt: '2026-11-01T08:00:00.000Z',
  dueAt: '2026-11-04T08:00:00.000Z',
  escalationLevel: 0,
  assigneeId: null,
  ...over,
});
const doc = (customerId: string, lastPosition: number, openComplaints: QueuedComplaint[]): ComplaintsQueueDocument => ({
  id: customerId,
  customerId,
  customerName: `Customer ${customerId}`,
  openComplaints,
  lastPosition,
});
const request = (over: Partial<QueueRequest> = {}): QueueRequest => ({
  filter: {},
  sort: 'dueAt',
  order: 'asc',
  limit: 50,
  offset: 0,
  now: '2026-11-04T06:00:00.000Z',
  dueSoonHours: 4,
  ...over,
});
const cases = (queue: ComplaintsQueue, over?: Partial<QueueRequest>) =>
  queue.list(request(over)).items.map((i) => `${i.customerId}/${i.caseId}`);

describe('complaints queue engine', () => {
  it('keeps the newest version of each customer document only', () => {
    const queue = new ComplaintsQueue([doc('a', 5, [complaint('k1')])]);
    queue.upsert([doc('a', 4, [complaint('old')]), doc('b', 1, [complaint('k2')])]);
    expect(cases(queue)).toEqual(['a/k1', 'b/k2']);
    queue.upsert([doc('a', 6, [])]);
    expect(cases(queue)).toEqual(['b/k2']);
  });

  it('breaks ties in the sort field by due time, then customer and case id, whatever the order', () => {
    const queue = new ComplaintsQueue([
      doc('b', 1, [complaint('k1', { severity: 'high', dueAt: '2026-11-02T00:00:00.000Z' })]),
      doc('a', 2, [complaint('k2', { severity: 'high' }), complaint('k1', { severity: 'low' })]),
    ]);
    expect(cases(queue, { sort: 'severity', order: 'desc' })).toEqual(['b/k1', 'a/k2', 'a/k1']);
    expect(cases(queue, { sort: 'severity', order: 'asc' })).toEqual(['a/k1', 'b/k1', 'a/k2']);
  });

  it('reads the SLA clock at now and filters unassigned cases', () => {
    const queue = new ComplaintsQueue([
      doc('a', 1, [
        complaint('due', { dueAt: '2026-11-04T08:00:00.000Z' }),
        complaint('late', { dueAt: '2026-11-04T05:59:59.999Z', assigneeId: 'agent-7', escalationLevel: 2 }),
        complaint('later', { dueAt: '2026-11-04T10:00:00.001Z' }),
      ]),
    ]);
    const items = queue.list(request()).items;
    expect(items.map((i) => [i.caseId, i.sla, i.escalated, i.escalationLevel])).toEqual([
      ['late', 'breached', true, 2],
      ['due', 'due_soon', false, undefined],
      ['later', 'on_track', false, undefined],
    ]);
    expect(cases(queue, { filter: { assignee: null } })).toEqual(['a/due', 'a/later']);
    expect(queue.list(request({ limit: 1, offset: 1 }))).toMatchObject({ total: 3, items: [{ caseId: 'due' }] });
  });
});
