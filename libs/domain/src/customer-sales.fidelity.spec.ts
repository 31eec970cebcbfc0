// Real shop data as it comes (issue 11): long invoices, SKUs with spaces, prices below a penny,
// wholesale quantities, line totals, and returns of orders the CRM never saw.
import { evolveCustomer } from './customer.decider';
import { initialCustomerState } from './customer.state';
import { UnknownOrder, ValidationFailed } from './errors';
import type { OrderLine, PurchaseRecorded, PurchaseReturned } from './events';
import { DEFAULT_POLICY, type CrmPolicy } from './policy';
import { CUSTOMER_ID, command, purchased, registered } from './test-support/customer-fixtures';
import { TEST_NOW, givenCustomer as given, testContext } from './test-support/given-when-then';

const purchase = (lines: OrderLine[], currency = 'GBP', amount?: number) =>
  command('RecordPurchase', {
    orderId: '536365',
    lines,
    amount,
    currency,
    channel: 'web',
    offerIdPrefix: 'offer-536365',
  });
const line = (overrides: Partial<OrderLine> = {}): OrderLine => ({
  sku: '85123A',
  quantity: 6,
  unitPrice: 2.55,
  ...overrides,
});
const recorded = (lines: OrderLine[], currency = 'GBP') =>
  given([registered()]).when(purchase(lines, currency)).events()[0] as PurchaseRecorded;
const strict = (sales: Partial<CrmPolicy['sales']>) =>
  testContext(TEST_NOW, { ...DEFAULT_POLICY, sales: { ...DEFAULT_POLICY.sales, ...sales } });

describe('recording real invoices', () => {
  it('accepts an invoice of 1,000 lines by default, and refuses more lines than the policy allows', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => line({ sku: `SKU-${i}`, quantity: 1, unitPrice: 1 }));
    expect(recorded(lines).data).toMatchObject({ amount: 1000 });
    given([registered()])
      .when(purchase(lines), strict({ maxLinesPerOrder: 999 }))
      .thenThrows(ValidationFailed, { field: 'lines' });
  });

  it('accepts SKUs of any printable characters up to the policy length', () => {
    expect(recorded([line({ sku: 'BANK CHARGES' }), line({ sku: 'کتاب-۱' })]).data).toMatchObject({
      lines: [{ sku: 'BANK CHARGES' }, { sku: 'کتاب-۱' }],
    });
    for (const sku of ['   ', 'TAB\tX', 'x'.repeat(65)]) {
      given([registered()])
        .when(purchase([line({ sku })]))
        .thenThrows(ValidationFailed, { field: 'lines[0].sku' });
    }
  });

  it('accepts wholesale quantities up to the policy maximum', () => {
    expect(recorded([line({ quantity: 80995, unitPrice: 2.08 })]).data).toMatchObject({ amount: 168469.6 });
    given([registered()])
      .when(purchase([line({ quantity: 11 })]), strict({ maxQuantity: 10 }))
      .thenThrows(ValidationFailed, { field: 'lines[0].quantity' });
  });

  it('accepts unit prices with up to 4 decimals and rounds the total to the currency minor unit', () => {
    expect(recorded([line({ sku: 'PADS', quantity: 5, unitPrice: 0.001 })]).data.amount).toBe(0.01);
    expect(recorded([line({ quantity: 3, unitPrice: 0.3333 })]).data.amount).toBe(1);
    expect(recorded([line({ quantity: 3, unitPrice: 33.5 })], 'JPY').data.amount).toBe(101);
    expect(recorded([line({ quantity: 1, unitPrice: 1.2345 })], 'KWD').data.amount).toBe(1.235);
    given([registered()])
      .when(purchase([line({ unitPrice: 0.00001 })]))
      .thenThrows(ValidationFailed, { field: 'lines[0].unitPrice' });
  });

  it('sums many lines exactly', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => line({ sku: `S${i}`, quantity: 1, unitPrice: 0.1 }));
    expect(recorded(lines).data.amount).toBe(100);
  });

  it('keeps a stated line total, which wins over quantity × rounded unit price', () => {
    const cds = line({ sku: 'CD', quantity: 3, unitPrice: 9.7767, lineTotal: 29.33 });
    expect(recorded([cds, line({ sku: 'CD2', quantity: 1, unitPrice: 0.01 })], 'USD').data).toMatchObject({
      amount: 29.34,
      lines: [{ sku: 'CD', lineTotal: 29.33 }, { sku: 'CD2' }],
    });
    given([registered()])
      .when(purchase([line({ quantity: 3, unitPrice: 9.7767, lineTotal: 29.5 })]))
      .thenThrows(ValidationFailed, { field: 'lines[0].lineTotal' });
  });

  it('keeps the product description on the line and drops unknown fields', () => {
    const withExtra = { ...line({ description: 'WHITE HANGING HEART T-LIGHT HOLDER' }), colour: 'white' } as OrderLine;
    expect(recorded([withExtra]).data.lines).toEqual([
      { sku: '85123A', quantity: 6, unitPrice: 2.55, description: 'WHITE HANGING HEART T-LIGHT HOLDER' },
    ]);
  });
});

describe('returns and cancellations of orders the CRM never saw', () => {
  const cancel = (extra: Record<string, unknown> = {}) =>
    command('RecordReturn', {
      externalOrderRef: 'C536379',
      returnId: 'r-C536379',
      amount: 27.5,
      currency: 'GBP',
      skus: ['D'],
      reason: 'cancelled',
      ...extra,
    });
  const expected: PurchaseReturned = {
    type: 'PurchaseReturned',
    data: {
      customerId: CUSTOMER_ID,
      externalOrderRef: 'C536379',
      returnId: 'r-C536379',
      amount: 27.5,
      currency: 'GBP',
      skus: ['D'],
      reason: 'cancelled',
      occurredAt: TEST_NOW,
    },
  };

  it('records a cancellation without an order id, in the currency it names', () =>
    given([registered()]).when(cancel()).then([expected]));

  it('needs the currency, a positive amount in its minor unit, and printable skus', () => {
    given([registered()])
      .when(cancel({ currency: undefined }))
      .thenThrows(ValidationFailed, { field: 'currency' });
    given([registered()])
      .when(cancel({ amount: -1 }))
      .thenThrows(ValidationFailed, { field: 'amount' });
    given([registered()])
      .when(cancel({ amount: 1.005 }))
      .thenThrows(ValidationFailed, { field: 'amount' });
    given([registered()])
      .when(cancel({ skus: ['ok', '\u0007'] }))
      .thenThrows(ValidationFailed, { field: 'skus[1]' });
  });

  it('still refuses an order id that names no order of the customer', () =>
    given([registered()])
      .when(cancel({ orderId: 'o-404' }))
      .thenThrows(UnknownOrder, { field: 'orderId' }));

  it("refuses a currency other than the known order's", () =>
    given([registered(), purchased({ orderId: 'o-1', currency: 'EUR' })])
      .when(command('RecordReturn', { orderId: 'o-1', returnId: 'r', amount: 1, currency: 'GBP' }))
      .thenThrows(ValidationFailed, { field: 'currency' }));

  it('changes no known order', () => {
    const state = [registered(), purchased({ orderId: 'o-1' }), expected].reduce(
      evolveCustomer,
      initialCustomerState(),
    );
    expect(state.orders.get('o-1')?.returnedAmount).toBe(0);
  });
});
