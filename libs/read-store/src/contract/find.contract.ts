// Contract: find and count — every filter operator, sorting with the id tie-break, paging.
// Runs once on a collection with equality indexes and once without: indexes may only speed
// queries up, never change an answer.
import { InvalidReadStoreRequest } from '../read-store.errors';
import type { FindOptions, ReadDocument } from '../read-store.port';
import { ids, uniqueCollection, type StoreAccessor } from './support';

/** Documents with fields of every kind the filters touch. */
type Row = ReadDocument & Record<string, unknown>;

const customers: Row[] = [
  {
    id: 'c01',
    lastPosition: 1,
    segment: 'champion',
    value: 1200.5,
    orders: 12,
    vip: true,
    joinedAt: '2023-01-15T09:00:00.000Z',
    profile: { city: 'Lyon', country: 'FR' },
    tags: ['vip', 'b2b'],
    manager: 'm1',
  },
  {
    id: 'c02',
    lastPosition: 2,
    segment: 'at-risk',
    value: 80,
    orders: 2,
    vip: false,
    joinedAt: '2024-06-01T12:30:00.000Z',
    profile: { city: 'Paris', country: 'FR' },
    tags: ['b2c'],
    manager: null,
  },
  {
    id: 'c03',
    lastPosition: 3,
    segment: 'champion',
    value: 950,
    orders: 9,
    vip: false,
    joinedAt: '2023-11-30T23:59:59.999Z',
    profile: { city: 'Berlin', country: 'DE' },
    tags: [],
  },
  {
    id: 'c04',
    lastPosition: 4,
    segment: 'new',
    value: 0,
    orders: 0,
    vip: false,
    joinedAt: '2025-02-01T00:00:00.000Z',
    profile: { city: 'Lyon', country: 'FR' },
    tags: ['b2c', 'newsletter'],
    manager: 'm2',
  },
  {
    id: 'c05',
    lastPosition: 5,
    segment: 'lapsed',
    value: 'unknown',
    orders: 1,
    vip: false,
    joinedAt: '2022-05-05T05:05:05.000Z',
    profile: { city: 'Köln', country: 'DE' },
    tags: ['b2c'],
    manager: 'm1',
  },
  {
    id: 'c06',
    lastPosition: 6,
    segment: 'lapsed',
    value: null,
    orders: 3,
    vip: true,
    joinedAt: '2024-06-01T12:30:00.000Z',
    manager: null,
  },
];

const filters: Array<[string, FindOptions['filter'], string[]]> = [
  ['equality on a string', { segment: 'champion' }, ['c01', 'c03']],
  ['equality on a boolean', { vip: true }, ['c01', 'c06']],
  ['equality on a number', { orders: 0 }, ['c04']],
  ['equality on a dotted path', { 'profile.city': 'Lyon' }, ['c01', 'c04']],
  ['several fields together', { 'profile.country': 'DE', segment: 'champion' }, ['c03']],
  ['equality to null: null or missing', { manager: null }, ['c02', 'c03', 'c06']],
  ['null on a missing parent', { 'profile.country': null }, ['c06']],
  ['$exists: false', { manager: { $exists: false } }, ['c03']],
  ['$exists: true (null exists)', { manager: { $exists: true } }, ['c01', 'c02', 'c04', 'c05', 'c06']],
  ['$exists on a dotted path', { 'profile.country': { $exists: false } }, ['c06']],
  ['$ne null', { manager: { $ne: null } }, ['c01', 'c04', 'c05']],
  ['$ne a value (missing included)', { manager: { $ne: 'm1' } }, ['c02', 'c03', 'c04', 'c06']],
  ['$in strings', { segment: { $in: ['new', 'lapsed'] } }, ['c04', 'c05', 'c06']],
  ['$in with null', { manager: { $in: ['m2', null] } }, ['c02', 'c03', 'c04', 'c06']],
  ['$in nothing', { segment: { $in: [] } }, []],
  ['$gt on numbers (other types never compare)', { value: { $gt: 80 } }, ['c01', 'c03']],
  ['$gte on numbers', { value: { $gte: 80 } }, ['c01', 'c02', 'c03']],
  ['$lt on numbers', { value: { $lt: 80 } }, ['c04']],
  ['$lte on numbers', { value: { $lte: 80 } }, ['c02', 'c04']],
  ['a number range', { value: { $gte: 0, $lt: 1000 } }, ['c02', 'c03', 'c04']],
  ['$gt on strings', { value: { $gt: 'a' } }, ['c05']],
  ['an ISO date range', { joinedAt: { $gte: '2024-01-01', $lt: '2025-01-01' } }, ['c02', 'c06']],
  ['$lte on an ISO instant', { joinedAt: { $lte: '2023-11-30T23:59:59.999Z' } }, ['c01', 'c03', 'c05']],
  ['$gt on ISO strings', { joinedAt: { $gt: '2024-06-01T12:30:00.000Z' } }, ['c04']],
  ['equality on an array element', { tags: 'b2c' }, ['c02', 'c04', 'c05']],
  ['$in on array elements', { tags: { $in: ['vip', 'newsletter'] } }, ['c01', 'c04']],
  ['$ne on array elements', { tags: { $ne: 'b2c' } }, ['c01', 'c03', 'c06']],
  ['a numeric path segment', { 'tags.0': 'b2c' }, ['c02', 'c04', 'c05']],
  ['a range and an equality', { orders: { $gt: 1 }, segment: 'lapsed' }, ['c06']],
  ['no match', { segment: 'none' }, []],
  ['an empty filter', {}, ['c01', 'c02', 'c03', 'c04', 'c05', 'c06']],
];

