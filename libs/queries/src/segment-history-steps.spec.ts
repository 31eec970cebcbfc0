import { historyInstants } from './segment-history-steps';

const iso = (ms: number) => new Date(ms).toISOString();

describe('segment history instants', () => {
  it('steps calendar months from the day of `from`, clamped to short months, with a baseline before', () => {
    expect(historyInstants('2025-01-31T23:59:59.999Z', '2025-04-30T23:59:59.999Z', 'month').map(iso)).toEqual([
      '2024-12-31T23:59:59.999Z',
      '2025-01-31T23:59:59.999Z',
      '2025-02-28T23:59:59.999Z',
      '2025-03-31T23:59:59.999Z',
      '2025-04-30T23:59:59.999Z',
    ]);
  });

  it('steps weeks of seven days up to `to` inclusive', () => {
    expect(historyInstants('2026-01-05T00:00:00.000Z', '2026-01-19T00:00:00.000Z', 'week').map(iso)).toEqual([
      '2025-12-29T00:00:00.000Z',
      '2026-01-05T00:00:00.000Z',
      '2026-01-12T00:00:00.000Z',
      '2026-01-19T00:00:00.000Z',
    ]);
  });

  it('refuses a range that ends before it starts or has too many points, naming `to`', () => {
    expect(() => historyInstants('2026-01-05T00:00:00Z', '2026-01-04T00:00:00Z', 'week')).toThrow(/to/);
    expect(() => historyInstants('2000-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'week')).toThrow(/at most 520/);
  });
});
