// The strategy dashboard's raw counts: one global document of complaint, feedback, revenue,
// contact and registration figures per calendar month (business time), so KPIs can be measured
// for any window and as of any date (kpi-targets.ts turns them into KPIs against targets).
import {
  assertNever,
  CONTACT_CHANNELS,
  addMoney,
  type ContactChannel,
  type CrmEvent,
  type CrmEventType,
  type Instant,
  type Money,
} from '@ledger/domain';
import { canonicalInstant, hoursBetween, monthOf, type MonthKey } from './calendar';
import type { ProjectedDocument, Projection } from './projection';
import { compareText } from './timeline';

export * from './kpi-targets';

export const KPIS_DOCUMENT_ID = 'global';

export interface ComplaintMonth {
  /** Complaints opened this month. */
  opened: number;
  /** Complaints resolved this month, and their figures. */
  resolved: number;
  resolutionHours: number;
  resolvedWithinSla: number;
  resolvedAfterSla: number;
}

export interface FeedbackMonth {
  csatCount: number;
  csatTotal: number;
  npsCount: number;
  /** NPS 9–10. */
  promoters: number;
  /** NPS 7–8. */
  passives: number;
  /** NPS 0–6. */
  detractors: number;
}

export interface OpenCase {
  customerId: string;
  caseId: string;
  openedAt: Instant;
  slaDueAt: Instant;
}

export interface KpisDocument extends ProjectedDocument {
  /** All-time complaint figures; `open` is what is open now. */
  complaints: ComplaintMonth & { open: number };
  /**
   * What a resolution needs to measure its time and SLA, sorted by customer and case id. An array
   * rather than a map keyed by ids: ids are client input, and some stores restrict field names.
   */
  openCases: OpenCase[];
  /** Month keys ascending in every record below, so a rebuild writes the same bytes. */
  complaintsByMonth: Record<MonthKey, ComplaintMonth>;
  feedbackByMonth: Record<MonthKey, FeedbackMonth>;
  /** Purchases minus returns. Amounts are added as recorded (one currency assumed). */
  revenueByMonth: Record<MonthKey, Money>;
  contactsByMonth: Record<MonthKey, Record<ContactChannel, number>>;
  customersRegisteredByMonth: Record<MonthKey, number>;
  updatedAt: Instant;
}

/** Which events move the figures; a new event type fails the build here until it is decided. */
const RELEVANT = {
  CustomerRegistered: true,
  CustomerProfileUpdated: false,
  ConsentGiven: false,
  ConsentWithdrawn: false,
  AccountManagerAssigned: false,
  KeyAccountFlagged: false,
  ContactRecorded: true,
  PurchaseRecorded: true,
  PurchaseReturned: true,
  InformationRequested: false,
  ComplaintOpened: true,
  ComplaintEscalated: false,
  ComplaintAssigned: false,
  ComplaintResolved: true,
  FeedbackGiven: true,
  CampaignTouchDelivered: false,
  OfferMade: false,
  CustomerErased: false,
  CustomersMerged: false,
  CustomersUnmerged: false,
  CampaignLaunched: false,
  CustomerValueModelFitted: false,
  UserAdded: false,
  UserRolesChanged: false,
  UserTeamChanged: false,
  UserDeactivated: false,
  UserReactivated: false,
} as const satisfies Record<CrmEventType, boolean>;

const emptyComplaintMonth = (): ComplaintMonth => ({
  opened: 0,
  resolved: 0,
  resolutionHours: 0,
  resolvedWithinSla: 0,
  resolvedAfterSla: 0,
});

const emptyFeedbackMonth = (): FeedbackMonth => ({
  csatCount: 0,
  csatTotal: 0,
  npsCount: 0,
  promoters: 0,
  passives: 0,
  detractors: 0,
});

const emptyChannels = (): Record<ContactChannel, number> =>
  Object.fromEntries(CONTACT_CHANNELS.map((channel) => [channel, 0])) as Record<ContactChannel, number>;

function emptyDocument(): KpisDocument {
  return {
    id: KPIS_DOCUMENT_ID,
    complaints: { ...emptyComplaintMonth(), open: 0 },
    openCases: [],
    complaintsByMonth: {},
    feedbackByMonth: {},
    revenueByMonth: {},
    contactsByMonth: {},
    customersRegisteredByMonth: {},
    updatedAt: '',
    lastPosition: 0,
  };
}

/** A copy with `key` set; a new key is placed in sorted order so the key order never depends on arrival. */
function withKey<T>(record: Record<string, T>, key: string, value: T): Record<string, T> {
  if (key in record) return { ...record, [key]: value };
  const keys = [...Object.keys(record), key].sort();
  return Object.fromEntries(keys.map((k) => [k, k === key ? value : record[k]]));
}

/** A copy with the month's entry changed by `change` (starting from `empty` for a new month). */
function updateMonth<T>(record: Record<MonthKey, T>, month: MonthKey, empty: () => T, change: (entry: T) => T) {
  return withKey(record, month, change(record[month] ?? empty()));
}

