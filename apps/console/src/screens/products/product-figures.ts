// How the product screen states its figures: amounts as plain numbers with two decimals (the
// read model sums a SKU's revenue whatever the currency, so no currency symbol would be true),
// the return rate, and "—" for what the API gives as null.
import { localeOf } from '../../format/format';
import type { ProductSummary } from '@ledger/queries/api';

export const NONE = '—';

/** An amount in the language's digits with exactly two decimals (12.5 → "12.50", ۱۲٫۵۰ in fa). */
export function amountFormat(language: string): (amount: number) => string {
  const format = new Intl.NumberFormat(localeOf(language), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (amount) => format.format(amount);
}

/**
 * Returns naming the product ÷ orders that included it; null before its first order. A return
 * naming several products counts for each of them.
 */
export function returnRate(product: ProductSummary): number | null {
  const { orders } = product.purchases;
  return orders > 0 ? product.returns.count / orders : null;
}

/** `format` for a value, or "—" when the API has none. */
export function orNone<T>(value: T | null, format: (value: T) => string): string {
  return value === null ? NONE : format(value);
}
