// Hand-built events for the analytics specs: terse constructors for the facts analysts care
// about, a recorder that wraps them as they would come out of the store's global log, and a
// fold that applies a log the way the projection worker does.
import type { ContactChannel, CrmEvent, Direction, FeedbackKind, RecordedEvent } from '@ledger/domain';
import type { ProjectedDocument, Projection } from '../projection';
import { recorded } from './recorded';

let sequence = 0;
const nextId = (prefix: string): string => `${prefix}-${++sequence}`;

/** `day(10)` → 2026-01-10T12:00:00.000Z; `day(10, 8)` → 08:00. Day 0 is 2025-12-31. */
export function day(n: number, hour = 12): string {
  return new Date(Date.UTC(2025, 11, 31 + n, hour)).toISOString();
}

export const registered = (customerId: string, occurredAt: string, country = 'DE', city = 'Berlin'): CrmEvent => ({
  type: 'CustomerRegistered',
  data: { customerId, kind: 'person', name: `Customer ${customerId}`, country, city, occurredAt },
});

export const purchased = (
  customerId: string,
  occurredAt: string,
  amount: number,
  options: { orderId?: string; channel?: ContactChannel; campaignId?: string } = {},
): CrmEvent => ({
  type: 'PurchaseRecorded',
  data: {
    customerId,
    orderId: options.orderId ?? nextId('order'),
    lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: amount }],
    amount,
    currency: 'EUR',
    channel: options.channel ?? 'web',
    ...(options.campaignId ? { campaignId: options.campaignId } : {}),
    occurredAt,
  },
});

export const returned = (customerId: string, orderId: string, occurredAt: string, amount: number): CrmEvent => ({
  type: 'PurchaseReturned',
  data: { customerId, orderId, returnId: nextId('return'), amount, currency: 'EUR', occurredAt },
});

export const contacted = (
  customerId: string,
  occurredAt: string,
  channel: ContactChannel,
  options: { direction?: Direction; campaignId?: string } = {},
): CrmEvent => ({
  type: 'ContactRecorded',
  data: {
    customerId,
    contactId: nextId('contact'),
    channel,
    direction: options.direction ?? 'inbound',
    reason: 'question',
    ...(options.campaignId ? { campaignId: options.campaignId } : {}),
    occurredAt,
  },
});

export const touched = (
  customerId: string,
  campaignId: string,
  occurredAt: string,
  channel: ContactChannel = 'email',
): CrmEvent => ({
  type: 'CampaignTouchDelivered',
  data: { customerId, campaignId, touchId: nextId('touch'), channel, occurredAt },
});

export const complaintOpened = (customerId: string, caseId: string, occurredAt: string): CrmEvent => ({
  type: 'ComplaintOpened',
  data: {
    customerId,
    caseId,
    category: 'delivery',
    severity: 'medium',
    channel: 'phone',
    description: 'late',
    slaDueAt: occurredAt,
    occurredAt,
  },
});

export const complaintResolved = (customerId: string, caseId: string, occurredAt: string): CrmEvent => ({
  type: 'ComplaintResolved',
  data: { customerId, caseId, resolution: 'refunded', occurredAt },
});

export const feedbackGiven = (customerId: string, kind: FeedbackKind, score: number, occurredAt: string): CrmEvent => ({
  type: 'FeedbackGiven',
  data: { customerId, feedbackId: nextId('feedback'), kind, score, channel: 'email', occurredAt },
});

export const launched = (
  campaignId: string,
  startsAt: string,
  endsAt: string,
  options: { name?: string; channel?: ContactChannel; budget?: number } = {},
): CrmEvent => ({
  type: 'CampaignLaunched',
  data: {
    campaignId,
    name: options.name ?? `Campaign ${campaignId}`,
    channel: options.channel ?? 'email',
    startsAt,
    endsAt,
    budget: options.budget ?? 1000,
    currency: 'EUR',
    occurredAt: startsAt,
  },
});

/** Wraps events in store envelopes, in the given order: global positions 1.., revisions per stream. */
export const recordAll = (events: readonly CrmEvent[]): RecordedEvent[] => recorded(events);

/** Applies a log like the projection worker: keysOf, the stored document (or null), apply. */
export function fold<D extends ProjectedDocument>(
  projection: Projection<D>,
  log: readonly RecordedEvent[],
): Map<string, D> {
  const docs = new Map<string, D>();
  for (const event of log) {
    for (const id of projection.keysOf(event)) {
      const next = projection.apply(docs.get(id) ?? null, event, id);
      if (next) docs.set(id, next);
    }
  }
  return docs;
}

/** The documents of a fold, in id order. */
export const foldAll = <D extends ProjectedDocument>(projection: Projection<D>, events: readonly CrmEvent[]): D[] =>
  [...fold(projection, recordAll(events)).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
