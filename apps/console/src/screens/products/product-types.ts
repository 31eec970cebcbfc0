// The product catalogue's answers (GET /products, GET /products/:sku). Each product is what the
// server's productSummary returns, so its shape is the server's own; the page around it is the
// controller's `{ total, offset, limit, products }`.
import type { productSummary } from '@ledger/projections';

export type ProductSummary = ReturnType<typeof productSummary>;

export interface ProductsAnswer {
  total: number;
  offset: number;
  limit: number;
  products: ProductSummary[];
}
