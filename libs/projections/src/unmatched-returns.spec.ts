// A return or cancellation of an order the CRM never saw (no orderId) counts in every money
// figure, like any return: spend and net spend, monetary, monthly revenue and value, KPIs.
import type { CrmEvent } from '@ledger/domain';
import { customerAnalyticsProjection } from './customer-analytics.projection';
import { purchaseFacts } from './customer-signals';
import { kpisProjection } from './kpis.projection';
import { lifecycleProjection } from './lifecycle.projection';
import { operationalViewProjection } from './operational-view.projection';
import { at, purchased, registered } from './test-support/customer-events';
import { foldLog, recorded } from './test-support/recorded';

const cancellation: CrmEvent = {
  type: 'PurchaseReturned',
  data: {
    customerId: 'c1',
    externalOrderRef: 'C536379',
    returnId: 'r-1',
    amount: 27.5,
    currency: 'GBP',
    skus: ['D'],
    occurredAt: at('2026-02-10'),
  },
};
const log = recorded([
  registered('c1', at('2026-01-01')),
  purchased('c1', at('2026-01-05'), 100.1, { currency: 'GBP' }),
  purchased('c1', at('2026-02-01'), 0.2, { currency: 'GBP' }),
  cancellation,
]);

describe('returns of orders the CRM never saw', () => {
  it('lower spend in the customer 360', () => {
    expect(foldLog(operationalViewProjection, log).get('c1')?.totals).toMatchObject({
      purchases: 2,
      spend: 100.3,
      returns: 27.5,
      netSpend: 72.8,
    });
  });

  it('lower monetary value in the analytics timeline', () => {
    const doc = foldLog(customerAnalyticsProjection, log).get('c1');
    expect(doc?.returns).toEqual([[Date.parse(at('2026-02-10')), 27.5, null]]);
    expect(purchaseFacts(doc!, Date.parse(at('2026-03-01'))).monetary).toBe(72.8);
  });

  it("lower the month's revenue in the lifecycle value history and the KPIs", () => {
    const months = foldLog(lifecycleProjection, log).get('c1')?.months ?? [];
    expect(months.map((m) => [m.month, m.revenue])).toEqual([
      ['2026-01', 100.1],
      ['2026-02', -27.3],
    ]);
    expect(foldLog(kpisProjection, log).values().next().value?.revenueByMonth).toEqual({
      '2026-01': 100.1,
      '2026-02': -27.3,
    });
  });
});
