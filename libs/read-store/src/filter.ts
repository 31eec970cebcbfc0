// The read store's query semantics as pure functions, shared by the embedded adapter and the
// tests: a MongoDB-compatible filter subset (equality, $in, $ne, $gt/$gte/$lt/$lte, $exists on
// dotted paths) and sorting with the id tie-break. The MongoDB adapter delegates to the server;
// the contract suite proves both agree.
import { InvalidReadStoreRequest } from './read-store.errors';
import type { FieldCondition, Filter, ReadDocument } from './read-store.port';
import { compareStrings, compareValues } from './value-order';

type Test = (value: unknown) => boolean;
const INDEX = /^\d+$/;

/** Splits a dotted path once, so hot loops don't; empty segments are refused as MongoDB does. */
export function splitPath(path: string, field = 'path'): string[] {
  const segments = path.split('.');
  if (segments.some((s) => s === '' || s.startsWith('$'))) {
    throw new InvalidReadStoreRequest(`'${path}' is not a field path`, field);
  }
  return segments;
}

export function getSegments(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      // As in MongoDB, a numeric segment indexes into an array. Fanning out over an array of
      // sub-documents ('lines.sku') is outside the subset.
      if (!INDEX.test(segment)) return undefined;
      current = current[Number(segment)];
    } else {
      // Own properties only: 'constructor' or '__proto__' must not resolve to the prototype.
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** The value at a dotted path ('profile.city', 'tags.0'), or undefined when it is missing. */
export function getPath(doc: unknown, path: string): unknown {
  return getSegments(doc, splitPath(path));
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}

/**
 * Equality as MongoDB has it: an array field matches when any element equals the value, and
 * null matches a missing field as well as an explicit null.
 */
function equalTo(expected: unknown): Test {
  if (expected === null) {
    return (v) => v === undefined || v === null || (Array.isArray(v) && v.includes(null));
  }
  if (typeof expected !== 'object') {
    return (v) => v === expected || (Array.isArray(v) && v.includes(expected));
  }
  // Only reachable through $in/$ne lists: documents compare field by field, in order (as BSON does).
  return (v) => sameJson(v, expected) || (Array.isArray(v) && v.some((x) => sameJson(x, expected)));
}

/** Range operators only compare values of the bound's own type (MongoDB's type bracketing). */
function inRange(bound: unknown, accept: (order: number) => boolean, field: string): Test {
  const isNumber = typeof bound === 'number' && Number.isFinite(bound);
  if (!isNumber && typeof bound !== 'string') {
    throw new InvalidReadStoreRequest(`a range bound must be a number or a string`, field);
  }
  const type = typeof bound;
  const one = (x: unknown): boolean => typeof x === type && accept(compareValues(x, bound));
  return (v) => (Array.isArray(v) ? v.some(one) : one(v));
}

function operatorTest(operator: string, operand: unknown, field: string): Test {
  switch (operator) {
    case '$in': {
      if (!Array.isArray(operand)) throw new InvalidReadStoreRequest(`$in takes a list`, field);
      const tests = operand.map(equalTo);
      return (v) => tests.some((test) => test(v));
    }
    case '$ne': {
      const equal = equalTo(operand);
      return (v) => !equal(v);
    }
    case '$gt':
      return inRange(operand, (o) => o > 0, field);
    case '$gte':
      return inRange(operand, (o) => o >= 0, field);
    case '$lt':
      return inRange(operand, (o) => o < 0, field);
    case '$lte':
      return inRange(operand, (o) => o <= 0, field);
    case '$exists': {
      if (typeof operand !== 'boolean') throw new InvalidReadStoreRequest(`$exists takes true or false`, field);
      return (v) => (v !== undefined) === operand;
    }
    default:
      throw new InvalidReadStoreRequest(`unsupported filter operator '${operator}'`, field);
  }
}

function conditionTest(condition: FieldCondition, field: string): Test {
  if (condition === null || typeof condition !== 'object') return equalTo(condition);
  if (Array.isArray(condition)) {
    throw new InvalidReadStoreRequest(`compare with a list through $in, not by equality`, field);
  }
  // An operator set to undefined is left out (the MongoDB adapter needs ignoreUndefined, or the
  // driver would send it as null).
  const entries = Object.entries(condition).filter(([, operand]) => operand !== undefined);
  // `{}` means "equals an empty document" to MongoDB but "no condition" to a reader: refuse both.
  if (entries.length === 0) throw new InvalidReadStoreRequest(`an empty condition matches nothing clear`, field);
  const tests = entries.map(([operator, operand]) => operatorTest(operator, operand, field));
  return tests.length === 1 ? tests[0] : (v) => tests.every((test) => test(v));
}

/** Validates a filter once and returns a fast predicate; every field's condition must hold. */
export function compileFilter(filter: Filter = {}): (doc: object) => boolean {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new InvalidReadStoreRequest('a filter is an object of field conditions', 'filter');
  }
  // A field whose condition is undefined is left out, like an operator set to undefined.
  const fields = Object.entries(filter).filter(([, condition]) => condition !== undefined);
  const checks = fields.map(([path, condition]) => {
    const segments = splitPath(path, `filter.${path}`);
    const test = conditionTest(condition, `filter.${path}`);
    return (doc: object) => test(getSegments(doc, segments));
  });
  if (checks.length === 0) return () => true;
  return (doc) => checks.every((check) => check(doc));
}

