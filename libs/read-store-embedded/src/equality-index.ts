// In-memory equality indexes on the fields named in ensureCollection: they only narrow the
// candidates of an equality or $in condition; every candidate is still checked with the
// shared filter, so an index can make a query faster but never change its answer.
import { getSegments, splitPath, type FieldCondition, type Filter, type ReadDocument } from '@ledger/read-store';

/** Index key of one scalar; null and missing share a key because equality to null matches both. */
function keyOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      return `n${value}`;
    case 'string':
      return `s${value}`;
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return undefined; // documents are not indexed: equality to them is outside the filter subset
  }
}

/** An array field is found by any of its elements, as equality matches any element. */
function keysOf(value: unknown): string[] {
  if (!Array.isArray(value)) {
    const key = keyOf(value);
    return key === undefined ? [] : [key];
  }
  const keys = new Set<string>();
  for (const element of value) {
    const key = keyOf(element);
    if (key !== undefined) keys.add(key);
  }
  return [...keys];
}

/** The keys a condition can only match under, or undefined when the index cannot help. */
function lookupKeys(condition: FieldCondition | undefined): string[] | undefined {
  if (condition === undefined) return undefined;
  if (condition === null || typeof condition !== 'object') return keysOf(condition);
  const values = condition.$in;
  if (!Array.isArray(values) || values.some((v) => keyOf(v) === undefined)) return undefined;
  return values.map((v) => keyOf(v) as string);
}

export class EqualityIndex {
  private readonly segments: string[];
  private readonly idsByKey = new Map<string, Set<string>>();
  private readonly keysById = new Map<string, string[]>();

  constructor(readonly path: string) {
    this.segments = splitPath(path, 'indexes');
  }

  put(doc: ReadDocument): void {
    this.remove(doc.id);
    const keys = keysOf(getSegments(doc, this.segments));
    this.keysById.set(doc.id, keys);
    for (const key of keys) {
      const ids = this.idsByKey.get(key);
      if (ids) ids.add(doc.id);
      else this.idsByKey.set(key, new Set([doc.id]));
    }
  }

  private remove(id: string): void {
    for (const key of this.keysById.get(id) ?? []) {
      const ids = this.idsByKey.get(key);
      ids?.delete(id);
      if (ids?.size === 0) this.idsByKey.delete(key);
    }
    this.keysById.delete(id);
  }

  /** Ids of every document that may match the filter's condition on this field; undefined = all. */
  candidates(filter: Filter): ReadonlySet<string> | undefined {
    const own = Object.prototype.hasOwnProperty.call(filter, this.path);
    const keys = lookupKeys(own ? filter[this.path] : undefined);
    if (keys === undefined) return undefined;
    if (keys.length === 1) return this.idsByKey.get(keys[0]) ?? new Set();
    const union = new Set<string>();
    for (const key of keys) for (const id of this.idsByKey.get(key) ?? []) union.add(id);
    return union;
  }
}

/** The smallest candidate set any index offers for the filter, or undefined for a full scan. */
export function narrowestCandidates(indexes: Iterable<EqualityIndex>, filter: Filter): ReadonlySet<string> | undefined {
  let best: ReadonlySet<string> | undefined;
  for (const index of indexes) {
    const candidates = index.candidates(filter);
    if (candidates && (!best || candidates.size < best.size)) best = candidates;
  }
  return best;
}
