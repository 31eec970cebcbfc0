// An independent computation of what the analytics should say about a log with merges, straight
// from the events (not from the read model): groups as of a date from the merge and unmerge
// events, each group's purchases and returns pooled, then recency/frequency/monetary, midrank
// R and M quintiles, fixed-breakpoint F, and retention, each by the plain definition
// (docs/read-models.md), O(n²) where that is simplest.
import type { CrmEvent } from '@ledger/domain';
import { rfmSegmentOf, type RfmSegment } from '@ledger/projections';

const DAY = 86_400_000;

export interface OracleScore {
  customerId: string;
  recencyDays: number | null;
  frequency: number;
  monetary: number;
  r: number | null;
  f: number | null;
  m: number | null;
  rfmSegment: RfmSegment;
}

type Data = { customerId: string; occurredAt: string };
const at = (event: CrmEvent): number => Date.parse((event.data as Data).occurredAt);
const idOf = (event: CrmEvent): string => (event.data as Data).customerId;

/** Each customer's top survivor at `ms`: a merge holds from its time until the pair's next unmerge. */
export function survivorsAt(events: readonly CrmEvent[], ms: number): Map<string, string> {
  const parent = new Map<string, string>();
  events.forEach((event, i) => {
    if (event.type !== 'CustomersMerged') return;
    const { customerId, mergedCustomerId } = event.data;
    const undo = events
      .slice(i + 1)
      .find(
        (e) =>
          e.type === 'CustomersUnmerged' &&
          e.data.customerId === customerId &&
          e.data.mergedCustomerId === mergedCustomerId,
      );
    if (at(event) <= ms && (undo === undefined || at(undo) > ms)) parent.set(mergedCustomerId, customerId);
  });
  const top = new Map<string, string>();
  for (const id of new Set(events.map(idOf))) {
    let root = id;
    while (parent.has(root)) root = parent.get(root) as string;
    top.set(id, root);
  }
  return top;
}

/** Score 1-5 by midrank: the share of the population strictly worse plus half the ties. */
const midrank = (worse: number, equal: number, n: number): number =>
  Math.min(5, Math.floor((5 * (2 * worse + equal)) / (2 * n)) + 1);
const fScore = (purchases: number): number =>
  purchases >= 10 ? 5 : purchases >= 5 ? 4 : purchases >= 3 ? 3 : purchases;

export function oracleScores(events: readonly CrmEvent[], asOf: string): Map<string, OracleScore> {
  const ms = Date.parse(asOf);
  const top = survivorsAt(events, ms);
  const groups = new Map<string, { registered: boolean; purchases: number[]; cents: number }>();
  for (const event of events) {
    if (at(event) > ms) continue;
    const root = top.get(idOf(event)) as string;
    const group = groups.get(root) ?? { registered: false, purchases: [], cents: 0 };
    groups.set(root, group);
    if (event.type === 'CustomerRegistered') group.registered = true;
    if (event.type === 'PurchaseRecorded') {
      group.purchases.push(at(event));
      group.cents += Math.round(event.data.amount * 100);
    }
    if (event.type === 'PurchaseReturned') group.cents -= Math.round(event.data.amount * 100);
  }
  const rows = [...groups]
    .filter(([, g]) => g.registered || g.purchases.length > 0)
    .map(([customerId, g]) => ({
      customerId,
      frequency: g.purchases.length,
      recencyDays: g.purchases.length > 0 ? Math.floor((ms - Math.max(...g.purchases)) / DAY) : null,
      monetary: g.cents / 100,
    }));
  const buyers = rows.filter((row) => row.frequency > 0);
  const n = buyers.length;
  const scores = new Map<string, OracleScore>();
  for (const row of rows) {
    let rfm: { r: number | null; f: number | null; m: number | null } = { r: null, f: null, m: null };
    if (row.frequency > 0) {
      const days = row.recencyDays as number;
      const r = midrank(
        buyers.filter((b) => (b.recencyDays as number) > days).length,
        buyers.filter((b) => b.recencyDays === days).length,
        n,
      );
      const m = midrank(
        buyers.filter((b) => b.monetary < row.monetary).length,
        buyers.filter((b) => b.monetary === row.monetary).length,
        n,
      );
      rfm = { r, f: fScore(row.frequency), m };
    }
    scores.set(row.customerId, { ...row, ...rfm, rfmSegment: rfmSegmentOf(rfm) });
  }
  return scores;
}

/** Of the groups that bought in the year before last, how many bought again in the last 12 months. */
export function oracleRetention(events: readonly CrmEvent[], asOf: string): { base: number; retained: number } {
  const ms = Date.parse(asOf);
  const monthsBefore = (months: number): number => {
    const d = new Date(ms);
    d.setUTCMonth(d.getUTCMonth() - months);
    return d.getTime();
  };
  const [start, middle] = [monthsBefore(24), monthsBefore(12)];
  const top = survivorsAt(events, ms);
  const earlier = new Set<string>();
  const recent = new Set<string>();
  for (const event of events) {
    if (event.type !== 'PurchaseRecorded') continue;
    const root = top.get(idOf(event)) as string;
    if (at(event) >= start && at(event) < middle) earlier.add(root);
    else if (at(event) >= middle && at(event) <= ms) recent.add(root);
  }
  return { base: earlier.size, retained: [...earlier].filter((id) => recent.has(id)).length };
}
