// One document per campaign: its launch facts and what happened within its window (business
// time): contacts carrying the campaign id, touches delivered, purchases naming it, and the
// distinct customers it reached.
//
// Events can name a campaign before its CampaignLaunched is seen (streams are not ordered
// against each other). They wait in `pending` (time-sorted) and are counted against the window
// when the launch arrives; later events are counted as they come. Counts are sums and the
// distinct count is a set, so the finished document does not depend on arrival order.
import {
  addMoney,
  assertNever,
  type ContactChannel,
  type CrmEvent,
  type Instant,
  type Money,
  type RecordedEvent,
} from '@ledger/domain';
import { addToDistinctCount, distinctCountOf, emptyDistinctCount, type DistinctCount } from './distinct-count';
import type { Projection, ProjectedDocument } from './projection';
import { channelAt, channelIndex, insertSorted, toMs, zeroByChannel, type TouchVia } from './timeline';

/** What an event did for a campaign: a touch, an inbound/outbound contact, or a purchase. */
export type CampaignActivity = TouchVia | 'purchase';

/** An event waiting for its campaign's launch: [at, activity, channel index, customerId, amount]. */
export type PendingActivity = [
  at: number,
  activity: CampaignActivity,
  channel: number,
  customerId: string,
  amount: Money,
];

export interface CampaignDoc extends ProjectedDocument {
  campaignId: string;
  /** False until CampaignLaunched is seen; the launch fields are null until then. */
  launched: boolean;
  name: string | null;
  channel: ContactChannel | null;
  /** The window is inclusive at both ends. */
  startsAt: Instant | null;
  endsAt: Instant | null;
  budget: Money | null;
  currency: string | null;
  contactsByChannel: Record<ContactChannel, { inbound: number; outbound: number }>;
  touchesByChannel: Record<ContactChannel, number>;
  /** Purchases carrying the campaign id: count and gross amount. */
  purchases: { count: number; revenue: Money };
  /** Distinct customers touched (touch or contact) within the window; exact up to 1000, then estimated. */
  customersTouched: number;
  touchedCustomers: DistinctCount;
  /** Events naming the campaign but outside its window (data-quality signal). */
  outsideWindow: number;
  pending: PendingActivity[];
}

function emptyCampaign(campaignId: string): CampaignDoc {
  return {
    id: campaignId,
    campaignId,
    launched: false,
    name: null,
    channel: null,
    startsAt: null,
    endsAt: null,
    budget: null,
    currency: null,
    contactsByChannel: zeroByChannel(() => ({ inbound: 0, outbound: 0 })),
    touchesByChannel: zeroByChannel(() => 0),
    purchases: { count: 0, revenue: 0 },
    customersTouched: 0,
    touchedCustomers: emptyDistinctCount(),
    outsideWindow: 0,
    pending: [],
    lastPosition: 0,
  };
}

/** The events that can name a campaign. */
type CampaignEvent = Extract<
  CrmEvent,
  { type: 'CampaignLaunched' | 'CampaignTouchDelivered' | 'ContactRecorded' | 'PurchaseRecorded' }
>;

/**
 * The event if it can name a campaign, else null: the one place each event type is decided for
 * this read model, so a new event type fails the build here until it is.
 */
function campaignEventOf(recorded: RecordedEvent): CampaignEvent | null {
  // RecordedEvent keeps type and data as separate unions; together they are one CrmEvent.
  const event = recorded as unknown as CrmEvent;
  switch (event.type) {
    case 'CampaignLaunched':
    case 'CampaignTouchDelivered':
    case 'ContactRecorded':
    case 'PurchaseRecorded':
      return event;
    case 'CustomerRegistered':
    case 'CustomerProfileUpdated':
    case 'ConsentGiven':
    case 'ConsentWithdrawn':
    case 'AccountManagerAssigned':
    case 'KeyAccountFlagged':
    case 'PurchaseReturned':
    case 'InformationRequested':
    case 'ComplaintOpened':
    case 'ComplaintEscalated':
    case 'ComplaintAssigned':
    case 'ComplaintResolved':
    case 'FeedbackGiven':
    case 'OfferMade':
    case 'CustomerErased':
    case 'CustomersMerged':
    case 'CustomersUnmerged':
    case 'CustomerValueModelFitted':
    case 'UserAdded':
    case 'UserRolesChanged':
    case 'UserTeamChanged':
    case 'UserDeactivated':
    case 'UserReactivated':
      return null;
  }
  return assertNever(event);
}

