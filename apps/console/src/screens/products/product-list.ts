// The product list's view in the URL (?sort=quantity&category=tea&page=2), so a view can be
// shared by link: URL → GET /products query, the URL after a change, the "n–m of total" range,
// and the links between the list and one product (which keep the list's view for the way back).
// Pure: URLSearchParams in, queries and paths out.

/** The API's sorts, each in its one direction (figures highest first, SKUs A–Z). */
export const PRODUCT_SORTS = ['revenue', 'quantity', 'sku', 'lastSoldAt'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];
export const DEFAULT_SORT: ProductSort = 'revenue';
export const PAGE_SIZE = 25;
/** A link may ask for smaller or larger pages (pageSize), within what one screen can show. */
export const MAX_PAGE_SIZE = 100;
/** The list's own parameters: everything else in the URL is left alone. */
const LIST_PARAMS = ['sort', 'category', 'page', 'pageSize'] as const;
export const SCREEN_PATH = '/product-catalogue';

export interface ProductListView {
  sort: ProductSort;
  /** Exact category, as the API matches it; undefined for every category. */
  category: string | undefined;
  /** 1-based. */
  page: number;
  pageSize: number;
}

const whole = (text: string | null, fallback: number, max: number): number => {
  const value = Number(text ?? '');
  return text !== null && Number.isInteger(value) && value >= 1 && value <= max ? value : fallback;
};

/** The view a URL asks for; anything unknown or out of range falls back to the default. */
export function productListView(params: URLSearchParams): ProductListView {
  const sort = params.get('sort');
  const category = params.get('category')?.trim();
  return {
    sort: (PRODUCT_SORTS as readonly string[]).includes(sort ?? '') ? (sort as ProductSort) : DEFAULT_SORT,
    category: category ? category : undefined,
    page: whole(params.get('page'), 1, Number.MAX_SAFE_INTEGER),
    pageSize: whole(params.get('pageSize'), PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

export interface ProductsQuery {
  [name: string]: string | number | undefined;
  sort: ProductSort;
  category: string | undefined;
  limit: number;
  offset: number;
}

/** GET /products for a view: the page as limit and offset. */
export function productsQuery(view: ProductListView): ProductsQuery {
  return {
    sort: view.sort,
    category: view.category,
    limit: view.pageSize,
    offset: (view.page - 1) * view.pageSize,
  };
}

/**
 * The URL after a change of sort, category or page. A new sort or category starts again at the
 * first page; defaults are left out, so the plain list is the plain path.
 */
export function withView(params: URLSearchParams, change: Partial<ProductListView>): URLSearchParams {
  const view = { ...productListView(params), ...change };
  if (change.sort !== undefined || 'category' in change) view.page = change.page ?? 1;
  const next = new URLSearchParams();
  for (const [name, value] of params) if (!(LIST_PARAMS as readonly string[]).includes(name)) next.set(name, value);
  if (view.sort !== DEFAULT_SORT) next.set('sort', view.sort);
  if (view.category) next.set('category', view.category);
  if (view.page > 1) next.set('page', String(view.page));
  if (view.pageSize !== PAGE_SIZE) next.set('pageSize', String(view.pageSize));
  return next;
}

export interface PageRange {
  /** 1-based position of the first product shown; 0 when none is. */
  first: number;
  last: number;
  total: number;
  pages: number;
}

/**
 * "first–last of total" for an answer, from the answer's own offset and limit: while the next
 * page loads, the range still describes the rows on screen. A page past the end shows none.
 */
export function pageRange(answer: { offset: number; limit: number; total: number }, shown: number): PageRange {
  return {
    first: shown > 0 ? answer.offset + 1 : 0,
    last: answer.offset + shown,
    total: answer.total,
    pages: Math.max(1, Math.ceil(answer.total / answer.limit)),
  };
}

const withSearch = (path: string, params: URLSearchParams): string => {
  const search = params.toString();
  return search ? `${path}?${search}` : path;
};

/** One product's page; it carries the list's view so "back" returns to the same page. */
export function productPath(sku: string, params: URLSearchParams): string {
  return withSearch(`${SCREEN_PATH}/${encodeURIComponent(sku)}`, withView(params, {}));
}

/** The list as it was when the product was opened. */
export function listPath(params: URLSearchParams): string {
  return withSearch(SCREEN_PATH, withView(params, {}));
}