const sorts: Array<[string, Record<string, 1 | -1>, string[]]> = [
  ['ascending across types: null, numbers, strings', { value: 1 }, ['c06', 'c04', 'c02', 'c03', 'c01', 'c05']],
  ['descending across types', { value: -1 }, ['c05', 'c01', 'c03', 'c02', 'c04', 'c06']],
  ['descending with ties broken by id ascending', { joinedAt: -1 }, ['c04', 'c02', 'c06', 'c03', 'c01', 'c05']],
  ['on two fields', { segment: 1, orders: -1 }, ['c02', 'c01', 'c03', 'c06', 'c05', 'c04']],
  ['a dotted path, missing first', { 'profile.city': 1 }, ['c06', 'c03', 'c05', 'c01', 'c04', 'c02']],
  ['a boolean then id descending', { vip: -1, id: -1 }, ['c06', 'c01', 'c05', 'c04', 'c03', 'c02']],
];

function pagingDocs(): Array<ReadDocument & { group: number }> {
  // Inserted out of id order, with many ties on `group`, so only the id tie-break fixes the order.
  return Array.from({ length: 30 }, (_, i) => ({
    id: `p${String((i * 7) % 30).padStart(2, '0')}`,
    lastPosition: i + 1,
    group: i % 3,
  }));
}

export function findContract(store: StoreAccessor): void {
  describe.each<[string, string[]]>([
    ['with equality indexes', ['segment', 'vip', 'manager', 'profile.city', 'tags', 'orders']],
    ['without indexes', []],
  ])('%s', (label, indexes) => {
    const collection = uniqueCollection(label.replace(/ /g, '-'));
    beforeAll(async () => {
      await store().ensureCollection(collection, indexes);
      await store().commit(collection, [...customers].reverse(), 6);
    });

    it.each(filters)('finds by %s', async (_, filter, expected) => {
      expect(ids(await store().find(collection, { filter }))).toEqual(expected);
      expect(await store().count(collection, filter)).toBe(expected.length);
    });

    it.each(sorts)('sorts %s', async (_, sort, expected) => {
      expect(ids(await store().find(collection, { sort }))).toEqual(expected);
    });

    it('returns whole documents, in id order without a sort', async () => {
      expect(await store().find(collection)).toEqual(customers);
    });

    it('combines filter, sort, skip and limit', async () => {
      const options: FindOptions = { filter: { 'profile.country': 'FR' }, sort: { value: -1 }, skip: 1, limit: 1 };
      expect(ids(await store().find(collection, options))).toEqual(['c02']);
    });

    it('counts everything without a filter', async () => {
      expect(await store().count(collection)).toBe(6);
      expect(await store().count(collection, {})).toBe(6);
    });

    it('refuses filters outside the subset', async () => {
      await expect(store().find(collection, { filter: { value: { $regex: 'x' } as never } })).rejects.toThrow(
        InvalidReadStoreRequest,
      );
      await expect(store().count(collection, { $where: 'true' } as never)).rejects.toThrow(InvalidReadStoreRequest);
      await expect(store().find(collection, { sort: { value: 2 as never } })).rejects.toThrow(InvalidReadStoreRequest);
      await expect(store().find(collection, { skip: -1 })).rejects.toThrow(InvalidReadStoreRequest);
    });
  });

  describe('paging', () => {
    const collection = uniqueCollection('paging');
    const all = pagingDocs();
    const expected = [0, 1, 2].flatMap((group) =>
      all
        .filter((d) => d.group === group)
        .map((d) => d.id)
        .sort(),
    );
    beforeAll(async () => {
      await store().commit(collection, all, 30);
    });

    it('pages through a sort with ties without gaps or repeats', async () => {
      const seen: string[] = [];
      for (let skip = 0; skip < 35; skip += 7) {
        seen.push(...ids(await store().find(collection, { sort: { group: 1 }, skip, limit: 7 })));
      }
      expect(seen).toEqual(expected);
    });

    it('returns the same page when asked twice', async () => {
      const options: FindOptions = { sort: { group: -1 }, skip: 5, limit: 10 };
      expect(ids(await store().find(collection, options))).toEqual(ids(await store().find(collection, options)));
    });

    it('returns nothing past the end, nothing for limit 0, everything without a limit', async () => {
      expect(await store().find(collection, { skip: 30 })).toEqual([]);
      expect(await store().find(collection, { limit: 0 })).toEqual([]);
      expect(await store().find(collection, { skip: 25 })).toHaveLength(5);
      expect(await store().find(collection, { sort: { group: 1 } })).toHaveLength(30);
    });
  });

  it('finds and counts nothing in a collection never written', async () => {
    const collection = uniqueCollection('nothing');
    expect(await store().find(collection, { filter: { a: 1 }, sort: { a: 1 } })).toEqual([]);
    expect(await store().count(collection)).toBe(0);
  });
}
