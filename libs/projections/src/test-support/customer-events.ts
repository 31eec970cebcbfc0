// Terse constructors for the customer and campaign events the operational, lifecycle and KPI
// specs feed their projections. Ids are deterministic per call order within a spec file.
import type { ConsentPurpose, ContactChannel, CrmEvent, FeedbackKind, Severity } from '@ledger/domain';

let sequence = 0;
const next = (prefix: string): string => `${prefix}-${++sequence}`;

/** `at('2026-01-10')` → 2026-01-10T12:00:00.000Z; `at('2026-01-10', '08:30')` → 08:30. */
export const at = (date: string, time = '12:00'): string => `${date}T${time}:00.000Z`;

export const registered = (customerId: string, occurredAt: string, name = `Customer ${customerId}`): CrmEvent => ({
  type: 'CustomerRegistered',
  data: { customerId, kind: 'person', name, email: `${customerId}@example.com`, country: 'DE', occurredAt },
});

export const consent = (
  customerId: string,
  occurredAt: string,
  channel: ContactChannel,
  purpose: ConsentPurpose,
  given = true,
): CrmEvent => ({
  type: given ? 'ConsentGiven' : 'ConsentWithdrawn',
  data: { customerId, channel, purpose, occurredAt },
});

export const contacted = (
  customerId: string,
  occurredAt: string,
  channel: ContactChannel = 'phone',
  contactId = next('contact'),
): CrmEvent => ({
  type: 'ContactRecorded',
  data: { customerId, contactId, channel, direction: 'inbound', reason: 'question', occurredAt },
});

export const purchased = (
  customerId: string,
  occurredAt: string,
  amount: number,
  options: { orderId?: string; skus?: string[]; currency?: string } = {},
): CrmEvent => {
  const skus = options.skus ?? ['SKU-1'];
  return {
    type: 'PurchaseRecorded',
    data: {
      customerId,
      orderId: options.orderId ?? next('order'),
      lines: skus.map((sku, i) => ({ sku, quantity: 1, unitPrice: i === 0 ? amount : 0 })),
      amount,
      currency: options.currency ?? 'EUR',
      channel: 'web',
      occurredAt,
    },
  };
};

export const returned = (customerId: string, occurredAt: string, amount: number, orderId = 'order-x'): CrmEvent => ({
  type: 'PurchaseReturned',
  data: { customerId, orderId, returnId: next('return'), amount, currency: 'EUR', occurredAt },
});

export const informationRequested = (customerId: string, occurredAt: string): CrmEvent => ({
  type: 'InformationRequested',
  data: { customerId, requestId: next('request'), topic: 'opening hours', channel: 'web', occurredAt },
});

export const complaintOpened = (
  customerId: string,
  caseId: string,
  occurredAt: string,
  slaDueAt: string,
  severity: Severity = 'medium',
): CrmEvent => ({
  type: 'ComplaintOpened',
  data: {
    customerId,
    caseId,
    category: 'delivery',
    severity,
    channel: 'phone',
    description: 'late',
    slaDueAt,
    occurredAt,
  },
});

export const complaintEscalated = (
  customerId: string,
  caseId: string,
  occurredAt: string,
  level: number,
): CrmEvent => ({
  type: 'ComplaintEscalated',
  data: { customerId, caseId, level, reason: 'no reply', occurredAt },
});

export const complaintAssigned = (
  customerId: string,
  caseId: string,
  occurredAt: string,
  assigneeId: string,
): CrmEvent => ({
  type: 'ComplaintAssigned',
  data: { customerId, caseId, assigneeId, note: 'knows the product', occurredAt },
});

export const complaintResolved = (customerId: string, caseId: string, occurredAt: string): CrmEvent => ({
  type: 'ComplaintResolved',
  data: { customerId, caseId, resolution: 'refunded', occurredAt },
});

export const feedbackGiven = (customerId: string, occurredAt: string, kind: FeedbackKind, score: number): CrmEvent => ({
  type: 'FeedbackGiven',
  data: { customerId, feedbackId: next('feedback'), kind, score, channel: 'email', occurredAt },
});

export const offerMade = (
  customerId: string,
  occurredAt: string,
  offerId: string,
  sku: string,
  validUntil: string,
): CrmEvent => ({
  type: 'OfferMade',
  data: {
    customerId,
    offerId,
    sku,
    description: `Offer of ${sku}`,
    ruleId: 'rule-1',
    triggeredByOrderId: 'order-0',
    validUntil,
    occurredAt,
  },
});

export const touched = (customerId: string, occurredAt: string, campaignId = 'spring'): CrmEvent => ({
  type: 'CampaignTouchDelivered',
  data: { customerId, campaignId, touchId: next('touch'), channel: 'email', occurredAt },
});

export const launched = (campaignId: string, occurredAt: string): CrmEvent => ({
  type: 'CampaignLaunched',
  data: {
    campaignId,
    name: `Campaign ${campaignId}`,
    channel: 'email',
    startsAt: occurredAt,
    endsAt: occurredAt,
    budget: 1000,
    currency: 'EUR',
    occurredAt,
  },
});
