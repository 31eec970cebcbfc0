// Customer retention as of a date, from the analytics documents' purchase timelines:
// of the customers who bought in the year before last (asOf − 24 months … asOf − 12 months),
// the share who bought again in the last 12 months. Pure; asOf is an argument.
import type { CustomerAnalytics } from './customer-analytics.projection';
import { toMs } from './timeline';

export interface RetentionFigures {
  /** Customers who purchased in the earlier 12-month period. */
  base: number;
  /** Of those, customers who purchased again in the 12 months up to asOf. */
  retained: number;
}

export function retentionAsOf(docs: Iterable<CustomerAnalytics>, asOf: string): RetentionFigures {
  const end = toMs(asOf);
  const middle = monthsBefore(end, 12);
  const start = monthsBefore(end, 24);
  let base = 0;
  let retained = 0;
  for (const doc of docs) {
    let earlier = false;
    let recent = false;
    for (const [at] of doc.purchases) {
      if (at >= start && at < middle) earlier = true;
      else if (at >= middle && at <= end) recent = true;
    }
    if (earlier) {
      base++;
      if (recent) retained++;
    }
  }
  return { base, retained };
}

function monthsBefore(ms: number, months: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.getTime();
}
