import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyDestroyed } from './key-store';
import { PersonalDataVault, type VaultOptions } from './personal-data-vault';
import { pooledKeyIdsOf, type EventLike } from './personal-fields.codec';
import { SqliteKeyStore } from './sqlite-key-store';

const registered = (customerId: string) => ({
  type: 'CustomerRegistered',
  data: { customerId, kind: 'person', name: `Name of ${customerId}`, email: `${customerId}@example.com` },
});
const contact = (customerId: string) => ({
  type: 'ContactRecorded',
  data: { customerId, channel: 'phone', reason: `question from ${customerId}` },
});

describe('PersonalDataVault with a key pool over SqliteKeyStore', () => {
  let dir: string;
  let file: string;
  const vaults: PersonalDataVault[] = [];
  const open = (options: VaultOptions = { keyPool: 100 }) => {
    const store = SqliteKeyStore.open(file);
    const vault = new PersonalDataVault(store, options);
    vaults.push(vault);
    return { store, vault };
  };
  /** Closes it now (as a restart would), not again in afterEach. */
  const close = async (vault: PersonalDataVault) => {
    vaults.splice(vaults.indexOf(vault), 1);
    await vault.close();
  };
  const rows = () => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare<[], { subject_id: string; key: Buffer | null }>('SELECT subject_id, key FROM data_keys').all();
    } finally {
      db.close();
    }
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-key-pool-'));
    file = join(dir, 'keys.sqlite');
  });
  afterEach(async () => {
    for (const vault of vaults.splice(0)) await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals new customers with keys made a pool at a time, the sealed fields naming the key', async () => {
    // A clock that moves 2 s per reading: customers arrive at an ordinary pace, the pool keeps its size.
    let clock = 0;
    const { store, vault } = open({ keyPool: 100, now: () => (clock += 2000) });
    const customers = Array.from({ length: 250 }, (_, i) => `c${i}`);
    const sealed = await Promise.all(customers.map((id) => vault.seal(registered(id))));

    // 250 new customers, pools of 100: three durable writes of keys, not one per new customer.
    expect(store.stats().transactions).toBe(3);
    expect(store.stats().keys).toBe(300);
    for (const event of sealed) {
      expect(event.data.name).toMatch(/^enc:v2:pool\/[\w-]+:/);
      expect(pooledKeyIdsOf(event)).toHaveLength(1);
    }
    expect(new Set(sealed.map((event) => pooledKeyIdsOf(event)[0])).size).toBe(250);
    // The same customer again: the same key.
    const again = await vault.seal(contact('c7'));
    expect(pooledKeyIdsOf(again)).toEqual(pooledKeyIdsOf(sealed[7]));
    // No customer has a key of their own: the events are what bind them to their keys.
    expect(store.existingKey('c7')).toBeNull();
  });

  it('reserves more keys at a time while customers arrive in bulk, and unused ones go at close', async () => {
    const { store, vault } = open({ keyPool: 100, now: () => 0 });
    const reserve = jest.spyOn(store, 'reserve');
    const customers = Array.from({ length: 3000 }, (_, i) => `c${i}`);
    const sealed = await Promise.all(customers.map((id) => vault.seal(registered(id))));

    // Refilled within a second each time (topped up at a quarter left): doubling up to 8 × the base.
    const sizes = reserve.mock.calls.map(([count]) => count);
    expect(sizes).toEqual([100, 200, 400, 800, 800, 800, 800]);
    expect(store.stats().transactions).toBe(7);
    expect(new Set(sealed.map((event) => pooledKeyIdsOf(event)[0])).size).toBe(3000);
    await close(vault);
    // Only the keys the events name are left.
    expect(rows()).toHaveLength(3000);
  });

  it('looks up a turn of new customers in one key-store call', async () => {
    const { store, vault } = open();
    const lookup = jest.spyOn(store, 'lookup');
    await Promise.all(Array.from({ length: 40 }, (_, i) => vault.seal(registered(`n${i}`))));
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(lookup.mock.calls[0][0]).toHaveLength(40);
  });

  it('reserves distinct random keys of 32 bytes under distinct ids, durably', async () => {
    const { store } = open();
    const keys = await store.reserve(64);
    expect(new Set(keys.map((k) => k.id)).size).toBe(64);
    expect(new Set(keys.map((k) => k.key.toString('hex'))).size).toBe(64);
    for (const { key } of keys) {
      expect(key).toHaveLength(32);
      expect(key.equals(Buffer.alloc(32))).toBe(false);
    }
    expect(
      rows()
        .map((row) => row.key?.toString('hex'))
        .sort(),
    ).toEqual(keys.map((k) => k.key.toString('hex')).sort());
  });

  it('opens pooled fields after a restart, looking the keys up by the names in the events', async () => {
    const first = open();
    const sealed = [await first.vault.seal(registered('ada')), await first.vault.seal(contact('ada'))];
    await close(first.vault);

    const { vault } = open();
    const opened = await vault.openAll(sealed);
    expect(opened).toEqual([registered('ada'), contact('ada')]);
    expect(vault.lookups).toBe(1);
  });

  it('erasure destroys every pooled key the customer’s stored events name, on disk, and refuses new ones', async () => {
    const first = open();
    const ada: EventLike[] = [await first.vault.seal(registered('ada'))];
    const bob = await first.vault.seal(registered('bob'));
    await close(first.vault);
    // A second process life: a new pooled key for Ada (the first one's binding was in memory).
    const second = open();
    ada.push(await second.vault.seal(contact('ada')));
    const adaKeys = ada.flatMap(pooledKeyIdsOf);
    expect(new Set(adaKeys).size).toBe(2);
    const adaKeyBytes = rows()
      .filter((row) => adaKeys.includes(row.subject_id))
      .map((row) => row.key as Buffer);
    expect(adaKeyBytes).toHaveLength(2);

    await second.vault.erase('ada', ada);
    await expect(second.vault.seal(contact('ada'))).rejects.toBeInstanceOf(KeyDestroyed);
    await close(second.vault);

    const { vault, store } = open();
    const [registration, question, other] = await vault.openAll([...ada, bob]);
    expect(registration.data).toMatchObject({ name: null, email: null });
    expect(question.data).toMatchObject({ reason: null });
    expect(other).toEqual(registered('bob'));
    for (const id of adaKeys) expect(store.isDestroyed(id)).toBe(true);
    expect(rows().filter((row) => adaKeys.includes(row.subject_id) && row.key !== null)).toEqual([]);
    await close(vault);
    // secure_delete and the WAL checkpoint: the destroyed keys' bytes are nowhere in the files.
    const files = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f));
    for (const key of adaKeyBytes) expect(files.some((bytes) => bytes.includes(key))).toBe(false);
  });

  it('keeps a customer’s own key (made before pooling) and makes no key for events without personal fields', async () => {
    const { store, vault } = open();
    const own = await store.keyFor('old');
    const before = store.stats().transactions;
    const sealed = await vault.seal(contact('old'));
    expect(sealed.data.reason).toMatch(/^enc:v1:/);
    const purchase = { type: 'PurchaseRecorded', data: { customerId: 'new', orderId: 'o1' } };
    expect(await vault.seal(purchase)).toBe(purchase);
    expect(store.stats().transactions).toBe(before);
    expect(own).toHaveLength(32);
  });

  it('reuses the pooled key it sealed a customer with once the cached key has expired', async () => {
    let now = 0;
    const { vault } = open({ keyPool: 10, cacheMs: 1_000, now: () => now });
    const first = await vault.seal(registered('ada'));
    now += 5_000;
    const later = await vault.seal(contact('ada'));
    expect(pooledKeyIdsOf(later)).toEqual(pooledKeyIdsOf(first));
  });

  it('deletes the keys it never handed out when it closes', async () => {
    const { vault } = open({ keyPool: 50 });
    const sealed = await Promise.all(['a', 'b', 'c'].map((id) => vault.seal(registered(id))));
    await close(vault);
    expect(
      rows()
        .map((row) => row.subject_id)
        .sort(),
    ).toEqual(sealed.flatMap(pooledKeyIdsOf).sort());
  });
});
