// The fitted customer-value forecast as the API gives it (GET /customers/:id/value and the
// lifecycle history's fittedValue), and how an interval reads.
import type { Interval as ValueInterval } from '@ledger/queries/api';

export type { Interval as ValueInterval, ModelReference, ValueAnswer, ValueForecast } from '@ledger/queries/api';

/** "12 (8–17)": the estimate, then the interval; the dash is a range, the same in both directions. */
export function intervalText(interval: ValueInterval, format: (value: number) => string): string {
  return `${format(interval.estimate)} (${format(interval.low)}–${format(interval.high)})`;
}
