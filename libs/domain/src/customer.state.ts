// What the customer decider remembers from a customer's stream: only what its rules need.
// State is immutable; evolve copies the one collection an event touches (copy-on-write), so a
// cached state can be shared safely between a decision and the fold that follows it.
import type { CustomerEvent, CustomerProfile } from './events';
import { assertNever } from './exhaustive';
import type { ConsentPurpose, ContactChannel, Instant, Money, Severity } from './vocabulary';
import { addMoney } from './money';

export type ConsentStatus = 'given' | 'withdrawn';

export interface ComplaintCase {
  readonly status: 'open' | 'resolved';
  readonly severity: Severity;
  /** 0 until the first escalation. */
  readonly escalationLevel: number;
  /** Who the case is routed to; undefined until first assigned. */
  readonly assigneeId?: string;
  readonly openedAt: Instant;
  readonly slaDueAt: Instant;
}

/**
 * What the per-order return rules need of an order, kept for every order of the customer, so kept
 * small: the order's skus as one string (each once, in order, each followed by a newline — a sku
 * is printable, never a newline) instead of a list of strings, which held a customer's state at
 * several times the size.
 */
export interface OrderRecord {
  readonly amount: Money;
  readonly currency: string;
  /** Sum of all returns against this order so far. */
  readonly returnedAmount: Money;
  /** The order's skus, see orderSkus and orderHasSku. */
  readonly skuList: string;
  readonly purchasedAt: Instant;
}

const SKU_END = '\n';

/** The order's skus, each once, in the order the lines first named them. */
export const orderSkus = (order: OrderRecord): string[] => order.skuList.split(SKU_END).slice(0, -1);

/** Whole skus only; a newline is never in a sku (validSku refuses it), so it cannot span two. */
export const orderHasSku = (order: OrderRecord, sku: string): boolean =>
  !sku.includes(SKU_END) &&
  (order.skuList.startsWith(sku + SKU_END) || order.skuList.includes(SKU_END + sku + SKU_END));

export interface PendingOffer {
  readonly offerId: string;
  readonly validUntil: Instant;
}

export interface CustomerState {
  readonly registered: boolean;
  /** Set by CustomerErased: the customer's personal data is gone and nothing more is recorded for them. */
  readonly erased: boolean;
  readonly customerId?: string;
  readonly profile?: CustomerProfile;
  /** Keyed by consentKey(channel, purpose); a missing key means the customer never said either way. */
  readonly consent: ReadonlyMap<string, ConsentStatus>;
  readonly accountManagerId?: string;
  readonly keyAccount: boolean;
  readonly complaints: ReadonlyMap<string, ComplaintCase>;
  /** Every order, by id; the skus bought are theirs (skusBought, hasBought), not kept twice. */
  readonly orders: ReadonlyMap<string, OrderRecord>;
  /** Cross-sell offers made and not yet taken up, by offered sku. Expired ones stay until replaced. */
  readonly pendingOffers: ReadonlyMap<string, PendingOffer>;
  /** Customers whose history currently shows under this one (CustomersMerged, until unmerged). */
  readonly mergedCustomerIds: ReadonlySet<string>;
}

export const consentKey = (channel: ContactChannel, purpose: ConsentPurpose): string => `${channel}/${purpose}`;

export const consentOf = (
  state: CustomerState,
  channel: ContactChannel,
  purpose: ConsentPurpose,
): ConsentStatus | undefined => state.consent.get(consentKey(channel, purpose));

/**
 * Whether any order of the customer had the sku. A stream never holds two purchases of one order
 * (the decider refuses the second), so the orders' skus are all the skus ever bought.
 */
export function hasBought(state: CustomerState, sku: string): boolean {
  for (const order of state.orders.values()) if (orderHasSku(order, sku)) return true;
  return false;
}

/** Every sku the customer bought, each once, in the order first bought. */
export function skusBought(state: CustomerState): string[] {
  const skus = new Set<string>();
  for (const order of state.orders.values()) for (const sku of orderSkus(order)) skus.add(sku);
  return [...skus];
}

export function initialCustomerState(): CustomerState {
  return {
    registered: false,
    erased: false,
    consent: new Map(),
    keyAccount: false,
    complaints: new Map(),
    orders: new Map(),
    pendingOffers: new Map(),
    mergedCustomerIds: new Set(),
  };
}

const withEntry = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> => new Map(map).set(key, value);

