// Segment history as a backtest: who was in a segment (or lifecycle stage) at each instant of a
// series, as scoreCustomers would have computed it then, with how many entered and left since
// the previous instant. The population is flattened once into typed columns (purchase and
// return times with running sums in cents, won-back instants); the instants are walked in order
// with a cursor per customer; R quintiles come from a count per day of recency and M quintile
// thresholds from rank selection (rank-select.ts), so no instant sorts the population.
import {
  DAY_MS,
  frequencyScore,
  LIFECYCLE_DAYS,
  LIFECYCLE_STAGES,
  RFM_SEGMENTS,
  rfmSegmentOf,
  type CustomerAnalytics,
  type LifecycleStage,
  type RfmSegment,
} from '@ledger/projections';
import { quintileThresholds } from './rank-select';

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
  /** The latest won-back instant among the customer's purchases up to this one (NaN: none). */
  readonly wonBackAt: Float64Array;
  /** The earliest purchase of anyone (+Infinity: no purchases). */
  readonly firstPurchaseAt: number;
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
    wonBackAt: new Float64Array(purchases),
    firstPurchaseAt: Infinity,
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
    let wonBack = NaN;
    doc.purchases.forEach(([at, amount], k) => {
      // As lifecycleStageOf: a purchase 365+ days after the previous one wins the customer back.
      if (k > 0 && at - doc.purchases[k - 1][0] >= LIFECYCLE_DAYS.atRisk * DAY_MS) wonBack = at;
      if (at < columns.firstPurchaseAt) columns.firstPurchaseAt = at;
      columns.purchaseAt[p] = at;
      columns.wonBackAt[p] = wonBack;
      columns.purchaseCents[p++] = sum += cents(amount);
    });
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
const F_CAP = 10; // frequencyScore is 5 from 10 purchases on
const F_SCORE = Uint8Array.from({ length: F_CAP + 1 }, (_, n) => frequencyScore(n));
const STAGE = Object.fromEntries(LIFECYCLE_STAGES.map((stage, i) => [stage, i])) as Record<LifecycleStage, number>;
const D = DAY_MS;
const { new: NEW_DAYS, active: ACTIVE_DAYS, atRisk: AT_RISK_DAYS, wonBack: WON_BACK_DAYS } = LIFECYCLE_DAYS;

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
  const points = new HistoryPoints(columns.docs.length);
  let step = 0;
  for (const member of segmentMemberships(columns, dimension, value, instants)) points.add(instants[step++], member);
  return points.points;
}

/** Points from member flags per instant (customer index by index), the first being the baseline. */
export class HistoryPoints {
  readonly points: HistoryPoint[] = [];
  private previous: Uint8Array | null = null;

  constructor(private readonly n: number) {}

  add(t: number, member: Uint8Array): void {
    const previous = this.previous;
    if (previous === null) {
      this.previous = member.slice(0, this.n);
      return;
    }
    let members = 0;
    let entered = 0;
    let exited = 0;
    for (let i = 0; i < this.n; i++) {
      const now = member[i];
      const before = previous[i];
      members += now;
      if (now > before) entered++;
      else if (now < before) exited++;
    }
    previous.set(member.subarray(0, this.n));
    this.points.push({ at: new Date(t).toISOString(), members, entered, exited });
  }
}

/**
 * Member flags (1 per customer index in the segment or stage) at each instant, walked in order
 * with a cursor per customer. One array is reused: a caller copies what it keeps.
 */
