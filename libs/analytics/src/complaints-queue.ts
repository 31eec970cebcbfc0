// The open complaints of every customer at query time, filtered and sorted for the queue screen.
// Held in memory per customer and kept up to date by changed documents (FollowedReadModel).
import { SEVERITIES, type ContactChannel, type Severity } from '@ledger/domain';
import { slaStatusAt, type ComplaintsQueueDocument, type QueuedComplaint } from '@ledger/projections';

export const QUEUE_SORTS = ['dueAt', 'openedAt', 'severity', 'escalationLevel'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export type QueueSla = 'on_track' | 'due_soon' | 'breached';

export interface QueueFilter {
  severity?: Severity;
  category?: string;
  channel?: ContactChannel;
  /** An assignee id, or null for cases nobody is assigned to. */
  assignee?: string | null;
}

export interface QueueRequest {
  filter: QueueFilter;
  sort: QueueSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  now: string;
  dueSoonHours: number;
}

export interface QueueItem {
  customerId: string;
  customerName: string | null;
  caseId: string;
  category: string;
  severity: Severity;
  channel: ContactChannel;
  description?: string;
  openedAt: string;
  dueAt: string;
  escalated: boolean;
  escalationLevel?: number;
  assigneeId: string | null;
  sla: QueueSla;
}

interface Row {
  doc: ComplaintsQueueDocument;
  complaint: QueuedComplaint;
}

const SEVERITY_RANK = new Map<string, number>(SEVERITIES.map((s, i) => [s, i]));
const sortValue: Record<QueueSort, (c: QueuedComplaint) => string | number> = {
  dueAt: (c) => c.dueAt,
  openedAt: (c) => c.openedAt,
  severity: (c) => SEVERITY_RANK.get(c.severity) ?? 0,
  escalationLevel: (c) => c.escalationLevel,
};
const compare = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

export class ComplaintsQueue {
  private readonly docs = new Map<string, ComplaintsQueueDocument>();

  constructor(docs: Iterable<ComplaintsQueueDocument> = []) {
    this.upsert(docs);
  }

  /** Takes in new versions of documents; one not newer than the held one (by lastPosition) is ignored. */
  upsert(docs: Iterable<ComplaintsQueueDocument>): void {
    for (const doc of docs) {
      const held = this.docs.get(doc.customerId);
      if (!held || held.lastPosition < doc.lastPosition) this.docs.set(doc.customerId, doc);
    }
  }

  list(request: QueueRequest): { items: QueueItem[]; total: number } {
    const { filter } = request;
    const rows: Row[] = [];
    for (const doc of this.docs.values()) {
      for (const complaint of doc.openComplaints) {
        if (filter.severity !== undefined && complaint.severity !== filter.severity) continue;
        if (filter.category !== undefined && complaint.category !== filter.category) continue;
        if (filter.channel !== undefined && complaint.channel !== filter.channel) continue;
        if (filter.assignee !== undefined && complaint.assigneeId !== filter.assignee) continue;
        rows.push({ doc, complaint });
      }
    }
    const value = sortValue[request.sort];
    const direction = request.order === 'asc' ? 1 : -1;
    // Ties in the sort field go by due time, then customer and case ids, always ascending: a stable page order.
    rows.sort(
      (a, b) =>
        direction * compare(value(a.complaint), value(b.complaint)) ||
        compare(a.complaint.dueAt, b.complaint.dueAt) ||
        compare(a.doc.customerId, b.doc.customerId) ||
        compare(a.complaint.caseId, b.complaint.caseId),
    );
    const nowMs = Date.parse(request.now);
    const page = rows.slice(request.offset, request.offset + request.limit);
    return { items: page.map((row) => item(row, nowMs, request.dueSoonHours)), total: rows.length };
  }
}

function item({ doc, complaint: c }: Row, nowMs: number, dueSoonHours: number): QueueItem {
  const sla = slaStatusAt(c.dueAt, nowMs, dueSoonHours);
  return {
    customerId: doc.customerId,
    customerName: doc.customerName,
    caseId: c.caseId,
    category: c.category,
    severity: c.severity,
    channel: c.channel,
    ...(c.description !== null ? { description: c.description } : {}),
    openedAt: c.openedAt,
    dueAt: c.dueAt,
    escalated: c.escalationLevel > 0,
    ...(c.escalationLevel > 0 ? { escalationLevel: c.escalationLevel } : {}),
    assigneeId: c.assigneeId,
    sla: sla === 'on_time' ? 'on_track' : sla,
  };
}
