// The documents changed after a position, without scanning the collection: the question every
// follower of a read model asks after a write (`lastPosition: { $gt: n }`, see
// libs/queries/src/followed-read-model.ts). Like the equality indexes it only narrows the
// candidates; every candidate is still checked with the shared filter.
//
// Documents are kept in two parts: a main list sorted by position, searched by bisection, and
// the tail of recent puts in arrival order (a commit's documents need not come in position
// order), scanned whole. The tail is merged into the main list once it holds TAIL_LIMIT entries,
// so a put costs O(1) amortised over a collection of a million plus a merge every few thousand
// writes, and a query never sorts the collection. A replaced document leaves its old entry
// behind; entries are checked against the document's current position, and everything is
// rebuilt from the documents when stale entries outnumber live ones.
import type { FieldCondition, Filter, ReadDocument } from '@ledger/read-store';

/** The lowest position a condition lets through (exclusive or not), or undefined if not a lower bound. */
function lowerBound(condition: FieldCondition | undefined): { from: number; inclusive: boolean } | undefined {
  if (condition === null || typeof condition !== 'object') return undefined;
  const gt = typeof condition.$gt === 'number' ? condition.$gt : undefined;
  const gte = typeof condition.$gte === 'number' ? condition.$gte : undefined;
  if (gt === undefined && gte === undefined) return undefined;
  // Both given: the stricter one decides (gt wins a tie, being exclusive).
  if (gte === undefined || (gt !== undefined && gt >= gte)) return { from: gt as number, inclusive: false };
  return { from: gte, inclusive: true };
}

/** Puts kept unsorted before a merge: a query scans them all, a merge copies the main list once. */
const TAIL_LIMIT = 4096;

export class PositionIndex {
  private positions: number[] = [];
  private ids: string[] = [];
  private tail: ReadDocument[] = [];

  /** Built from every document the collection holds now; kept current by `put` afterwards. */
  constructor(
    private readonly docs: ReadonlyMap<string, ReadDocument>,
    private readonly tailLimit = TAIL_LIMIT,
  ) {
    this.rebuild();
  }

  put(doc: ReadDocument): void {
    this.tail.push(doc);
    if (this.tail.length >= this.tailLimit) this.mergeTail();
  }

  /** Ids of every document whose lastPosition the filter's lower bound lets through; undefined = no bound. */
  candidates(filter: Filter): string[] | undefined {
    const own = Object.prototype.hasOwnProperty.call(filter, 'lastPosition');
    const bound = lowerBound(own ? filter['lastPosition'] : undefined);
    if (!bound) return undefined;
    if (this.positions.length + this.tail.length > 2 * this.docs.size + this.tailLimit) this.rebuild();
    const past = (position: number) => (bound.inclusive ? position >= bound.from : position > bound.from);
    // Only a document's latest entry counts; an older one stands for a version since replaced.
    const current = (id: string, position: number) => this.docs.get(id)?.lastPosition === position;
    const found: string[] = [];
    for (let i = this.firstPast(bound.from, bound.inclusive); i < this.positions.length; i += 1) {
      if (current(this.ids[i], this.positions[i])) found.push(this.ids[i]);
    }
    for (const doc of this.tail) if (past(doc.lastPosition) && current(doc.id, doc.lastPosition)) found.push(doc.id);
    return found;
  }

  /** Index of the first entry of the main list above `from` (or at it, when inclusive). */
  private firstPast(from: number, inclusive: boolean): number {
    let low = 0;
    let high = this.positions.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const before = inclusive ? this.positions[mid] < from : this.positions[mid] <= from;
      if (before) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** One pass over the main list: the tail, sorted, is merged in; the tail's stale entries are dropped. */
  private mergeTail(): void {
    const tail = this.tail.filter((doc) => this.docs.get(doc.id)?.lastPosition === doc.lastPosition);
    tail.sort((a, b) => a.lastPosition - b.lastPosition);
    const positions = new Array<number>(this.positions.length + tail.length);
    const ids = new Array<string>(positions.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < this.positions.length || j < tail.length) {
      if (j >= tail.length || (i < this.positions.length && this.positions[i] <= tail[j].lastPosition)) {
        positions[k] = this.positions[i];
        ids[k++] = this.ids[i++];
      } else {
        positions[k] = tail[j].lastPosition;
        ids[k++] = tail[j++].id;
      }
    }
    this.positions = positions;
    this.ids = ids;
    this.tail = [];
  }

  private rebuild(): void {
    const entries = [...this.docs.values()].map((doc) => ({ position: doc.lastPosition, id: doc.id }));
    entries.sort((a, b) => a.position - b.position);
    this.positions = entries.map((entry) => entry.position);
    this.ids = entries.map((entry) => entry.id);
    this.tail = [];
  }
}