/** Folds one event into the state. Events the rules do not care about return the state unchanged. */
export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerRegistered': {
      const { customerId, occurredAt: _occurredAt, ...profile } = event.data;
      return { ...state, registered: true, customerId, profile };
    }
    case 'CustomerProfileUpdated':
      return { ...state, profile: state.profile && { ...state.profile, ...event.data.changes } };
    case 'ConsentGiven':
    case 'ConsentWithdrawn': {
      const status: ConsentStatus = event.type === 'ConsentGiven' ? 'given' : 'withdrawn';
      return {
        ...state,
        consent: withEntry(state.consent, consentKey(event.data.channel, event.data.purpose), status),
      };
    }
    case 'AccountManagerAssigned':
      return { ...state, accountManagerId: event.data.accountManagerId };
    case 'KeyAccountFlagged':
      return { ...state, keyAccount: event.data.keyAccount };
    case 'PurchaseRecorded':
      return evolvePurchase(state, event.data);
    case 'PurchaseReturned': {
      // A return of an order the CRM never saw changes no order it knows.
      const order = event.data.orderId === undefined ? undefined : state.orders.get(event.data.orderId);
      if (!order || event.data.orderId === undefined) return state;
      const returnedAmount = addMoney(order.returnedAmount, event.data.amount);
      return { ...state, orders: withEntry(state.orders, event.data.orderId, { ...order, returnedAmount }) };
    }
    case 'OfferMade': {
      const offer: PendingOffer = { offerId: event.data.offerId, validUntil: event.data.validUntil };
      return { ...state, pendingOffers: withEntry(state.pendingOffers, event.data.sku, offer) };
    }
    case 'ComplaintOpened': {
      const { caseId, severity, slaDueAt, occurredAt } = event.data;
      const complaint: ComplaintCase = { status: 'open', severity, escalationLevel: 0, openedAt: occurredAt, slaDueAt };
      return { ...state, complaints: withEntry(state.complaints, caseId, complaint) };
    }
    case 'ComplaintEscalated':
      return updateComplaint(state, event.data.caseId, (c) => ({ ...c, escalationLevel: event.data.level }));
    case 'ComplaintAssigned':
      return updateComplaint(state, event.data.caseId, (c) => ({ ...c, assigneeId: event.data.assigneeId }));
    case 'ComplaintResolved':
      return updateComplaint(state, event.data.caseId, (c) => ({ ...c, status: 'resolved' }));
    case 'CustomersMerged':
      return { ...state, mergedCustomerIds: new Set(state.mergedCustomerIds).add(event.data.mergedCustomerId) };
    case 'CustomersUnmerged': {
      const mergedCustomerIds = new Set(state.mergedCustomerIds);
      mergedCustomerIds.delete(event.data.mergedCustomerId);
      return { ...state, mergedCustomerIds };
    }
    case 'CustomerErased':
      // The profile goes with the key; rules only need to know that the customer is gone.
      return { ...state, erased: true, profile: undefined };
    case 'ContactRecorded':
    case 'InformationRequested':
    case 'FeedbackGiven':
    case 'CampaignTouchDelivered':
      // History, not rules.
      return state;
  }
  return assertNever(event);
}

function evolvePurchase(
  state: CustomerState,
  data: Extract<CustomerEvent, { type: 'PurchaseRecorded' }>['data'],
): CustomerState {
  const skus = [...new Set(data.lines.map((line) => line.sku))];
  const order: OrderRecord = {
    amount: data.amount,
    currency: data.currency,
    returnedAmount: 0,
    skuList: skus.join(SKU_END) + SKU_END,
    purchasedAt: data.occurredAt,
  };
  // Buying an offered sku takes the offer up: it is no longer pending.
  let pendingOffers = state.pendingOffers;
  if (skus.some((sku) => pendingOffers.has(sku))) {
    const remaining = new Map(pendingOffers);
    for (const sku of skus) remaining.delete(sku);
    pendingOffers = remaining;
  }
  return { ...state, orders: withEntry(state.orders, data.orderId, order), pendingOffers };
}

function updateComplaint(
  state: CustomerState,
  caseId: string,
  change: (c: ComplaintCase) => ComplaintCase,
): CustomerState {
  const complaint = state.complaints.get(caseId);
  return complaint ? { ...state, complaints: withEntry(state.complaints, caseId, change(complaint)) } : state;
}