/** What an event other than the launch did for its campaign; null when it names none. */
function activityOf(event: Exclude<CampaignEvent, { type: 'CampaignLaunched' }>): PendingActivity | null {
  switch (event.type) {
    case 'CampaignTouchDelivered': {
      const { occurredAt, channel, customerId } = event.data;
      return [toMs(occurredAt), 'touch', channelIndex(channel), customerId, 0];
    }
    case 'ContactRecorded': {
      const { occurredAt, direction, channel, customerId, campaignId } = event.data;
      if (!campaignId) return null;
      return [toMs(occurredAt), direction, channelIndex(channel), customerId, 0];
    }
    case 'PurchaseRecorded': {
      const { occurredAt, channel, customerId, amount, campaignId } = event.data;
      if (!campaignId) return null;
      return [toMs(occurredAt), 'purchase', channelIndex(channel), customerId, amount];
    }
  }
  return assertNever(event);
}

/** Counts one activity of a launched campaign. */
function count(doc: CampaignDoc, [at, activity, channelIdx, customerId, amount]: PendingActivity): CampaignDoc {
  if (at < toMs(doc.startsAt as string) || at > toMs(doc.endsAt as string)) {
    return { ...doc, outsideWindow: doc.outsideWindow + 1 };
  }
  const channel = channelAt(channelIdx);
  if (activity === 'purchase') {
    const { count: purchases, revenue } = doc.purchases;
    return { ...doc, purchases: { count: purchases + 1, revenue: addMoney(revenue, amount) } };
  }
  const touchedCustomers = addToDistinctCount(doc.touchedCustomers, customerId);
  const reached = { ...doc, touchedCustomers, customersTouched: distinctCountOf(touchedCustomers) };
  if (activity === 'touch') {
    return { ...reached, touchesByChannel: { ...doc.touchesByChannel, [channel]: doc.touchesByChannel[channel] + 1 } };
  }
  const byDirection = doc.contactsByChannel[channel];
  return {
    ...reached,
    contactsByChannel: {
      ...doc.contactsByChannel,
      [channel]: { ...byDirection, [activity]: byDirection[activity] + 1 },
    },
  };
}

function evolve(doc: CampaignDoc, event: CampaignEvent): CampaignDoc {
  if (event.type === 'CampaignLaunched') {
    // A campaign is launched once; a repeated launch cannot move a window already counted against.
    if (doc.launched) return doc;
    const { name, channel, startsAt, endsAt, budget, currency } = event.data;
    const launched: CampaignDoc = {
      ...doc,
      launched: true,
      name,
      channel,
      startsAt,
      endsAt,
      budget,
      currency,
      pending: [],
    };
    return doc.pending.reduce(count, launched);
  }
  const activity = activityOf(event);
  if (!activity) return doc;
  return doc.launched ? count(doc, activity) : { ...doc, pending: insertSorted(doc.pending, activity) };
}

export const campaignsProjection: Projection<CampaignDoc> = {
  name: 'campaigns',
  version: 1,
  indexes: ['channel', 'startsAt', 'endsAt'],

  keysOf(event: RecordedEvent): string[] {
    const campaignId = campaignEventOf(event)?.data.campaignId;
    return campaignId ? [campaignId] : [];
  },

  apply(doc: CampaignDoc | null, event: RecordedEvent, id: string): CampaignDoc | null {
    if (doc && event.position <= doc.lastPosition) return doc;
    const campaignEvent = campaignEventOf(event);
    const current = doc ?? emptyCampaign(id);
    const next = campaignEvent ? evolve(current, campaignEvent) : current;
    return { ...next, lastPosition: event.position };
  },
};
