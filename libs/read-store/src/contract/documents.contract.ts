// Contract: writing and reading documents by id, the commit guard and checkpoints.
import { InvalidReadStoreRequest } from '../read-store.errors';
import type { ReadDocument } from '../read-store.port';
import { uniqueCollection, type StoreAccessor } from './support';

interface Customer extends ReadDocument {
  name: string;
  visits?: number;
}

const customer = (id: string, lastPosition: number, name = `name of ${id}`): Customer => ({ id, lastPosition, name });

export function documentsContract(store: StoreAccessor): void {
  it('reads nothing from a collection never written', async () => {
    const collection = uniqueCollection('empty');
    expect(await store().get(collection, 'c1')).toBeNull();
    expect((await store().getMany(collection, ['c1'])).size).toBe(0);
    expect(await store().checkpoint(collection)).toBe(0);
  });

  it('ensureCollection is idempotent and keeps what is stored', async () => {
    const collection = uniqueCollection('ensure');
    await store().ensureCollection(collection, ['name']);
    await store().commit(collection, [customer('c1', 1)], 1);
    await store().ensureCollection(collection, ['name']);
    await store().ensureCollection(collection, ['name', 'visits']);
    expect(await store().get(collection, 'c1')).toEqual(customer('c1', 1));
    expect(await store().checkpoint(collection)).toBe(1);
  });

  it('gets committed documents by id; getMany leaves missing ids out', async () => {
    const collection = uniqueCollection('get');
    await store().ensureCollection(collection);
    await store().commit(collection, [customer('c1', 1), customer('c2', 2)], 2);
    expect(await store().get<Customer>(collection, 'c2')).toEqual(customer('c2', 2));
    expect(await store().get(collection, 'c3')).toBeNull();
    const many = await store().getMany<Customer>(collection, ['c2', 'c3', 'c1', 'c2']);
    expect([...many.keys()].sort()).toEqual(['c1', 'c2']);
    expect(many.get('c1')).toEqual(customer('c1', 1));
    expect((await store().getMany(collection, [])).size).toBe(0);
  });

  it('commit inserts new documents and replaces ones with a higher lastPosition', async () => {
    const collection = uniqueCollection('upsert');
    await store().commit(collection, [customer('c1', 1, 'Ada')], 1);
    await store().commit(collection, [customer('c1', 5, 'Ada Lovelace'), customer('c2', 5)], 5);
    expect(await store().get(collection, 'c1')).toEqual(customer('c1', 5, 'Ada Lovelace'));
    expect(await store().get(collection, 'c2')).toEqual(customer('c2', 5));
  });

  it('replaces a whole document: fields left out are gone', async () => {
    const collection = uniqueCollection('replace');
    const withVisits: Customer = { ...customer('c1', 1), visits: 3 };
    await store().commit(collection, [withVisits], 1);
    await store().commit(collection, [customer('c1', 2)], 2);
    expect(await store().get(collection, 'c1')).toEqual(customer('c1', 2));
  });

  it('does not replace a document with one at an equal or lower lastPosition (replay changes nothing)', async () => {
    const collection = uniqueCollection('guard');
    await store().commit(collection, [customer('c1', 10, 'current')], 10);
    await store().commit(collection, [customer('c1', 10, 'replayed'), customer('c1', 3, 'stale')], 10);
    expect(await store().get(collection, 'c1')).toEqual(customer('c1', 10, 'current'));
    expect(await store().count(collection, { name: 'current' })).toBe(1);
  });

  it('keeps the highest lastPosition when one commit carries the same id twice', async () => {
    const collection = uniqueCollection('same-id');
    await store().commit(
      collection,
      [customer('c1', 4, 'fourth'), customer('c1', 6, 'sixth'), customer('c1', 5, 'fifth')],
      6,
    );
    expect(await store().get(collection, 'c1')).toEqual(customer('c1', 6, 'sixth'));
    expect(await store().count(collection)).toBe(1);
  });

  it('reads back the checkpoint of the last commit', async () => {
    const collection = uniqueCollection('checkpoint');
    await store().commit(collection, [customer('c1', 3)], 3);
    expect(await store().checkpoint(collection)).toBe(3);
    await store().commit(collection, [customer('c2', 9)], 9);
    expect(await store().checkpoint(collection)).toBe(9);
  });

  it('never moves a checkpoint back: a lower one keeps the stored one, documents still apply', async () => {
    const collection = uniqueCollection('checkpoint-max');
    await store().commit(collection, [], 20);
    await store().commit(collection, [customer('c1', 7)], 7);
    expect(await store().checkpoint(collection)).toBe(20);
    expect(await store().get(collection, 'c1')).toEqual(customer('c1', 7));
  });

  it('an empty commit only moves the checkpoint', async () => {
    const collection = uniqueCollection('empty-commit');
    await store().commit(collection, [customer('c1', 1)], 1);
    await store().commit(collection, [], 42);
    expect(await store().checkpoint(collection)).toBe(42);
    expect(await store().count(collection)).toBe(1);
  });

  it('stores copies: changing committed objects afterwards changes nothing', async () => {
    const collection = uniqueCollection('copies');
    const doc = { id: 'c1', lastPosition: 1, profile: { city: 'Lyon' }, tags: ['vip'] };
    await store().commit(collection, [doc], 1);
    doc.profile.city = 'Paris';
    doc.tags.push('mutated');
    doc.lastPosition = 99;
    expect(await store().get(collection, 'c1')).toEqual({
      id: 'c1',
      lastPosition: 1,
      profile: { city: 'Lyon' },
      tags: ['vip'],
    });
    expect(await store().count(collection, { 'profile.city': 'Paris' })).toBe(0);
  });

  it('round-trips documents exactly, key order included', async () => {
    const collection = uniqueCollection('round-trip');
    const doc = {
      id: 'ünï-©ødé-😀',
      lastPosition: 123456789,
      text: 'Zoë “quoted” \\ back\\slash\nnew line\ttab \u0000 nul, 中文, עברית, 🇫🇷 👩‍👩‍👧',
      numbers: {
        zero: 0,
        negative: -17,
        fraction: 0.1 + 0.2,
        big: Number.MAX_SAFE_INTEGER,
        tiny: 5e-324,
        exp: 1.5e300,
      },
      flags: { yes: true, no: false },
      nothing: null,
      empty: { object: {}, array: [], string: '' },
      nested: { a: { b: { c: [1, [2, [3, { d: 'deep' }]]] } } },
      list: [{ sku: 'grinder', qty: 2 }, 'mixed', 3, false, null],
      z: 'keys out of alphabetical order',
      a: 'stay in insertion order',
    };
    await store().commit(collection, [doc], 1);
    const back = await store().get(collection, doc.id);
    expect(back).toStrictEqual(doc);
    expect(JSON.stringify(back)).toBe(JSON.stringify(doc));
    expect(JSON.stringify(await store().find(collection))).toBe(JSON.stringify([doc]));
  });

  it('keeps collections apart: same ids, counts and checkpoints are per collection', async () => {
    const left = uniqueCollection('left');
    const right = uniqueCollection('right');
    await store().commit(left, [customer('c1', 1, 'left one'), customer('c2', 2)], 2);
    await store().commit(right, [customer('c1', 7, 'right one')], 7);
    expect(await store().get(left, 'c1')).toEqual(customer('c1', 1, 'left one'));
    expect(await store().get(right, 'c1')).toEqual(customer('c1', 7, 'right one'));
    expect(await store().count(left)).toBe(2);
    expect(await store().count(right)).toBe(1);
    expect(await store().checkpoint(left)).toBe(2);
    expect(await store().checkpoint(right)).toBe(7);
  });

  it('refuses a commit with an invalid document and writes nothing of it', async () => {
    const collection = uniqueCollection('invalid');
    await store().commit(collection, [customer('c1', 1)], 1);
    const bad = [customer('c2', 2), { id: 42, lastPosition: 2 } as unknown as ReadDocument];
    await expect(store().commit(collection, bad, 2)).rejects.toThrow(InvalidReadStoreRequest);
    await expect(store().commit(collection, [customer('c3', 3)], Number.NaN)).rejects.toThrow(InvalidReadStoreRequest);
    expect(await store().get(collection, 'c2')).toBeNull();
    expect(await store().get(collection, 'c3')).toBeNull();
    expect(await store().checkpoint(collection)).toBe(1);
  });

  it('refuses collection names MongoDB would refuse', async () => {
    await expect(store().commit('bad$name', [], 1)).rejects.toThrow(InvalidReadStoreRequest);
    await expect(store().get('', 'c1')).rejects.toThrow(InvalidReadStoreRequest);
  });
}
