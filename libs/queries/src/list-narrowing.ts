// Drill-down filters of GET /customers that the segment views do not index: an RFM cell (r, f
// quintiles), the customers a campaign reached (campaign), and those who bought (purchasedIn)
// or did anything (activeIn) in a calendar month. The views' own filters run first; these cut
// the full sorted match, so paging and sorting stay the views'.
import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { SegmentsView } from '@ledger/analytics';
import { ValidationFailed } from '@ledger/domain';
import {
  pageWindow,
  SCORE_SORT_FIELDS,
  type CustomerAnalytics,
  type CustomerScore,
  type ScoreFilter,
  type ScoreListOptions,
  type ScorePage,
} from '@ledger/projections';
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
  const window = pageWindow(options);
  const everyone = { ...options, offset: 0, pageSize: Math.max(1, view.customers) };
  const matching = view.list(filter, everyone).items.filter(keep);
  const items = matching.slice(window.offset, window.offset + window.pageSize);
  return { total: matching.length, ...window, items };
}

/**
 * The page window of a ranked list, in either spelling (README, Paging): `offset`/`limit`, the
 * convention of every offset-paged list, or the older `page`/`pageSize`. Mixing them is a 400.
 */
export function listWindow(raw: { offset?: string; limit?: string; page?: string; pageSize?: string }): {
  offset?: number;
  pageSize: number;
  /** The parameter the size came in, for messages about it. */
  sizeField: 'limit' | 'pageSize';
} {
  const offsetStyle = raw.offset !== undefined || raw.limit !== undefined;
  const pageStyle = raw.page !== undefined || raw.pageSize !== undefined;
  if (offsetStyle && pageStyle) {
    const field = raw.offset !== undefined ? 'offset' : 'limit';
    throw new ValidationFailed([{ field, reason: 'page with offset and limit, or with page and pageSize, not both' }]);
  }
  if (offsetStyle) {
    return {
      offset: intParam('offset', raw.offset, 0, 0, 1_000_000_000),
      pageSize: intParam('limit', raw.limit, 50, 1, 1000),
      sizeField: 'limit',
    };
  }
  const pageSize = intParam('pageSize', raw.pageSize, 50, 1, 1000);
  return { offset: (intParam('page', raw.page, 1, 1, 1_000_000) - 1) * pageSize, pageSize, sizeField: 'pageSize' };
}

/** OpenAPI for the page window and order of a ranked customer list. */
export const ApiListWindowQueries = () =>
  applyDecorators(
    ApiQuery({ name: 'offset', required: false, description: 'position of the first item, from 0 (default 0)' }),
    ApiQuery({ name: 'limit', required: false, description: 'items per page, 1-1000 (default 50)' }),
    ApiQuery({ name: 'page', required: false, deprecated: true, description: 'older spelling: page from 1' }),
    ApiQuery({ name: 'pageSize', required: false, deprecated: true, description: 'older spelling of limit' }),
    ApiQuery({ name: 'sort', required: false, enum: SCORE_SORT_FIELDS, description: 'default customerId' }),
    ApiQuery({ name: 'order', required: false, enum: ['asc', 'desc'], description: 'default asc' }),
  );
