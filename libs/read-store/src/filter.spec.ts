import { compareForSort, compileFilter, compileSort, getPath, matchesFilter, sortDocuments } from './filter';
import { InvalidReadStoreRequest } from './read-store.errors';
import type { Filter, ReadDocument } from './read-store.port';

const doc = {
  id: 'c1',
  lastPosition: 7,
  name: 'Zoë',
  age: 41,
  vip: true,
  manager: null,
  joinedAt: '2024-03-01T10:00:00.000Z',
  tags: ['vip', 'b2b'],
  scores: [3, 9],
  profile: { city: 'Lyon', address: { zip: '69001' } },
  lines: [{ sku: 'grinder' }],
};
const match = (filter: Filter): boolean => matchesFilter(doc, filter);

describe('getPath', () => {
  it('walks dotted paths through objects and numeric segments through arrays', () => {
    expect(getPath(doc, 'profile.address.zip')).toBe('69001');
    expect(getPath(doc, 'tags.1')).toBe('b2b');
    expect(getPath(doc, 'lines.0.sku')).toBe('grinder');
  });

  it('is undefined for anything missing, and never fans out over arrays of sub-documents', () => {
    expect(getPath(doc, 'profile.country')).toBeUndefined();
    expect(getPath(doc, 'name.length')).toBeUndefined();
    expect(getPath(doc, 'tags.5')).toBeUndefined();
    expect(getPath(doc, 'lines.sku')).toBeUndefined();
    expect(getPath(doc, 'manager.name')).toBeUndefined();
  });

  it('does not resolve inherited properties', () => {
    expect(getPath(doc, 'constructor')).toBeUndefined();
    expect(getPath(doc, 'profile.toString')).toBeUndefined();
  });

  it('refuses empty segments', () => {
    expect(() => getPath(doc, 'profile..city')).toThrow(InvalidReadStoreRequest);
  });
});

describe('matchesFilter', () => {
  it('matches equality strictly by type', () => {
    expect(match({ age: 41, vip: true, name: 'Zoë' })).toBe(true);
    expect(match({ age: '41' })).toBe(false);
    expect(match({ vip: 1 })).toBe(false);
    expect(match({ 'profile.city': 'Lyon' })).toBe(true);
    expect(match({ 'profile.city': 'Paris' })).toBe(false);
  });

  it('matches null against null and missing fields, not against other values', () => {
    expect(match({ manager: null })).toBe(true);
    expect(match({ 'profile.country': null })).toBe(true);
    expect(match({ name: null })).toBe(false);
  });

  it('matches an array field when any element matches', () => {
    expect(match({ tags: 'vip' })).toBe(true);
    expect(match({ tags: 'b2c' })).toBe(false);
    expect(match({ scores: { $gt: 8 } })).toBe(true);
    expect(match({ tags: { $in: ['x', 'b2b'] } })).toBe(true);
    expect(match({ tags: { $ne: 'vip' } })).toBe(false);
    // Each operator may be satisfied by a different element, as in MongoDB.
    expect(match({ scores: { $gt: 5, $lt: 4 } })).toBe(true);
  });

  it('supports $in with null and with nothing', () => {
    expect(match({ 'profile.country': { $in: ['FR', null] } })).toBe(true);
    expect(match({ age: { $in: [40, 41] } })).toBe(true);
    expect(match({ age: { $in: [] } })).toBe(false);
    expect(match({ 'profile.address': { $in: [{ zip: '69001' }] } })).toBe(true);
  });

  it('supports $ne, where a missing field is not equal to a value but is equal to null', () => {
    expect(match({ age: { $ne: 40 } })).toBe(true);
    expect(match({ age: { $ne: 41 } })).toBe(false);
    expect(match({ 'profile.country': { $ne: 'FR' } })).toBe(true);
    expect(match({ 'profile.country': { $ne: null } })).toBe(false);
    expect(match({ manager: { $ne: null } })).toBe(false);
  });

  it('compares ranges only within the bound type', () => {
    expect(match({ age: { $gt: 40, $lte: 41 } })).toBe(true);
    expect(match({ age: { $gte: 42 } })).toBe(false);
    expect(match({ age: { $lt: 'z' } })).toBe(false);
    expect(match({ joinedAt: { $gte: '2024-01-01', $lt: '2024-04-01' } })).toBe(true);
    expect(match({ joinedAt: { $gt: 0 } })).toBe(false);
    expect(match({ manager: { $lt: 100 } })).toBe(false);
    expect(match({ 'profile.country': { $lt: 'z' } })).toBe(false);
  });

  it('supports $exists, where an explicit null exists', () => {
    expect(match({ manager: { $exists: true } })).toBe(true);
    expect(match({ 'profile.country': { $exists: false } })).toBe(true);
    expect(match({ name: { $exists: false } })).toBe(false);
  });

  it('requires every field condition; an empty filter matches all', () => {
    expect(match({})).toBe(true);
    expect(match({ age: 41, name: 'Other' })).toBe(false);
  });

  it('ignores conditions and operators set to undefined', () => {
    expect(match({ age: undefined as unknown as number })).toBe(true);
    expect(match({ age: { $gt: 40, $lt: undefined } })).toBe(true);
  });

  it.each<[string, Filter]>([
    ['an unknown operator', { age: { $regex: 'x' } as never }],
    ['an empty condition', { age: {} }],
    ['a list compared by equality', { tags: ['vip'] as never }],
    ['a range bound of another type', { age: { $gt: true as never } }],
    ['a $in that is not a list', { age: { $in: 41 as never } }],
    ['a non-boolean $exists', { age: { $exists: 1 as never } }],
    ['a top-level operator', { $or: 1 }],
  ])('refuses %s when compiled', (_, filter) => {
    expect(() => compileFilter(filter)).toThrow(InvalidReadStoreRequest);
  });
});

