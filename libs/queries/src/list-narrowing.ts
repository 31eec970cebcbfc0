// Drill-down filters of GET /customers that the segment views do not index: an RFM cell (r, f
// quintiles), the customers a campaign reached (campaign), and those who bought (purchasedIn)
// or did anything (activeIn) in a calendar month. The views' own filters run first; these cut
// the full sorted match, so paging and sorting stay the views'.
import type { SegmentsView } from '@ledger/analytics';
import { ValidationFailed } from '@ledger/domain';
import type { CustomerAnalytics, CustomerScore, ScoreFilter, ScoreListOptions, ScorePage } from '@ledger/projections';
import { intParam } from './query-params';

export interface Narrowing {
  r?: number;
  f?: number;
  campaign?: string;
  /** `2026-10`: a purchase or return in that month (business time, UTC). */
  purchasedIn?: string;
  /** `2026-10`: a purchase, return, contact, complaint or feedback in that month. */
  activeIn?: string;
}

export const NARROWING_FILTERS = ['r', 'f', 'campaign', 'purchasedIn', 'activeIn'] as const;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function monthParam(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!MONTH.test(raw))
    throw new ValidationFailed([{ field: name, reason: `${name} must be a month such as 2026-10` }]);
  return raw;
}

export function narrowingParams(query: Record<string, string | undefined>): Narrowing {
  const score = (name: 'r' | 'f') =>
    query[name] === undefined || query[name] === '' ? undefined : intParam(name, query[name], 0, 1, 5);
  return {
    r: score('r'),
    f: score('f'),
    campaign: query['campaign'] || undefined,
    purchasedIn: monthParam('purchasedIn', query['purchasedIn']),
    activeIn: monthParam('activeIn', query['activeIn']),
  };
}

/** Whether the narrowing needs the customers' documents (anything beyond their scores). */
export const needsDocuments = (n: Narrowing): boolean =>
  n.campaign !== undefined || n.purchasedIn !== undefined || n.activeIn !== undefined;

const monthOfMs = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

/** The customers whose documents satisfy the campaign and month conditions. */
export function customersMatching(docs: Iterable<CustomerAnalytics>, n: Narrowing): Set<string> {
  const ids = new Set<string>();
  const inMonth = (month: string | undefined, times: number[]) =>
    month === undefined || times.some((at) => monthOfMs(at) === month);
  for (const doc of docs) {
    if (n.campaign !== undefined && !doc.campaignIds.includes(n.campaign)) continue;
    const sales = [...doc.purchases.map((p) => p[0]), ...doc.returns.map((r) => r[0])];
    if (!inMonth(n.purchasedIn, sales)) continue;
    const activity = [
      ...sales,
      ...doc.contacts.map((c) => c[0]),
      ...doc.complaints.map((c) => c[0]),
      ...doc.feedback.map((f) => f[0]),
    ];
    if (!inMonth(n.activeIn, activity)) continue;
    ids.add(doc.customerId);
  }
  return ids;
}

/** A page of the view's list, narrowed; `customers` (when given) is the set the documents allow. */
export function narrowedList(
  view: SegmentsView,
  filter: ScoreFilter,
  options: ScoreListOptions,
  n: Narrowing,
  customers?: Set<string>,
): ScorePage {
  if (n.r === undefined && n.f === undefined && customers === undefined) return view.list(filter, options);
  const keep = (s: CustomerScore) =>
    (n.r === undefined || s.r === n.r) &&
    (n.f === undefined || s.f === n.f) &&
    (customers === undefined || customers.has(s.customerId));
  const { page = 1, pageSize = 50 } = options;
  const all = view.list(filter, { ...options, page: 1, pageSize: Math.max(1, view.customers) }).items;
  const matching = all.filter(keep);
  const start = (page - 1) * pageSize;
  return { total: matching.length, page, pageSize, items: matching.slice(start, start + pageSize) };
}
