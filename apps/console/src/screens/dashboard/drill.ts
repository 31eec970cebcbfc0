// The drill-down's state in the URL: every `f.<name>` parameter is a filter of GET /customers
// (segment, valueTier, lifecycleStage, churnRisk, channel, r, f, asOf), plus page and sort, so
// a drilled list can be shared by link. Pure: URLSearchParams in, API query out.
import type { CustomerScore } from './analytics-types';

export const SORT_FIELDS = ['customerId', 'recencyDays', 'frequency', 'monetary', 'churnScore', 'rfm'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const PAGE_SIZE = 25;
const PREFIX = 'f.';

export function drillFilters(params: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [name, value] of params) if (name.startsWith(PREFIX) && value) filters[name.slice(PREFIX.length)] = value;
  return filters;
}

/** The URL after a click on a mark: the old drill replaced by the new filters, back to page 1. */
export function withDrill(params: URLSearchParams, filters: Record<string, string | number>): URLSearchParams {
  const next = new URLSearchParams();
  for (const [name, value] of params) if (!name.startsWith(PREFIX) && name !== 'page') next.set(name, value);
  for (const [name, value] of Object.entries(filters)) next.set(`${PREFIX}${name}`, String(value));
  next.set('drill', '1');
  return next;
}

export function withoutDrill(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams();
  for (const [name, value] of params)
    if (!name.startsWith(PREFIX) && !['page', 'sort', 'order', 'drill'].includes(name)) next.set(name, value);
  return next;
}

export interface ListQuery {
  [name: string]: string | number | undefined;
  page: number;
  pageSize: number;
  sort: SortField;
  order: 'asc' | 'desc';
}

/** The GET /customers query of the drilled list; a drill's own asOf wins over the page's. */
export function listQuery(params: URLSearchParams, asOf: string | undefined): ListQuery {
  const sort = params.get('sort');
  const page = Number(params.get('page') ?? '1');
  return {
    asOf,
    ...drillFilters(params),
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZE,
    sort: (SORT_FIELDS as readonly string[]).includes(sort ?? '') ? (sort as SortField) : 'monetary',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

export const CSV_COLUMNS = [
  'customerId',
  'country',
  'keyAccount',
  'recencyDays',
  'frequency',
  'monetary',
  'rfm',
  'rfmSegment',
  'valueTier',
  'lifecycleStage',
  'churnRisk',
  'churnScore',
  'channelAffinity',
] as const;

const quote = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function customersCsv(items: CustomerScore[]): string {
  const rows = items.map((c) =>
    CSV_COLUMNS.map((column) => quote(column === 'channelAffinity' ? c.channelAffinity.channel : c[column])).join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\n') + '\n';
}
