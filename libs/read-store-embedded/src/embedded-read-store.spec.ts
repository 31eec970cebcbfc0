import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidReadStoreRequest, ReadStoreClosed, type ReadDocument } from '@ledger/read-store';
import { readStoreContract, scanAll } from '@ledger/read-store/contract';
import { EmbeddedReadStore } from './embedded-read-store';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ledger-read-store-'));
}

readStoreContract('embedded', async () => {
  const dir = await tempDir();
  const store = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

interface Customer extends ReadDocument {
  city: string;
  tags?: string[];
}

describe('EmbeddedReadStore', () => {
  let dir: string;
  let file: string;
  const open: EmbeddedReadStore[] = [];
  const openStore = (): EmbeddedReadStore => {
    const store = EmbeddedReadStore.open({ file });
    open.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = await tempDir();
    file = join(dir, 'reads.sqlite');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps documents and checkpoints across close and reopen', async () => {
    const first = openStore();
    await first.ensureCollection('customers', ['city']);
    await first.commit(
      'customers',
      [
        { id: 'c2', lastPosition: 2, city: 'Lyon' } as Customer,
        { id: 'c1', lastPosition: 1, city: 'Paris' } as Customer,
      ],
      2,
    );
    await first.commit('customers', [{ id: 'c2', lastPosition: 5, city: 'Köln' } as Customer], 5);
    await first.commit('versions', [{ id: 'v', lastPosition: 3 }], 0);
    await first.close();

    const second = openStore();
    expect(await second.checkpoint('customers')).toBe(5);
    expect(await second.checkpoint('versions')).toBe(0);
    expect(await second.find('customers')).toEqual([
      { id: 'c1', lastPosition: 1, city: 'Paris' },
      { id: 'c2', lastPosition: 5, city: 'Köln' },
    ]);
    await second.ensureCollection('customers', ['city']);
    expect(await second.count('customers', { city: 'Köln' })).toBe(1);
    // The guard still holds after a reload.
    await second.commit('customers', [{ id: 'c2', lastPosition: 4, city: 'stale' } as Customer], 5);
    expect(await second.get<Customer>('customers', 'c2')).toMatchObject({ city: 'Köln' });
  });

  it('keeps a rename and a drop across reopen', async () => {
    const first = openStore();
    await first.commit('live', [{ id: 'old', lastPosition: 9 }], 9);
    await first.commit('live__rebuild', [{ id: 'new', lastPosition: 7 }], 7);
    await first.commit('scratch', [{ id: 'x', lastPosition: 1 }], 1);
    await first.rename('live__rebuild', 'live');
    await first.drop('scratch');
    await first.close();

    const second = openStore();
    expect((await scanAll(second, 'live')).flat().map((d) => d.id)).toEqual(['new']);
    expect(await second.checkpoint('live')).toBe(7);
    expect(await second.count('live__rebuild')).toBe(0);
    expect(await second.count('scratch')).toBe(0);
    expect(await second.checkpoint('scratch')).toBe(0);
  });

  it('commits documents serialised elsewhere under the same rules, and keeps them across reopen', async () => {
    const store = openStore();
    const row = (id: string, lastPosition: number, city: string) => ({
      id,
      lastPosition,
      body: JSON.stringify({ id, lastPosition, city }),
    });
    await store.commitSerialised('customers', [row('c1', 5, 'Oslo'), row('c2', 6, 'Rome'), row('c2', 7, 'Bergen')], 7);
    // An older version is not applied; the checkpoint never moves back.
    await store.commitSerialised('customers', [row('c1', 4, 'Paris')], 3);
    await expect(store.commitSerialised('customers', [{ id: 'c3', lastPosition: 8 } as never], 8)).rejects.toThrow(
      InvalidReadStoreRequest,
    );
    const reopened = openStore();
    await store.close();
    expect(await reopened.get<Customer>('customers', 'c1')).toMatchObject({ city: 'Oslo', lastPosition: 5 });
    expect(await reopened.get<Customer>('customers', 'c2')).toMatchObject({ city: 'Bergen', lastPosition: 7 });
    expect(await reopened.get('customers', 'c3')).toBeNull();
    expect(await reopened.checkpoint('customers')).toBe(7);
  });

  it('rolls back a commit that fails midway: neither documents nor checkpoint change', async () => {
    const store = openStore();
    await store.ensureCollection('customers', ['city']);
    await store.commit('customers', [{ id: 'c1', lastPosition: 1, city: 'Lyon' } as Customer], 1);
    const batch = [
      { id: 'c1', lastPosition: 2, city: 'Paris' },
      { id: 'c2', lastPosition: 2, city: 'Paris' },
      { id: 'c3', lastPosition: 2, city: 'Paris', total: BigInt(10) }, // JSON cannot hold a BigInt
      { id: 'c4', lastPosition: 2, city: 'Paris' },
    ] as unknown as ReadDocument[];
    await expect(store.commit('customers', batch, 2)).rejects.toThrow(InvalidReadStoreRequest);

    for (const reader of [store, openStore()]) {
      expect(await reader.checkpoint('customers')).toBe(1);
      expect(await reader.find('customers')).toEqual([{ id: 'c1', lastPosition: 1, city: 'Lyon' }]);
      expect(await reader.count('customers', { city: 'Paris' })).toBe(0);
    }
  });

  it('hands out frozen documents, so callers cannot change the stored state', async () => {
    const store = openStore();
    await store.commit('customers', [{ id: 'c1', lastPosition: 1, city: 'Lyon', tags: ['vip'] } as Customer], 1);
    const doc = (await store.get<Customer>('customers', 'c1')) as Customer;
    expect(() => {
      doc.city = 'Paris';
    }).toThrow(TypeError);
    expect(() => doc.tags?.push('mutated')).toThrow(TypeError);
    expect(await store.get('customers', 'c1')).toEqual({ id: 'c1', lastPosition: 1, city: 'Lyon', tags: ['vip'] });
  });

  it('answers checkpoint without loading, and loads lazily on first read', async () => {
    const first = openStore();
    await first.commit('customers', [{ id: 'c1', lastPosition: 3, city: 'Lyon' } as Customer], 3);
    await first.close();
    const second = openStore();
    expect(await second.checkpoint('customers')).toBe(3);
    expect(await second.get('customers', 'c1')).toMatchObject({ city: 'Lyon' });
  });

  it('ends a scan whose collection is dropped or renamed between pages', async () => {
    const store = openStore();
    await store.commit(
      'pages',
      Array.from({ length: 5 }, (_, i) => ({ id: `d${i}`, lastPosition: 1 })),
      1,
    );
    const seen: number[] = [];
    for await (const page of store.scan('pages', 2)) {
      seen.push(page.length);
      await store.drop('pages');
    }
    expect(seen).toEqual([2]);
  });

  it('refuses every call after close', async () => {
    const store = openStore();
    await store.close();
    await expect(store.get('customers', 'c1')).rejects.toThrow(ReadStoreClosed);
    await expect(store.commit('customers', [], 1)).rejects.toThrow(ReadStoreClosed);
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('refuses index paths that are not field paths', async () => {
    const store = openStore();
    await expect(store.ensureCollection('customers', ['a..b'])).rejects.toThrow(InvalidReadStoreRequest);
  });

  it('finds and counts over 100k documents, with and without an index', async () => {
    const store = openStore();
    const tiers = ['bronze', 'silver', 'gold', 'platinum'];
    await store.ensureCollection('big', ['tier']);
    for (let start = 0; start < 100_000; start += 10_000) {
      const batch = Array.from({ length: 10_000 }, (_, k) => {
        const i = start + k;
        return {
          id: `c${String(i).padStart(6, '0')}`,
          lastPosition: i + 1,
          tier: tiers[i % 4],
          value: i % 1000,
          city: i % 7 === 0 ? 'Lyon' : 'Paris',
        };
      });
      await store.commit('big', batch, start + 10_000);
    }
    expect(await store.count('big')).toBe(100_000);
    expect(await store.count('big', { tier: 'gold' })).toBe(25_000);
    expect(await store.count('big', { tier: { $in: ['gold', 'silver'] }, value: { $gte: 500 } })).toBe(25_000);
    expect(await store.count('big', { city: 'Lyon' })).toBe(14_286);
    const top = await store.find<ReadDocument & { value: number }>('big', {
      filter: { tier: 'platinum' },
      sort: { value: -1 },
      limit: 3,
    });
    expect(top.map((d) => [d.id, d.value])).toEqual([
      ['c000999', 999],
      ['c001999', 999],
      ['c002999', 999],
    ]);
    const page = await store.find('big', { filter: { city: 'Paris' }, skip: 50_000, limit: 2 });
    expect(page).toHaveLength(2);
    expect((await scanAll(store, 'big', 25_000)).map((p) => p.length)).toEqual([25_000, 25_000, 25_000, 25_000]);

    await store.close();
    const reopened = openStore();
    expect(await reopened.count('big', { value: { $lt: 10 } })).toBe(1_000);
  });
});
