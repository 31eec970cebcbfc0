import { groupStats, periodTotals, summarise } from './summary';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('sufficient statistics', () => {
  const purchases = [
    [day('2026-01-01') + 3_600_000, 10],
    [day('2026-01-01') + 7_200_000, 5],
    [day('2026-01-15'), 20],
    [day('2026-01-15') + 60_000, 4],
    [day('2026-01-29'), 30],
    [day('2026-03-01'), 99],
  ] as const;

  it('merges same-day purchases and measures weeks to the cut-off day', () => {
    const s = summarise(purchases, day('2026-02-12') + 1000);
    expect(s).toMatchObject({ frequency: 2, recency: 4, age: 6, meanRepeatSpend: 27, totalSpend: 69 });
  });

  it('knows nobody before their first purchase', () => {
    expect(summarise(purchases, day('2025-12-31'))).toBeNull();
  });

  it('counts purchase days and spend in a holdout period', () => {
    expect(periodTotals(purchases, day('2026-01-10'), day('2026-02-01'))).toEqual({ days: 2, spend: 54 });
  });

  it('groups identical triples', () => {
    const g = groupStats([
      { frequency: 1, recency: 2, age: 3 },
      { frequency: 1, recency: 2, age: 3 },
      { frequency: 0, recency: 0, age: 3 },
    ]);
    expect(Array.from(g.count)).toEqual([2, 1]);
    expect(g.customers).toBe(3);
  });
});
