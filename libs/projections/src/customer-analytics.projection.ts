// The analysts' raw material per customer: compact, business-time-sorted timelines of
// purchases, returns, contacts, complaints, feedback and campaign touches, so segments and
// attribution can be computed exactly "as of" any instant (segments.ts, attribution.ts).
import {
  subtractMoney,
  addMoney,
  assertNever,
  type CrmEvent,
  type CrmEventType,
  type CustomerKind,
  type FeedbackKind,
  type Instant,
  type Money,
  type RecordedEvent,
} from '@ledger/domain';
import type { Projection, ProjectedDocument } from './projection';
import {
  addDistinct,
  channelIndex,
  insertSorted,
  toInstant,
  toMs,
  type ComplaintEntry,
  type ContactEntry,
  type FeedbackEntry,
  type PurchaseEntry,
  type ReturnEntry,
  type TouchEntry,
} from './timeline';

/**
 * A customer merged into this one (CustomersMerged) from `from` until unmerged (`until`, null
 * while it holds), in business time. The survivor's own facts, so the document stays per
 * customer; the analytics engine combines the group at query time (libs/analytics merge-groups.ts).
 */
export type MergeEntry = [mergedCustomerId: string, from: number, until: number | null];

export interface CustomerAnalytics extends ProjectedDocument {
  customerId: string;
  kind: CustomerKind | null;
  country: string | null;
  city: string | null;
  registeredAt: Instant | null;
  keyAccount: boolean;
  /** Sorted by business time (then the rest of the tuple), whatever order the events arrived in. */
  purchases: PurchaseEntry[];
  returns: ReturnEntry[];
  contacts: ContactEntry[];
  complaints: ComplaintEntry[];
  feedback: FeedbackEntry[];
  /** Campaign touches delivered and contacts carrying a campaign id. */
  touches: TouchEntry[];
  /** Every campaign that touched the customer or that a purchase named; sorted, distinct. */
  campaignIds: string[];
  firstPurchaseAt: Instant | null;
  lastPurchaseAt: Instant | null;
  /** All-time purchases minus returns. */
  totalSpend: Money;
  /** The latest feedback by business time. */
  lastFeedback: { kind: FeedbackKind; score: number; at: Instant } | null;
  /** Customers merged into this one, ever (an unmerge closes the entry); absent when none. */
  merges?: MergeEntry[];
}

/** Which events reach a customer's document; a new event type fails the build here until decided. */
const RELEVANT = {
  CustomerRegistered: true,
  CustomerProfileUpdated: true,
  ConsentGiven: false,
  ConsentWithdrawn: false,
  AccountManagerAssigned: false,
  KeyAccountFlagged: true,
  ContactRecorded: true,
  PurchaseRecorded: true,
  PurchaseReturned: true,
  InformationRequested: false,
  ComplaintOpened: true,
  ComplaintEscalated: false,
  ComplaintAssigned: false,
  ComplaintResolved: true,
  FeedbackGiven: true,
  CampaignTouchDelivered: true,
  OfferMade: false,
  // Drops the city (docs/audit.md); left out of this list, the erased customer's city stayed.
  CustomerErased: true,
  // Kept as intervals so a segment as of a date counts the group as it was then.
  CustomersMerged: true,
  CustomersUnmerged: true,
  CampaignLaunched: false,
  CustomerValueModelFitted: false,
  UserAdded: false,
  UserRolesChanged: false,
  UserTeamChanged: false,
  UserDeactivated: false,
  UserReactivated: false,
} as const satisfies Record<CrmEventType, boolean>;

/** A customer's document before any of their events: nothing known, nothing bought. */
export function emptyCustomerAnalytics(customerId: string): CustomerAnalytics {
  return {
    id: customerId,
    customerId,
    kind: null,
    country: null,
    city: null,
    registeredAt: null,
    keyAccount: false,
    purchases: [],
    returns: [],
    contacts: [],
    complaints: [],
    feedback: [],
    touches: [],
    campaignIds: [],
    firstPurchaseAt: null,
    lastPurchaseAt: null,
    totalSpend: 0,
    lastFeedback: null,
    lastPosition: 0,
  };
}

/** Derived all-time fields, recomputed from the timelines so they can never disagree with them. */
export function withTotals(doc: CustomerAnalytics): CustomerAnalytics {
  const { purchases, returns } = doc;
  let spend = 0;
  for (const [, amount] of purchases) spend = addMoney(spend, amount);
  for (const [, amount] of returns) spend = subtractMoney(spend, amount);
  return {
    ...doc,
    firstPurchaseAt: purchases.length > 0 ? toInstant(purchases[0][0]) : null,
    lastPurchaseAt: purchases.length > 0 ? toInstant(purchases[purchases.length - 1][0]) : null,
    totalSpend: spend,
  };
}

function withTouch(doc: CustomerAnalytics, touch: TouchEntry): CustomerAnalytics {
  return { ...doc, touches: insertSorted(doc.touches, touch), campaignIds: addDistinct(doc.campaignIds, touch[1]) };
}

