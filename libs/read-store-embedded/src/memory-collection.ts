// One collection held in memory: documents by id, the checkpoint, the id order that scans and
// unsorted finds need, and optional equality indexes. Documents are deep-frozen when they
// enter, so handing them out without copying cannot corrupt the store.
import {
  compareStrings,
  compileFilter,
  compileSort,
  validatePaging,
  type Filter,
  type FindOptions,
  type ReadDocument,
} from '@ledger/read-store';
import { EqualityIndex, narrowestCandidates } from './equality-index';
import { PositionIndex } from './position-index';

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Merges two id lists already in code-point order into a new one (the old stays untouched). */
function mergeOrdered(left: readonly string[], right: readonly string[]): string[] {
  const merged = new Array<string>(left.length + right.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    merged[k++] = compareStrings(left[i], right[j]) <= 0 ? left[i++] : right[j++];
  }
  while (i < left.length) merged[k++] = left[i++];
  while (j < right.length) merged[k++] = right[j++];
  return merged;
}

export class MemoryCollection {
  private readonly docs = new Map<string, ReadDocument>();
  private readonly indexes = new Map<string, EqualityIndex>();
  /** Built on the first `lastPosition` lower-bound query: most collections are never asked one. */
  private positions?: PositionIndex;
  /**
   * Ids in code-point order. Never mutated once built, so a running scan keeps a stable list;
   * ids added since are merged in when the order is next needed.
   */
  private ordered: readonly string[] = [];
  private added: string[] = [];

  /** `docs` must come in id order (SQLite's BINARY collation on UTF-8 is code-point order). */
  constructor(
    docs: Iterable<ReadDocument>,
    public checkpoint: number,
  ) {
    const ordered: string[] = [];
    for (const doc of docs) {
      this.docs.set(doc.id, deepFreeze(doc));
      ordered.push(doc.id);
    }
    this.ordered = ordered;
  }

  get(id: string): ReadDocument | undefined {
    return this.docs.get(id);
  }

  /** The commit guard: only a version newer than the stored one (or the first) replaces it. */
  isNewer(doc: Pick<ReadDocument, 'id' | 'lastPosition'>): boolean {
    const stored = this.docs.get(doc.id);
    return !stored || doc.lastPosition > stored.lastPosition;
  }

  /** Stores a document the caller has already let through the commit guard. */
  put(doc: ReadDocument): void {
    if (!this.docs.has(doc.id)) this.added.push(doc.id);
    this.docs.set(doc.id, deepFreeze(doc));
    for (const index of this.indexes.values()) index.put(doc);
    this.positions?.put(doc);
  }

  addIndexes(paths: readonly string[]): void {
    for (const path of paths) {
      if (this.indexes.has(path)) continue;
      const index = new EqualityIndex(path);
      for (const doc of this.docs.values()) index.put(doc);
      this.indexes.set(path, index);
    }
  }

  orderedIds(): readonly string[] {
    if (this.added.length > 0) {
      this.ordered = mergeOrdered(this.ordered, this.added.sort(compareStrings));
      this.added = [];
    }
    return this.ordered;
  }

  find(options: FindOptions = {}): ReadDocument[] {
    const { skip, limit } = validatePaging(options);
    const matches = compileFilter(options.filter);
    // Without sort keys the order is by id, which walking the candidates in id order gives for free.
    const sorter = compileSort(options.sort);
    if (limit === 0) return [];
    const end = limit === undefined ? Infinity : skip + limit;
    const found: ReadDocument[] = [];
    for (const doc of this.candidates(options.filter, !sorter)) {
      if (!matches(doc)) continue;
      found.push(doc);
      // In id order without a sort, so the page is complete once `end` documents matched.
      if (!sorter && found.length >= end) break;
    }
    return (sorter ? sorter(found) : found).slice(skip, end);
  }

  count(filter?: Filter): number {
    const matches = compileFilter(filter);
    let count = 0;
    for (const doc of this.candidates(filter, false)) if (matches(doc)) count += 1;
    return count;
  }

  /** The documents a filter could match: an index's candidates or everything, in id order if asked. */
  private *candidates(filter: Filter | undefined, inIdOrder: boolean): Iterable<ReadDocument> {
    const narrowed = filter ? this.narrowest(filter) : undefined;
    if (narrowed) {
      const ids = inIdOrder ? [...narrowed].sort(compareStrings) : narrowed;
      for (const id of ids) yield this.docs.get(id) as ReadDocument;
    } else if (inIdOrder) {
      for (const id of this.orderedIds()) yield this.docs.get(id) as ReadDocument;
    } else {
      yield* this.docs.values();
    }
  }

  /** The smallest candidate list an equality index or the position index offers; undefined = scan. */
  private narrowest(filter: Filter): Iterable<string> | undefined {
    const byValue = narrowestCandidates(this.indexes.values(), filter);
    if (!Object.prototype.hasOwnProperty.call(filter, 'lastPosition')) return byValue;
    this.positions ??= new PositionIndex(this.docs);
    const byPosition = this.positions.candidates(filter);
    if (!byPosition) return byValue;
    return byValue && byValue.size <= byPosition.length ? byValue : byPosition;
  }
}
