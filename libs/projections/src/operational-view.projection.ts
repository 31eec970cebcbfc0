// The agent's customer 360: one document per customer with profile, consent, open cases, the
// last contacts, totals and pending offers (shape and query-time reads: operational-view.document.ts).
import {
  subtractMoney,
  addMoney,
  assertNever,
  CONSENT_PURPOSES,
  CONTACT_CHANNELS,
  isCustomerEvent,
  type ContactChannel,
  type CustomerEvent,
  type Instant,
  type Money,
  type RecordedEvent,
} from '@ledger/domain';
import { canonicalInstant } from './calendar';
import { erasedOperationalView } from './erasure';
import {
  LAST_CONTACTS_KEPT,
  type ConsentEntry,
  type CustomerProfileView,
  type OpenComplaintEntry,
  type OperationalView,
  type PendingOfferEntry,
  type RecentContact,
} from './operational-view.document';
import type { Projection } from './projection';

export * from './operational-view.document';

const byChannel = <T>(value: T): Record<ContactChannel, T> =>
  Object.fromEntries(CONTACT_CHANNELS.map((channel) => [channel, value])) as Record<ContactChannel, T>;

function registeredView(event: RecordedEvent, data: Extract<CustomerEvent, { type: 'CustomerRegistered' }>['data']) {
  const view: OperationalView = {
    id: data.customerId,
    customerId: data.customerId,
    kind: data.kind,
    profile: {
      name: data.name,
      email: data.email ?? null,
      phone: data.phone ?? null,
      birthDate: data.birthDate ?? null,
      gender: data.gender ?? null,
      city: data.city ?? null,
      country: data.country ?? null,
    },
    registeredAt: canonicalInstant(data.occurredAt),
    consent: {},
    accountManagerId: null,
    keyAccount: false,
    openComplaints: [],
    resolvedComplaintsCount: 0,
    lastContacts: [],
    lastContactAt: null,
    lastContactAtByChannel: byChannel<Instant | null>(null),
    totals: {
      purchases: 0,
      spend: 0,
      returns: 0,
      netSpend: 0,
      contactsByChannel: byChannel(0),
      informationRequests: 0,
      feedbackCount: 0,
    },
    currency: null,
    lifetimeValue: 0,
    preferredChannel: null,
    pendingOffers: [],
    lastFeedback: null,
    updatedAt: event.recordedAt,
    lastPosition: event.position,
  };
  return view;
}

function updatedProfile(profile: CustomerProfileView, changes: Partial<CustomerProfileView>): CustomerProfileView {
  // `in` rather than `??`: a change that is present (even null) replaces the old value.
  const pick = <K extends keyof CustomerProfileView>(key: K): CustomerProfileView[K] =>
    key in changes ? ((changes[key] ?? null) as CustomerProfileView[K]) : profile[key];
  return {
    name: changes.name ?? profile.name,
    email: pick('email'),
    phone: pick('phone'),
    birthDate: pick('birthDate'),
    gender: pick('gender'),
    city: pick('city'),
    country: pick('country'),
  };
}

/** Rebuilt in vocabulary order so the key order never depends on the order consent was given. */
function withConsent(consent: Record<string, ConsentEntry>, key: string, entry: ConsentEntry) {
  const merged: Record<string, ConsentEntry> = { ...consent, [key]: entry };
  const ordered: Record<string, ConsentEntry> = {};
  for (const channel of CONTACT_CHANNELS) {
    for (const purpose of CONSENT_PURPOSES) {
      const k = `${channel}:${purpose}`;
      if (merged[k]) ordered[k] = merged[k];
    }
  }
  return ordered;
}

/** Most contacts wins; a tie goes to the channel used most recently (business time). */
function preferredChannelOf(counts: Record<ContactChannel, number>, lastAt: Record<ContactChannel, Instant | null>) {
  let best: ContactChannel | null = null;
  for (const channel of CONTACT_CHANNELS) {
    if (counts[channel] === 0) continue;
    if (
      best === null ||
      counts[channel] > counts[best] ||
      (counts[channel] === counts[best] && (lastAt[channel] ?? '') > (lastAt[best] ?? ''))
    ) {
      best = channel;
    }
  }
  return best;
}

