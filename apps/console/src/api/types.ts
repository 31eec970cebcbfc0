// Shapes of the API answers the console reads (see /docs for the OpenAPI description).
import type { ContactChannel, Severity } from './vocabulary';

export type Permission = 'write' | 'read:customer' | 'read:analytics' | 'read:audit' | 'admin';
export type RoleName = 'channel' | 'agent' | 'analyst' | 'auditor' | 'admin';

export interface Me {
  role: RoleName;
  roles?: RoleName[];
  actor: string;
  permissions: Permission[];
  /** A signed-in person (absent for an API key). */
  user?: { userId: string; name: string | null };
  csrfToken?: string;
}

export interface Money {
  amount: number;
  currency: string | null;
}

export interface SearchResult {
  customerId: string;
  kind: 'person' | 'organisation';
  name: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  country: string | null;
  lifecycleStage?: string | null;
  matchedOn: string[];
  /** Present when the customer is merged into another: the top survivor. */
  mergedInto?: MergedInto;
}

/** Where a customer merged away went (the survivor holding their history). */
export interface MergedInto {
  customerId: string;
  /** null once the survivor is erased. */
  name: string | null;
}

export interface SearchAnswer {
  query: string;
  results: SearchResult[];
  position: number;
}

export type SlaStatus = 'on_time' | 'due_soon' | 'breached';

export interface OpenComplaint {
  caseId: string;
  category: string;
  severity: Severity;
  channel: ContactChannel;
  product: string | null;
  description: string;
  openedAt: string;
  slaDueAt: string;
  escalationLevel: number;
  slaStatus: SlaStatus;
  hoursToDue: number;
}

export interface CustomerView {
  customerId: string;
  kind: 'person' | 'organisation';
  profile: {
    name: string | null;
    email: string | null;
    phone: string | null;
    birthDate: string | null;
    gender: string | null;
    city: string | null;
    country: string | null;
  };
  registeredAt: string;
  consent: Record<string, { status: 'given' | 'withdrawn'; at: string }>;
  accountManagerId: string | null;
  keyAccount: boolean;
  openComplaints: OpenComplaint[];
  resolvedComplaintsCount: number;
  lastContactAt: string | null;
  totals: {
    purchases: number;
    spend: number;
    returns: number;
    netSpend: number;
    contactsByChannel: Record<string, number>;
    informationRequests: number;
    feedbackCount: number;
  };
  currency: string | null;
  lifetimeValue: number;
  preferredChannel: ContactChannel | null;
  pendingOffers: { offerId: string; sku: string; description: string; validUntil: string; madeAt: string }[];
  lastFeedback: { kind: string; score: number; at: string } | null;
  lastPosition: number;
  updatedAt: string;
  readAt: string;
  erased?: boolean;
  /** Present when this customer is merged into another: the top survivor, to be sent on to. */
  mergedInto?: MergedInto;
}

export interface LifecycleAnswer {
  stage: string | null;
  cumulativeValue: number;
  predictedLifetimeValue: number;
  transitions: { stage: string; at: string }[];
}

export interface TimelineItem {
  eventId: string;
  revision: number;
  position: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  channel: ContactChannel | null;
  actor: string | null;
  /** The event's own fields (personal ones decrypted; null once the customer was erased). */
  data: Record<string, unknown>;
}

export interface TimelinePage {
  customerId: string;
  /** The stream's revision when read: what If-Match sends. */
  revision: number;
  items: TimelineItem[];
  /** Pass as `before` for the next (older) page; null at the first event. */
  nextBefore: number | null;
}

export type QueueSla = 'on_track' | 'due_soon' | 'breached';

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

export interface QueuePage {
  items: QueueItem[];
  total: number;
  limit: number;
  offset: number;
  now: string;
}

export interface CustomerSignals {
  customerId: string;
  asOf: string;
  lifecycleStage: string;
  churnRisk: 'low' | 'medium' | 'high';
  churnScore: number;
  why: {
    recencyDays: number | null;
    frequency: number;
    monetary: number;
    churnModel: { high: number; medium: number };
  };
}
