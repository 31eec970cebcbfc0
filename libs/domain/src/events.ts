// Every fact the CRM records, as a discriminated union. `data.occurredAt` is business time;
// record time, ids and provenance live in the envelope (see envelope.ts).
import type {
  ConsentPurpose,
  ContactChannel,
  ContactOutcome,
  CustomerKind,
  Direction,
  FeedbackKind,
  Gender,
  Instant,
  Money,
  Severity,
} from './vocabulary';
import type { UserEvent } from './user.events';

export interface Event<Type extends string, Data> {
  type: Type;
  data: Data;
}

export interface CustomerProfile {
  kind: CustomerKind;
  name: string;
  email?: string;
  phone?: string;
  birthDate?: string; // YYYY-MM-DD
  gender?: Gender;
  city?: string;
  country?: string; // ISO 3166-1 alpha-2
}

export type CustomerRegistered = Event<
  'CustomerRegistered',
  CustomerProfile & { customerId: string; occurredAt: Instant }
>;
export type CustomerProfileUpdated = Event<
  'CustomerProfileUpdated',
  { customerId: string; changes: Partial<Omit<CustomerProfile, 'kind'>>; occurredAt: Instant }
>;
export type ConsentGiven = Event<
  'ConsentGiven',
  { customerId: string; channel: ContactChannel; purpose: ConsentPurpose; occurredAt: Instant }
>;
export type ConsentWithdrawn = Event<
  'ConsentWithdrawn',
  { customerId: string; channel: ContactChannel; purpose: ConsentPurpose; occurredAt: Instant }
>;
export type AccountManagerAssigned = Event<
  'AccountManagerAssigned',
  { customerId: string; accountManagerId: string; occurredAt: Instant }
>;
export type KeyAccountFlagged = Event<
  'KeyAccountFlagged',
  { customerId: string; keyAccount: boolean; reason?: string; occurredAt: Instant }
>;
export type ContactRecorded = Event<
  'ContactRecorded',
  {
    customerId: string;
    contactId: string;
    channel: ContactChannel;
    direction: Direction;
    reason: string;
    agentId?: string;
    campaignId?: string;
    durationSeconds?: number;
    outcome?: ContactOutcome;
    occurredAt: Instant;
  }
>;

export interface OrderLine {
  /** Any printable characters (`BANK CHARGES`), at most policy.sales.maxSkuLength. */
  sku: string;
  quantity: number;
  /** Up to policy.sales.unitPriceDecimals decimals (£0.001 exists). */
  unitPrice: Money;
  /** What was charged for the line when the channel knows it (it wins over quantity × unitPrice). */
  lineTotal?: Money;
  /** The product as the shop names it, kept for the product catalogue. */
  description?: string;
  category?: string;
}

export type PurchaseRecorded = Event<
  'PurchaseRecorded',
  {
    customerId: string;
    orderId: string;
    lines: OrderLine[];
    amount: Money;
    currency: string; // ISO 4217
    channel: ContactChannel;
    campaignId?: string;
    occurredAt: Instant;
  }
>;
export type PurchaseReturned = Event<
  'PurchaseReturned',
  {
    customerId: string;
    /** Absent when the original order is not known to the CRM (a cancellation in a shop export, an order before the import window). */
    orderId?: string;
    /** The shop's own reference for such a return, e.g. the cancellation invoice `C536379`. */
    externalOrderRef?: string;
    returnId: string;
    amount: Money;
    currency: string;
    skus?: string[];
    reason?: string;
    occurredAt: Instant;
  }
>;
export type InformationRequested = Event<
  'InformationRequested',
  {
    customerId: string;
    requestId: string;
    topic: string;
    channel: ContactChannel;
    answer?: string;
    occurredAt: Instant;
  }
>;
export type ComplaintOpened = Event<
  'ComplaintOpened',
  {
    customerId: string;
    caseId: string;
    category: string;
    severity: Severity;
    channel: ContactChannel;
    description: string;
    product?: string;
    slaDueAt: Instant;
    occurredAt: Instant;
  }
>;
export type ComplaintEscalated = Event<
  'ComplaintEscalated',
  { customerId: string; caseId: string; level: number; reason: string; escalatedTo?: string; occurredAt: Instant }
>;
/** The case was routed to the person responsible for it (seed 003); the note is free text, so personal. */
export type ComplaintAssigned = Event<
  'ComplaintAssigned',
  { customerId: string; caseId: string; assigneeId: string; note?: string; occurredAt: Instant }
>;
export type ComplaintResolved = Event<
  'ComplaintResolved',
  { customerId: string; caseId: string; resolution: string; resolvedBy?: string; occurredAt: Instant }
>;
export type FeedbackGiven = Event<
  'FeedbackGiven',
  {
    customerId: string;
    feedbackId: string;
    kind: FeedbackKind;
    score: number; // CSAT 1-5, NPS 0-10
    comment?: string;
    product?: string;
    channel: ContactChannel;
    occurredAt: Instant;
  }
>;
export type CampaignTouchDelivered = Event<
  'CampaignTouchDelivered',
  { customerId: string; campaignId: string; touchId: string; channel: ContactChannel; occurredAt: Instant }
