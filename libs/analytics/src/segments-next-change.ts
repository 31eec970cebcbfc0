// When a customer's own score facts can next change with nothing but the passing of time, so a
// live population moving its asOf forward (segments-live.ts) re-scores only the customers whose
// instant has come, and a queue of those instants.
import { type CustomerAnalytics, LIFECYCLE_DAYS, countUpTo, DAY_MS, firstIndexFrom, toMs } from '@ledger/projections';
import { grown } from './segments-live-columns';

type Timed = readonly (readonly [number, ...(string | number | null)[]])[];

/**
 * The earliest instant after `asOfMs` at which `customerFacts(doc, ·)` may differ from its value
 * at `asOfMs` (Infinity: never, as long as the document stays as it is). Errs early, never late:
 * every instant a figure reads is included — membership (registration), entries coming into
 * view (purchases, returns, contacts, complaints and resolutions, feedback), whole days of
 * recency, the lifecycle thresholds and contacts and purchases leaving the affinity year.
 */
export function nextChangeAt(doc: CustomerAnalytics, asOfMs: number): number {
  let next = Infinity;
  const consider = (at: number): void => {
    if (at > asOfMs && at < next) next = at;
  };
  const upcoming = (list: Timed): void => {
    const i = countUpTo(list, asOfMs);
    if (i < list.length) consider(list[i][0]);
  };
  if (doc.registeredAt !== null) consider(toMs(doc.registeredAt));
  upcoming(doc.purchases);
  upcoming(doc.returns);
  upcoming(doc.contacts);
  upcoming(doc.complaints);
  upcoming(doc.feedback);
  for (const [, , resolvedAt] of doc.complaints) if (resolvedAt !== null) consider(resolvedAt);

  const { purchases } = doc;
  const count = countUpTo(purchases, asOfMs);
  if (count > 0) {
    const first = purchases[0][0];
    const last = purchases[count - 1][0];
    // The next whole day of recency; the active and at-risk thresholds (last + 180 / 365 days) are such days too.
    consider(last + (Math.floor((asOfMs - last) / DAY_MS) + 1) * DAY_MS);
    consider(first + LIFECYCLE_DAYS.new * DAY_MS);
    for (let i = 1; i < count; i++) {
      if (purchases[i][0] - purchases[i - 1][0] >= LIFECYCLE_DAYS.atRisk * DAY_MS) {
        consider(purchases[i][0] + LIFECYCLE_DAYS.wonBack * DAY_MS);
      }
    }
  }
  // channelAffinityOf reads (asOf − 365 days, asOf]: the oldest entry in it leaves 365 days after it happened.
  const from = asOfMs - 365 * DAY_MS + 1;
  for (const list of [doc.contacts, purchases] as Timed[]) {
    const oldest = firstIndexFrom(list, from);
    if (oldest < countUpTo(list, asOfMs)) consider(list[oldest][0] + 365 * DAY_MS);
  }
  return next;
}

/**
 * Members by the instant they are next due, earliest first (a binary min-heap). Rescheduling
 * leaves the old entry behind; `due` skips entries that no longer match the member's current
 * instant, and the heap is rebuilt when such leftovers outnumber the members.
 */
export class ChangeQueue {
  private at = new Float64Array(1024);
  private member = new Int32Array(1024);
  private length = 0;

  /** `dueAt(member)` is the member's current instant (Infinity when it has none). */
  constructor(private readonly dueAt: (member: number) => number) {}

  schedule(member: number, at: number, members: number): void {
    if (at === Infinity) return;
    if (this.length >= 2 * members + 1024) this.compact(members);
    this.at = grown(this.at, this.length + 1);
    this.member = grown(this.member, this.length + 1);
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.at[parent] <= at) break;
      this.at[i] = this.at[parent];
      this.member[i] = this.member[parent];
      i = parent;
    }
    this.at[i] = at;
    this.member[i] = member;
  }

  /** Takes out every member whose current instant is at or before `ms` (each once). */
  due(ms: number): number[] {
    const found = new Set<number>();
    while (this.length > 0 && this.at[0] <= ms) {
      const at = this.at[0];
      const member = this.member[0];
      this.pop();
      if (this.dueAt(member) === at) found.add(member);
    }
    return [...found];
  }

  private pop(): void {
    const last = --this.length;
    this.at[0] = this.at[last];
    this.member[0] = this.member[last];
    this.siftDown(0);
  }

  private siftDown(from: number): void {
    const at = this.at[from];
    const member = this.member[from];
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.length) break;
      const child = l + 1 < this.length && this.at[l + 1] < this.at[l] ? l + 1 : l;
      if (this.at[child] >= at) break;
      this.at[i] = this.at[child];
      this.member[i] = this.member[child];
      i = child;
    }
    this.at[i] = at;
    this.member[i] = member;
  }

  /** Drops leftovers: one entry per member with a finite instant, re-heaped in O(n). */
  private compact(members: number): void {
    this.length = 0;
    for (let m = 0; m < members; m++) {
      const at = this.dueAt(m);
      if (at === Infinity) continue;
      this.at[this.length] = at;
      this.member[this.length++] = m;
    }
    for (let i = (this.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }
}
