// The analyst's RFM heat map: customers per recency × frequency quintile pair (5 × 5 cells,
// every cell present) with the net monetary value they hold. Prospects have no scores and are
// counted apart. Pure.
import type { SegmentsView } from '@ledger/analytics';
import type { CustomerScore, ScoreFilter, ScoreListOptions, ScorePage } from '@ledger/projections';
import { intParam } from './query-params';

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

export const optionalScore = (name: string, raw: string | undefined): number | undefined =>
  raw === undefined || raw === '' ? undefined : intParam(name, raw, 0, 1, 5);

/**
 * A page of the list restricted to one R and/or F quintile (the heat map's drill-down). The
 * segment views index named segments, not quintiles, so a cell is cut from the full sorted match.
 */
export function inRfmCell(
  view: SegmentsView,
  filter: ScoreFilter,
  options: ScoreListOptions,
  cell: { r?: number; f?: number },
): ScorePage {
  if (cell.r === undefined && cell.f === undefined) return view.list(filter, options);
  const { page = 1, pageSize = 50 } = options;
  const all = view.list(filter, { ...options, page: 1, pageSize: Math.max(1, view.customers) }).items;
  const matching = all.filter(
    (s) => (cell.r === undefined || s.r === cell.r) && (cell.f === undefined || s.f === cell.f),
  );
  const start = (page - 1) * pageSize;
  return { total: matching.length, page, pageSize, items: matching.slice(start, start + pageSize) };
}
