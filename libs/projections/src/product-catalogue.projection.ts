// One document per SKU: the product as shops describe it on purchase lines (description and
// category, the latest by business time), what was bought and returned, and what customers said
// about it when feedback names the product — "feedback and purchases per product". Holds no
// personal data: no customer ids, no comments.
import {
  addMoney,
  assertNever,
  type CrmEvent,
  type FeedbackKind,
  type Instant,
  type Money,
  type OrderLine,
  type RecordedEvent,
} from '@ledger/domain';
import type { Projection, ProjectedDocument } from './projection';

export interface ProductDoc extends ProjectedDocument {
  sku: string;
  description: string | null;
  category: string | null;
  /** Business time of the line the description and category were taken from. */
  describedAt: Instant | null;
  purchases: { orders: number; quantity: number; revenue: Money };
  /** Returns naming the sku; the amount only of returns that name this sku alone (else it cannot be split). */
  returns: { count: number; amount: Money };
  feedback: Record<FeedbackKind, { count: number; scoreSum: number }>;
  firstSoldAt: Instant | null;
  lastSoldAt: Instant | null;
}

const emptyProduct = (sku: string): ProductDoc => ({
  id: sku,
  sku,
  description: null,
  category: null,
  describedAt: null,
  purchases: { orders: 0, quantity: 0, revenue: 0 },
  returns: { count: 0, amount: 0 },
  feedback: { csat: { count: 0, scoreSum: 0 }, nps: { count: 0, scoreSum: 0 } },
  firstSoldAt: null,
  lastSoldAt: null,
  lastPosition: 0,
});

/** What a line charged: its stated total, else quantity × unit price (to the ten-thousandth). */
const lineAmount = (line: OrderLine): Money =>
  line.lineTotal ?? Math.round(line.quantity * line.unitPrice * 10_000) / 10_000;

const earlier = (a: Instant | null, b: Instant): Instant => (a === null || b < a ? b : a);
const later = (a: Instant | null, b: Instant): Instant => (a === null || b > a ? b : a);

function applyPurchase(doc: ProductDoc, lines: OrderLine[], occurredAt: Instant): ProductDoc {
  let { quantity, revenue } = doc.purchases;
  let described = { description: doc.description, category: doc.category, describedAt: doc.describedAt };
  for (const line of lines) {
    quantity += line.quantity;
    revenue = addMoney(revenue, lineAmount(line));
    const hasWords = line.description !== undefined || line.category !== undefined;
    // The newest description wins, so a rebuild gives the same answer whatever the arrival order.
    if (hasWords && (described.describedAt === null || occurredAt >= described.describedAt)) {
      described = {
        description: line.description ?? described.description,
        category: line.category ?? described.category,
        describedAt: occurredAt,
      };
    }
  }
  return {
    ...doc,
    ...described,
    purchases: { orders: doc.purchases.orders + 1, quantity, revenue },
    firstSoldAt: earlier(doc.firstSoldAt, occurredAt),
    lastSoldAt: later(doc.lastSoldAt, occurredAt),
  };
}

/** The events that say something about products. */
type ProductEvent = Extract<CrmEvent, { type: 'PurchaseRecorded' | 'PurchaseReturned' | 'FeedbackGiven' }>;

/**
 * The event if it concerns products, else null: the one place each event type is decided for
 * this read model, so a new event type fails the build here until it is.
 */
function productEventOf(recorded: RecordedEvent): ProductEvent | null {
  // RecordedEvent keeps type and data as separate unions; together they are one CrmEvent.
  const event = recorded as unknown as CrmEvent;
  switch (event.type) {
    case 'PurchaseRecorded':
    case 'PurchaseReturned':
    case 'FeedbackGiven':
      return event;
    case 'CustomerRegistered':
    case 'CustomerProfileUpdated':
    case 'ConsentGiven':
    case 'ConsentWithdrawn':
    case 'AccountManagerAssigned':
    case 'KeyAccountFlagged':
    case 'ContactRecorded':
    case 'InformationRequested':
    case 'ComplaintOpened':
    case 'ComplaintEscalated':
    case 'ComplaintAssigned':
    case 'ComplaintResolved':
    case 'CampaignTouchDelivered':
    case 'OfferMade':
    case 'CustomerErased':
    case 'CustomersMerged':
    case 'CustomersUnmerged':
    case 'CampaignLaunched':
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

/** The product after an event that concerns products. */
function productAfter(doc: ProductDoc, event: ProductEvent, sku: string): ProductDoc {
  switch (event.type) {
    case 'PurchaseRecorded':
      return applyPurchase(
        doc,
        event.data.lines.filter((line) => line.sku === sku),
        event.data.occurredAt,
      );
    case 'PurchaseReturned': {
      const alone = event.data.skus?.length === 1;
      const amount = alone ? addMoney(doc.returns.amount, event.data.amount) : doc.returns.amount;
      return { ...doc, returns: { count: doc.returns.count + 1, amount } };
    }
    case 'FeedbackGiven': {
      const { kind, score } = event.data;
      const seen = doc.feedback[kind];
      const feedback = { ...doc.feedback, [kind]: { count: seen.count + 1, scoreSum: seen.scoreSum + score } };
      return { ...doc, feedback };
    }
  }
  return assertNever(event);
}

export const productCatalogueProjection: Projection<ProductDoc> = {
  name: 'product_catalogue',
  version: 1,
  indexes: ['category', 'purchases.revenue', 'lastSoldAt'],
  keysOf(recorded: RecordedEvent): string[] {
    const event = productEventOf(recorded);
    if (event === null) return [];
    switch (event.type) {
      case 'PurchaseRecorded':
        return [...new Set(event.data.lines.map((line) => line.sku))];
      case 'PurchaseReturned':
        return [...new Set(event.data.skus ?? [])];
      case 'FeedbackGiven':
        return event.data.product !== undefined ? [event.data.product] : [];
    }
  },
  apply(current: ProductDoc | null, recorded: RecordedEvent, sku: string): ProductDoc | null {
    const event = productEventOf(recorded);
    if (event === null) return current;
    return { ...productAfter(current ?? emptyProduct(sku), event, sku), lastPosition: recorded.position };
  },
};

/** What GET /products answers per product: the document with averages a person reads. */
export function productSummary(doc: ProductDoc) {
  const { csat, nps } = doc.feedback;
  return {
    sku: doc.sku,
    description: doc.description,
    category: doc.category,
    purchases: doc.purchases,
    returns: doc.returns,
    feedback: {
      csatCount: csat.count,
      averageCsat: csat.count > 0 ? Math.round((csat.scoreSum / csat.count) * 100) / 100 : null,
      npsCount: nps.count,
      averageNpsScore: nps.count > 0 ? Math.round((nps.scoreSum / nps.count) * 100) / 100 : null,
    },
    firstSoldAt: doc.firstSoldAt,
    lastSoldAt: doc.lastSoldAt,
  };
}
