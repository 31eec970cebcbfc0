import type { CustomerAnalytics } from './customer-analytics.projection';
import { retentionAsOf } from './retention';

const customer = (id: string, purchaseDates: string[]): CustomerAnalytics =>
  ({
    id,
    customerId: id,
    purchases: purchaseDates.map((d, i) => [Date.parse(d), 10, `o-${i}`, 0, null]),
  }) as unknown as CustomerAnalytics;

describe('retentionAsOf', () => {
  it('counts last year’s buyers who bought again in the 12 months up to asOf', () => {
    const docs = [
      customer('kept', ['2025-03-01T00:00:00Z', '2026-02-01T00:00:00Z']),
      customer('lost', ['2025-03-01T00:00:00Z']),
      customer('new', ['2026-05-01T00:00:00Z']),
      customer('too-old', ['2024-01-01T00:00:00Z', '2026-05-01T00:00:00Z']),
    ];
    expect(retentionAsOf(docs, '2026-11-23T00:00:00.000Z')).toEqual({ base: 2, retained: 1 });
  });

  it('ignores purchases after asOf', () => {
    const docs = [customer('later', ['2025-03-01T00:00:00Z', '2026-12-01T00:00:00Z'])];
    expect(retentionAsOf(docs, '2026-11-23T00:00:00.000Z')).toEqual({ base: 1, retained: 0 });
  });

  it('is zero over an empty population', () => {
    expect(retentionAsOf([], '2026-11-23T00:00:00.000Z')).toEqual({ base: 0, retained: 0 });
  });
});
