import type { CrmEvent } from '@ledger/domain';
import { productCatalogueProjection, productSummary, type ProductDoc } from './product-catalogue.projection';
import { at, feedbackGiven, registered } from './test-support/customer-events';
import { RecordedLog, foldLog, recorded } from './test-support/recorded';

const sale = (customerId: string, orderId: string, occurredAt: string, lines: object[]): CrmEvent =>
  ({
    type: 'PurchaseRecorded',
    data: { customerId, orderId, lines, amount: 0, currency: 'GBP', channel: 'web', occurredAt },
  }) as CrmEvent;

const events: CrmEvent[] = [
  registered('c1', at('2026-01-01')),
  sale('c1', 'o1', at('2026-01-02'), [
    { sku: 'HEART', quantity: 6, unitPrice: 2.55, description: 'WHITE HANGING HEART', category: 'decor' },
    { sku: 'BANK CHARGES', quantity: 1, unitPrice: 15 },
  ]),
  sale('c1', 'o2', at('2026-02-01'), [
    { sku: 'HEART', quantity: 3, unitPrice: 9.7767, lineTotal: 29.33, description: 'WHITE HEART T-LIGHT' },
  ]),
  sale('c1', 'o0', at('2025-12-01'), [{ sku: 'HEART', quantity: 1, unitPrice: 2.5, description: 'OLD NAME' }]),
  {
    type: 'PurchaseReturned',
    data: {
      customerId: 'c1',
      returnId: 'r1',
      amount: 5.1,
      currency: 'GBP',
      skus: ['HEART'],
      occurredAt: at('2026-02-02'),
    },
  },
  {
    type: 'PurchaseReturned',
    data: {
      customerId: 'c1',
      returnId: 'r2',
      amount: 9,
      currency: 'GBP',
      skus: ['HEART', 'BANK CHARGES'],
      occurredAt: at('2026-02-03'),
    },
  },
  {
    ...feedbackGiven('c1', at('2026-02-05'), 'csat', 4),
    data: { ...feedbackGiven('c1', at('2026-02-05'), 'csat', 4).data, product: 'HEART' },
  } as CrmEvent,
  {
    ...feedbackGiven('c1', at('2026-02-06'), 'csat', 5),
    data: { ...feedbackGiven('c1', at('2026-02-06'), 'csat', 5).data, product: 'HEART' },
  } as CrmEvent,
  feedbackGiven('c1', at('2026-02-07'), 'nps', 9),
];

describe('product catalogue read model', () => {
  const docs = foldLog(productCatalogueProjection, recorded(events));

  it('keeps one document per sku, with the newest description by business time', () => {
    expect([...docs.keys()].sort()).toEqual(['BANK CHARGES', 'HEART']);
    expect(docs.get('HEART')).toMatchObject({ description: 'WHITE HEART T-LIGHT', category: 'decor' });
  });

  it('counts purchases, quantity and revenue per product exactly', () => {
    expect(docs.get('HEART')?.purchases).toEqual({ orders: 3, quantity: 10, revenue: 47.13 });
    expect(docs.get('BANK CHARGES')?.purchases).toEqual({ orders: 1, quantity: 1, revenue: 15 });
    expect(docs.get('HEART')).toMatchObject({ firstSoldAt: at('2025-12-01'), lastSoldAt: at('2026-02-01') });
  });

  it('counts returns naming the product, and their amount when the product is returned alone', () => {
    expect(docs.get('HEART')?.returns).toEqual({ count: 2, amount: 5.1 });
    expect(docs.get('BANK CHARGES')?.returns).toEqual({ count: 1, amount: 0 });
  });

  it('gathers feedback that names the product, and only that', () => {
    expect(productSummary(docs.get('HEART') as ProductDoc).feedback).toEqual({
      csatCount: 2,
      averageCsat: 4.5,
      npsCount: 0,
      averageNpsScore: null,
    });
  });

  it('comes out the same when rebuilt, and a replayed event changes nothing', () => {
    const log = new RecordedLog().recordAll(events);
    const once = foldLog(productCatalogueProjection, log);
    expect(foldLog(productCatalogueProjection, log, once)).toEqual(once);
    expect(foldLog(productCatalogueProjection, log)).toEqual(once);
  });
});