const rounded = (hours: number): number => Math.round(hours * 1e6) / 1e6;

const isCase = (customerId: string, caseId: string) => (c: OpenCase) =>
  c.customerId === customerId && c.caseId === caseId;

const byCase = (a: OpenCase, b: OpenCase): number =>
  compareText(a.customerId, b.customerId) || compareText(a.caseId, b.caseId);

function withResolution(doc: KpisDocument, customerId: string, caseId: string, resolvedAt: Instant): KpisDocument {
  const opened = doc.openCases.find(isCase(customerId, caseId));
  if (!opened) return doc; // resolved twice, or opened before this projection's log began: nothing to measure
  const hours = hoursBetween(opened.openedAt, resolvedAt);
  const withinSla = resolvedAt <= opened.slaDueAt ? 1 : 0;
  const add = (m: ComplaintMonth): ComplaintMonth => ({
    opened: m.opened,
    resolved: m.resolved + 1,
    resolutionHours: rounded(m.resolutionHours + hours),
    resolvedWithinSla: m.resolvedWithinSla + withinSla,
    resolvedAfterSla: m.resolvedAfterSla + 1 - withinSla,
  });
  const openCases = doc.openCases.filter((c) => c !== opened);
  return {
    ...doc,
    complaints: { ...add(doc.complaints), open: doc.complaints.open - 1 },
    openCases,
    complaintsByMonth: updateMonth(doc.complaintsByMonth, monthOf(resolvedAt), emptyComplaintMonth, add),
  };
}

function withFeedback(m: FeedbackMonth, kind: 'csat' | 'nps', score: number): FeedbackMonth {
  if (kind === 'csat') return { ...m, csatCount: m.csatCount + 1, csatTotal: m.csatTotal + score };
  return {
    ...m,
    npsCount: m.npsCount + 1,
    promoters: m.promoters + (score >= 9 ? 1 : 0),
    passives: m.passives + (score >= 7 && score <= 8 ? 1 : 0),
    detractors: m.detractors + (score <= 6 ? 1 : 0),
  };
}

function evolve(doc: KpisDocument, event: CrmEvent): KpisDocument {
  const at = canonicalInstant(event.data.occurredAt);
  const month = monthOf(at);
  switch (event.type) {
    case 'CustomerRegistered':
      return {
        ...doc,
        customersRegisteredByMonth: withKey(
          doc.customersRegisteredByMonth,
          month,
          (doc.customersRegisteredByMonth[month] ?? 0) + 1,
        ),
      };
    case 'ContactRecorded': {
      const { channel } = event.data;
      const count = (m: Record<ContactChannel, number>) => ({ ...m, [channel]: m[channel] + 1 });
      return { ...doc, contactsByMonth: updateMonth(doc.contactsByMonth, month, emptyChannels, count) };
    }
    case 'PurchaseRecorded':
    case 'PurchaseReturned': {
      const amount = event.type === 'PurchaseRecorded' ? event.data.amount : -event.data.amount;
      const revenue = addMoney(doc.revenueByMonth[month] ?? 0, amount);
      return { ...doc, revenueByMonth: withKey(doc.revenueByMonth, month, revenue) };
    }
    case 'ComplaintOpened': {
      const { customerId, caseId } = event.data;
      if (doc.openCases.some(isCase(customerId, caseId))) return doc; // opened twice (an import): count once
      const openCase: OpenCase = { customerId, caseId, openedAt: at, slaDueAt: canonicalInstant(event.data.slaDueAt) };
      const opened = (m: ComplaintMonth): ComplaintMonth => ({ ...m, opened: m.opened + 1 });
      return {
        ...doc,
        complaints: { ...opened(doc.complaints), open: doc.complaints.open + 1 },
        openCases: [...doc.openCases, openCase].sort(byCase),
        complaintsByMonth: updateMonth(doc.complaintsByMonth, month, emptyComplaintMonth, opened),
      };
    }
    case 'ComplaintResolved':
      return withResolution(doc, event.data.customerId, event.data.caseId, at);
    case 'FeedbackGiven': {
      const { kind, score } = event.data;
      const add = (m: FeedbackMonth) => withFeedback(m, kind, score);
      return { ...doc, feedbackByMonth: updateMonth(doc.feedbackByMonth, month, emptyFeedbackMonth, add) };
    }
    case 'CustomerProfileUpdated':
    case 'ConsentGiven':
    case 'ConsentWithdrawn':
    case 'AccountManagerAssigned':
    case 'KeyAccountFlagged':
    case 'InformationRequested':
    case 'ComplaintEscalated':
    case 'ComplaintAssigned':
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
      return doc;
  }
  return assertNever(event);
}

export const kpisProjection: Projection<KpisDocument> = {
  name: 'kpis',
  version: 1,
  keysOf: (event) => (RELEVANT[event.type] ? [KPIS_DOCUMENT_ID] : []),
  apply(doc, event) {
    const next = evolve(doc ?? emptyDocument(), event as unknown as CrmEvent);
    return { ...next, updatedAt: event.recordedAt, lastPosition: event.position };
  },
};