function evolve(doc: CustomerAnalytics, event: CrmEvent): CustomerAnalytics {
  switch (event.type) {
    case 'CustomerRegistered': {
      const { kind, country, city, occurredAt } = event.data;
      return { ...doc, kind, country: country ?? null, city: city ?? null, registeredAt: occurredAt };
    }
    case 'CustomerProfileUpdated': {
      const { country, city } = event.data.changes;
      return { ...doc, country: country ?? doc.country, city: city ?? doc.city };
    }
    case 'KeyAccountFlagged':
      return { ...doc, keyAccount: event.data.keyAccount };
    case 'CustomerErased':
      // City is personal data; country and the purchase facts stay for analytics (docs/audit.md).
      return { ...doc, city: null };
    case 'ContactRecorded': {
      const { channel, direction, campaignId, occurredAt } = event.data;
      const at = toMs(occurredAt);
      const next = {
        ...doc,
        contacts: insertSorted<ContactEntry>(doc.contacts, [at, channelIndex(channel), direction]),
      };
      return campaignId ? withTouch(next, [at, campaignId, channelIndex(channel), direction]) : next;
    }
    case 'PurchaseRecorded': {
      const { amount, orderId, channel, campaignId, occurredAt } = event.data;
      const entry: PurchaseEntry = [toMs(occurredAt), amount, orderId, channelIndex(channel), campaignId ?? null];
      const campaignIds = campaignId ? addDistinct(doc.campaignIds, campaignId) : doc.campaignIds;
      return withTotals({ ...doc, purchases: insertSorted(doc.purchases, entry), campaignIds });
    }
    case 'PurchaseReturned': {
      const { amount, orderId, occurredAt } = event.data;
      return withTotals({
        ...doc,
        returns: insertSorted<ReturnEntry>(doc.returns, [toMs(occurredAt), amount, orderId ?? null]),
      });
    }
    case 'ComplaintOpened': {
      const { caseId, occurredAt } = event.data;
      return { ...doc, complaints: insertSorted<ComplaintEntry>(doc.complaints, [toMs(occurredAt), caseId, null]) };
    }
    case 'ComplaintResolved': {
      const { caseId, occurredAt } = event.data;
      const resolvedAt = toMs(occurredAt);
      const complaints = doc.complaints.map((c): ComplaintEntry => (c[1] === caseId ? [c[0], c[1], resolvedAt] : c));
      return { ...doc, complaints };
    }
    case 'FeedbackGiven': {
      const { kind, score, occurredAt } = event.data;
      const feedback = insertSorted<FeedbackEntry>(doc.feedback, [toMs(occurredAt), kind, score]);
      const [at, lastKind, lastScore] = feedback[feedback.length - 1];
      return { ...doc, feedback, lastFeedback: { kind: lastKind, score: lastScore, at: toInstant(at) } };
    }
    case 'CampaignTouchDelivered': {
      const { campaignId, channel, occurredAt } = event.data;
      return withTouch(doc, [toMs(occurredAt), campaignId, channelIndex(channel), 'touch']);
    }
    case 'CustomersMerged': {
      const { mergedCustomerId, occurredAt } = event.data;
      const merges = doc.merges ?? [];
      if (merges.some(([id, , until]) => id === mergedCustomerId && until === null)) return doc;
      return { ...doc, merges: insertSorted<MergeEntry>(merges, [mergedCustomerId, toMs(occurredAt), null]) };
    }
    case 'CustomersUnmerged': {
      const { mergedCustomerId, occurredAt } = event.data;
      const merges = (doc.merges ?? []).map(
        (entry): MergeEntry =>
          entry[0] === mergedCustomerId && entry[2] === null
            ? [entry[0], entry[1], Math.max(entry[1], toMs(occurredAt))]
            : entry,
      );
      return { ...doc, merges };
    }
    case 'ConsentGiven':
    case 'ConsentWithdrawn':
    case 'AccountManagerAssigned':
    case 'InformationRequested':
    case 'ComplaintEscalated':
    case 'ComplaintAssigned':
    case 'OfferMade':
    case 'CampaignLaunched':
    case 'CustomerValueModelFitted':
    case 'UserAdded':
    case 'UserRolesChanged':
    case 'UserTeamChanged':
    case 'UserDeactivated':
    case 'UserReactivated':
      return doc;
  }
  return assertNever(event);
}

export const customerAnalyticsProjection: Projection<CustomerAnalytics> = {
  name: 'customer_analytics',
  // 2: CustomerErased is applied (v1 skipped it and kept the erased customer's city); the
  // version bump rebuilds stores built by v1, so no erased city survives an upgrade.
  // 3: CustomersMerged/Unmerged are kept (`merges`), so merged groups count once in segments.
  version: 3,
  // `campaignIds` is an array: `{ campaignIds: id }` relies on Mongo's array-element equality.
  // `lastPosition`: the query side fetches only documents changed since it last looked (`$gt`).
  indexes: ['country', 'keyAccount', 'lastPurchaseAt', 'totalSpend', 'campaignIds', 'lastPosition'],

  keysOf(event: RecordedEvent): string[] {
    if (!RELEVANT[event.type]) return [];
    return [(event.data as { customerId: string }).customerId];
  },

  apply(doc: CustomerAnalytics | null, event: RecordedEvent, id: string): CustomerAnalytics | null {
    if (doc && event.position <= doc.lastPosition) return doc;
    const next = evolve(doc ?? emptyCustomerAnalytics(id), { type: event.type, data: event.data } as CrmEvent);
    return { ...next, lastPosition: event.position };
  },
};
