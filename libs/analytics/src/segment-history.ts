// Segment history as a backtest: who was in a segment (or lifecycle stage) at each instant of a
// series, as scoreCustomers would have computed it then, with how many entered and left since
// the previous instant. The population is flattened once into typed columns (purchase and
// return times with running sums in cents); the instants are walked in order with a cursor per
// customer, and R and M quintiles come from rank selection (rank-select.ts), not sorting.
import {
  DAY_MS,
  frequencyScore,
  lifecycleStageOf,
  RFM_SEGMENTS,
  rfmSegmentOf,
  type CustomerAnalytics,
  type LifecycleStage,
  type RfmSegment,
} from '@ledger/projections';
import { quintileThresholds, scoreWith } from './rank-select';

export type HistoryDimension = 'rfmSegment' | 'lifecycleStage';

export interface HistoryPoint {
  at: string;
  members: number;
  /** Members now that were not members at the previous instant. */
  entered: number;
  /** Members at the previous instant that are not members now. */
  exited: number;
}

/** The population as columns; built once per population version and reused by every history. */
export interface HistoryColumns {
  readonly docs: readonly CustomerAnalytics[];
  /** Registration time, or +Infinity when not registered. */
  readonly registeredAt: Float64Array;
  /** Customer i's purchases are [purchaseStart[i], purchaseStart[i + 1]). */
  readonly purchaseStart: Int32Array;
  readonly purchaseAt: Float64Array;
  /** Cents of the customer's purchases up to and including this one. */
  readonly purchaseCents: Float64Array;
  readonly returnStart: Int32Array;
  readonly returnAt: Float64Array;
  readonly returnCents: Float64Array;
}

const cents = (amount: number): number => Math.round(amount * 100);

export function historyColumns(docs: readonly CustomerAnalytics[]): HistoryColumns {
  const n = docs.length;
  let purchases = 0;
  let returns = 0;
  for (const doc of docs) {
    purchases += doc.purchases.length;
    returns += doc.returns.length;
  }
  const columns = {
    docs,
    registeredAt: new Float64Array(n),
    purchaseStart: new Int32Array(n + 1),
    purchaseAt: new Float64Array(purchases),
    purchaseCents: new Float64Array(purchases),
    returnStart: new Int32Array(n + 1),
    returnAt: new Float64Array(returns),
    returnCents: new Float64Array(returns),
  };
  let p = 0;
  let r = 0;
  docs.forEach((doc, i) => {
    columns.registeredAt[i] = doc.registeredAt === null ? Infinity : Date.parse(doc.registeredAt);
    columns.purchaseStart[i] = p;
    let sum = 0;
    for (const [at, amount] of doc.purchases) {
      columns.purchaseAt[p] = at;
      columns.purchaseCents[p++] = sum += cents(amount);
    }
    columns.returnStart[i] = r;
    sum = 0;
    for (const [at, amount] of doc.returns) {
      columns.returnAt[r] = at;
      columns.returnCents[r++] = sum += cents(amount);
    }
  });
  columns.purchaseStart[n] = p;
  columns.returnStart[n] = r;
  return columns;
}

/** Segment code of each (r, f, m), r f m in 1..5: index (r − 1)·25 + (f − 1)·5 + (m − 1). */
const SEGMENT_BY_RFM = Uint8Array.from({ length: 125 }, (_, i) =>
  RFM_SEGMENTS.indexOf(rfmSegmentOf({ r: Math.floor(i / 25) + 1, f: (Math.floor(i / 5) % 5) + 1, m: (i % 5) + 1 })),
);

/**
 * Members of `value` in `dimension` at each instant (ascending epoch ms). The first instant is
 * the baseline: it is not reported, the second one's entered/exited are counted against it.
 */
export function segmentHistory(
  columns: HistoryColumns,
  dimension: HistoryDimension,
  value: RfmSegment | LifecycleStage,
  instants: readonly number[],
): HistoryPoint[] {
  const n = columns.docs.length;
  const purchaseCursor = columns.purchaseStart.slice(0, n);
  const returnCursor = columns.returnStart.slice(0, n);
  let member = new Uint8Array(n);
  let previous = new Uint8Array(n);
  const points: HistoryPoint[] = [];
  const wantedSegment = RFM_SEGMENTS.indexOf(value as RfmSegment);
  // Per purchaser at the instant: their customer index, −recency days and cents (higher is better for both).
  const purchaser = new Int32Array(n);
  const recency = new Float64Array(n);
  const monetary = new Float64Array(n);
  instants.forEach((t, step) => {
    [previous, member] = [member, previous];
    member.fill(0);
    let buyers = 0;
    for (let i = 0; i < n; i++) {
      let pc = purchaseCursor[i];
      const pEnd = columns.purchaseStart[i + 1];
      while (pc < pEnd && columns.purchaseAt[pc] <= t) pc++;
      purchaseCursor[i] = pc;
      let rc = returnCursor[i];
      const rEnd = columns.returnStart[i + 1];
      while (rc < rEnd && columns.returnAt[rc] <= t) rc++;
      returnCursor[i] = rc;
      const frequency = pc - columns.purchaseStart[i];
      if (frequency === 0 && !(columns.registeredAt[i] <= t)) continue; // not a customer yet
      if (dimension === 'lifecycleStage') {
        const stage = frequency === 0 ? 'prospect' : lifecycleStageOf(columns.docs[i].purchases, frequency, t);
        member[i] = stage === value ? 1 : 0;
      } else if (frequency === 0) {
        member[i] = value === 'prospects' ? 1 : 0;
      } else {
        purchaser[buyers] = i;
        recency[buyers] = -Math.floor((t - columns.purchaseAt[pc - 1]) / DAY_MS);
        const returned = rc > columns.returnStart[i] ? columns.returnCents[rc - 1] : 0;
        monetary[buyers++] = columns.purchaseCents[pc - 1] - returned;
      }
    }
    if (dimension === 'rfmSegment' && buyers > 0 && value !== 'prospects') {
      const rCuts = quintileThresholds(recency.subarray(0, buyers));
      const mCuts = quintileThresholds(monetary.subarray(0, buyers));
      for (let k = 0; k < buyers; k++) {
        const i = purchaser[k];
        const f = frequencyScore(purchaseCursor[i] - columns.purchaseStart[i]);
        const code = (scoreWith(rCuts, recency[k]) - 1) * 25 + (f - 1) * 5 + (scoreWith(mCuts, monetary[k]) - 1);
        member[i] = SEGMENT_BY_RFM[code] === wantedSegment ? 1 : 0;
      }
    }
    if (step === 0) return;
    let members = 0;
    let entered = 0;
    let exited = 0;
    for (let i = 0; i < n; i++) {
      members += member[i];
      if (member[i] > previous[i]) entered++;
      else if (member[i] < previous[i]) exited++;
    }
    points.push({ at: new Date(t).toISOString(), members, entered, exited });
  });
  return points;
}