describe('compareForSort', () => {
  const docs: Array<ReadDocument & { n?: number | null; s?: string }> = [
    { id: 'd', lastPosition: 1, n: 2, s: 'a' },
    { id: 'b', lastPosition: 1, n: 1, s: 'b' },
    { id: 'a', lastPosition: 1, n: 2, s: 'b' },
    { id: 'c', lastPosition: 1, n: null, s: 'a' },
    { id: 'e', lastPosition: 1, s: 'a' },
  ];
  const ids = (sort: Record<string, 1 | -1>): string[] => [...docs].sort(compareForSort(sort)).map((d) => d.id);

  it('orders by id without sort keys', () => {
    expect(ids({})).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('puts null and missing first ascending, last descending, breaking ties by id ascending', () => {
    expect(ids({ n: 1 })).toEqual(['c', 'e', 'b', 'a', 'd']);
    expect(ids({ n: -1 })).toEqual(['a', 'd', 'b', 'c', 'e']);
  });

  it('sorts on several fields in the given order', () => {
    expect(ids({ s: 1, n: -1 })).toEqual(['d', 'c', 'e', 'a', 'b']);
  });

  it('refuses a direction other than 1 or -1', () => {
    expect(() => compareForSort({ n: 0 as never })).toThrow(InvalidReadStoreRequest);
    expect(() => compileSort({ n: 0 as never })).toThrow(InvalidReadStoreRequest);
  });

  it('sorts many documents in the same order as the comparator, without touching the input', () => {
    for (const sort of [{ n: 1 }, { n: -1 }, { s: 1, n: -1 }] as Array<Record<string, 1 | -1>>) {
      expect(sortDocuments(docs, sort)).toEqual([...docs].sort(compareForSort(sort)));
    }
    expect(sortDocuments(docs).map((d) => d.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(compileSort({})).toBeUndefined();
    expect(docs[0].id).toBe('d');
  });
});
