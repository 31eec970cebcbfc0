// The customer-360 document's shape, and what is read from it at query time: SLA clocks and
// offer expiry depend on `now`, so they are computed per request, never stored.
import type {
  ContactChannel,
  ContactOutcome,
  CustomerKind,
  Direction,
  FeedbackKind,
  Gender,
  Instant,
  Money,
  Severity,
} from '@ledger/domain';
import { HOUR_MS, roundTo, toMs } from './calendar';
import type { ProjectedDocument } from './projection';

/** How many contacts the view keeps; older ones live in the event store. */
export const LAST_CONTACTS_KEPT = 20;

export interface CustomerProfileView {
  name: string;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  gender: Gender | null;
  city: string | null;
  country: string | null;
}

export interface ConsentEntry {
  status: 'given' | 'withdrawn';
  at: Instant;
}

export interface OpenComplaintEntry {
  caseId: string;
  category: string;
  severity: Severity;
  channel: ContactChannel;
  product: string | null;
  description: string;
  openedAt: Instant;
  slaDueAt: Instant;
  escalationLevel: number;
  /** Who the case is routed to (ComplaintAssigned); null while nobody is. */
  assigneeId: string | null;
}

export interface RecentContact {
  contactId: string;
  channel: ContactChannel;
  direction: Direction;
  reason: string;
  agentId: string | null;
  campaignId: string | null;
  outcome: ContactOutcome | null;
  durationSeconds: number | null;
  occurredAt: Instant;
}

export interface CustomerTotals {
  purchases: number;
  spend: Money;
  /** Amount returned. */
  returns: Money;
  netSpend: Money;
  contactsByChannel: Record<ContactChannel, number>;
  informationRequests: number;
  feedbackCount: number;
}

export interface PendingOfferEntry {
  offerId: string;
  sku: string;
  description: string;
  validUntil: Instant;
  madeAt: Instant;
}

export interface LastFeedback {
  kind: FeedbackKind;
  score: number;
  at: Instant;
}

export interface OperationalView extends ProjectedDocument {
  customerId: string;
  kind: CustomerKind;
  profile: CustomerProfileView;
  registeredAt: Instant;
  /** Keyed `channel:purpose`, in vocabulary order; a missing key means the customer never said. */
  consent: Record<string, ConsentEntry>;
  accountManagerId: string | null;
  keyAccount: boolean;
  /** Oldest first (by opening time, then case id). */
  openComplaints: OpenComplaintEntry[];
  resolvedComplaintsCount: number;
  /** Newest business time first; equal times: the later-recorded first. */
  lastContacts: RecentContact[];
  lastContactAt: Instant | null;
  /** Business time of the newest contact per channel (decides preferredChannel ties). */
  lastContactAtByChannel: Record<ContactChannel, Instant | null>;
  totals: CustomerTotals;
  /** Currency of the first purchase; amounts are summed as recorded. */
  currency: string | null;
  lifetimeValue: Money;
  preferredChannel: ContactChannel | null;
  /** Offers not yet taken up (expired ones included: see `activeOffers`), by time made. */
  pendingOffers: PendingOfferEntry[];
  lastFeedback: LastFeedback | null;
  /** Record time of the last event applied. */
  updatedAt: Instant;
  /** Customers merged into this one (CustomersMerged), sorted; absent when none. */
  mergedCustomerIds?: string[];
  /** Present (true) once the customer exercised the right to be forgotten: personal fields are null. */
  erased?: boolean;
}

export type SlaStatus = 'on_time' | 'due_soon' | 'breached';
export type ComplaintWithSla = OpenComplaintEntry & { slaStatus: SlaStatus; hoursToDue: number };
export type OperationalViewWithSla = Omit<OperationalView, 'openComplaints'> & { openComplaints: ComplaintWithSla[] };
/** The view with each open complaint's SLA clock read at `now`: breached once now passes slaDueAt. */
export function withSlaStatus(view: OperationalView, now: string, dueSoonHours = 4): OperationalViewWithSla {
  const nowMs = toMs(now);
  const openComplaints = view.openComplaints.map((complaint): ComplaintWithSla => {
    const msToDue = toMs(complaint.slaDueAt) - nowMs;
    const slaStatus = slaStatusAt(complaint.slaDueAt, nowMs, dueSoonHours);
    return { ...complaint, slaStatus, hoursToDue: roundTo(msToDue / HOUR_MS, 2) };
  });
  return { ...view, openComplaints };
}

/** An SLA clock read at `nowMs`: breached once now passes the due time, due soon within `dueSoonHours` of it. */
export function slaStatusAt(dueAt: string, nowMs: number, dueSoonHours = 4): SlaStatus {
  const msToDue = toMs(dueAt) - nowMs;
  return msToDue < 0 ? 'breached' : msToDue <= dueSoonHours * HOUR_MS ? 'due_soon' : 'on_time';
}

/** Pending offers still valid at `now` (validUntil included). */
export function activeOffers(view: OperationalView, now: string): PendingOfferEntry[] {
  const nowMs = toMs(now);
  return view.pendingOffers.filter((offer) => toMs(offer.validUntil) >= nowMs);
}
