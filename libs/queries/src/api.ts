// The shapes of the query service's HTTP answers. The controllers declare them as their return
// types, so the compiler holds each answer to its shape, and the console imports them
// (`@ledger/queries/api`, type-only: nothing of this file reaches its bundle) instead of keeping
// copies that drift. Types only, from the pure libraries: no NestJS, no I/O.
import type { CustomerKind, Instant } from '@ledger/domain';
import type { CustomerForecast, CustomerStats, FittedMonth } from '@ledger/customer-value';
import type {
  CHURN_MODEL,
  ChannelAffinity,
  ChurnRisk,
  LIFECYCLE_DAYS,
  LifecycleAsOf,
  LifecycleStage,
  OperationalViewWithSla,
  SearchField,
} from '@ledger/projections';
import type { QueueItem } from '@ledger/analytics';

export type { QueueItem, QueueSla } from '@ledger/analytics';

/** GET /customers/:id: the 360 with each open complaint's SLA clock and the offers still valid at `readAt`. */
export type CustomerViewAnswer = OperationalViewWithSla & { readAt: Instant };

/** One fact of a customer as readers see it (decrypted, upcast), without hashes or idempotency metadata. */
export interface TimelineItem {
  eventId: string;
  revision: number;
  position: number;
  type: string;
  occurredAt: Instant;
  recordedAt: Instant;
  /** The event's `channel` field, when it has one. */
  channel: string | null;
  actor: string;
  /** The event's own fields (personal ones decrypted; null once the customer was erased). */
  data: Record<string, unknown>;
}

/** GET /customers/:id/timeline: newest first. */
export interface TimelinePage {
  customerId: string;
  /** The stream's revision when read: what If-Match sends. */
  revision: number;
  items: TimelineItem[];
  /** Pass as `before` for the next (older) page; null at the first event. */
  nextBefore: number | null;
}

export interface SearchResult {
  customerId: string;
  kind: CustomerKind;
  /** null once the customer is erased. */
  name: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  country: string | null;
  /** The fields the query matched, in SEARCH_FIELDS order. */
  matchedOn: SearchField[];
}

/** GET /customers/search. */
export interface SearchAnswer {
  query: string;
  results: SearchResult[];
  /** Global log position the search index reflects (read-your-writes token). */
  position: number;
}

/** GET /complaints: one page of the open complaints across customers. */
export interface QueuePage {
  items: QueueItem[];
  /** Open complaints matching the filters (all pages). */
  total: number;
  limit: number;
  offset: number;
  /** The instant the SLA clocks were read at. */
  now: Instant;
}

/** GET /customers/:id/signals: lifecycle stage and churn risk, with the facts and thresholds behind them. */
export interface CustomerSignals {
  customerId: string;
  asOf: Instant;
  lifecycleStage: LifecycleStage;
  churnRisk: ChurnRisk;
  churnScore: number;
  why: {
    recencyDays: number | null;
    frequency: number;
    monetary: number;
    channelAffinity: ChannelAffinity;
    churnModel: typeof CHURN_MODEL;
    lifecycleDays: typeof LIFECYCLE_DAYS;
  };
}

/** How an answer names the customer-value fit it came from, so it can be reproduced. */
export interface ModelReference {
  modelId: string;
  asOf: Instant;
  fittedAt: Instant;
  position: number;
  libraryVersion: string;
}

/** One customer's forecast at asOf, with the purchase statistics it was made from. */
export interface ValueForecast extends CustomerForecast {
  statistics: CustomerStats & { firstPurchaseAt: Instant; lastPurchaseAt: Instant };
}

/** The lifecycle history's fitted figures: null (with the reason) before the first fit, never zeros. */
export interface FittedValue {
  model: ModelReference | null;
  reason?: string;
  /** null before the first fit, or when the customer had not bought by asOf. */
  forecast: ValueForecast | null;
  /** Each month's figures from the model in force at its end. */
  months: FittedMonth[];
}

/** GET /customers/:id/lifecycle; `fittedValue` is left out with `fitted=false`. */
export type LifecycleAnswer = LifecycleAsOf & { fittedValue?: FittedValue };