>;
export type OfferMade = Event<
  'OfferMade',
  {
    customerId: string;
    offerId: string;
    sku: string;
    description: string;
    ruleId: string;
    triggeredByOrderId: string;
    validUntil: Instant;
    occurredAt: Instant;
  }
>;

/**
 * The customer asked to be forgotten (GDPR art. 17). Recorded before their data key is destroyed;
 * carries no personal data itself, so it stays readable for ever (docs/audit.md).
 */
export type CustomerErased = Event<'CustomerErased', { customerId: string; reason: string; occurredAt: Instant }>;

/**
 * Two customer records turned out to be one person (the web shop and the call centre each
 * registered them). Recorded in the surviving customer's stream; nothing moves: the merged
 * customer's stream stays as it is, read models show both histories under the survivor, and
 * CustomersUnmerged restores both exactly.
 */
export type CustomersMerged = Event<
  'CustomersMerged',
  { customerId: string; mergedCustomerId: string; occurredAt: Instant }
>;
export type CustomersUnmerged = Event<
  'CustomersUnmerged',
  { customerId: string; mergedCustomerId: string; occurredAt: Instant }
>;

export type CustomerEvent =
  | CustomerRegistered
  | CustomerProfileUpdated
  | ConsentGiven
  | ConsentWithdrawn
  | AccountManagerAssigned
  | KeyAccountFlagged
  | ContactRecorded
  | PurchaseRecorded
  | PurchaseReturned
  | InformationRequested
  | ComplaintOpened
  | ComplaintEscalated
  | ComplaintAssigned
  | ComplaintResolved
  | FeedbackGiven
  | CampaignTouchDelivered
  | OfferMade
  | CustomersMerged
  | CustomersUnmerged
  | CustomerErased;

export type CampaignLaunched = Event<
  'CampaignLaunched',
  {
    campaignId: string;
    name: string;
    channel: ContactChannel;
    startsAt: Instant;
    endsAt: Instant;
    budget: Money;
    currency: string;
    occurredAt: Instant;
  }
>;

export type CampaignEvent = CampaignLaunched;

/**
 * A customer-value model (libs/customer-value: BG/NBD + Gamma-Gamma) fitted on the customers'
 * purchases as of `asOf`, recorded in its own stream (`model-customer-value`) so every forecast
 * made with it can be reproduced and audited. `occurredAt` is when the fit ran.
 */
export type CustomerValueModelFitted = Event<
  'CustomerValueModelFitted',
  {
    modelId: string;
    asOf: Instant;
    libraryVersion: string;
    populationSize: number;
    repeatBuyers: number;
    logLikelihood: { bgNbd: number; gammaGamma: number };
    bgNbd: { r: number; alpha: number; a: number; b: number };
    /** Covariance of (ln r, ln α, ln a, ln b). */
    bgNbdCovariance: number[][];
    gammaGamma: { p: number; q: number; v: number };
    /** Covariance of (ln p, ln q, ln v). */
    gammaGammaCovariance: number[][];
    occurredAt: Instant;
  }
>;

export type ModelEvent = CustomerValueModelFitted;

export type CrmEvent = CustomerEvent | CampaignEvent | ModelEvent | UserEvent;
export type CrmEventType = CrmEvent['type'];
export type EventOfType<T extends CrmEventType> = Extract<CrmEvent, { type: T }>;

/** Current schema version per event type; older stored versions are upcast on read (upcasters.ts). */
export const SCHEMA_VERSIONS: Record<CrmEventType, number> = {
  CustomerRegistered: 1,
  CustomerProfileUpdated: 1,
  ConsentGiven: 1,
  ConsentWithdrawn: 1,
  AccountManagerAssigned: 1,
  KeyAccountFlagged: 1,
  ContactRecorded: 1,
  PurchaseRecorded: 1,
  PurchaseReturned: 1,
  InformationRequested: 1,
  ComplaintOpened: 1,
  ComplaintEscalated: 1,
  ComplaintAssigned: 1,
  ComplaintResolved: 1,
  FeedbackGiven: 1,
  CampaignTouchDelivered: 1,
  OfferMade: 1,
  CustomerErased: 1,
  CustomersMerged: 1,
  CustomersUnmerged: 1,
  CampaignLaunched: 1,
  CustomerValueModelFitted: 1,
  UserAdded: 1,
  UserRolesChanged: 1,
  UserTeamChanged: 1,
  UserDeactivated: 1,
  UserReactivated: 1,
};

export const EVENT_TYPES = Object.keys(SCHEMA_VERSIONS) as CrmEventType[];

/** Events of a campaign, model or user stream carry no `customerId`: read models keyed by customer skip them. */
const NOT_CUSTOMER_EVENTS = new Set<string>([
  'CampaignLaunched',
  'CustomerValueModelFitted',
  'UserAdded',
  'UserRolesChanged',
  'UserTeamChanged',
  'UserDeactivated',
  'UserReactivated',
]);
export const isCustomerEvent = (event: { type: string }): event is CustomerEvent =>
  !NOT_CUSTOMER_EVENTS.has(event.type);
export const isKnownEventType = (type: string): type is CrmEventType =>
  Object.prototype.hasOwnProperty.call(SCHEMA_VERSIONS, type);
