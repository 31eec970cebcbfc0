// The analyst's RFM heat map: customers per recency × frequency quintile pair (5 × 5 cells,
// every cell present) with the net monetary value they hold. Prospects have no scores and are
// counted apart. Pure.
import type { CustomerScore } from '@ledger/projections';

export interface RfmCell {
  /** 1..5, 5 = most recent. */
  r: number;
  /** 1..5, 5 = most frequent. */
  f: number;
  customers: number;
  /** Net monetary value of the cell's customers (purchases minus returns). */
  monetary: number;
  /** monetary ÷ customers; null for an empty cell. */
  averageMonetary: number | null;
}

export interface RfmGrid {
  cells: RfmCell[];
  /** Customers without a purchase as of the date (no R/F scores). */
  prospects: number;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

export function rfmGrid(scores: Iterable<Pick<CustomerScore, 'r' | 'f' | 'monetary'>>): RfmGrid {
  const customers = new Array<number>(25).fill(0);
  const monetary = new Array<number>(25).fill(0);
  let prospects = 0;
  for (const score of scores) {
    if (score.r === null || score.f === null) {
      prospects++;
      continue;
    }
    const i = (score.r - 1) * 5 + (score.f - 1);
    customers[i]++;
    monetary[i] += score.monetary;
  }
  const cells: RfmCell[] = [];
  for (let r = 1; r <= 5; r++) {
    for (let f = 1; f <= 5; f++) {
      const i = (r - 1) * 5 + (f - 1);
      cells.push({
        r,
        f,
        customers: customers[i],
        monetary: round2(monetary[i]),
        averageMonetary: customers[i] > 0 ? round2(monetary[i] / customers[i]) : null,
      });
    }
  }
  return { cells, prospects };
}
