// The documents changed after a position, without scanning the collection: the question every
// follower of a read model asks after a write (`lastPosition: { $gt: n }`, see
// libs/queries/src/followed-read-model.ts). Like the equality indexes it only narrows the
// candidates; every candidate is still checked with the shared filter.
//
// Commits arrive in log order, so a document's new position is almost always the highest yet:
// a put appends (position, id) to two parallel arrays, and a query binary-searches the first
// position past the bound. A replaced document leaves its old entry behind; entries are checked
// against the document's current position, and the arrays are rebuilt from the documents when
// stale entries outnumber live ones, or when a put arrived out of order.
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

export class PositionIndex {
  private positions: number[] = [];
  private ids: string[] = [];
  private inOrder = true;

  /** Built from every document the collection holds now; kept current by `put` afterwards. */
  constructor(private readonly docs: ReadonlyMap<string, ReadDocument>) {
    this.rebuild();
  }

  put(doc: ReadDocument): void {
    const last = this.positions.length - 1;
    if (last >= 0 && doc.lastPosition < this.positions[last]) this.inOrder = false;
    this.positions.push(doc.lastPosition);
    this.ids.push(doc.id);
  }

  /** Ids of every document whose lastPosition the filter's lower bound lets through; undefined = no bound. */
  candidates(filter: Filter): string[] | undefined {
    const own = Object.prototype.hasOwnProperty.call(filter, 'lastPosition');
    const bound = lowerBound(own ? filter['lastPosition'] : undefined);
    if (!bound) return undefined;
    if (!this.inOrder || this.positions.length > 2 * this.docs.size + 1024) this.rebuild();
    const found: string[] = [];
    for (let i = this.firstPast(bound.from, bound.inclusive); i < this.positions.length; i += 1) {
      // Only a document's latest entry counts; an older one stands for a version since replaced.
      if (this.docs.get(this.ids[i])?.lastPosition === this.positions[i]) found.push(this.ids[i]);
    }
    return found;
  }

  /** Index of the first entry above `from` (or at it, when inclusive). */
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

  private rebuild(): void {
    const entries = [...this.docs.values()].map((doc) => ({ position: doc.lastPosition, id: doc.id }));
    entries.sort((a, b) => a.position - b.position);
    this.positions = entries.map((entry) => entry.position);
    this.ids = entries.map((entry) => entry.id);
    this.inOrder = true;
  }
}