export function* segmentMemberships(
  columns: HistoryColumns,
  dimension: HistoryDimension,
  value: RfmSegment | LifecycleStage,
  instants: readonly number[],
): Generator<Uint8Array> {
  const n = columns.docs.length;
  const { purchaseStart, purchaseAt, purchaseCents, returnStart, returnAt, returnCents, registeredAt, wonBackAt } =
    columns;
  const purchaseCursor = purchaseStart.slice(0, n);
  const returnCursor = returnStart.slice(0, n);
  const member = new Uint8Array(n);
  const byStage = dimension === 'lifecycleStage';
  const wanted = byStage ? STAGE[value as LifecycleStage] : RFM_SEGMENTS.indexOf(value as RfmSegment);
  const prospects = !byStage && value === 'prospects';
  // Per purchaser at the instant: customer index, recency in days, cents (purchases − returns).
  const purchaser = new Int32Array(n);
  const recency = new Int32Array(n);
  const monetary = new Float64Array(n);
  for (let step = 0; step < instants.length; step++) {
    const t = instants[step];
    member.fill(0);
    let buyers = 0;
    for (let i = 0; i < n; i++) {
      const first = purchaseStart[i];
      let pc = purchaseCursor[i];
      const pEnd = purchaseStart[i + 1];
      while (pc < pEnd && purchaseAt[pc] <= t) pc++;
      purchaseCursor[i] = pc;
      const frequency = pc - first;
      if (frequency === 0) {
        if (registeredAt[i] <= t) member[i] = (byStage ? wanted === STAGE.prospect : prospects) ? 1 : 0;
        continue;
      }
      const last = purchaseAt[pc - 1];
      if (byStage) {
        const wonBack = wonBackAt[pc - 1];
        let stage: number;
        if (t - purchaseAt[first] < NEW_DAYS * D) stage = STAGE.new;
        else if (t - wonBack < WON_BACK_DAYS * D)
          stage = STAGE.won_back; // false for NaN
        else if (t - last < ACTIVE_DAYS * D) stage = STAGE.active;
        else if (t - last < AT_RISK_DAYS * D) stage = STAGE.at_risk;
        else stage = STAGE.lapsed;
        member[i] = stage === wanted ? 1 : 0;
        continue;
      }
      let rc = returnCursor[i];
      const rEnd = returnStart[i + 1];
      while (rc < rEnd && returnAt[rc] <= t) rc++;
      returnCursor[i] = rc;
      purchaser[buyers] = i;
      recency[buyers] = Math.floor((t - last) / D);
      monetary[buyers++] = purchaseCents[pc - 1] - (rc > returnStart[i] ? returnCents[rc - 1] : 0);
    }
    if (!byStage && !prospects && buyers > 0) {
      const rScore = recencyScores(recency, buyers, Math.floor((t - columns.firstPurchaseAt) / D));
      const mCuts = quintileThresholds(monetary.subarray(0, buyers));
      const [m2, m3, m4, m5] = mCuts;
      for (let k = 0; k < buyers; k++) {
        const i = purchaser[k];
        const frequency = purchaseCursor[i] - purchaseStart[i];
        const f = F_SCORE[frequency < F_CAP ? frequency : F_CAP];
        const v = monetary[k];
        const m = v >= m5 ? 5 : v >= m4 ? 4 : v >= m3 ? 3 : v >= m2 ? 2 : 1;
        member[i] = SEGMENT_BY_RFM[(rScore[recency[k]] - 1) * 25 + (f - 1) * 5 + (m - 1)] === wanted ? 1 : 0;
      }
    }
    yield member;
  }
}

/**
 * Midrank quintile score of each recency in days (fewer days score higher), as a table indexed
 * by days: whole days make a counting pass enough, no ranking of customers.
 */
function recencyScores(recency: Int32Array, buyers: number, maxDays: number): Uint8Array {
  const counts = new Int32Array(maxDays + 2);
  for (let k = 0; k < buyers; k++) counts[recency[k]]++;
  const scores = new Uint8Array(maxDays + 2);
  let worse = 0; // customers with more days than d
  for (let d = maxDays + 1; d >= 0; d--) {
    const equal = counts[d];
    scores[d] = Math.min(5, Math.floor(((2 * worse + equal) * 5) / (2 * buyers)) + 1);
    worse += equal;
  }
  return scores;
}