function withContact(view: OperationalView, data: Extract<CustomerEvent, { type: 'ContactRecorded' }>['data']) {
  const contact: RecentContact = {
    contactId: data.contactId,
    channel: data.channel,
    direction: data.direction,
    reason: data.reason,
    agentId: data.agentId ?? null,
    campaignId: data.campaignId ?? null,
    outcome: data.outcome ?? null,
    durationSeconds: data.durationSeconds ?? null,
    occurredAt: canonicalInstant(data.occurredAt),
  };
  // The newest event has the highest position, so it goes before any contact with the same time.
  const at = view.lastContacts.findIndex((c) => c.occurredAt <= contact.occurredAt);
  const insertAt = at === -1 ? view.lastContacts.length : at;
  const lastContacts = [...view.lastContacts.slice(0, insertAt), contact, ...view.lastContacts.slice(insertAt)].slice(
    0,
    LAST_CONTACTS_KEPT,
  );
  const contactsByChannel = {
    ...view.totals.contactsByChannel,
    [data.channel]: view.totals.contactsByChannel[data.channel] + 1,
  };
  const previous = view.lastContactAtByChannel[data.channel];
  const lastContactAtByChannel =
    previous !== null && previous >= contact.occurredAt
      ? view.lastContactAtByChannel
      : { ...view.lastContactAtByChannel, [data.channel]: contact.occurredAt };
  return {
    ...view,
    lastContacts,
    lastContactAt: lastContacts[0].occurredAt,
    lastContactAtByChannel,
    totals: { ...view.totals, contactsByChannel },
    preferredChannel: preferredChannelOf(contactsByChannel, lastContactAtByChannel),
  };
}

function withSpend(view: OperationalView, purchases: number, spend: Money, returns: Money): OperationalView {
  const netSpend = subtractMoney(spend, returns);
  return { ...view, totals: { ...view.totals, purchases, spend, returns, netSpend }, lifetimeValue: netSpend };
}

/** Orders by the given fields in turn, so list order never depends on arrival order. */
const byFields =
  <T>(...fields: (keyof T)[]) =>
  (a: T, b: T): number => {
    for (const field of fields) if (a[field] !== b[field]) return a[field] < b[field] ? -1 : 1;
    return 0;
  };
const byOpening = byFields<OpenComplaintEntry>('openedAt', 'caseId');
const byMade = byFields<PendingOfferEntry>('madeAt', 'offerId');

