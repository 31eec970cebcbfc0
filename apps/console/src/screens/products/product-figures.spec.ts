import { amountFormat, NONE, orNone, returnRate } from './product-figures';
import type { ProductSummary } from '@ledger/queries/api';

const product = (orders: number, returns: number): ProductSummary => ({
  sku: 'TEA-1',
  description: null,
  category: null,
  purchases: { orders, quantity: orders, revenue: 0 },
  returns: { count: returns, amount: 0 },
  feedback: { csatCount: 0, averageCsat: null, npsCount: 0, averageNpsScore: null },
  firstSoldAt: null,
  lastSoldAt: null,
});

describe('product figures', () => {
  it('shows amounts with exactly two decimals, in Persian digits in fa', () => {
    expect(amountFormat('en')(1234.5)).toBe('1,234.50');
    expect(amountFormat('en')(0.125)).toBe('0.13');
    expect(amountFormat('fa')(12.5)).toBe('۱۲٫۵۰');
  });

  it('divides returns by orders, with no rate before the first order', () => {
    expect(returnRate(product(4, 1))).toBe(0.25);
    expect(returnRate(product(0, 1))).toBeNull();
  });

  it('shows a dash for what the API gives as null', () => {
    expect(orNone(null, String)).toBe(NONE);
    expect(orNone(0, String)).toBe('0');
  });
});
