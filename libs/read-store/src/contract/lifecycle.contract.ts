// Contract: whole-collection operations — scanning in id order, dropping, and the blue-green
// rename a rebuild ends with.
import { InvalidReadStoreRequest } from '../read-store.errors';
import type { ReadDocument } from '../read-store.port';
import { compareStrings } from '../value-order';
import { ids, scanAll, uniqueCollection, type StoreAccessor } from './support';

const doc = (id: string, lastPosition: number, extra: Record<string, unknown> = {}): ReadDocument => ({
  id,
  lastPosition,
  ...extra,
});

export function scanContract(store: StoreAccessor): void {
  it('yields every document once, in id (code point) order, in pages of at most pageSize', async () => {
    const collection = uniqueCollection('scan');
    const names = ['b10', 'b2', 'B', 'a', 'é', 'z', '😀', '\uff61', ...Array.from({ length: 17 }, (_, i) => `n${i}`)];
    await store().commit(
      collection,
      names.map((id, i) => doc(id, i + 1)),
      25,
    );
    const pages = await scanAll(store(), collection, 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat().map((d) => d.id)).toEqual([...names].sort(compareStrings));
  });

  it('yields whole documents, with the default page size too', async () => {
    const collection = uniqueCollection('scan-default');
    const docs = [doc('x', 1, { nested: { a: [1, 2] } }), doc('y', 2)];
    await store().commit(collection, docs, 2);
    expect(await scanAll(store(), collection)).toEqual([docs]);
  });

  it('yields no pages for an empty or unknown collection', async () => {
    const collection = uniqueCollection('scan-empty');
    await store().ensureCollection(collection);
    expect(await scanAll(store(), collection)).toEqual([]);
    expect(await scanAll(store(), uniqueCollection('scan-unknown'), 5)).toEqual([]);
  });

  it('refuses a page size below 1', async () => {
    await expect(scanAll(store(), uniqueCollection('scan-bad'), 0)).rejects.toThrow(InvalidReadStoreRequest);
  });
}

export function dropContract(store: StoreAccessor): void {
  it('drops the documents and the checkpoint, and nothing of other collections', async () => {
    const collection = uniqueCollection('drop');
    const other = uniqueCollection('drop-other');
    await store().commit(collection, [doc('c1', 5), doc('c2', 5)], 5);
    await store().commit(other, [doc('c1', 3)], 3);
    await store().drop(collection);
    expect(await store().get(collection, 'c1')).toBeNull();
    expect(await store().count(collection)).toBe(0);
    expect(await store().checkpoint(collection)).toBe(0);
    expect(await store().get(other, 'c1')).toEqual(doc('c1', 3));
    expect(await store().checkpoint(other)).toBe(3);
  });

  it('starts from scratch after a drop: old positions no longer guard', async () => {
    const collection = uniqueCollection('drop-again');
    await store().commit(collection, [doc('c1', 50, { v: 'old' })], 50);
    await store().drop(collection);
    await store().ensureCollection(collection, ['v']);
    await store().commit(collection, [doc('c1', 1, { v: 'new' })], 1);
    expect(await store().get(collection, 'c1')).toEqual(doc('c1', 1, { v: 'new' }));
    expect(await store().checkpoint(collection)).toBe(1);
    expect(await store().count(collection, { v: 'old' })).toBe(0);
  });

  it('drops an unknown collection without complaint', async () => {
    await expect(store().drop(uniqueCollection('drop-unknown'))).resolves.toBeUndefined();
  });
}

export function renameContract(store: StoreAccessor): void {
  it('swaps a rebuilt copy in: documents and checkpoint replace the live ones, the copy is gone', async () => {
    const live = uniqueCollection('x');
    const rebuild = `${live}__rebuild`;
    await store().ensureCollection(live, ['tier']);
    await store().commit(live, [doc('c1', 90, { tier: 'live' }), doc('only-live', 90, { tier: 'live' })], 90);
    await store().ensureCollection(rebuild, ['tier']);
    await store().commit(rebuild, [doc('c1', 70, { tier: 'rebuilt' }), doc('c2', 60, { tier: 'rebuilt' })], 75);

    await store().rename(rebuild, live);

    expect(await store().checkpoint(live)).toBe(75);
    expect(await store().find(live)).toEqual([doc('c1', 70, { tier: 'rebuilt' }), doc('c2', 60, { tier: 'rebuilt' })]);
    expect(await store().get(live, 'only-live')).toBeNull();
    expect(await store().count(live, { tier: 'live' })).toBe(0);
    expect(await store().count(live, { tier: 'rebuilt' })).toBe(2);
    expect(await store().count(rebuild)).toBe(0);
    expect(await store().checkpoint(rebuild)).toBe(0);
    expect(await scanAll(store(), rebuild)).toEqual([]);
  });

  it('keeps working on the renamed collection: the guard uses the rebuilt positions', async () => {
    const live = uniqueCollection('y');
    const rebuild = `${live}__rebuild`;
    await store().commit(live, [doc('c1', 90)], 90);
    await store().commit(rebuild, [doc('c1', 70, { v: 1 })], 70);
    await store().rename(rebuild, live);
    await store().commit(live, [doc('c1', 70, { v: 'replayed' }), doc('c3', 71)], 71);
    await store().commit(live, [doc('c1', 80, { v: 2 })], 80);
    expect(ids(await store().find(live))).toEqual(['c1', 'c3']);
    expect(await store().get(live, 'c1')).toEqual(doc('c1', 80, { v: 2 }));
    expect(await store().checkpoint(live)).toBe(80);
  });

  it('renames onto a name never used, and from an empty collection leaves the target empty', async () => {
    const from = uniqueCollection('from');
    const to = uniqueCollection('to');
    await store().commit(from, [doc('c1', 1)], 1);
    await store().rename(from, to);
    expect(ids(await store().find(to))).toEqual(['c1']);
    expect(await store().checkpoint(to)).toBe(1);

    await store().rename(uniqueCollection('never-written'), to);
    expect(await store().count(to)).toBe(0);
    expect(await store().checkpoint(to)).toBe(0);
  });

  it('refuses to rename a collection onto itself and changes nothing', async () => {
    const collection = uniqueCollection('self');
    await store().commit(collection, [doc('c1', 1)], 1);
    await expect(store().rename(collection, collection)).rejects.toThrow(InvalidReadStoreRequest);
    expect(await store().count(collection)).toBe(1);
  });
}