function evolve(view: OperationalView, event: CustomerEvent): OperationalView {
  switch (event.type) {
    case 'CustomerRegistered': // registered once by the decider; a duplicate from an import changes nothing
    case 'CampaignTouchDelivered': // campaign history belongs to the analytics read models
      return view;
    case 'CustomerProfileUpdated':
      return { ...view, profile: updatedProfile(view.profile, event.data.changes) };
    case 'ConsentGiven':
    case 'ConsentWithdrawn': {
      const entry: ConsentEntry = {
        status: event.type === 'ConsentGiven' ? 'given' : 'withdrawn',
        at: canonicalInstant(event.data.occurredAt),
      };
      return { ...view, consent: withConsent(view.consent, `${event.data.channel}:${event.data.purpose}`, entry) };
    }
    case 'AccountManagerAssigned':
      return { ...view, accountManagerId: event.data.accountManagerId };
    case 'KeyAccountFlagged':
      return { ...view, keyAccount: event.data.keyAccount };
    case 'ContactRecorded':
      return withContact(view, event.data);
    case 'PurchaseRecorded': {
      const { totals } = view;
      const skus = new Set(event.data.lines.map((line) => line.sku));
      const bought = withSpend(view, totals.purchases + 1, addMoney(totals.spend, event.data.amount), totals.returns);
      return {
        ...bought,
        currency: view.currency ?? event.data.currency,
        // Buying the offered sku takes the offer up, as the decider sees it.
        pendingOffers: view.pendingOffers.filter((offer) => !skus.has(offer.sku)),
      };
    }
    case 'PurchaseReturned': {
      const { totals } = view;
      return withSpend(view, totals.purchases, totals.spend, addMoney(totals.returns, event.data.amount));
    }
    case 'InformationRequested':
      return { ...view, totals: { ...view.totals, informationRequests: view.totals.informationRequests + 1 } };
    case 'ComplaintOpened': {
      const d = event.data;
      const complaint: OpenComplaintEntry = {
        caseId: d.caseId,
        category: d.category,
        severity: d.severity,
        channel: d.channel,
        product: d.product ?? null,
        description: d.description,
        openedAt: canonicalInstant(d.occurredAt),
        slaDueAt: canonicalInstant(d.slaDueAt),
        escalationLevel: 0,
        assigneeId: null,
      };
      const others = view.openComplaints.filter((c) => c.caseId !== d.caseId);
      return { ...view, openComplaints: [...others, complaint].sort(byOpening) };
    }
    case 'ComplaintEscalated':
      return {
        ...view,
        openComplaints: view.openComplaints.map((c) =>
          c.caseId === event.data.caseId ? { ...c, escalationLevel: event.data.level } : c,
        ),
      };
    case 'ComplaintAssigned':
      return {
        ...view,
        openComplaints: view.openComplaints.map((c) =>
          c.caseId === event.data.caseId ? { ...c, assigneeId: event.data.assigneeId } : c,
        ),
      };
    case 'ComplaintResolved': {
      const openComplaints = view.openComplaints.filter((c) => c.caseId !== event.data.caseId);
      if (openComplaints.length === view.openComplaints.length) return view;
      return { ...view, openComplaints, resolvedComplaintsCount: view.resolvedComplaintsCount + 1 };
    }
    case 'FeedbackGiven': {
      const at = canonicalInstant(event.data.occurredAt);
      const totals = { ...view.totals, feedbackCount: view.totals.feedbackCount + 1 };
      // A backfilled older answer counts, but does not replace the latest one.
      const isLatest = view.lastFeedback === null || view.lastFeedback.at <= at;
      const lastFeedback = isLatest ? { kind: event.data.kind, score: event.data.score, at } : view.lastFeedback;
      return { ...view, totals, lastFeedback };
    }
    case 'OfferMade': {
      const d = event.data;
      const offer: PendingOfferEntry = {
        offerId: d.offerId,
        sku: d.sku,
        description: d.description,
        validUntil: canonicalInstant(d.validUntil),
        madeAt: canonicalInstant(d.occurredAt),
      };
      // A new offer for the same sku replaces the old one, as in the decider's state.
      const others = view.pendingOffers.filter((o) => o.sku !== d.sku);
      return { ...view, pendingOffers: [...others, offer].sort(byMade) };
    }
    case 'CustomersMerged': {
      const ids = new Set(view.mergedCustomerIds ?? []).add(event.data.mergedCustomerId);
      return { ...view, mergedCustomerIds: [...ids].sort() };
    }
    case 'CustomersUnmerged': {
      // Absent when none are left, so an unmerged view is exactly what it was before the merge.
      const { mergedCustomerIds: _before, ...rest } = view;
      const ids = (view.mergedCustomerIds ?? []).filter((id) => id !== event.data.mergedCustomerId);
      return ids.length > 0 ? { ...rest, mergedCustomerIds: ids } : rest;
    }
    case 'CustomerErased':
      return erasedOperationalView(view);
  }
  return assertNever(event);
}

export const operationalViewProjection: Projection<OperationalView> = {
  name: 'operational_view',
  // 2: open complaints carry assigneeId.
  version: 2,
  indexes: ['accountManagerId', 'keyAccount', 'lastContactAt', 'lifetimeValue'],
  keysOf: (event) => (isCustomerEvent(event) ? [(event.data as { customerId: string }).customerId] : []),
  apply(doc, event) {
    // RecordedEvent keeps type and data as separate unions; with campaigns keyed out, the pair is a CustomerEvent.
    const customerEvent = event as unknown as CustomerEvent;
    if (doc === null) {
      // Only a registration starts a view; an import may deliver other facts for unknown customers first.
      return customerEvent.type === 'CustomerRegistered' ? registeredView(event, customerEvent.data) : null;
    }
    return { ...evolve(doc, customerEvent), updatedAt: event.recordedAt, lastPosition: event.position };
  },
};