export function matchesFilter(doc: object, filter: Filter = {}): boolean {
  return compileFilter(filter)(doc);
}

interface SortKey {
  segments: string[];
  direction: 1 | -1;
}

function sortKeys(sort: Record<string, 1 | -1> = {}): SortKey[] {
  if (sort === null || typeof sort !== 'object' || Array.isArray(sort)) {
    throw new InvalidReadStoreRequest('sort is an object of field → 1 or -1', 'sort');
  }
  return Object.entries(sort).map(([path, direction]) => {
    if (direction !== 1 && direction !== -1) {
      throw new InvalidReadStoreRequest(`sort direction must be 1 or -1`, `sort.${path}`);
    }
    return { segments: splitPath(path, `sort.${path}`), direction };
  });
}

/**
 * A comparator for FindOptions.sort: fields in the given order and direction (null and missing
 * first when ascending), then id ascending so equal keys still page deterministically.
 */
export function compareForSort(sort?: Record<string, 1 | -1>): (a: ReadDocument, b: ReadDocument) => number {
  const keys = sortKeys(sort);
  return (a, b) => {
    for (const { segments, direction } of keys) {
      const order = compareValues(getSegments(a, segments), getSegments(b, segments));
      if (order !== 0) return order * direction;
    }
    return compareStrings(a.id, b.id);
  };
}

type Sorter = <T extends ReadDocument>(docs: readonly T[]) => T[];

/**
 * Validates a sort once and returns a sorter in compareForSort's order, or undefined for an
 * empty sort (plain id order). Each document's sort values are read once up front rather than
 * on every comparison, several times faster on large sets.
 */
export function compileSort(sort?: Record<string, 1 | -1>): Sorter | undefined {
  const keys = sortKeys(sort);
  if (keys.length === 0) return undefined;
  return <T extends ReadDocument>(docs: readonly T[]): T[] => {
    const rows = docs.map((doc) => ({ doc, values: keys.map((key) => getSegments(doc, key.segments)) }));
    rows.sort((a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const order = compareValues(a.values[i], b.values[i]);
        if (order !== 0) return order * keys[i].direction;
      }
      return compareStrings(a.doc.id, b.doc.id);
    });
    return rows.map((row) => row.doc);
  };
}

/** A sorted copy of `docs` in FindOptions.sort order (id order for an empty sort). */
export function sortDocuments<T extends ReadDocument>(docs: readonly T[], sort?: Record<string, 1 | -1>): T[] {
  const sorter = compileSort(sort);
  return sorter ? sorter(docs) : [...docs].sort((a, b) => compareStrings(a.id, b.id));
}
