// The shapes of the query service's HTTP answers. The controllers declare them as their return
// types, so the compiler holds each answer to its shape, and the console imports them
// (`@ledger/queries/api`, type-only: nothing of this file reaches its bundle) instead of keeping
// copies that drift. Types only, from the pure libraries: no NestJS, no I/O.
import type { CustomerKind, CustomerValueModelFitted, Instant } from '@ledger/domain';
import type { CustomerForecast, CustomerStats, FittedMonth, HoldoutEvaluation } from '@ledger/customer-value';
import type {
  CHURN_MODEL,
  CampaignAttribution,
  ChannelAffinity,
  ChurnRisk,
  CustomerScore,
  KpiReport,
  KpiTarget,
  LIFECYCLE_DAYS,
  LifecycleAsOf,
  LifecycleStage,
  OperationalViewWithSla,
  productSummary,
  ScoreDimension,
  ScoreDimensionTypes,
  ScorePage,
  SearchField,
  SEGMENT_DEFINITIONS,
  UserDocument,
} from '@ledger/projections';
import type { DuplicatePair, HistoryPoint, MergedInto, QueueItem } from '@ledger/analytics';
import type { KpiTrend } from './kpi-trend';
import type { RfmGrid } from './rfm-grid';

export type { DuplicatePair, DuplicateReason, HistoryPoint, MergedInto, QueueItem, QueueSla } from '@ledger/analytics';

/** GET /duplicate-customers: likely duplicate pairs, strongest evidence first, with both names. */
export interface DuplicatesAnswer {
  total: number;
  pairs: Array<DuplicatePair & { names: [string | null, string | null] }>;
}
export type { FittedMonth, ForecastScore, Interval } from '@ledger/customer-value';
export type { KpiMonth } from './kpi-trend';
export type { RfmCell } from './rfm-grid';
export type { CampaignAttribution, KpiReport, KpiTargetResult } from '@ledger/projections';

/**
 * GET /customers/:id: the 360 with each open complaint's SLA clock and the offers still valid at
 * `readAt`; a customer merged away names the top survivor (`mergedInto`), who holds their history.
 */
export type CustomerViewAnswer = OperationalViewWithSla & { readAt: Instant; mergedInto?: MergedInto };

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
  /** Present when the customer is merged into another: the top survivor. */
  mergedInto?: MergedInto;
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

/** GET /segments: how many customers each value of each dimension holds as of `asOf`. */
export interface SegmentsAnswer {
  asOf: Instant;
  position: number;
  customers: number;
  definitions: typeof SEGMENT_DEFINITIONS;
  counts: { [D in ScoreDimension]: Record<ScoreDimensionTypes[D], number> };
}

/** GET /segments/rfm-grid: customers per recency × frequency score. */
export type RfmGridAnswer = { asOf: Instant; position: number; customers: number } & RfmGrid;

/** GET /kpis. */
export type KpisAnswer = KpiReport;

/** GET /kpis/monthly: the KPIs month by month, with the configured targets. */
export type KpiTrendAnswer = KpiTrend & { targets: KpiTarget[] };

/** GET /customers, GET /segments/:name/customers: one page of scored customers. */
export type CustomerPage = ScorePage & { asOf: Instant };

/** The same page with `forecast=true`: each customer's fitted forecast, from the model in force at asOf. */
export type CustomerForecastPage = Omit<CustomerPage, 'items'> & {
  valueModel: ModelReference | null;
  valueModelReason?: string;
  items: (CustomerScore & { valueForecast: ValueForecast | null })[];
};

/** GET /segments/:name/history: members, entered and exited at each step. */
export interface SegmentHistoryAnswer {
  segment: string;
  dimension: 'rfmSegment' | 'lifecycleStage';
  from: Instant;
  to: Instant;
  step: 'week' | 'month';
  points: HistoryPoint[];
}

/** GET /campaigns: every launched campaign's attribution side by side. */
export interface CampaignsAnswer {
  asOf: Instant;
  lookbackDays: number;
  campaigns: CampaignAttribution[];
}

/** GET /products/:sku: one product of the catalogue, as productSummary gives it. */
export type ProductSummary = ReturnType<typeof productSummary>;

/** GET /products: a page of the catalogue. */
export interface ProductsAnswer {
  total: number;
  offset: number;
  limit: number;
  products: ProductSummary[];
}

/** GET /customers/:id/value: model null (with the reason) before the first fit with data up to asOf. */
export interface ValueAnswer {
  customerId: string;
  asOf: Instant;
  model: ModelReference | null;
  reason?: string;
  /** null before the first fit, or when the customer had not bought by asOf. */
  forecast: ValueForecast | null;
}

/** A recorded customer-value fit: how answers name it, and its parameters. */
export type FittedModel = ModelReference & CustomerValueModelFitted['data'];

/** GET /analytics/customer-value/models: every fit, oldest first. */
export interface FittedModelsAnswer {
  models: FittedModel[];
}

/** POST /admin/models/customer-value/fit: the fit recorded, at its log position. */
export type FitAnswer = { position: number } & CustomerValueModelFitted['data'];

/** GET /analytics/customer-value/evaluation: a fit on the calibration period scored on the holdout. */
export type EvaluationAnswer = Omit<HoldoutEvaluation, 'calibrationEndMs' | 'holdoutEndMs' | 'stacking'> & {
  calibrationEnd: Instant;
  holdoutEnd: Instant;
  stacking: { weight: number; backtestStart: Instant } | null;
};

/** A person of the directory as admins see them (GET /admin/users/:id); name and email null once erased. */
export type DirectoryUser = Omit<UserDocument, 'id' | 'lastPosition'>;

/** GET /admin/users. */
export interface DirectoryAnswer {
  items: DirectoryUser[];
  total: number;
}
