// The complaints queue's read model: per customer their open complaints with what the queue
// shows and filters on (severity, category, channel, SLA due time, escalation, assignee) and
// the customer's name. One document per customer rather than per case: a name change or an
// erasure must reach every open case of the customer, and keysOf sees only the event.
// A resolved case leaves the queue; an erasure removes the name and the descriptions.
import {
  assertNever,
  type ContactChannel,
  type CrmEventType,
  type CustomerEvent,
  type Instant,
  type RecordedEvent,
  type Severity,
} from '@ledger/domain';
import { canonicalInstant } from './calendar';
import type { ProjectedDocument, Projection } from './projection';
import { compareText } from './timeline';

export interface QueuedComplaint {
  caseId: string;
  category: string;
  severity: Severity;
  channel: ContactChannel;
  /** Free text the customer gave; null once the customer is erased. */
  description: string | null;
  openedAt: Instant;
  dueAt: Instant;
  escalationLevel: number;
  assigneeId: string | null;
}

export interface ComplaintsQueueDocument extends ProjectedDocument {
  customerId: string;
  customerName: string | null;
  /** Oldest first (by opening time, then case id). */
  openComplaints: QueuedComplaint[];
  erased?: boolean;
}

const byOpening = (a: QueuedComplaint, b: QueuedComplaint): number =>
  compareText(a.openedAt, b.openedAt) || compareText(a.caseId, b.caseId);

const updateCase = (
  doc: ComplaintsQueueDocument,
  caseId: string,
  change: (c: QueuedComplaint) => QueuedComplaint,
): QueuedComplaint[] => doc.openComplaints.map((c) => (c.caseId === caseId ? change(c) : c));

function evolve(doc: ComplaintsQueueDocument, event: CustomerEvent): ComplaintsQueueDocument {
  switch (event.type) {
    case 'CustomerProfileUpdated': {
      const name = event.data.changes.name;
      return name && !doc.erased ? { ...doc, customerName: name } : doc;
    }
    case 'ComplaintOpened': {
      const d = event.data;
      const complaint: QueuedComplaint = {
        caseId: d.caseId,
        category: d.category,
        severity: d.severity,
        channel: d.channel,
        description: doc.erased ? null : (d.description ?? null),
        openedAt: canonicalInstant(d.occurredAt),
        dueAt: canonicalInstant(d.slaDueAt),
        escalationLevel: 0,
        assigneeId: null,
      };
      const others = doc.openComplaints.filter((c) => c.caseId !== d.caseId);
      return { ...doc, openComplaints: [...others, complaint].sort(byOpening) };
    }
    case 'ComplaintEscalated':
      return {
        ...doc,
        openComplaints: updateCase(doc, event.data.caseId, (c) => ({ ...c, escalationLevel: event.data.level })),
      };
    case 'ComplaintAssigned':
      return {
        ...doc,
        openComplaints: updateCase(doc, event.data.caseId, (c) => ({ ...c, assigneeId: event.data.assigneeId })),
      };
    case 'ComplaintResolved':
      return { ...doc, openComplaints: doc.openComplaints.filter((c) => c.caseId !== event.data.caseId) };
    case 'CustomerErased':
      return {
        ...doc,
        customerName: null,
        openComplaints: doc.openComplaints.map((c) => ({ ...c, description: null })),
        erased: true,
      };
    case 'CustomerRegistered': // registered once by the decider; a duplicate from an import changes nothing
      return doc;
    case 'ConsentGiven':
    case 'ConsentWithdrawn':
    case 'AccountManagerAssigned':
    case 'KeyAccountFlagged':
    case 'ContactRecorded':
    case 'PurchaseRecorded':
    case 'PurchaseReturned':
    case 'InformationRequested':
    case 'FeedbackGiven':
    case 'CampaignTouchDelivered':
    case 'OfferMade':
    case 'CustomersMerged':
    case 'CustomersUnmerged':
      return doc; // keyed out by RELEVANT; listed so a new event type must be decided here
  }
  return assertNever(event);
}

/** Which events change the queue; a new event type fails the build here until decided. */
const RELEVANT = {
  CustomerRegistered: true,
  CustomerProfileUpdated: true,
  ConsentGiven: false,
  ConsentWithdrawn: false,
  AccountManagerAssigned: false,
  KeyAccountFlagged: false,
  ContactRecorded: false,
  PurchaseRecorded: false,
  PurchaseReturned: false,
  InformationRequested: false,
  ComplaintOpened: true,
  ComplaintEscalated: true,
  ComplaintAssigned: true,
  ComplaintResolved: true,
  FeedbackGiven: false,
  CampaignTouchDelivered: false,
  OfferMade: false,
  CustomerErased: true,
  CustomersMerged: false,
  CustomersUnmerged: false,
  CampaignLaunched: false,
  CustomerValueModelFitted: false,
  UserAdded: false,
  UserRolesChanged: false,
  UserTeamChanged: false,
  UserDeactivated: false,
  UserReactivated: false,
} as const satisfies Record<CrmEventType, boolean>;

export const complaintsQueueProjection: Projection<ComplaintsQueueDocument> = {
  name: 'complaints_queue',
  version: 1,
  // The query side fetches only documents changed since it last looked (`lastPosition > p`).
  indexes: ['lastPosition'],
  keysOf: (event) => (RELEVANT[event.type] ? [(event.data as { customerId: string }).customerId] : []),
  apply(doc, event: RecordedEvent) {
    const customerEvent = event as unknown as CustomerEvent;
    if (doc === null) {
      // Only a registration starts a document, as for the operational view.
      if (customerEvent.type !== 'CustomerRegistered') return null;
      const { customerId, name } = customerEvent.data;
      return {
        id: customerId,
        customerId,
        customerName: name ?? null,
        openComplaints: [],
        lastPosition: event.position,
      };
    }
    const next = evolve(doc, customerEvent);
    return next === doc ? doc : { ...next, lastPosition: event.position };
  },
};
