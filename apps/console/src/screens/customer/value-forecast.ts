// The fitted customer-value forecast as the API gives it (GET /customers/:id/value and the
// lifecycle history's fittedValue), and how an interval reads.

/** The model's expectation and the 10th–90th percentile (an 80 % interval). */
export interface ValueInterval {
  estimate: number;
  low: number;
  high: number;
}

export interface ValueForecast {
  probabilityAlive: ValueInterval;
  probabilityNoPurchase: ValueInterval;
  expectedPurchases: ValueInterval;
  expectedSpendPerPurchase: number;
  expectedSpend: ValueInterval;
  lifetimeValue: ValueInterval;
  horizonWeeks: number;
  lifetimeWeeks: number;
  annualDiscountRate: number;
  intervalLevel: number;
}

export interface ModelReference {
  modelId: string;
  asOf: string;
  fittedAt: string;
  position: number;
  libraryVersion: string;
}

/**
 * GET /customers/:id/value: model null (with the reason) before the first fit with data up to
 * asOf; forecast null then, or when the customer had not bought by asOf.
 */
export interface ValueAnswer {
  customerId: string;
  asOf: string;
  model: ModelReference | null;
  reason?: string;
  forecast: ValueForecast | null;
}

/** "12 (8–17)": the estimate, then the interval; the dash is a range, the same in both directions. */
export function intervalText(interval: ValueInterval, format: (value: number) => string): string {
  return `${format(interval.estimate)} (${format(interval.low)}–${format(interval.high)})`;
}
